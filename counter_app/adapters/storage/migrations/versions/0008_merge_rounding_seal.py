"""Merge the change-rounding and outbox-seal branches back into one line.

Revision ID: 0008_merge_rounding_seal
Revises: 0007_change_rounding, 0007_outbox_seal
Create Date: 2026-12-02
"""

from __future__ import annotations

revision = "0008_merge_rounding_seal"
down_revision = ("0007_change_rounding", "0007_outbox_seal")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the two branches touch different tables."""


def downgrade() -> None:
    """Nothing to undo."""
