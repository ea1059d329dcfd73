"""Channel files and auto-debit (#15): bank/online channel files and their lines, bank
statement entries, file-layout profiles, auto-debit mandates, request batches and lines.

Revision ID: 0010_channel_files
Revises: 0003_collections_base
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_channel_files"
down_revision = "0003_collections_base"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "channel_profiles",
        sa.Column("profile_id", sa.String(32), primary_key=True),
        sa.Column("spec_json", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(32), nullable=False),
    )
    op.create_table(
        "channel_files",
        sa.Column("file_id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("file_date", sa.Date, nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("line_count", sa.Integer, nullable=False),
        sa.Column("total_fen", sa.BigInteger, nullable=False),
        sa.Column("fee_fen", sa.BigInteger, nullable=False),
        sa.Column("control_json", sa.Text, nullable=False),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.Column("imported_by", sa.String(32), nullable=False),
        sa.UniqueConstraint("sha256", name="uq_channel_files_sha256"),
        sa.UniqueConstraint("channel", "format", "file_date",
                            name="uq_channel_files_channel_date"),
    )
    op.create_table(
        "channel_lines",
        sa.Column("line_id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("file_id", BIG_ID, sa.ForeignKey("channel_files.file_id"), nullable=False),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("txn_date", sa.Date, nullable=False),
        sa.Column("txn_at", sa.DateTime, nullable=True),
        sa.Column("txn_id", sa.String(64), nullable=False),
        sa.Column("order_ref", sa.String(64), nullable=True),
        sa.Column("original_txn_id", sa.String(64), nullable=True),
        sa.Column("account_no", sa.String(32), nullable=True),
        sa.Column("hall_id", sa.String(32), nullable=True),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("fee_fen", sa.BigInteger, nullable=False),
        sa.Column("branch", sa.String(64), nullable=True),
        sa.UniqueConstraint("file_id", "line_no", name="uq_channel_lines_file_line"),
    )
    op.create_index("ix_channel_lines_channel_date", "channel_lines", ["channel", "txn_date"])
    op.create_index("ix_channel_lines_txn", "channel_lines", ["txn_id"])
    op.create_index("ix_channel_lines_order_ref", "channel_lines", ["order_ref"])
    op.create_table(
        "bank_statement_entries",
        sa.Column("entry_id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("file_id", BIG_ID, sa.ForeignKey("channel_files.file_id"), nullable=False),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("account_id", sa.String(64), nullable=False),
        sa.Column("booking_date", sa.Date, nullable=False),
        sa.Column("value_date", sa.Date, nullable=True),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("entry_ref", sa.String(64), nullable=True),
        sa.Column("reference", sa.String(280), nullable=False),
        sa.Column("channel", sa.String(32), nullable=True),
        sa.Column("batch_date", sa.Date, nullable=True),
        sa.UniqueConstraint("file_id", "line_no", name="uq_bank_statement_entries_file_line"),
    )
    op.create_index("ix_bank_statement_entries_channel_date", "bank_statement_entries",
                    ["channel", "batch_date"])
    op.create_index("ix_bank_statement_entries_booking", "bank_statement_entries",
                    ["booking_date"])
    op.create_table(
        "autodebit_mandates",
        sa.Column("account_no", sa.String(32), primary_key=True),
        sa.Column("bank_id", sa.String(32), primary_key=True),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("bank_account", sa.String(40), nullable=False),
        sa.Column("holder_name", sa.String(200), nullable=False),
        sa.Column("signed_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_autodebit_mandates_bank", "autodebit_mandates", ["bank_id", "status"])
    op.create_table(
        "autodebit_batches",
        sa.Column("batch_id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("bank_id", sa.String(32), nullable=False),
        sa.Column("request_date", sa.Date, nullable=False),
        sa.Column("line_count", sa.Integer, nullable=False),
        sa.Column("total_fen", sa.BigInteger, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.UniqueConstraint("bank_id", "request_date", name="uq_autodebit_batches_bank_date"),
    )
    op.create_table(
        "autodebit_requests",
        sa.Column("request_ref", sa.String(40), primary_key=True),
        sa.Column("batch_id", BIG_ID, sa.ForeignKey("autodebit_batches.batch_id"),
                  nullable=False),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("account_no", sa.String(32), nullable=False),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("bank_account", sa.String(40), nullable=False),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason_code", sa.String(16), nullable=True),
        sa.Column("reason_text", sa.String(200), nullable=True),
        sa.Column("payment_uuid", sa.String(36), nullable=True),
        sa.Column("answered_on", sa.Date, nullable=True),
        sa.UniqueConstraint("batch_id", "line_no", name="uq_autodebit_requests_batch_line"),
    )
    op.create_index("ix_autodebit_requests_hall_status", "autodebit_requests",
                    ["hall_id", "status"])
    op.create_index("ix_autodebit_requests_account", "autodebit_requests", ["account_no"])


def downgrade() -> None:
    op.drop_table("autodebit_requests")
    op.drop_table("autodebit_batches")
    op.drop_table("autodebit_mandates")
    op.drop_table("bank_statement_entries")
    op.drop_table("channel_lines")
    op.drop_table("channel_files")
    op.drop_table("channel_profiles")
