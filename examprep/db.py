"""SQLAlchemy 2.0 setup: one engine per app, a scoped session, and the declarative Base.

Services use ``db.session`` and only flush; the request (see ``init_app``) or
the CLI command commits or rolls back.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, scoped_session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


def utcnow() -> dt.datetime:
    """Timezone-aware now in UTC (stored naive-UTC on SQLite, aware on PostgreSQL)."""
    return dt.datetime.now(dt.timezone.utc)


def make_engine(url: str, echo: bool = False) -> Engine:
    kwargs: dict[str, Any] = {"echo": echo, "future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False}
        if url in ("sqlite://", "sqlite:///:memory:"):
            from sqlalchemy.pool import StaticPool

            kwargs["poolclass"] = StaticPool
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class Database:
    """Holds the engine and the thread-scoped session for the running app."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.factory = sessionmaker(expire_on_commit=False)
        self.session = scoped_session(self.factory)

    def configure(self, url: str, echo: bool = False) -> Engine:
        if self.engine is not None and str(self.engine.url) == url:
            return self.engine
        if self.engine is not None:
            self.session.remove()
            self.engine.dispose()
        self.engine = make_engine(url, echo=echo)
        self.factory.configure(bind=self.engine)
        return self.engine

    def init_app(self, app) -> None:
        self.configure(app.config["DATABASE_URL"], echo=app.config.get("SQL_ECHO", False))
        app.extensions["examprep.db"] = self

        @app.after_request
        def _commit(response):
            if response.status_code < 400:
                self.session.commit()
            else:
                self.session.rollback()
            return response

        @app.teardown_appcontext
        def _remove(_exc):
            self.session.remove()


db = Database()
