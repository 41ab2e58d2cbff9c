"""Flask extensions, created unbound and initialised in create_app."""
from flask import request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
# Storage from RATELIMIT_STORAGE_URI (memory:// by default; use redis:// with several workers).
limiter = Limiter(key_func=get_remote_address)


def address_and_account() -> str:
    """Rate-limit key for sign-in: a bootcamp lab shares one address, so an
    address alone would lock out a whole class; the address with the account
    tried limits guessing at one account without blocking the others."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"{get_remote_address()}|{email}"
login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message_category = "info"
babel = Babel()


def select_locale():
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in languages:
        return chosen
    if current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return request.accept_languages.best_match(languages) or "en"
