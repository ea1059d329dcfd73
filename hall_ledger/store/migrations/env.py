"""Alembic environment for the ledger: uses the engine handed over in config.attributes."""

from __future__ import annotations

from alembic import context

from hall_ledger.store.migrate import VERSION_TABLE
from hall_ledger.store.models import Base

config = context.config


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            version_table=VERSION_TABLE,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("the ledger migrations run online only (counter-ledger init-db)")
run_migrations_online()
