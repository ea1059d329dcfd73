"""Cash control: drawer movements (cash in/out) and each shift's close (blind count, sign-off).

Revision ID: 0004_cash_control
Revises: 0002_print_jobs
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The models live beside their repository; importing registers them on the models' metadata.
from counter_app.adapters.storage import cash_repo  # noqa: F401

revision = "0004_cash_control"
down_revision = "0002_print_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cash_movements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("terminal_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('in', 'out')", name="ck_cash_movements_kind"),
        sa.CheckConstraint("amount_fen > 0", name="ck_cash_movements_amount"),
        sa.ForeignKeyConstraint(["shift_id"], ["shifts.id"],
                                name="fk_cash_movements_shift_id_shifts"),
        sa.ForeignKeyConstraint(["created_by"], ["users.user_id"],
                                name="fk_cash_movements_created_by_users"),
        sa.ForeignKeyConstraint(["approved_by"], ["users.user_id"],
                                name="fk_cash_movements_approved_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_cash_movements"),
    )
    op.create_index("ix_cash_movements_shift_id", "cash_movements", ["shift_id"])
    op.create_table(
        "shift_closes",
        sa.Column("shift_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("begun_by", sa.Text(), nullable=False),
        sa.Column("begun_at", sa.Text(), nullable=False),
        sa.Column("counted_json", sa.Text(), nullable=True),
        sa.Column("counted_cash_fen", sa.Integer(), nullable=True),
        sa.Column("bank_settlement_fen", sa.Integer(), nullable=True),
        sa.Column("expected_cash_fen", sa.Integer(), nullable=True),
        sa.Column("card_total_fen", sa.Integer(), nullable=True),
        sa.Column("over_short_cash_fen", sa.Integer(), nullable=True),
        sa.Column("over_short_card_fen", sa.Integer(), nullable=True),
        sa.Column("payment_count", sa.Integer(), nullable=True),
        sa.Column("counted_by", sa.Text(), nullable=True),
        sa.Column("counted_at", sa.Text(), nullable=True),
        sa.Column("signed_off_by", sa.Text(), nullable=True),
        sa.Column("signed_off_at", sa.Text(), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("override_by", sa.Text(), nullable=True),
        sa.Column("unsent_at_sign_off", sa.Integer(), server_default="0", nullable=False),
        sa.Column("closed_by", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.Text(), nullable=True),
        sa.Column("report_item_key", sa.Text(), nullable=True),
        sa.CheckConstraint("state IN ('counting', 'counted', 'signed_off', 'closed')",
                           name="ck_shift_closes_state"),
        sa.ForeignKeyConstraint(["shift_id"], ["shifts.id"], name="fk_shift_closes_shift_id_shifts"),
        sa.PrimaryKeyConstraint("shift_id", name="pk_shift_closes"),
    )


def downgrade() -> None:
    op.drop_table("shift_closes")
    op.drop_index("ix_cash_movements_shift_id", table_name="cash_movements")
    op.drop_table("cash_movements")
