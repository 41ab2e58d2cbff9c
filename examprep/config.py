"""Configuration: defaults, overridden by environment variables prefixed EXAMPREP_.

Every setting can be given as ``EXAMPREP_<NAME>`` (e.g. ``EXAMPREP_DATABASE_URL``,
``EXAMPREP_SECRET_KEY``). Values are parsed as JSON when they look like JSON
(numbers, true/false), otherwise kept as strings.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-insecure-secret-key-change-me"


class ConfigError(RuntimeError):
    """The configuration cannot be used (e.g. production with the dev secret key)."""


class Config:
    ENV_NAME = "development"
    SECRET_KEY = DEV_SECRET_KEY
    DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'instance' / 'examprep.sqlite'}"
    BANKS_DIR = str(PROJECT_ROOT / "question_banks")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # the session lifetime bounds the token
    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = ["en", "ur", "ja"]
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    SQL_ECHO = False
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_LIMITS = "10 per minute;50 per hour"  # per address and account tried


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key"
    DATABASE_URL = "sqlite://"
    WTF_CSRF_ENABLED = True


CONFIGS = {"development": Config, "production": ProductionConfig, "test": TestConfig}
ENV_PREFIX = "EXAMPREP_"


def _parse(value: str):
    try:
        return json.loads(value)
    except ValueError:
        return value


def load_config(config: dict | type | None = None, environ: dict | None = None) -> dict:
    """Build the settings dict: class defaults, then EXAMPREP_* variables, then ``config``."""
    environ = os.environ if environ is None else environ
    base = CONFIGS.get(environ.get("EXAMPREP_ENV", "development"))
    if base is None:
        raise ConfigError(
            f"EXAMPREP_ENV={environ['EXAMPREP_ENV']!r} is not one of {', '.join(CONFIGS)}"
        )
    if isinstance(config, type):
        base, config = config, None
    settings = {k: getattr(base, k) for k in dir(base) if k.isupper()}
    for key, value in environ.items():
        if key.startswith(ENV_PREFIX) and key != "EXAMPREP_ENV":
            settings[key[len(ENV_PREFIX):]] = _parse(value)
    settings.update(config or {})
    if settings["ENV_NAME"] == "production" and settings["SECRET_KEY"] in (DEV_SECRET_KEY, "", None):
        raise ConfigError(
            "Refusing to start in production with the development secret key: "
            "set EXAMPREP_SECRET_KEY to a long random value "
            '(python -c "import secrets; print(secrets.token_urlsafe(48))").'
        )
    return settings
