"""Queued items are tamper-evident: each outbox item's SHA-256 is sealed into the hash-chained
audit entry written in the same transaction, and checked before the item is sent.

The digest is over the item's wire form (`sync.wire_payload`: the exact bytes the ledger
receives), so the relay checks the stored payload against the audit chain, then sends the
same digest alongside the item and the ledger checks what arrived against it.

An entry seals items in its detail as `"outbox": [{"item": "<kind>:<key>", "sha256": ...}]`;
the outbox row names the entry by `audit_seq`. A seal holds when the entry's own hash is
right, the next entry (if any) links to it, and it lists the item with the item's digest.
"""

from __future__ import annotations

import hashlib
import json

from hall_domain.audit import AuditEntry, entry_hash
from hall_domain.outbox_seal import (  # noqa: F401 (the relay's and the payments' names)
    SEAL_KEY,
    payload_digest,
    seal,
    with_seals,
)

from .ports import OutboxItem

SEAL_CODE = "outbox.seal_mismatch"


def seal_problem(item: OutboxItem, entry: AuditEntry | None, next_prev_hash: str | None,
                 wire: str | None = None) -> str | None:
    """Why the item does not match its seal (None: it matches). `wire`: its wire form, when
    the caller has it already."""
    name = f"{item.kind} {item.item_key} (outbox id {item.id})"
    if item.audit_seq is None:
        return f"queued {name} has no audit seal"
    if entry is None:
        return f"queued {name}: its audit entry {item.audit_seq} is missing"
    if entry.hash != entry_hash(entry) or (next_prev_hash is not None
                                           and next_prev_hash != entry.hash):
        return f"queued {name}: its audit entry {entry.seq} was changed"
    try:
        seals = json.loads(entry.detail).get(SEAL_KEY) or []
        wanted = next(s["sha256"] for s in seals if s.get("item") == f"{item.kind}:{item.item_key}")
    except (ValueError, AttributeError, TypeError, KeyError, StopIteration):
        return f"queued {name} is not sealed by audit entry {entry.seq}"
    try:
        digest = (hashlib.sha256(wire.encode("utf-8")).hexdigest() if wire is not None
                  else payload_digest(item.kind, item.payload_json))
    except (ValueError, KeyError, TypeError, AttributeError):
        digest = ""
    if digest != wanted:
        return (f"queued {name} was changed after it was taken: it does not match the "
                f"SHA-256 sealed in audit entry {entry.seq}")
    return None
