"""Sync tables and queries on the counter store: ledger answers, reference rows, the relay lock.

Every transaction of the store has the `answers` (SqliteLedgerAnswers) and `reference`
(SqliteReference) repositories beside the outbox, so the relay can delete an outbox item and
store the ledger's answer in ONE local transaction. `SqliteSyncStore(store)` is
services.sync.SyncStore over those transactions. `RelayLock` is the one-relay-per-store guard.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Index, Integer, PrimaryKeyConstraint, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.services.ports import LedgerAnswer

from .models import Base, OutboxRow
from .rows import SqliteRepo, chunks
from .search import index_rows, unindex_rows

# Per-account ordering asks "is there an earlier pending item of this account?" per item.
OUTBOX_ACCOUNT_INDEX = Index("ix_outbox_account_no_id", OutboxRow.account_no, OutboxRow.id)


class LedgerAnswerRow(Base):
    """The ledger's answer per outbox item (kind, item_key), kept after the item left the outbox."""

    __tablename__ = "ledger_answers"
    __table_args__ = (
        PrimaryKeyConstraint("kind", "item_key"),
        Index("ix_ledger_answers_review", "review"),
    )

    kind: Mapped[str] = mapped_column(Text, nullable=False)
    item_key: Mapped[str] = mapped_column(Text, nullable=False)
    account_no: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[int] = mapped_column(Integer, nullable=False)
    outcome: Mapped[str] = mapped_column(Text, nullable=False)  # recorded|duplicate|refused
    review: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    review_reasons: Mapped[str] = mapped_column(Text, nullable=False, server_default="[]")
    credit_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reallocated: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    result_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    error_code: Mapped[str | None] = mapped_column(Text, nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    answered_at: Mapped[str] = mapped_column(Text, nullable=False)


class ReferenceDeferredRow(Base):
    """Ledger rows of accounts that had a payment queued when they arrived: applied later."""

    __tablename__ = "reference_deferred"
    __table_args__ = (PrimaryKeyConstraint("account_no", "kind", "key"),)

    account_no: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str] = mapped_column(Text, nullable=False)  # customer | bill | open_periods
    key: Mapped[str] = mapped_column(Text, nullable=False)  # bill: its period; else ""
    row_json: Mapped[str] = mapped_column(Text, nullable=False)


_ANSWER_COLS = ("kind, item_key, account_no, status, outcome, review, review_reasons, credit_fen, "
                "reallocated, result_json, error_code, error_message, answered_at")


def _answer(row: tuple) -> LedgerAnswer:
    return LedgerAnswer(
        kind=row[0], item_key=row[1], account_no=row[2], status=row[3], outcome=row[4],
        review=bool(row[5]), review_reasons=tuple(json.loads(row[6] or "[]")),
        credit_fen=row[7], reallocated=bool(row[8]),
        result=None if row[9] is None else json.loads(row[9]),
        error_code=row[10], error_message=row[11],
        answered_at=datetime.fromisoformat(row[12]),
    )


class SqliteLedgerAnswers(SqliteRepo):
    """The ledger's answers per outbox item (services.ports.LedgerAnswers)."""

    __slots__ = ()

    def save_ledger_answer(self, answer: LedgerAnswer) -> None:
        self._check_writable()
        self._raw.execute(
            f"INSERT OR REPLACE INTO ledger_answers ({_ANSWER_COLS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (answer.kind, answer.item_key, answer.account_no, answer.status, answer.outcome,
             int(answer.review), json.dumps(list(answer.review_reasons)), answer.credit_fen,
             int(answer.reallocated),
             None if answer.result is None else json.dumps(answer.result, ensure_ascii=False),
             answer.error_code, answer.error_message, answer.answered_at.isoformat()),
        )

    def get_ledger_answer(self, kind: str, item_key: str) -> LedgerAnswer | None:
        row = self._one(f"SELECT {_ANSWER_COLS} FROM ledger_answers WHERE kind = ? "
                        "AND item_key = ?", (kind, item_key))
        return None if row is None else _answer(row)

    def answers_for_review(self, *, limit: int = 100) -> list[LedgerAnswer]:
        rows = self._q(f"SELECT {_ANSWER_COLS} FROM ledger_answers WHERE review = 1 "
                       "ORDER BY answered_at, item_key LIMIT ?", (limit,))
        return [_answer(r) for r in rows]

    def count_review_answers(self) -> int:
        return self._one("SELECT count(*) FROM ledger_answers WHERE review = 1 "
                         "AND outcome != 'refused'")[0]

    def delete_ledger_answer(self, kind: str, item_key: str) -> None:
        self._check_writable()
        self._w("DELETE FROM ledger_answers WHERE kind = ? AND item_key = ?", (kind, item_key))


def _phone_fields(c: dict[str, Any]) -> tuple[str | None, str | None]:
    """The phone's last-verified day and status from the ledger (#14), checked: a value the
    counter cannot read is stored as unknown, never trusted."""
    verified, status = c.get("phone_verified_on"), c.get("phone_status")
    try:
        verified = date.fromisoformat(verified).isoformat() if verified else None
    except (TypeError, ValueError):
        verified = None
    return verified, status if status in _PHONE_STATUSES else None


_PHONE_STATUSES = frozenset({"ok", "unverified", "vacant", "invalid", "none"})


class SqliteReference(SqliteRepo):
    """The ledger's reference rows (customers, bills) applied to the store, and the ones
    kept aside while an account has items queued (services.ports.ReferenceRows)."""

    __slots__ = ()

    def apply_reference(self, customers: Sequence[dict[str, Any]],
                        bills: Sequence[dict[str, Any]], *, now: datetime,
                        skip_accounts: set[str] | frozenset[str] = frozenset(),
                        close_missing_for: Sequence[str] = (),
                        fresh: bool = False) -> tuple[int, int]:
        """Upsert the ledger's customers (with credit) and bills (by account and period).

        Rows of `skip_accounts` are kept aside (`reference_deferred`, the latest row per
        customer or bill) until `apply_deferred_reference`. For the accounts in
        `close_missing_for` (a snapshot page lists every open bill of its customers) a local
        open bill the ledger did not list is marked paid: the ledger closed it. `fresh`: none
        of these accounts is in the store yet (a first snapshot), so plain inserts do.
        Returns (customers, bills) written.
        """
        self._check_writable()
        if skip_accounts:
            self._defer(customers, bills, skip_accounts,
                        [a for a in close_missing_for if a in skip_accounts])
        customers = [c for c in customers if c["account_no"] not in skip_accounts]
        bills = [b for b in bills if b["account_no"] not in skip_accounts]
        if fresh:
            self._bulk_insert(customers, bills, now)
            return len(customers), len(bills)
        self._upsert_customers(customers, now)
        self._upsert_bills(bills)
        self._close_missing([a for a in close_missing_for if a not in skip_accounts], bills)
        return len(customers), len(bills)

    def _close_missing(self, accounts: Sequence[str], bills) -> None:
        listed = {(b["account_no"], b["period"]) for b in bills}
        for part in chunks(list(accounts)):
            marks = ",".join("?" * len(part))
            stale = [(bid,) for bid, acc, period in self._q(
                f"SELECT id, account_no, period FROM bills WHERE account_no IN ({marks}) "
                "AND status IN ('open', 'partial')", part) if (acc, period) not in listed]
            self._raw.executemany(
                "UPDATE bills SET principal_paid_fen = amount_fen, status = 'paid' "
                "WHERE id = ?", stale)

    def _defer(self, customers, bills, skip: set[str] | frozenset[str],
               snapshot_accounts: Sequence[str]) -> None:
        rows = [(c["account_no"], "customer", "", json.dumps(c, ensure_ascii=False))
                for c in customers if c["account_no"] in skip]
        rows += [(b["account_no"], "bill", b["period"], json.dumps(b, ensure_ascii=False))
                 for b in bills if b["account_no"] in skip]
        open_periods: dict[str, list[str]] = {a: [] for a in snapshot_accounts}
        for b in bills:
            if b["account_no"] in open_periods:
                open_periods[b["account_no"]].append(b["period"])
        rows += [(a, "open_periods", "", json.dumps(p)) for a, p in open_periods.items()]
        self._raw.executemany(
            "INSERT OR REPLACE INTO reference_deferred (account_no, kind, key, row_json) "
            "VALUES (?, ?, ?, ?)", rows)

    def apply_deferred_reference(self, *, now: datetime) -> int:
        """Apply the rows kept aside for accounts that now have nothing queued; returns how
        many accounts were brought up to date."""
        self._check_writable()
        ready = [r[0] for r in self._q(
            "SELECT DISTINCT d.account_no FROM reference_deferred d WHERE NOT EXISTS ("
            "SELECT 1 FROM outbox o WHERE o.account_no = d.account_no AND o.state = 'pending')")]
        for part in chunks(ready):
            marks = ",".join("?" * len(part))
            rows = self._q(f"SELECT account_no, kind, row_json FROM reference_deferred "
                           f"WHERE account_no IN ({marks})", part)
            customers = [json.loads(j) for _, k, j in rows if k == "customer"]
            bills = [json.loads(j) for _, k, j in rows if k == "bill"]
            self._upsert_customers(customers, now)
            self._upsert_bills(bills)
            for account, kind, text in rows:
                if kind == "open_periods":
                    listed = [{"account_no": account, "period": p} for p in json.loads(text)]
                    self._close_missing([account], listed)
            self._raw.execute(f"DELETE FROM reference_deferred WHERE account_no IN ({marks})",
                              part)
        return len(ready)

    def _bulk_insert(self, customers, bills, now: datetime) -> None:
        """New accounts (first snapshot): plain inserts, rowids follow max(id), indexed as added."""
        stamp = now.isoformat()
        start = self._one("SELECT coalesce(max(id), 0) FROM customers")[0]
        self._raw.executemany(
            "INSERT INTO customers (account_no, name, address, phone, user_type, area, "
            "credit_fen, updated_at, phone_verified_on, phone_status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(c["account_no"], c["name"], c["address"], c.get("phone"), c["user_type"],
              c.get("area") or "", int(c.get("credit_fen") or 0), stamp, *_phone_fields(c))
             for c in customers])
        index_rows(self._raw, [(start + i + 1, c["name"], c["address"])
                               for i, c in enumerate(customers)])
        self._upsert_bills(bills)

    def _upsert_customers(self, customers, now: datetime) -> None:
        latest = {c["account_no"]: c for c in customers}
        existing: dict[str, tuple[int, str, str]] = {}
        for part in chunks(list(latest)):
            marks = ",".join("?" * len(part))
            for cid, acc, name, address in self._q(
                    f"SELECT id, account_no, name, address FROM customers "
                    f"WHERE account_no IN ({marks})", part):
                existing[acc] = (cid, name, address)
        changed = [v for acc, v in existing.items()
                   if (v[1], v[2]) != (latest[acc]["name"], latest[acc]["address"])]
        unindex_rows(self._raw, changed)
        max_before = self._one("SELECT coalesce(max(id), 0) FROM customers")[0]
        self._raw.executemany(
            "INSERT INTO customers (account_no, name, address, phone, user_type, area, "
            "credit_fen, updated_at, phone_verified_on, phone_status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(account_no) DO UPDATE SET name = excluded.name, "
            "address = excluded.address, phone = excluded.phone, user_type = excluded.user_type, "
            "area = excluded.area, credit_fen = excluded.credit_fen, "
            "updated_at = excluded.updated_at, phone_verified_on = excluded.phone_verified_on, "
            "phone_status = excluded.phone_status",
            [(c["account_no"], c["name"], c["address"], c.get("phone"), c["user_type"],
              c.get("area") or "", int(c.get("credit_fen") or 0), now.isoformat(),
              *_phone_fields(c))
             for c in latest.values()])
        new_rows = self._q("SELECT id, name, address FROM customers WHERE id > ? ORDER BY id",
                           (max_before,))
        index_rows(self._raw, [*new_rows, *[(cid, latest[acc]["name"], latest[acc]["address"])
                                            for acc, (cid, n, a) in existing.items()
                                            if (cid, n, a) in changed]])

    def _upsert_bills(self, bills) -> None:
        self._raw.executemany(
            "INSERT INTO bills (account_no, period, kwh, amount_fen, due_date, "
            "principal_paid_fen, late_fee_assessed_fen, late_fee_paid_fen, fee_accrued_through, "
            "late_fee_waived, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(account_no, period) DO UPDATE SET kwh = excluded.kwh, "
            "amount_fen = excluded.amount_fen, due_date = excluded.due_date, "
            "principal_paid_fen = excluded.principal_paid_fen, "
            "late_fee_assessed_fen = excluded.late_fee_assessed_fen, "
            "late_fee_paid_fen = excluded.late_fee_paid_fen, "
            "fee_accrued_through = excluded.fee_accrued_through, "
            "late_fee_waived = excluded.late_fee_waived, status = excluded.status",
            [(b["account_no"], b["period"], int(b["kwh"]), int(b["amount_fen"]),
              date.fromisoformat(b["due_date"]).isoformat(), int(b["principal_paid_fen"]),
              int(b["late_fee_assessed_fen"]), int(b["late_fee_paid_fen"]),
              b.get("fee_accrued_through"), int(bool(b.get("late_fee_waived"))), b["status"])
             for b in bills])


class SqliteSyncStore:
    """services.sync.SyncStore over the counter store (same file, same transactions)."""

    def __init__(self, store) -> None:
        self._store = store
        self.path = getattr(store, "path", None)

    def write(self):
        return self._store.write()

    def read(self):
        return self._store.read()


class RelayBusy(RuntimeError):
    """Another relay (thread or process) holds the store's relay lock."""


class RelayLock:
    """An OS lock on `<store>.relay.lock`: one relay per store across processes.

    The kernel drops the lock when its holder dies (even by SIGKILL), so a restarted counter
    resumes at once, with no lease to expire and no dependence on the clock. A SQLite lease
    row would need an expiry longer than any request and leave a window where two relays
    send after a stall; the store must be on a local disk anyway (WAL).
    """

    def __init__(self, store_path: str | os.PathLike[str]) -> None:
        self.path = Path(str(store_path) + ".relay.lock")
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another relay holds it."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock_fd(fd)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            _unlock_fd(fd)
            os.close(fd)

    def __enter__(self) -> RelayLock:
        if not self.acquire():
            raise RelayBusy(f"another relay is sending from this store ({self.path})")
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if os.name == "nt":  # pragma: no cover - Windows counters
    import msvcrt

    def _lock_fd(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock_fd(fd: int) -> None:
        os.lseek(fd, 0, 0)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


__all__ = ["LedgerAnswerRow", "ReferenceDeferredRow", "RelayBusy", "RelayLock", "SqliteLedgerAnswers", "SqliteReference",
           "SqliteSyncStore"]
