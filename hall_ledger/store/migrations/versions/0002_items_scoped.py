"""Items are unique per (hall, terminal, kind, item_key), no longer per (kind, item_key).

Two halls whose counters share terminal ids (both have a T01) built the same shift-report
and audit-head keys and had the second hall's items refused as `key_conflict`. The table is
rebuilt with the scoped primary key (SQLite cannot change a primary key in place; the same
copy runs on PostgreSQL): every existing row keeps its key, hall and terminal, so an item a
counter still holds in its outbox under its old key is answered `duplicate` when it comes
again, exactly once. An index on the item's natural reference (audit head seq, shift id)
within its terminal lets the ledger find the same item sent under another key.

Revision ID: 0002_items_scoped
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_items_scoped"
down_revision = "0001"
branch_labels = None
depends_on = None

COLUMNS = ("hall_id", "terminal_id", "kind", "item_key", "content_hash", "ref", "payload_json",
           "result_json", "recorded_at")


def _items_table(name: str, pk: tuple[str, ...], pk_name: str) -> None:
    op.create_table(
        name,
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("terminal_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("item_key", sa.String(64), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("ref", sa.String(64), nullable=True),
        sa.Column("payload_json", sa.Text, nullable=False),
        sa.Column("result_json", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint(*pk, name=pk_name),
    )


def _copy_into(name: str) -> None:
    cols = ", ".join(COLUMNS)
    op.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM items")  # noqa: S608
    op.drop_table("items")
    op.rename_table(name, "items")


def upgrade() -> None:
    _items_table("items_scoped", ("hall_id", "terminal_id", "kind", "item_key"),
                 "pk_items_scoped")
    _copy_into("items_scoped")
    op.create_index("ix_items_scope_ref", "items", ["hall_id", "terminal_id", "kind", "ref"])


def downgrade() -> None:
    """Back to (kind, item_key); fails (unique violation) once two halls share a key."""
    op.drop_index("ix_items_scope_ref", table_name="items")
    _items_table("items_global", ("kind", "item_key"), "pk_items_global")
    _copy_into("items_global")
