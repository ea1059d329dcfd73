"""Initial counter store: customers and search index, bills, users, shifts, payments, outbox, audit.

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

FTS_TABLES = ("customer_name_fts", "customer_addr_fts")


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_no", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("user_type", sa.Text(), nullable=False),
        sa.Column("area", sa.Text(), server_default="", nullable=False),
        sa.Column("credit_fen", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "user_type IN ('residential', 'other')", name="ck_customers_user_type"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_customers"),
        sa.UniqueConstraint("account_no", name="uq_customers_account_no"),
    )
    op.create_index("ix_customers_name", "customers", ["name"])
    op.create_index("ix_customers_phone", "customers", ["phone"])

    # Substring search over names and addresses (see adapters/storage/search.py): contentless
    # FTS5 tables whose rowid is customers.id, holding character bigrams and unigrams.
    for table in FTS_TABLES:
        op.execute(
            f"CREATE VIRTUAL TABLE {table} USING fts5("
            "grams, tokenize = 'unicode61', content = '', columnsize = 0)"
        )

    op.create_table(
        "bills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_no", sa.Text(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("kwh", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Text(), nullable=False),
        sa.Column("principal_paid_fen", sa.Integer(), server_default="0", nullable=False),
        sa.Column("late_fee_assessed_fen", sa.Integer(), server_default="0", nullable=False),
        sa.Column("late_fee_paid_fen", sa.Integer(), server_default="0", nullable=False),
        sa.Column("fee_accrued_through", sa.Text(), nullable=True),
        sa.Column("late_fee_waived", sa.Integer(), server_default="0", nullable=False),
        sa.Column("status", sa.Text(), server_default="open", nullable=False),
        sa.CheckConstraint("status IN ('open', 'partial', 'paid')", name="ck_bills_status"),
        sa.CheckConstraint(
            "amount_fen >= 0 AND principal_paid_fen >= 0 AND principal_paid_fen <= amount_fen "
            "AND late_fee_paid_fen >= 0 AND late_fee_paid_fen <= late_fee_assessed_fen",
            name="ck_bills_money",
        ),
        sa.ForeignKeyConstraint(
            ["account_no"], ["customers.account_no"], name="fk_bills_account_no_customers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_bills"),
        sa.UniqueConstraint("account_no", "period", name="uq_bills_account_no_period"),
    )
    op.create_index("ix_bills_account_no_status", "bills", ["account_no", "status"])

    op.create_table(
        "users",
        sa.Column("user_id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("pin_hash", sa.Text(), nullable=False),
        sa.Column("failed_pins", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.Text(), nullable=True),
        sa.Column("active", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_users"),
    )

    op.create_table(
        "receipt_counters",
        sa.Column("terminal_id", sa.Text(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("terminal_id", name="pk_receipt_counters"),
    )

    op.create_table(
        "shifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("terminal_id", sa.Text(), nullable=False),
        sa.Column("opened_by", sa.Text(), nullable=False),
        sa.Column("opened_at", sa.Text(), nullable=False),
        sa.Column("opening_float_json", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), server_default="open", nullable=False),
        sa.Column("closed_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["opened_by"], ["users.user_id"], name="fk_shifts_opened_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_shifts"),
    )
    op.create_index(
        "ux_shifts_one_open_per_terminal",
        "shifts",
        ["terminal_id"],
        unique=True,
        sqlite_where=sa.text("status = 'open'"),
    )

    op.create_table(
        "payments",
        sa.Column("payment_uuid", sa.Text(), nullable=False),
        sa.Column("terminal_id", sa.Text(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("cashier_id", sa.Text(), nullable=False),
        sa.Column("account_no", sa.Text(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("credit_fen", sa.Integer(), server_default="0", nullable=False),
        sa.Column("change_fen", sa.Integer(), server_default="0", nullable=False),
        sa.Column("taken_at", sa.Text(), nullable=False),
        sa.Column("business_date", sa.Text(), nullable=False),
        sa.Column("receipt_number", sa.Integer(), nullable=False),
        sa.Column("status", sa.Text(), server_default="ok", nullable=False),
        sa.CheckConstraint("status IN ('ok', 'void')", name="ck_payments_status"),
        sa.CheckConstraint(
            "amount_fen > 0 AND credit_fen >= 0 AND change_fen >= 0", name="ck_payments_money"
        ),
        sa.ForeignKeyConstraint(["shift_id"], ["shifts.id"], name="fk_payments_shift_id_shifts"),
        sa.PrimaryKeyConstraint("payment_uuid", name="pk_payments"),
        sa.UniqueConstraint(
            "terminal_id", "receipt_number", name="uq_payments_terminal_id_receipt_number"
        ),
    )
    op.create_index("ix_payments_account_no", "payments", ["account_no"])
    op.create_index("ix_payments_shift_id", "payments", ["shift_id"])

    op.create_table(
        "payment_tenders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_uuid", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("tendered_fen", sa.Integer(), nullable=True),
        sa.Column("change_fen", sa.Integer(), server_default="0", nullable=False),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("auth_code", sa.Text(), nullable=True),
        sa.Column("masked_card", sa.Text(), nullable=True),
        sa.CheckConstraint("kind IN ('cash', 'card')", name="ck_payment_tenders_kind"),
        sa.CheckConstraint("amount_fen > 0 AND change_fen >= 0", name="ck_payment_tenders_money"),
        sa.ForeignKeyConstraint(
            ["payment_uuid"],
            ["payments.payment_uuid"],
            name="fk_payment_tenders_payment_uuid_payments",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_payment_tenders"),
    )
    op.create_index("ix_payment_tenders_payment_uuid", "payment_tenders", ["payment_uuid"])

    op.create_table(
        "payment_allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_uuid", sa.Text(), nullable=False),
        sa.Column("bill_id", sa.Integer(), nullable=False),
        sa.Column("late_fee_fen", sa.Integer(), nullable=False),
        sa.Column("principal_fen", sa.Integer(), nullable=False),
        sa.Column("late_fee_assessed_fen", sa.Integer(), nullable=False),
        sa.Column("settles_bill", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["bill_id"], ["bills.id"], name="fk_payment_allocations_bill_id_bills"
        ),
        sa.ForeignKeyConstraint(
            ["payment_uuid"],
            ["payments.payment_uuid"],
            name="fk_payment_allocations_payment_uuid_payments",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_payment_allocations"),
    )
    op.create_index(
        "ix_payment_allocations_payment_uuid", "payment_allocations", ["payment_uuid"]
    )
    op.create_index("ix_payment_allocations_bill_id", "payment_allocations", ["bill_id"])

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("item_key", sa.Text(), nullable=False),
        sa.Column("account_no", sa.Text(), nullable=True),
        sa.Column("payload_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.Text(), nullable=True),
        sa.Column("state", sa.Text(), server_default="pending", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint("state IN ('pending', 'review')", name="ck_outbox_state"),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.UniqueConstraint("kind", "item_key", name="uq_outbox_kind_item_key"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_outbox_state_next_attempt_at", "outbox", ["state", "next_attempt_at"])

    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("terminal_id", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Text(), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.Column("prev_hash", sa.Text(), nullable=False),
        sa.Column("hash", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_log"),
    )
    # Append-only: the chain of hashes shows tampering, the triggers stop the easy kind.
    op.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END"
    )

    op.create_table(
        "meta",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_meta"),
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    for table in (
        "meta",
        "audit_log",
        "outbox",
        "payment_allocations",
        "payment_tenders",
        "payments",
        "shifts",
        "receipt_counters",
        "users",
        "bills",
    ):
        op.drop_table(table)
    for table in FTS_TABLES:
        op.execute(f"DROP TABLE IF EXISTS {table}")
    op.drop_table("customers")
