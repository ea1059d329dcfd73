"""Initial ledger schema: terminals, tokens, reference data, payments, items, journal.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

_PG_APPEND_ONLY = """
CREATE FUNCTION ledger_journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger journal is append-only (% refused)', TG_OP;
END
$$;
CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON journal
    FOR EACH ROW EXECUTE FUNCTION ledger_journal_append_only();
CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_journal_append_only();
"""

_SQLITE_APPEND_ONLY = (
    "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN "
    "SELECT RAISE(ABORT, 'the ledger journal is append-only (UPDATE refused)'); END",
    "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN "
    "SELECT RAISE(ABORT, 'the ledger journal is append-only (DELETE refused)'); END",
)


def upgrade() -> None:
    op.create_table(
        "terminals",
        sa.Column("hall_id", sa.String(32), primary_key=True),
        sa.Column("terminal_id", sa.String(32), primary_key=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime, nullable=True),
    )
    op.create_table(
        "tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("terminal_id", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime, nullable=True),
        sa.ForeignKeyConstraint(
            ["hall_id", "terminal_id"], ["terminals.hall_id", "terminals.terminal_id"]
        ),
    )
    op.create_table(
        "hall_cursors",
        sa.Column("hall_id", sa.String(32), primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "customers",
        sa.Column("account_no", sa.String(32), primary_key=True),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("address", sa.String(400), nullable=False),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("user_type", sa.String(16), nullable=False),
        sa.Column("area", sa.String(100), nullable=False),
        sa.Column("credit_fen", sa.BigInteger, nullable=False),
        sa.Column("change_seq", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_customers_hall_seq", "customers", ["hall_id", "change_seq"])
    op.create_index("ix_customers_hall_account", "customers", ["hall_id", "account_no"])
    op.create_table(
        "bills",
        sa.Column("bill_id", BigId, primary_key=True, autoincrement=True),
        sa.Column("account_no", sa.String(32), sa.ForeignKey("customers.account_no"), nullable=False),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("kwh", sa.Integer, nullable=False),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("principal_paid_fen", sa.BigInteger, nullable=False),
        sa.Column("late_fee_assessed_fen", sa.BigInteger, nullable=False),
        sa.Column("late_fee_paid_fen", sa.BigInteger, nullable=False),
        sa.Column("fee_accrued_through", sa.Date, nullable=True),
        sa.Column("late_fee_waived", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("closed_by", sa.String(16), nullable=True),
        sa.Column("change_seq", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("account_no", "period", name="uq_bills_account_period"),
    )
    op.create_index("ix_bills_hall_seq", "bills", ["hall_id", "change_seq"])
    op.create_table(
        "payments",
        sa.Column("payment_uuid", sa.String(36), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("terminal_id", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("shift_id", sa.BigInteger, nullable=True),
        sa.Column("cashier_id", sa.String(32), nullable=True),
        sa.Column("account_no", sa.String(32), nullable=False),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("credit_fen", sa.BigInteger, nullable=False),
        sa.Column("taken_at", sa.String(40), nullable=False),
        sa.Column("business_date", sa.Date, nullable=False),
        sa.Column("receipt_number", sa.BigInteger, nullable=True),
        sa.Column("review", sa.Boolean, nullable=False),
        sa.Column("review_reasons", sa.String(200), nullable=False),
        sa.Column("voided", sa.Boolean, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("result_json", sa.Text, nullable=False),
    )
    op.create_index(
        "ix_payments_terminal_date", "payments", ["hall_id", "terminal_id", "business_date"]
    )
    op.create_index(
        "ix_payments_terminal_receipt", "payments", ["hall_id", "terminal_id", "receipt_number"]
    )
    op.create_index("ix_payments_date", "payments", ["business_date"])
    op.create_table(
        "payment_tenders",
        sa.Column(
            "payment_uuid", sa.String(36), sa.ForeignKey("payments.payment_uuid"), primary_key=True
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("tendered_fen", sa.BigInteger, nullable=True),
        sa.Column("change_fen", sa.BigInteger, nullable=False),
        sa.Column("reference", sa.String(40), nullable=True),
        sa.Column("auth_code", sa.String(16), nullable=True),
        sa.Column("masked_card", sa.String(32), nullable=True),
    )
    op.create_table(
        "items",
        sa.Column("kind", sa.String(24), primary_key=True),
        sa.Column("item_key", sa.String(64), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("terminal_id", sa.String(32), nullable=False),
        sa.Column("ref", sa.String(64), nullable=True),
        sa.Column("payload_json", sa.Text, nullable=False),
        sa.Column("result_json", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "journal",
        sa.Column("seq", BigId, primary_key=True, autoincrement=True),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("terminal_id", sa.String(32), nullable=True),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("ref", sa.String(64), nullable=True),
        sa.Column("account_no", sa.String(32), nullable=True),
        sa.Column("bill_id", sa.BigInteger, nullable=True),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("principal_fen", sa.BigInteger, nullable=False),
        sa.Column("late_fee_fen", sa.BigInteger, nullable=False),
        sa.Column("late_fee_assessed_fen", sa.BigInteger, nullable=False),
        sa.Column("credit_fen", sa.BigInteger, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_journal_account", "journal", ["account_no"])
    op.create_index("ix_journal_ref", "journal", ["ref"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_APPEND_ONLY)
    else:
        for statement in _SQLITE_APPEND_ONLY:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS journal_append_only ON journal")
        op.execute("DROP TRIGGER IF EXISTS journal_no_truncate ON journal")
        op.execute("DROP FUNCTION IF EXISTS ledger_journal_append_only()")
    for table in ("journal", "items", "payment_tenders", "payments", "bills", "customers",
                  "hall_cursors", "tokens", "terminals"):
        op.drop_table(table)
