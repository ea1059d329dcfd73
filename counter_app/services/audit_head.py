"""The newest audit hash travels to the ledger after each sync, so a rewritten or cut-short
local audit trail can be told from the copy the ledger keeps."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from hall_domain.audit import AuditEntry

from .sync import LedgerPort, LedgerSendError, SyncStore

KIND = "audit_head"
SENT_SEQ, SENT_HASH = "audit_head.sent_seq", "audit_head.sent_hash"
# item_key of a head: the same UUID for the same hall, terminal and seq, every time. (Heads
# keyed "T01:<seq>" before the hall was part of the key are the same item to the ledger,
# which knows a head by its terminal and seq.)
_HEAD_NS = uuid.UUID("0b7f3d52-8c1e-4f6a-9d2b-5e4a7c3f1a90")


def head_item_key(hall_id: str, terminal_id: str, seq: int) -> str:
    return str(uuid.uuid5(_HEAD_NS, f"{hall_id}/{terminal_id}/{seq}"))


@dataclass(frozen=True, slots=True)
class AuditHead:
    seq: int
    hash: str
    at: str


def head_payload(entry: AuditEntry) -> str:
    return json.dumps({"terminal_id": entry.terminal_id, "seq": entry.seq, "hash": entry.hash,
                       "at": entry.at.isoformat()}, separators=(",", ":"))


def send_audit_head(store: SyncStore, ledger: LedgerPort, *, now: datetime,
                    hall_id: str) -> AuditHead | None:
    """Send the newest audit entry's seq and hash if the ledger has not acknowledged it yet.

    Returns what was acknowledged now (None when nothing new). A refused or unknown outcome
    leaves the sent marker alone, so the next pass tries again; the item is tiny and
    idempotent per (hall, terminal, seq), like every other item.
    """
    with store.read() as tx:
        last = tx.audit.last_audit()
        sent = tx.meta.get_meta(SENT_SEQ)
    if last is None or (sent is not None and int(sent) >= last.seq):
        return None
    key = head_item_key(hall_id, last.terminal_id, last.seq)
    [answer] = ledger.post_items(KIND, [(key, head_payload(last))])
    if not answer.acknowledged:
        raise LedgerSendError(
            f"the ledger refused the audit head {last.seq}: {answer.error_code} "
            f"{answer.error_message}")
    with store.write() as tx:
        tx.meta.set_meta(SENT_SEQ, str(last.seq))
        tx.meta.set_meta(SENT_HASH, last.hash)
    return AuditHead(last.seq, last.hash, last.at.isoformat())


def matches_ledger_copy(store: SyncStore, head: AuditHead) -> int | None:
    """None when the local trail holds the ledger's head entry unchanged; else the seq that
    is missing or differs (the local trail was cut short or rewritten)."""
    with store.read() as tx:
        entries = tx.audit.audit_entries(after_seq=head.seq - 1, limit=1)
    if not entries or entries[0].seq != head.seq or entries[0].hash != head.hash:
        return head.seq
    return None
