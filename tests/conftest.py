"""Fixtures: app (one per test session, schema built by Alembic from empty),
db (a transaction per test, rolled back), client, runner, and factories.

The database is SQLite in a temporary folder, or EXAMPREP_TEST_DATABASE_URL
(the PostgreSQL run of .ci/run). The same suite runs on both.
"""
from __future__ import annotations

import os
import re

import pytest
from sqlalchemy import text

from examprep import create_app, migrate
from examprep.config import TestConfig
from examprep.db import db as database
from examprep.banks.pools import clear_pool_cache
from examprep.models import Base

ON_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return os.environ.get("EXAMPREP_TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app({**{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
                      "DATABASE_URL": database_url})
    engine = app.extensions["examprep.db"]["engine"]
    with engine.begin() as conn:  # a clean schema, built by the migrations from empty
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    migrate.upgrade(database_url)
    yield app
    database.session.remove()
    engine.dispose()


@pytest.fixture()
def db(app):
    """The session, inside a transaction that is rolled back after the test."""
    state = app.extensions["examprep.db"]
    connection = state["engine"].connect()
    outer = connection.begin()
    database.session.remove()
    state["bind"] = connection
    clear_pool_cache()  # ids and hashes repeat across rolled-back tests
    ctx = app.app_context()
    ctx.push()
    try:
        yield database.session
    finally:
        ctx.pop()
        database.session.remove()
        outer.rollback()
        connection.close()
        state.pop("bind")


@pytest.fixture()
def client(app, db):
    from examprep.extensions import limiter

    limiter.reset()  # rate-limit counters must not leak between tests
    return app.test_client()


@pytest.fixture()
def runner(app, db):
    """Invokes the `examprep` command inside the test's app context and transaction."""
    from click.testing import CliRunner

    from examprep.cli import main

    class Runner:
        def invoke(self, *args, **kwargs):
            return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)

    return Runner()


# --- helpers ---------------------------------------------------------------
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    m = _CSRF.search(html)
    assert m, f"no CSRF token on {path}"
    return m.group(1) or m.group(2)


def login(client, user, password: str = "correct horse battery"):
    token = csrf_token(client)
    return client.post("/login", data={"email": user.email, "password": password, "csrf_token": token})


@pytest.fixture()
def make_user(db):
    from tests.factories import make_user as factory

    return factory


@pytest.fixture()
def as_role(client, make_user):
    """Log the client in as a new user of the given role; returns the user."""

    def _as(role: str):
        user = make_user(role=role)
        response = login(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return _as
