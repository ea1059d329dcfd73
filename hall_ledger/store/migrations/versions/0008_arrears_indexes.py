"""Arrears: a partial index on the bills still open, by account, so that one hall's arrears
list (GET /v1/collections/arrears) reads its open bills through the hall's customers instead of
scanning every bill of the company.

Revision ID: 0008_arrears_indexes
Revises: 0003_collections_base
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_arrears_indexes"
down_revision = "0007_phones"  # chained linearly in the desk branch (the lead re-chains at merge)
branch_labels = None
depends_on = None

OPEN = sa.text("status <> 'paid'")


def upgrade() -> None:
    op.create_index("ix_bills_open_account", "bills", ["account_no"],
                    postgresql_where=OPEN, sqlite_where=OPEN)


def downgrade() -> None:
    op.drop_index("ix_bills_open_account", table_name="bills")
