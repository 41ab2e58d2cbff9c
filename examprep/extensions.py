"""Flask extensions, created unbound and initialised in create_app."""
from flask import request, session
from flask_babel import Babel
from flask_login import LoginManager, current_user
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
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
