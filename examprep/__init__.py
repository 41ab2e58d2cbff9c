"""examprep: adaptive mock JLPT / JFT-Basic and SSW skills tests.

``create_app`` is a light factory: it reads the configuration, binds the
extensions and registers the blueprints. It does no database work.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from examprep.config import PROJECT_ROOT, load_config

__version__ = "0.1.0"
RTL_LANGUAGES = {"ur"}


def create_app(config: dict | type | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.from_mapping(load_config(config))
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(PROJECT_ROOT / "examprep" / "translations"))
    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        Path(app.config["DATABASE_URL"].removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)

    from examprep import japanese
    from examprep.db import db
    from examprep.extensions import babel, csrf, limiter, login_manager, select_locale

    japanese.check_engine()  # fail now, with a clear message, if the dictionary is not unidic-lite

    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)

    from examprep import web
    from examprep.accounts.routes import bp as accounts_bp
    from examprep.banks.routes import bp as banks_bp

    app.register_blueprint(web.bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(banks_bp)
    web.install(app)
    return app
