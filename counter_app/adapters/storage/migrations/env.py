"""Alembic environment: runs on the connection `migrate.upgrade` passes in (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from counter_app.adapters.storage.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - offline/CLI use is not supported
    raise RuntimeError(
        "counter store migrations run through counter_app.adapters.storage.migrate.upgrade()"
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copy-and-move
)
with context.begin_transaction():
    context.run_migrations()
