"""The outbox on SQLite (services.ports.Outbox): items queued for the ledger, their schedule,
review and the items of this transaction still waiting for their audit seal."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from counter_app.services.ports import OutboxItem

from .rows import OUTBOX_COLS, SqliteRepo, chunks, outbox_of


class SqliteOutbox(SqliteRepo):
    """The outbox table, in one open transaction."""

    __slots__ = ("_unsealed",)

    def __init__(self, raw: sqlite3.Connection, writable: bool) -> None:
        self._raw = raw
        self.writable = writable
        self._unsealed: list[tuple[int, str, str, str]] = []  # items awaiting a seal

    def add_outbox(
        self,
        *,
        kind: str,
        item_key: str,
        account_no: str | None,
        payload_json: str,
        created_at: datetime,
        audit_seq: int | None = None,
    ) -> int:
        """Queue an item. Without `audit_seq` (the entry sealing it, written first), the next
        audit entry of this transaction seals it (services.audit_service.append_audit)."""
        cur = self._w(
            "INSERT INTO outbox (kind, item_key, account_no, payload_json, created_at, state, "
            "audit_seq) VALUES (?, ?, ?, ?, ?, 'pending', ?)",
            (kind, item_key, account_no, payload_json, created_at.isoformat(), audit_seq),
        )
        if audit_seq is None:
            self._unsealed.append((cur.lastrowid, kind, item_key, payload_json))
        return cur.lastrowid

    def take_unsealed_outbox(self) -> list[tuple[int, str, str, str]]:
        """(id, kind, item_key, payload_json) of items queued in this transaction without a
        seal yet; the caller seals them in the audit entry it is writing."""
        items, self._unsealed = self._unsealed, []
        return items

    def seal_outbox(self, item_ids: list[int], audit_seq: int) -> None:
        for part in chunks(item_ids):
            self._w(f"UPDATE outbox SET audit_seq = ? WHERE id IN ({','.join('?' * len(part))})",
                    (audit_seq, *part))

    def all_outbox(self) -> list[OutboxItem]:
        return [outbox_of(r) for r in self._q(f"SELECT {OUTBOX_COLS} FROM outbox ORDER BY id")]

    def outbox_counts(self) -> dict[str, int]:
        counts = {"pending": 0, "review": 0}
        counts.update(dict(self._q("SELECT state, count(*) FROM outbox GROUP BY state")))
        return counts

    def due_outbox(self, *, now: datetime, limit: int) -> list[OutboxItem]:
        rows = self._q(
            f"SELECT {OUTBOX_COLS} FROM outbox WHERE state = 'pending' "
            "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id LIMIT ?",
            (now.isoformat(), limit),
        )
        return [outbox_of(r) for r in rows]

    def delete_outbox(self, item_id: int) -> None:
        self._w("DELETE FROM outbox WHERE id = ?", (item_id,))

    def retry_outbox_later(self, item_id: int, *, error: str, next_attempt_at: datetime) -> None:
        self._w(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
            "WHERE id = ?",
            (error, next_attempt_at.isoformat(), item_id),
        )

    def outbox_to_review(self, item_id: int, *, error: str) -> None:
        self._w(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, state = 'review' "
            "WHERE id = ?",
            (error, item_id),
        )

    def sendable_outbox(self, *, now: datetime | None, limit: int) -> list:
        """Pending items due at `now` (None: whatever their schedule), oldest first, and only
        the earliest pending item of each account (per-account order; review items do not
        block)."""
        due = "" if now is None else "AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?) "
        params: tuple = (limit,) if now is None else (now.isoformat(), limit)
        cols = ", ".join(f"o.{c.strip()}" for c in OUTBOX_COLS.split(","))
        rows = self._q(
            f"SELECT {cols} FROM outbox o WHERE o.state = 'pending' {due}"
            "AND (o.account_no IS NULL OR NOT EXISTS (SELECT 1 FROM outbox p "
            "WHERE p.account_no = o.account_no AND p.state = 'pending' AND p.id < o.id)) "
            "ORDER BY o.id LIMIT ?",
            params,
        )
        return [outbox_of(r) for r in rows]

    def next_outbox_due(self) -> datetime | None:
        """When the next sendable item is due (datetime.min: now; None: nothing pending).

        Only each account's earliest pending item counts: the others wait for it."""
        row = self._one(
            "SELECT count(*), min(coalesce(o.next_attempt_at, '')) FROM outbox o "
            "WHERE o.state = 'pending' AND (o.account_no IS NULL OR NOT EXISTS (SELECT 1 "
            "FROM outbox p WHERE p.account_no = o.account_no AND p.state = 'pending' "
            "AND p.id < o.id))")
        if not row[0]:
            return None
        return datetime.min if row[1] == "" else datetime.fromisoformat(row[1])

    def pending_outbox_stats(self, kind: str) -> tuple[int, datetime | None]:
        """(pending items of `kind`, created_at of the oldest one)."""
        count, oldest = self._one(
            "SELECT count(*), min(created_at) FROM outbox WHERE state = 'pending' AND kind = ?",
            (kind,))
        return count, None if oldest is None else datetime.fromisoformat(oldest)

    def review_outbox(self, *, limit: int = 100) -> list:
        rows = self._q(f"SELECT {OUTBOX_COLS} FROM outbox WHERE state = 'review' "
                       "ORDER BY id LIMIT ?", (limit,))
        return [outbox_of(r) for r in rows]

    def get_outbox_item(self, kind: str, item_key: str):
        row = self._one(f"SELECT {OUTBOX_COLS} FROM outbox WHERE kind = ? AND item_key = ?",
                        (kind, item_key))
        return None if row is None else outbox_of(row)

    def requeue_outbox(self, item_id: int, *, payload_json: str) -> None:
        """Back in the queue, due now, with a corrected payload (same kind and item_key)."""
        self._check_writable()
        self._w("UPDATE outbox SET payload_json = ?, state = 'pending', attempts = 0, "
                "next_attempt_at = NULL, last_error = NULL, audit_seq = NULL WHERE id = ?",
                (payload_json, item_id))
        # The corrected payload no longer matches its old seal: the audit entry this
        # transaction writes (sync.corrected) seals it anew, as for a newly queued item.
        kind, item_key = self._one("SELECT kind, item_key FROM outbox WHERE id = ?", (item_id,))
        self._unsealed.append((item_id, kind, item_key, payload_json))

    def accounts_with_pending(self, account_nos: Sequence[str]) -> set[str]:
        out: set[str] = set()
        for part in chunks(list(dict.fromkeys(account_nos))):
            marks = ",".join("?" * len(part))
            out.update(r[0] for r in self._q(
                f"SELECT DISTINCT account_no FROM outbox WHERE state = 'pending' "
                f"AND account_no IN ({marks})", part))
        return out

    def outbox_holds(self, kind: str, item_key: str) -> bool:
        return self._one("SELECT 1 FROM outbox WHERE kind = ? AND item_key = ?",
                         (kind, item_key)) is not None
