"""Outbox items sealed into the audit chain: outbox.audit_seq, and a seal for every item
already queued (one `outbox.seal` audit entry listing their SHA-256s).

Revision ID: 0007_outbox_seal
Revises: 0006_merge_features
Create Date: 2026-11-28
"""

from __future__ import annotations

import contextlib
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0007_outbox_seal"
down_revision = "0006_merge_features"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("audit_seq", sa.Integer(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, kind, item_key, payload_json FROM outbox ORDER BY id")
                        ).all()
    if not rows:
        return
    from hall_domain.audit import GENESIS_HASH, AuditEntry, detail_json
    from hall_domain.audit import seal as seal_entry
    from hall_domain.outbox_seal import SEAL_KEY, seal

    seals = []
    for _, kind, key, payload in rows:
        # an unreadable payload stays unsealed: the relay parks it for review
        with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
            seals.append(seal(kind, key, payload))
    last = conn.execute(sa.text("SELECT seq, hash, terminal_id FROM audit_log "
                                "ORDER BY seq DESC LIMIT 1")).first()
    entry = seal_entry(AuditEntry(
        seq=1 if last is None else last.seq + 1, at=datetime.now().replace(microsecond=0),
        terminal_id="?" if last is None else last.terminal_id, user_id=None,
        action="outbox.seal", target="outbox", outcome="ok",
        detail=detail_json({SEAL_KEY: seals}), prev_hash=GENESIS_HASH if last is None else last.hash))
    conn.execute(sa.text(
        "INSERT INTO audit_log (seq, at, terminal_id, user_id, action, target, outcome, detail, "
        "prev_hash, hash) VALUES (:seq, :at, :t, NULL, :action, :target, :outcome, :detail, "
        ":prev, :hash)"),
        dict(seq=entry.seq, at=entry.at.isoformat(), t=entry.terminal_id, action=entry.action,
             target=entry.target, outcome=entry.outcome, detail=entry.detail,
             prev=entry.prev_hash, hash=entry.hash))
    sealed = {s["item"] for s in seals}
    ids = [r.id for r in rows if f"{r.kind}:{r.item_key}" in sealed]
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        conn.execute(sa.text(f"UPDATE outbox SET audit_seq = {entry.seq} WHERE id IN "
                             f"({','.join(str(int(i)) for i in part)})"))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("audit_seq")
