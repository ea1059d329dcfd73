"""Merge the outbox-seal, change-rounding and pinyin-search branches back into one line.

Revision ID: 0008_merge_hardening_and_day
Revises: 0007_outbox_seal, 0007_change_rounding, 0007_pinyin_search
Create Date: 2026-12-02
"""

from __future__ import annotations

revision = "0008_merge_hardening_and_day"
down_revision = ("0007_outbox_seal", "0007_change_rounding", "0007_pinyin_search")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the three branches touch different tables and columns."""


def downgrade() -> None:
    """Nothing to undo."""
