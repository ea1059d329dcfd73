"""Phone hygiene (#14): each customer phone's source, last-verified day, vacant flag and
mobile check (customer_phones), and the review queue of numbers from property companies'
lists that differ from the one on file (phone_reviews).

Revision ID: 0007_phones
Revises: 0003_collections_base
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_phones"
down_revision = "0006_sms"  # chained linearly in the desk branch (the lead re-chains at merge)
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customer_phones",
        sa.Column("account_no", sa.String(32), sa.ForeignKey("customers.account_no"),
                  primary_key=True),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("verified_on", sa.Date, nullable=True),
        sa.Column("valid_mobile", sa.Boolean, nullable=False),
        sa.Column("vacant_at", sa.DateTime, nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_customer_phones_hall", "customer_phones", ["hall_id"])
    op.create_table(
        "phone_reviews",
        sa.Column("review_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  primary_key=True, autoincrement=True),
        sa.Column("hall_id", sa.String(32), nullable=False),
        sa.Column("account_no", sa.String(32), nullable=False),
        sa.Column("current_phone", sa.String(32), nullable=True),
        sa.Column("proposed_phone", sa.String(32), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("listed_name", sa.String(200), nullable=True),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("batch", sa.String(200), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("decided_at", sa.DateTime, nullable=True),
        sa.Column("decided_by", sa.String(32), nullable=True),
        sa.Column("note", sa.String(200), nullable=True),
    )
    op.create_index("ix_phone_reviews_hall_status", "phone_reviews", ["hall_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_phone_reviews_hall_status", table_name="phone_reviews")
    op.drop_table("phone_reviews")
    op.drop_index("ix_customer_phones_hall", table_name="customer_phones")
    op.drop_table("customer_phones")
