"""Accounts: create users, authenticate, demo accounts."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from examprep.accounts.models import Role, User
from examprep.db import db, utcnow

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10


class AccountError(ValueError):
    """A user-facing reason why an account operation was refused."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(email: str, full_name: str, role: str | Role, password: str, locale: str = "en") -> User:
    email = normalise_email(email)
    role = Role(role).value if not isinstance(role, Role) else role.value
    if not EMAIL_RE.match(email):
        raise AccountError(f"{email!r} is not an e-mail address")
    if not full_name.strip():
        raise AccountError("a full name is required")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    if find_user(email) is not None:
        raise AccountError(f"a user with the e-mail {email} already exists")
    user = User(email=email, full_name=full_name.strip(), role=role, locale=locale)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


# A fixed cost check for unknown e-mails, so timing does not reveal which accounts exist.
_DUMMY = User(email="", full_name="", role="candidate", password_hash="")
_DUMMY.set_password(secrets.token_urlsafe(16))


def authenticate(email: str, password: str) -> User | None:
    user = find_user(email)
    if user is None:
        _DUMMY.check_password(password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    user.last_login_at = utcnow()
    return user


@dataclass
class DemoAccount:
    email: str
    role: str
    password: str | None  # None when the account existed already (password not shown again)


DEMO_USERS = [
    ("admin@demo.examprep", "Ayesha Admin", Role.ADMIN),
    ("instructor@demo.examprep", "Imran Instructor", Role.INSTRUCTOR),
    ("oec@demo.examprep", "Omar OEC Officer", Role.OEC),
    ("candidate@demo.examprep", "Bilal Candidate", Role.CANDIDATE),
]


def seed_demo() -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet, with fresh random passwords."""
    out = []
    for email, name, role in DEMO_USERS:
        if find_user(email) is not None:
            out.append(DemoAccount(email, role.value, None))
            continue
        password = secrets.token_urlsafe(9)
        create_user(email, name, role, password, locale="ur" if role is Role.CANDIDATE else "en")
        out.append(DemoAccount(email, role.value, password))
    return out
