"""Collections groundwork: the ledger's record of collections actions, and a customer's
dunning class (residential, non-residential, important user) where it is not the default.

Revision ID: 0003_collections_base
Revises: 0002_items_scoped
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_collections_base"
down_revision = "0002_items_scoped"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "collection_actions",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("terminal_id", sa.String(32), nullable=True),
        sa.Column("actor", sa.String(32), nullable=False),
        sa.Column("action", sa.String(48), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_collection_actions_hall_subject", "collection_actions",
                    ["hall_id", "subject"])
    op.create_index("ix_collection_actions_hall_at", "collection_actions",
                    ["hall_id", "recorded_at"])
    with op.batch_alter_table("customers") as batch:
        batch.add_column(sa.Column("customer_class", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("customer_class")
    op.drop_index("ix_collection_actions_hall_at", table_name="collection_actions")
    op.drop_index("ix_collection_actions_hall_subject", table_name="collection_actions")
    op.drop_table("collection_actions")
