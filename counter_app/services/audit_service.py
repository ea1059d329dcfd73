"""Audit log: append hash-chained entries inside a write transaction, and verify the chain."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from hall_domain.audit import GENESIS_HASH, AuditEntry, ChainCheck, detail_json, seal  # noqa: F401

from .ports import CounterStore, CounterTx


def append_audit(
    tx: CounterTx,
    *,
    at: datetime,
    terminal_id: str,
    user_id: str | None,
    action: str,
    target: str,
    outcome: str = "ok",
    detail: Mapping[str, object] | str | None = None,
) -> AuditEntry:
    """Seal and append one entry after the last one; call inside `store.write()`.

    The write transaction (BEGIN IMMEDIATE) serialises writers, so the sequence number and
    the link to the previous hash cannot race.
    """
    unsealed = tx.outbox.take_unsealed_outbox()
    if unsealed:  # outbox items queued in this transaction: their SHA-256 goes in this entry
        from .outbox_seal import seal as seal_item
        from .outbox_seal import with_seals

        detail = with_seals(detail, [seal_item(kind, key, payload)
                                     for _, kind, key, payload in unsealed])
    last = tx.audit.last_audit()
    entry = seal(
        AuditEntry(
            seq=1 if last is None else last.seq + 1,
            at=at,
            terminal_id=terminal_id,
            user_id=user_id,
            action=action,
            target=target,
            outcome=outcome,
            detail=detail_json(detail),
            prev_hash=GENESIS_HASH if last is None else last.hash,
        )
    )
    tx.audit.insert_audit(entry)
    if unsealed:
        tx.outbox.seal_outbox([item_id for item_id, *_ in unsealed], entry.seq)
    return entry


def verify_audit(store: CounterStore, *, batch: int = 5000) -> int | None:
    """Seq of the first entry whose number, link or hash is wrong; None when the chain holds."""
    check = ChainCheck(first_seq=1)
    with store.read() as tx:
        after = 0
        while True:
            entries = tx.audit.audit_entries(after_seq=after, limit=batch)
            if not entries:
                return None
            broken = check.first_broken(entries)
            if broken is not None:
                return entries[broken].seq
            after = entries[-1].seq


def verify_outbox_seals(store: CounterStore) -> list[str]:
    """Every queued item (pending or on review) against the audit entry that sealed it: the
    problems found, naming each item (services.outbox_seal)."""
    from .outbox_seal import seal_problem

    with store.read() as tx:
        items = tx.outbox.all_outbox()
        seals = tx.audit.outbox_seals([i.audit_seq for i in items if i.audit_seq is not None])
    problems = []
    for item in items:
        entry, next_prev = seals.get(item.audit_seq, (None, None))
        problem = seal_problem(item, entry, next_prev)
        if problem is not None:
            problems.append(problem)
    return problems
