"""Run Alembic from code (the `examprep db` commands and the tests)."""
from __future__ import annotations

from alembic import command
from alembic.config import Config as AlembicConfig

from examprep.config import PROJECT_ROOT


def alembic_config(url: str | None = None, connection=None) -> AlembicConfig:
    cfg = AlembicConfig(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    if url:
        cfg.attributes["url"] = url
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(url: str | None = None, revision: str = "head", connection=None) -> None:
    command.upgrade(alembic_config(url, connection), revision)


def downgrade(url: str | None = None, revision: str = "base", connection=None) -> None:
    command.downgrade(alembic_config(url, connection), revision)
