"""SQLAlchemy 2.0 setup: one engine per app, a scoped session, and the declarative Base.

Services use ``db.session`` and only flush; the request (see ``init_app``) or
the CLI command commits or rolls back.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session

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
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_begin(conn) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINTs; we emit BEGIN ourselves
    # (the recipe in SQLAlchemy's SQLite dialect documentation).
    conn.exec_driver_sql("BEGIN")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # let SQLAlchemy control BEGIN (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class Database:
    """The thread-scoped session; each app has its own engine (``app.extensions``).

    A session binds to the current app's engine when it is created, so several
    apps (tests, a CLI command) never share or swap each other's database.
    Tests may set ``app.extensions["examprep.db"]["bind"]`` to a connection
    inside an outer transaction to roll every test back.
    """

    _engines: dict[tuple[str, bool], Engine] = {}

    def __init__(self) -> None:
        self.session = scoped_session(self._new_session)

    @classmethod
    def engine_for(cls, url: str, echo: bool = False) -> Engine:
        key = (url, echo)
        if key not in cls._engines:
            cls._engines[key] = make_engine(url, echo=echo)
        return cls._engines[key]

    @staticmethod
    def _state() -> dict[str, Any]:
        from flask import current_app

        return current_app.extensions["examprep.db"]

    @property
    def engine(self) -> Engine:
        return self._state()["engine"]

    def _new_session(self) -> Session:
        state = self._state()
        if "bind" in state:  # tests: join the outer transaction, commit only savepoints
            return Session(bind=state["bind"], expire_on_commit=False, join_transaction_mode="create_savepoint")
        return Session(bind=state["engine"], expire_on_commit=False)

    def init_app(self, app) -> None:
        app.extensions["examprep.db"] = {
            "engine": self.engine_for(app.config["DATABASE_URL"], app.config.get("SQL_ECHO", False)),
        }

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
