from __future__ import annotations

import datetime as dt
import enum

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from examprep.db import Base


class Role(str, enum.Enum):
    CANDIDATE = "candidate"
    INSTRUCTOR = "instructor"
    OEC = "oec"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self.value])


ROLE_LABELS = {
    "candidate": _l("Candidate"), "instructor": _l("Instructor"),
    "oec": _l("OEC officer"), "admin": _l("Administrator"),
}


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    is_active_account: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled accounts cannot log in
        return self.is_active_account

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    def has_role(self, *roles: Role | str) -> bool:
        return self.role in {r.value if isinstance(r, Role) else r for r in roles}

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
