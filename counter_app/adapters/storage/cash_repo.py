"""Cash-control tables (cash_movements, shift_closes): models and repository methods on SQLite.

`SqliteCashStore(store)` is services.shift_reports.CashStore: its transactions are the
store's own (same file, same BEGIN IMMEDIATE), with the cash methods added to SqliteTx's.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.services.shift_reports import CloseRecord, CloseState
from hall_domain.payments import format_receipt_no
from hall_domain.shift_totals import CashMovement, MovementKind, PaymentLine, RefundLine
from hall_domain.shifts import DenominationCount, Shift

from .errors import StoreError
from .models import Base
from .tx import _SHIFT_COLS, SqliteTx, _shift


class CashMovementRow(Base):
    __tablename__ = "cash_movements"
    __table_args__ = (
        CheckConstraint("kind IN ('in', 'out')", name="kind"),
        CheckConstraint("amount_fen > 0", name="amount"),
        Index("ix_cash_movements_shift_id", "shift_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shift_id: Mapped[int] = mapped_column(Integer, ForeignKey("shifts.id"), nullable=False)
    terminal_id: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    amount_fen: Mapped[int] = mapped_column(Integer, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    created_by: Mapped[str] = mapped_column(Text, ForeignKey("users.user_id"), nullable=False)
    approved_by: Mapped[str | None] = mapped_column(Text, ForeignKey("users.user_id"), nullable=True)
    created_at: Mapped[str] = mapped_column(Text, nullable=False)


class ShiftCloseRow(Base):
    __tablename__ = "shift_closes"
    __table_args__ = (
        CheckConstraint("state IN ('counting', 'counted', 'signed_off', 'closed')", name="state"),
    )

    shift_id: Mapped[int] = mapped_column(Integer, ForeignKey("shifts.id"), primary_key=True,
                                          autoincrement=False)
    state: Mapped[str] = mapped_column(Text, nullable=False)
    begun_by: Mapped[str] = mapped_column(Text, nullable=False)
    begun_at: Mapped[str] = mapped_column(Text, nullable=False)
    counted_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    counted_cash_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    bank_settlement_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    expected_cash_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    card_total_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    over_short_cash_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    over_short_card_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    payment_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    counted_by: Mapped[str | None] = mapped_column(Text, nullable=True)
    counted_at: Mapped[str | None] = mapped_column(Text, nullable=True)
    signed_off_by: Mapped[str | None] = mapped_column(Text, nullable=True)
    signed_off_at: Mapped[str | None] = mapped_column(Text, nullable=True)
    override_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    override_by: Mapped[str | None] = mapped_column(Text, nullable=True)
    unsent_at_sign_off: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    closed_by: Mapped[str | None] = mapped_column(Text, nullable=True)
    closed_at: Mapped[str | None] = mapped_column(Text, nullable=True)
    report_item_key: Mapped[str | None] = mapped_column(Text, nullable=True)


_CLOSE_COLS = ("shift_id, state, begun_by, begun_at, counted_json, counted_cash_fen, "
               "bank_settlement_fen, expected_cash_fen, card_total_fen, over_short_cash_fen, "
               "over_short_card_fen, payment_count, counted_by, counted_at, signed_off_by, "
               "signed_off_at, override_reason, override_by, unsent_at_sign_off, closed_by, "
               "closed_at, report_item_key")
_MOVE_COLS = "id, shift_id, kind, amount_fen, reason, created_by, created_at, approved_by"
_LINE_SQL = (
    "SELECT p.shift_id, p.payment_uuid, p.receipt_number, p.terminal_id, p.cashier_id, "
    "p.account_no, p.taken_at, p.amount_fen, p.status, "
    "coalesce(sum(CASE WHEN t.kind = 'cash' THEN t.amount_fen END), 0), "
    "coalesce(sum(CASE WHEN t.kind = 'cash' THEN t.tendered_fen END), 0), "
    "coalesce(sum(CASE WHEN t.kind = 'cash' THEN t.change_fen END), 0), "
    "coalesce(sum(CASE WHEN t.kind = 'card' THEN t.amount_fen END), 0), "
    "coalesce(sum(t.change_rounding_fen), 0), "
    "(SELECT c.name FROM customers c WHERE c.account_no = p.account_no) "
    "FROM payments p LEFT JOIN payment_tenders t ON t.payment_uuid = p.payment_uuid "
)


def _dt(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _line(row: tuple) -> tuple[int, PaymentLine]:
    (shift_id, uuid_, number, terminal, cashier, account, taken, amount, status, cash, tendered,
     change, card, rounding, customer_name) = row
    return shift_id, PaymentLine(
        payment_uuid=uuid_, receipt_number=number, receipt_no=format_receipt_no(terminal, number),
        cashier_id=cashier, account_no=account, taken_at=datetime.fromisoformat(taken),
        amount_fen=amount, cash_fen=cash, cash_tendered_fen=tendered, change_fen=change,
        card_fen=card, voided=status == "void", change_rounding_fen=rounding,
        customer_name=customer_name or "",
    )


def _movement(row: tuple) -> CashMovement:
    id_, shift_id, kind, amount, reason, by, at, approved = row
    return CashMovement(movement_id=id_, shift_id=shift_id, kind=MovementKind(kind),
                        amount_fen=amount, reason=reason, created_by=by,
                        created_at=datetime.fromisoformat(at), approved_by=approved)


def _close(row: tuple) -> CloseRecord:
    counted = None if row[4] is None else DenominationCount.from_dict(json.loads(row[4]))
    return CloseRecord(
        shift_id=row[0], state=CloseState(row[1]), begun_by=row[2],
        begun_at=datetime.fromisoformat(row[3]), counted=counted, bank_settlement_fen=row[6],
        expected_cash_fen=row[7], card_total_fen=row[8], payment_count=row[11],
        counted_by=row[12], counted_at=_dt(row[13]), signed_off_by=row[14],
        signed_off_at=_dt(row[15]), override_reason=row[16], override_by=row[17],
        unsent_at_sign_off=row[18], closed_by=row[19], closed_at=_dt(row[20]),
        report_item_key=row[21],
    )


class SqliteCashTx(SqliteTx):
    """SqliteTx plus the cash-control methods (services.shift_reports.CashTx)."""

    def get_shift(self, shift_id: int) -> Shift | None:
        row = self._one(f"SELECT {_SHIFT_COLS} FROM shifts WHERE id = ?", (shift_id,))
        return None if row is None else _shift(row)

    def shifts_opened_on(self, day: date, terminal_id: str | None = None) -> list[Shift]:
        lo, hi = day.isoformat(), day.isoformat() + "T99"
        sql = f"SELECT {_SHIFT_COLS} FROM shifts WHERE opened_at >= ? AND opened_at < ?"
        params: tuple = (lo, hi)
        if terminal_id is not None:
            sql += " AND terminal_id = ?"
            params += (terminal_id,)
        return [_shift(r) for r in self._q(sql + " ORDER BY id", params)]

    def add_cash_movement(self, *, shift_id: int, terminal_id: str, kind: MovementKind,
                          amount_fen: int, reason: str, created_by: str, approved_by: str | None,
                          created_at: datetime) -> CashMovement:
        cur = self._w(
            "INSERT INTO cash_movements (shift_id, terminal_id, kind, amount_fen, reason, "
            "created_by, approved_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (shift_id, terminal_id, MovementKind(kind).value, amount_fen, reason, created_by,
             approved_by, created_at.isoformat()),
        )
        return CashMovement(movement_id=cur.lastrowid, shift_id=shift_id, kind=MovementKind(kind),
                            amount_fen=amount_fen, reason=reason, created_by=created_by,
                            created_at=created_at, approved_by=approved_by)

    def cash_movements(self, shift_id: int) -> list[CashMovement]:
        rows = self._q(f"SELECT {_MOVE_COLS} FROM cash_movements WHERE shift_id = ? ORDER BY id",
                       (shift_id,))
        return [_movement(r) for r in rows]

    def shift_refund_lines(self, shift_id: int) -> list[RefundLine]:
        rows = self._q("SELECT refund_uuid, receipt_number, terminal_id, account_no, amount_fen, "
                       "refunded_at FROM refunds WHERE shift_id = ? ORDER BY receipt_number",
                       (shift_id,))
        return [RefundLine(refund_uuid=u, receipt_number=n, receipt_no=format_receipt_no(t, n),
                           account_no=a, amount_fen=f, refunded_at=datetime.fromisoformat(at))
                for u, n, t, a, f, at in rows]

    def credit_payment_lines(self, account_no: str, *, limit: int = 50) -> list[tuple[int, PaymentLine, int]]:
        """(shift id, line, credit fen) of the account's live payments that left prepaid credit."""
        rows = self._q(
            _LINE_SQL.replace("p.status, ", "p.status, p.credit_fen, ", 1)
            + "WHERE p.account_no = ? AND p.status = 'ok' AND p.credit_fen > 0 "
            "GROUP BY p.payment_uuid ORDER BY p.taken_at DESC LIMIT ?", (account_no, limit))
        out = []
        for r in rows:
            credit = r[9]
            shift_id, line = _line(r[:9] + r[10:])
            out.append((shift_id, line, credit))
        return out

    def shift_payment_lines(self, shift_id: int) -> list[PaymentLine]:
        rows = self._q(_LINE_SQL + "WHERE p.shift_id = ? GROUP BY p.payment_uuid "
                       "ORDER BY p.receipt_number", (shift_id,))
        return [_line(r)[1] for r in rows]

    def payment_lines_on(self, terminal_id: str, day: date) -> list[tuple[int, PaymentLine]]:
        rows = self._q(_LINE_SQL + "WHERE p.terminal_id = ? AND p.business_date = ? "
                       "GROUP BY p.payment_uuid ORDER BY p.receipt_number",
                       (terminal_id, day.isoformat()))
        return [_line(r) for r in rows]

    def unsent_payment_count(self, shift_id: int) -> int:
        return self._one(
            "SELECT count(*) FROM outbox o JOIN payments p ON p.payment_uuid = o.item_key "
            "WHERE o.kind = 'payment' AND p.shift_id = ?", (shift_id,))[0]

    def get_shift_close(self, shift_id: int) -> CloseRecord | None:
        row = self._one(f"SELECT {_CLOSE_COLS} FROM shift_closes WHERE shift_id = ?", (shift_id,))
        return None if row is None else _close(row)

    def save_shift_close(self, record: CloseRecord) -> None:
        c = record
        counted = c.counted
        cash_os = None if counted is None or c.expected_cash_fen is None else (
            counted.total_fen - c.expected_cash_fen)
        card_os = None if c.bank_settlement_fen is None or c.card_total_fen is None else (
            c.bank_settlement_fen - c.card_total_fen)
        marks = ", ".join("?" * 22)
        self._w(
            f"INSERT OR REPLACE INTO shift_closes ({_CLOSE_COLS}) VALUES ({marks})",
            (c.shift_id, CloseState(c.state).value, c.begun_by, c.begun_at.isoformat(),
             None if counted is None else json.dumps(counted.as_dict(), sort_keys=True),
             None if counted is None else counted.total_fen, c.bank_settlement_fen,
             c.expected_cash_fen, c.card_total_fen, cash_os, card_os, c.payment_count,
             c.counted_by, _iso(c.counted_at), c.signed_off_by, _iso(c.signed_off_at),
             c.override_reason, c.override_by, c.unsent_at_sign_off, c.closed_by,
             _iso(c.closed_at), c.report_item_key),
        )

    def mark_shift_closed(self, shift_id: int, *, closed_at: datetime) -> None:
        cur = self._w("UPDATE shifts SET status = 'closed', closed_at = ? WHERE id = ? "
                      "AND status = 'open'", (closed_at.isoformat(), shift_id))
        if cur.rowcount != 1:
            raise StoreError(f"Shift {shift_id} is not open.", code="store.no_row")

    def reprint_count(self, shift_id: int) -> int:
        return self._one(
            "SELECT count(*) FROM print_jobs j JOIN payments p ON p.payment_uuid = j.payment_uuid "
            "WHERE j.kind = 'reprint' AND p.shift_id = ?", (shift_id,))[0]

    def drawer_openings(self, terminal_id: str, *, since: datetime, until: datetime) -> int:
        return self._one(
            "SELECT count(*) FROM audit_log WHERE terminal_id = ? AND action IN "
            "('drawer.open', 'drawer.open_no_sale') AND outcome = 'ok' AND at >= ? AND at <= ?",
            (terminal_id, since.isoformat(), until.isoformat()))[0]

    def outbox_holds(self, kind: str, item_key: str) -> bool:
        return self._one("SELECT 1 FROM outbox WHERE kind = ? AND item_key = ?",
                         (kind, item_key)) is not None


class SqliteCashStore:
    """services.shift_reports.CashStore over the counter store (its file and transactions)."""

    def __init__(self, store) -> None:
        self._store = store

    @property
    def path(self):
        return self._store.path

    @contextmanager
    def write(self) -> Iterator[SqliteCashTx]:
        with self._store.write() as tx:
            yield SqliteCashTx(_raw(tx), writable=True)

    @contextmanager
    def read(self) -> Iterator[SqliteCashTx]:
        with self._store.read() as tx:
            yield SqliteCashTx(_raw(tx), writable=False)


def _raw(tx: SqliteTx) -> sqlite3.Connection:
    return tx.raw
