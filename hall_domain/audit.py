"""Audit entries chained by SHA-256: each hash covers the entry and the previous hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: datetime
    terminal_id: str
    user_id: str | None
    action: str
    target: str
    outcome: str
    detail: str = ""  # JSON text with anything else worth keeping (never a PIN or card number)
    prev_hash: str = GENESIS_HASH
    hash: str = ""


def canonical_bytes(entry: AuditEntry) -> bytes:
    """The exact bytes hashed: every field but `hash`, in a fixed order, as compact JSON."""
    payload = [
        entry.seq,
        entry.at.isoformat(),
        entry.terminal_id,
        entry.user_id,
        entry.action,
        entry.target,
        entry.outcome,
        entry.detail,
        entry.prev_hash,
    ]
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(canonical_bytes(entry)).hexdigest()


def seal(entry: AuditEntry) -> AuditEntry:
    """Return the entry with its hash filled in."""
    from dataclasses import replace

    return replace(entry, hash=entry_hash(entry))


def first_broken(entries: list[AuditEntry]) -> int | None:
    """Index of the first entry whose hash, link or sequence is wrong; None if the chain holds."""
    prev = GENESIS_HASH
    expected_seq = entries[0].seq if entries else 1
    for i, e in enumerate(entries):
        if e.seq != expected_seq or e.prev_hash != prev or e.hash != entry_hash(e):
            return i
        prev = e.hash
        expected_seq += 1
    return None
