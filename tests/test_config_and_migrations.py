from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from examprep import create_app, migrate
from examprep.config import ConfigError, load_config
from examprep.models import Base


def test_env_vars_override_defaults():
    cfg = load_config(environ={"EXAMPREP_DATABASE_URL": "sqlite:///x.db", "EXAMPREP_SQL_ECHO": "true"})
    assert cfg["DATABASE_URL"] == "sqlite:///x.db" and cfg["SQL_ECHO"] is True


def test_production_refuses_the_development_secret_key():
    with pytest.raises(ConfigError, match="development secret key"):
        load_config(environ={"EXAMPREP_ENV": "production"})
    cfg = load_config(environ={"EXAMPREP_ENV": "production", "EXAMPREP_SECRET_KEY": "x" * 40})
    assert cfg["SESSION_COOKIE_SECURE"] is True


def test_create_app_does_no_database_work(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'never.sqlite'}"})
    assert app.name == "examprep"
    assert not (tmp_path / "never.sqlite").exists()


def test_one_migration_head():
    heads = ScriptDirectory.from_config(migrate.alembic_config()).get_heads()
    assert len(heads) == 1


def test_models_and_migrations_do_not_drift(app, database_url):
    engine = create_engine(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == []


def test_sqlite_runs_with_wal_and_foreign_keys(app, database_url, db):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite pragmas only apply to SQLite")
    assert db.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert db.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_upgrade_from_empty_and_back(database_url, tmp_path):
    """On a brand-new database: upgrade head, downgrade base, upgrade again."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        fresh, cleanup = f"sqlite:///{tmp_path / 'fresh.sqlite'}", None
    else:
        name = f"examprep_mig_{uuid.uuid4().hex[:10]}"
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        fresh = url.set(database=name).render_as_string(hide_password=False)

        def cleanup():
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    try:
        migrate.upgrade(fresh)
        engine = create_engine(fresh)
        assert {"users", "banks", "items", "item_versions", "responses"} <= set(inspect(engine).get_table_names())
        engine.dispose()
        migrate.downgrade(fresh)
        engine = create_engine(fresh)
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        engine.dispose()
        migrate.upgrade(fresh)
    finally:
        if cleanup:
            cleanup()
