"""Cash-control tables (cash_movements, shift_closes): models, and the `cash` repository on SQLite.

The shift close record lives with the shifts (shifts_repo); `SqliteCashStore(store)` is
services.shift_reports.CashStore over the store's own transactions.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from hall_domain.payments import format_receipt_no
from hall_domain.shift_totals import CashMovement, MovementKind, PaymentLine, RefundLine

from .models import Base
from .rows import SqliteRepo


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



class SqliteCash(SqliteRepo):
    """Cash-control figures of a shift (services.ports.CashRecords): drawer movements, the
    payment and refund lines the reports list, reprints and drawer openings."""

    __slots__ = ()

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

    def reprint_count(self, shift_id: int) -> int:
        return self._one(
            "SELECT count(*) FROM print_jobs j JOIN payments p ON p.payment_uuid = j.payment_uuid "
            "WHERE j.kind = 'reprint' AND p.shift_id = ?", (shift_id,))[0]

    def drawer_openings(self, terminal_id: str, *, since: datetime, until: datetime) -> int:
        return self._one(
            "SELECT count(*) FROM audit_log WHERE terminal_id = ? AND action IN "
            "('drawer.open', 'drawer.open_no_sale') AND outcome = 'ok' AND at >= ? AND at <= ?",
            (terminal_id, since.isoformat(), until.isoformat()))[0]


class SqliteCashStore:
    """services.shift_reports.CashStore over the counter store: the same file and the same
    transactions (every transaction of the store has the `cash` repository)."""

    def __init__(self, store) -> None:
        self._store = store

    @property
    def path(self):
        return self._store.path

    def write(self):
        return self._store.write()

    def read(self):
        return self._store.read()
