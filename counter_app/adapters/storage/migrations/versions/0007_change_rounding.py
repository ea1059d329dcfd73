"""Change rounding: each cash tender keeps the difference between change due and change given.

Revision ID: 0007_change_rounding
Revises: 0006_merge_features
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_change_rounding"
down_revision = "0006_merge_features"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Change due (tendered − amount) minus change handed back; 0 for card tenders and for
    # every payment taken before halls could round change.
    op.add_column("payment_tenders", sa.Column("change_rounding_fen", sa.Integer(),
                                               server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("payment_tenders") as batch:
        batch.drop_column("change_rounding_fen")
