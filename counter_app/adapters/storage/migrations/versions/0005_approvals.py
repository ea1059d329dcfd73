"""Approvals (dual control), voids, refunds and bill before-images for voids.

Revision ID: 0005_approvals
Revises: 0002_print_jobs
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_app.adapters.storage import approvals_repo

revision = "0005_approvals"
down_revision = "0002_print_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("terminal_id", sa.Text(), nullable=False),
        sa.Column("initiator_id", sa.Text(), nullable=False),
        sa.Column("approver_id", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("approved_at", sa.Text(), nullable=False),
        sa.Column("used_at", sa.Text(), nullable=True),
        sa.CheckConstraint("initiator_id != approver_id", name="ck_approvals_two_people"),
        sa.ForeignKeyConstraint(["initiator_id"], ["users.user_id"],
                                name="fk_approvals_initiator_id_users"),
        sa.ForeignKeyConstraint(["approver_id"], ["users.user_id"],
                                name="fk_approvals_approver_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_approvals"),
    )
    op.create_index("ix_approvals_target", "approvals", ["target"])
    op.create_table(
        "voids",
        sa.Column("void_id", sa.Text(), nullable=False),
        sa.Column("payment_uuid", sa.Text(), nullable=False),
        sa.Column("approval_id", sa.Integer(), nullable=False),
        sa.Column("voided_by", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("voided_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["payment_uuid"], ["payments.payment_uuid"],
                                name="fk_voids_payment_uuid_payments"),
        sa.ForeignKeyConstraint(["approval_id"], ["approvals.id"],
                                name="fk_voids_approval_id_approvals"),
        sa.PrimaryKeyConstraint("void_id", name="pk_voids"),
        sa.UniqueConstraint("payment_uuid", name="uq_voids_payment_uuid"),
    )
    op.create_table(
        "refunds",
        sa.Column("refund_uuid", sa.Text(), nullable=False),
        sa.Column("payment_uuid", sa.Text(), nullable=False),
        sa.Column("account_no", sa.Text(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("terminal_id", sa.Text(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("receipt_number", sa.Integer(), nullable=False),
        sa.Column("approval_id", sa.Integer(), nullable=False),
        sa.Column("refunded_by", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("refunded_at", sa.Text(), nullable=False),
        sa.CheckConstraint("amount_fen > 0", name="ck_refunds_amount"),
        sa.ForeignKeyConstraint(["payment_uuid"], ["payments.payment_uuid"],
                                name="fk_refunds_payment_uuid_payments"),
        sa.ForeignKeyConstraint(["shift_id"], ["shifts.id"], name="fk_refunds_shift_id_shifts"),
        sa.ForeignKeyConstraint(["approval_id"], ["approvals.id"],
                                name="fk_refunds_approval_id_approvals"),
        sa.PrimaryKeyConstraint("refund_uuid", name="pk_refunds"),
    )
    op.create_index("ix_refunds_payment_uuid", "refunds", ["payment_uuid"])
    op.create_table(
        "allocation_before",
        sa.Column("allocation_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("payment_uuid", sa.Text(), nullable=False),
        sa.Column("bill_id", sa.Integer(), nullable=False),
        sa.Column("principal_paid_fen", sa.Integer(), nullable=False),
        sa.Column("late_fee_assessed_fen", sa.Integer(), nullable=False),
        sa.Column("late_fee_paid_fen", sa.Integer(), nullable=False),
        sa.Column("fee_accrued_through", sa.Text(), nullable=True),
        sa.Column("late_fee_waived", sa.Integer(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["allocation_id"], ["payment_allocations.id"],
                                name="fk_allocation_before_allocation_id_payment_allocations"),
        sa.PrimaryKeyConstraint("allocation_id", name="pk_allocation_before"),
    )
    op.create_index("ix_allocation_before_payment_uuid", "allocation_before", ["payment_uuid"])
    op.execute(approvals_repo.BEFORE_IMAGE_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS allocation_before_image")
    op.drop_index("ix_allocation_before_payment_uuid", table_name="allocation_before")
    op.drop_table("allocation_before")
    op.drop_index("ix_refunds_payment_uuid", table_name="refunds")
    op.drop_table("refunds")
    op.drop_table("voids")
    op.drop_index("ix_approvals_target", table_name="approvals")
    op.drop_table("approvals")
