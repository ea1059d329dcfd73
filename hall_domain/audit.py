"""Audit entries chained by SHA-256: each hash covers the entry and the previous hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
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


def hashed_fields(entry: AuditEntry) -> tuple:
    """Every field but `hash`, in the fixed order hashed (and stored: the store's columns)."""
    return (entry.seq, entry.at.isoformat(), entry.terminal_id, entry.user_id, entry.action,
            entry.target, entry.outcome, entry.detail, entry.prev_hash)


def canonical_bytes(entry: AuditEntry) -> bytes:
    """The exact bytes hashed: every field but `hash`, in a fixed order, as compact JSON."""
    return json.dumps(list(hashed_fields(entry)), ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(canonical_bytes(entry)).hexdigest()


def seal(entry: AuditEntry) -> AuditEntry:
    """Return the entry with its hash filled in."""
    from dataclasses import replace

    return replace(entry, hash=entry_hash(entry))


class ChainCheck:
    """The chain checked a batch at a time (a long log need not be read at once): each entry
    follows the previous one's number and hash, and its own hash is right."""

    def __init__(self, *, first_seq: int | None = 1) -> None:
        self._prev = GENESIS_HASH
        self._expected = first_seq  # None: whatever the first entry's number is

    def first_broken(self, entries: list[AuditEntry]) -> int | None:
        """Index in `entries` (the next batch) of the first wrong entry; None if all hold."""
        for i, e in enumerate(entries):
            expected = e.seq if self._expected is None else self._expected
            if e.seq != expected or e.prev_hash != self._prev or e.hash != entry_hash(e):
                return i
            self._prev, self._expected = e.hash, expected + 1
        return None


def first_broken(entries: list[AuditEntry]) -> int | None:
    """Index of the first entry whose hash, link or sequence is wrong; None if the chain holds."""
    return ChainCheck(first_seq=None).first_broken(entries)


def detail_json(detail: Mapping[str, object] | str | None) -> str:
    """Compact, key-sorted JSON for an entry's detail (a str is taken as already JSON)."""
    if detail is None:
        return ""
    if isinstance(detail, str):
        return detail
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
