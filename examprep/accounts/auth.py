"""Role checks for views: every view says who may see it."""
from __future__ import annotations

import functools

from flask import abort
from flask_login import current_user, login_required

from examprep.accounts.models import Role


def roles_required(*roles: Role):
    """Login required, and the user must have one of ``roles`` (403 otherwise)."""

    def decorator(view):
        @functools.wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


STAFF = (Role.INSTRUCTOR, Role.ADMIN)
