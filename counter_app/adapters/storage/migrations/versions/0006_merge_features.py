"""Merge the sync, cash-control and approvals branches back into one line.

Revision ID: 0006_merge_features
Revises: 0003_sync, 0004_cash_control, 0005_approvals
Create Date: 2026-11-27
"""

from __future__ import annotations

revision = "0006_merge_features"
down_revision = ("0003_sync", "0004_cash_control", "0005_approvals")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the three branches touch different tables."""


def downgrade() -> None:
    """Nothing to undo."""
