"""Reconciliation (#15): exceptions and their actions, matches, suspense/fee postings, the
daily report's sign-off.

Revision ID: 0011_reconciliation
Revises: 0010_channel_files
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_reconciliation"
down_revision = "0010_channel_files"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "recon_exceptions",
        sa.Column("exc_id", BigId, primary_key=True, autoincrement=True),
        sa.Column("exc_key", sa.String(120), nullable=False),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("recon_date", sa.Date, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("line_id", sa.BigInteger, nullable=True),
        sa.Column("payment_uuid", sa.String(36), nullable=True),
        sa.Column("account_no", sa.String(32), nullable=True),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("expected_fen", sa.BigInteger, nullable=True),
        sa.Column("owner", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("escalated_at", sa.DateTime, nullable=True),
        sa.Column("resolved_at", sa.DateTime, nullable=True),
        sa.Column("resolution", sa.String(32), nullable=True),
        sa.Column("detail", sa.Text, nullable=False),
        sa.UniqueConstraint("exc_key", name="uq_recon_exceptions_key"),
    )
    op.create_index("ix_recon_exceptions_hall_status", "recon_exceptions", ["hall_id", "status"])
    op.create_index("ix_recon_exceptions_date", "recon_exceptions", ["recon_date", "channel"])
    op.create_table(
        "recon_exception_actions",
        sa.Column("seq", BigId, primary_key=True, autoincrement=True),
        sa.Column("exc_id", BigId, sa.ForeignKey("recon_exceptions.exc_id"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(32), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_recon_exception_actions_exc", "recon_exception_actions", ["exc_id"])
    op.create_table(
        "recon_matches",
        sa.Column("match_id", BigId, primary_key=True, autoincrement=True),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("recon_date", sa.Date, nullable=False),
        sa.Column("line_id", sa.BigInteger, nullable=False),
        sa.Column("payment_uuid", sa.String(36), nullable=False),
        sa.Column("rule", sa.String(16), nullable=False),
        sa.Column("matched_at", sa.DateTime, nullable=False),
        sa.Column("matched_by", sa.String(32), nullable=False),
        sa.UniqueConstraint("line_id", name="uq_recon_matches_line"),
        sa.UniqueConstraint("payment_uuid", name="uq_recon_matches_payment"),
    )
    op.create_index("ix_recon_matches_date", "recon_matches", ["recon_date", "channel"])
    op.create_table(
        "recon_postings",
        sa.Column("seq", BigId, primary_key=True, autoincrement=True),
        sa.Column("posting_date", sa.Date, nullable=False),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("exc_id", sa.BigInteger, nullable=True),
        sa.Column("posting_key", sa.String(120), nullable=False),
        sa.Column("debit", sa.String(48), nullable=False),
        sa.Column("credit", sa.String(48), nullable=False),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("memo", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("posting_key", name="uq_recon_postings_key"),
    )
    op.create_index("ix_recon_postings_date", "recon_postings", ["posting_date", "hall_id"])
    op.create_table(
        "recon_signoffs",
        sa.Column("hall_id", sa.String(32), primary_key=True),
        sa.Column("recon_date", sa.Date, primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
        sa.Column("person", sa.String(32), nullable=False),
        sa.Column("signed_at", sa.DateTime, nullable=False),
        sa.Column("report_sha256", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("recon_signoffs")
    op.drop_index("ix_recon_postings_date", table_name="recon_postings")
    op.drop_table("recon_postings")
    op.drop_index("ix_recon_matches_date", table_name="recon_matches")
    op.drop_table("recon_matches")
    op.drop_index("ix_recon_exception_actions_exc", table_name="recon_exception_actions")
    op.drop_table("recon_exception_actions")
    op.drop_index("ix_recon_exceptions_date", table_name="recon_exceptions")
    op.drop_index("ix_recon_exceptions_hall_status", table_name="recon_exceptions")
    op.drop_table("recon_exceptions")
