"""Phone hygiene (#14): each customer's phone status and last-verified day as the ledger last
sent them, so the counter can ask the cashier to check a number unverified for 12 months.

Revision ID: 0009_phone_verified
Revises: 0008_merge_hardening_and_day
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_phone_verified"
down_revision = "0008_merge_hardening_and_day"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL: the ledger has not said (a customer imported at this counter, or not synced yet).
    # Columns already there are left (a store whose version was set back, as tests do).
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("customers")}
    for name in ("phone_verified_on", "phone_status"):
        if name not in have:
            op.add_column("customers", sa.Column(name, sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("phone_status")
        batch.drop_column("phone_verified_on")
