"""Sync: the ledger's answers per outbox item, reference rows kept aside for accounts with a
payment queued, and an index for per-account outbox order.

Revision ID: 0003_sync
Revises: 0002_print_jobs
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The model lives beside its repository; importing it registers the table and the outbox
# index on the models' metadata, so model and migration are compared alike.
from counter_app.adapters.storage import sync_repo  # noqa: F401

revision = "0003_sync"
down_revision = "0002_print_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_answers",
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("item_key", sa.Text(), nullable=False),
        sa.Column("account_no", sa.Text(), nullable=True),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("review", sa.Integer(), server_default="0", nullable=False),
        sa.Column("review_reasons", sa.Text(), server_default="[]", nullable=False),
        sa.Column("credit_fen", sa.Integer(), nullable=True),
        sa.Column("reallocated", sa.Integer(), server_default="0", nullable=False),
        sa.Column("result_json", sa.Text(), nullable=True),
        sa.Column("error_code", sa.Text(), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "item_key", name="pk_ledger_answers"),
    )
    op.create_index("ix_ledger_answers_review", "ledger_answers", ["review"])
    op.create_table(
        "reference_deferred",
        sa.Column("account_no", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("row_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("account_no", "kind", "key", name="pk_reference_deferred"),
    )
    op.create_index("ix_outbox_account_no_id", "outbox", ["account_no", "id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_account_no_id", table_name="outbox")
    op.drop_table("reference_deferred")
    op.drop_index("ix_ledger_answers_review", table_name="ledger_answers")
    op.drop_table("ledger_answers")
