"""Pinyin search keys for customer names (张三 by `zs` or `zhangsan`), backfilled.

Revision ID: 0007_pinyin_search
Revises: 0006_merge_features
Create Date: 2026-12-02

One row per (key, customer): a WITHOUT ROWID table whose primary key is the index the
look-up scans (exact key, then key prefix, in customer order). The keys come from
`adapters/storage/pinyin.py` (pypinyin); existing customers get theirs here, and the
version stored in `meta` rebuilds them when pypinyin's readings change.
"""

from __future__ import annotations

from alembic import op

revision = "0007_pinyin_search"
down_revision = "0006_merge_features"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from counter_app.adapters.storage.pinyin import PINYIN_TABLE, rebuild_pinyin
    from counter_app.adapters.storage.search import _dbapi

    op.execute(
        f"CREATE TABLE {PINYIN_TABLE} ("
        "key TEXT NOT NULL, "
        "customer_id INTEGER NOT NULL, "
        "PRIMARY KEY (key, customer_id)"
        ") WITHOUT ROWID"
    )
    rebuild_pinyin(_dbapi(op.get_bind()))


def downgrade() -> None:
    from counter_app.adapters.storage.pinyin import PINYIN_META_KEY, PINYIN_TABLE

    op.execute(f"DROP TABLE {PINYIN_TABLE}")
    op.execute(f"DELETE FROM meta WHERE key = '{PINYIN_META_KEY}'")
