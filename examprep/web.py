"""Site-wide pages (home, about), template helpers and error pages."""
from __future__ import annotations

import re

from flask import Blueprint, Flask, render_template, request
from markupsafe import Markup, escape
from flask_babel import get_locale
from flask_login import current_user

from examprep import RTL_LANGUAGES, __version__
from examprep.accounts.forms import LanguageForm
from examprep.accounts.models import Role
from examprep.banks import service as banks_service

bp = Blueprint("web", __name__)


@bp.route("/")
def home():
    if not current_user.is_authenticated:
        return render_template("home_public.html", banks=banks_service.list_banks())
    banks = banks_service.list_banks()
    return render_template("home.html", banks=banks, counts=banks_service.item_counts(banks), Role=Role)


@bp.route("/about")
def about():
    return render_template("about.html", credits=banks_service.all_credits())


@bp.route("/healthz")
def healthz():
    from sqlalchemy import text

    from examprep.db import db

    db.session.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__}


_TARGET = re.compile(r"\{([^{}*]+)\}")


def stem_html(text: str | None, content: dict | None = None) -> Markup:
    """Escape a stem; {word} becomes the underlined target, {*} the ★ blanks of an order item."""
    html = str(escape(text or ""))
    content = content or {}
    if "{*}" in html:
        n = len(content.get("fragments") or []) or 4
        star = content.get("star", -1)
        blanks = " ".join('<span class="blank star">★</span>' if i == star else '<span class="blank"></span>'
                          for i in range(n))
        html = html.replace("{*}", blanks)
    return Markup(_TARGET.sub(r'<u class="target">\1</u>', html))


def install(app: Flask) -> None:
    app.add_template_filter(stem_html, "stem")

    @app.context_processor
    def globals_():
        locale = str(get_locale() or "en")
        return {
            "locale": locale,
            "text_dir": "rtl" if locale in RTL_LANGUAGES else "ltr",
            "language_form": LanguageForm(lang=locale),
            "app_version": __version__,
        }

    for code in (403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _error_page)

    from flask_wtf.csrf import CSRFError

    app.register_error_handler(CSRFError, _csrf_error)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
        )
        return response


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    return render_template("error.html", code=code, error=error, path=request.path), code


def _csrf_error(error):
    return render_template("error.html", code=400, error=error, csrf=True, path=request.path), 400
