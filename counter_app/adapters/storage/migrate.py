"""Alembic, configured in code: the scripts live in this package, no alembic.ini is needed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revisions() -> set[str]:
    """Every head: features may add migrations on parallel branches until a merge revision."""
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def head_revision() -> str:
    heads = sorted(head_revisions())
    return heads[0] if len(heads) == 1 else ",".join(heads)


def current_revisions(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


def current_revision(connection: Connection) -> str | None:
    heads = sorted(current_revisions(connection))
    return ",".join(heads) if heads else None


def upgrade(connection: Connection) -> bool:
    """Bring the schema to every head inside the caller's (write) transaction; True if anything ran."""
    if current_revisions(connection) == head_revisions():
        return False
    command.upgrade(alembic_config(connection), "heads")
    return True
