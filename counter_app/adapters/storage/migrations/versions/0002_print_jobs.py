"""Print jobs: receipts stored with the payment, kept until printed (retry, other printer).

Revision ID: 0002_print_jobs
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The model lives beside its repository; importing it registers the table on the models'
# metadata (until models.py imports it itself), so model and migration are compared alike.
from counter_app.adapters.storage import print_jobs_repo  # noqa: F401

revision = "0002_print_jobs"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "print_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_uuid", sa.Text(), nullable=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("printer_uri", sa.Text(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("state", sa.Text(), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("partial_prints", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("printed_at", sa.Text(), nullable=True),
        sa.CheckConstraint("kind IN ('receipt', 'reprint', 'void', 'test')", name="ck_print_jobs_kind"),
        sa.CheckConstraint("state IN ('pending', 'printed', 'failed')", name="ck_print_jobs_state"),
        sa.CheckConstraint("attempts >= 0 AND partial_prints >= 0", name="ck_print_jobs_counts"),
        sa.ForeignKeyConstraint(
            ["payment_uuid"], ["payments.payment_uuid"], name="fk_print_jobs_payment_uuid_payments"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_print_jobs"),
    )
    op.create_index("ix_print_jobs_state", "print_jobs", ["state"])
    op.create_index("ix_print_jobs_payment_uuid", "print_jobs", ["payment_uuid"])


def downgrade() -> None:
    op.drop_index("ix_print_jobs_payment_uuid", table_name="print_jobs")
    op.drop_index("ix_print_jobs_state", table_name="print_jobs")
    op.drop_table("print_jobs")
