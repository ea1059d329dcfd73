"""Approvals, voids, refunds and allocation before-images: models and repository on SQLite.

`tx.approvals` is a SqliteApprovals over the open transaction (services.ports.ApprovalRecords).
The before-image of each bill is written by a trigger when take_payment inserts the
allocation (before it updates the bill), so a void restores the bill exactly.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from hall_domain.accounts import Bill

from .models import Base
from .rows import BILL_COLS, bill_of


class ApprovalRow(Base):
    __tablename__ = "approvals"
    __table_args__ = (
        CheckConstraint("initiator_id != approver_id", name="two_people"),
        Index("ix_approvals_target", "target"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(Text, nullable=False)
    terminal_id: Mapped[str] = mapped_column(Text, nullable=False)
    initiator_id: Mapped[str] = mapped_column(Text, ForeignKey("users.user_id"), nullable=False)
    approver_id: Mapped[str] = mapped_column(Text, ForeignKey("users.user_id"), nullable=False)
    target: Mapped[str] = mapped_column(Text, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    approved_at: Mapped[str] = mapped_column(Text, nullable=False)
    used_at: Mapped[str | None] = mapped_column(Text, nullable=True)


class VoidRow(Base):
    __tablename__ = "voids"

    void_id: Mapped[str] = mapped_column(Text, primary_key=True)  # the outbox item key
    payment_uuid: Mapped[str] = mapped_column(
        Text, ForeignKey("payments.payment_uuid"), nullable=False, unique=True
    )
    approval_id: Mapped[int] = mapped_column(Integer, ForeignKey("approvals.id"), nullable=False)
    voided_by: Mapped[str] = mapped_column(Text, nullable=False)
    approved_by: Mapped[str] = mapped_column(Text, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    voided_at: Mapped[str] = mapped_column(Text, nullable=False)


class RefundRow(Base):
    __tablename__ = "refunds"
    __table_args__ = (
        CheckConstraint("amount_fen > 0", name="amount"),
        Index("ix_refunds_payment_uuid", "payment_uuid"),
    )

    refund_uuid: Mapped[str] = mapped_column(Text, primary_key=True)
    payment_uuid: Mapped[str] = mapped_column(
        Text, ForeignKey("payments.payment_uuid"), nullable=False
    )
    account_no: Mapped[str] = mapped_column(Text, nullable=False)
    amount_fen: Mapped[int] = mapped_column(Integer, nullable=False)
    terminal_id: Mapped[str] = mapped_column(Text, nullable=False)
    shift_id: Mapped[int] = mapped_column(Integer, ForeignKey("shifts.id"), nullable=False)
    receipt_number: Mapped[int] = mapped_column(Integer, nullable=False)
    approval_id: Mapped[int] = mapped_column(Integer, ForeignKey("approvals.id"), nullable=False)
    refunded_by: Mapped[str] = mapped_column(Text, nullable=False)
    approved_by: Mapped[str] = mapped_column(Text, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    refunded_at: Mapped[str] = mapped_column(Text, nullable=False)


class AllocationBeforeRow(Base):
    """The bill as it was just before a payment's allocation was applied to it."""

    __tablename__ = "allocation_before"
    __table_args__ = (Index("ix_allocation_before_payment_uuid", "payment_uuid"),)

    allocation_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("payment_allocations.id"), primary_key=True, autoincrement=False
    )
    payment_uuid: Mapped[str] = mapped_column(Text, nullable=False)
    bill_id: Mapped[int] = mapped_column(Integer, nullable=False)
    principal_paid_fen: Mapped[int] = mapped_column(Integer, nullable=False)
    late_fee_assessed_fen: Mapped[int] = mapped_column(Integer, nullable=False)
    late_fee_paid_fen: Mapped[int] = mapped_column(Integer, nullable=False)
    fee_accrued_through: Mapped[str | None] = mapped_column(Text, nullable=True)
    late_fee_waived: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(Text, nullable=False)


BEFORE_IMAGE_TRIGGER = """
CREATE TRIGGER allocation_before_image AFTER INSERT ON payment_allocations
BEGIN
    INSERT INTO allocation_before (allocation_id, payment_uuid, bill_id, principal_paid_fen,
        late_fee_assessed_fen, late_fee_paid_fen, fee_accrued_through, late_fee_waived, status)
    SELECT NEW.id, NEW.payment_uuid, b.id, b.principal_paid_fen, b.late_fee_assessed_fen,
           b.late_fee_paid_fen, b.fee_accrued_through, b.late_fee_waived, b.status
    FROM bills b WHERE b.id = NEW.bill_id;
END
"""

class SqliteApprovals:
    """Rows of the approval tables over the sqlite3 connection of an open transaction."""

    def __init__(self, raw: sqlite3.Connection, writable: bool) -> None:
        self._raw = raw
        self._writable = writable

    def _w(self, sql: str, params: tuple) -> sqlite3.Cursor:
        if not self._writable:
            raise PermissionError("write inside a read transaction (use store.write())")
        return self._raw.execute(sql, params)

    # approvals
    def insert_approval(self, *, action: str, terminal_id: str, initiator_id: str,
                        approver_id: str, target: str, reason: str, approved_at: datetime) -> int:
        cur = self._w(
            "INSERT INTO approvals (action, terminal_id, initiator_id, approver_id, target, reason, "
            "approved_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (action, terminal_id, initiator_id, approver_id, target, reason, approved_at.isoformat()),
        )
        return int(cur.lastrowid)

    def get_approval(self, approval_id: int) -> dict | None:
        row = self._raw.execute(
            "SELECT id, action, terminal_id, initiator_id, approver_id, target, reason, "
            "approved_at, used_at FROM approvals WHERE id = ?", (approval_id,)).fetchone()
        if row is None:
            return None
        keys = ("approval_id", "action", "terminal_id", "initiator_id", "approver_id", "target",
                "reason", "approved_at", "used_at")
        return dict(zip(keys, row, strict=True))

    def use_approval(self, approval_id: int, *, at: datetime) -> bool:
        """Mark an approval used; False when it was already used (each approval is single-use)."""
        cur = self._w("UPDATE approvals SET used_at = ? WHERE id = ? AND used_at IS NULL",
                      (at.isoformat(), approval_id))
        return cur.rowcount == 1

    # payments and bills
    def payment_status(self, payment_uuid: str) -> tuple[str, str] | None:
        """(status, shift status) of a payment, or None."""
        return self._raw.execute(
            "SELECT p.status, s.status FROM payments p JOIN shifts s ON s.id = p.shift_id "
            "WHERE p.payment_uuid = ?", (payment_uuid,)).fetchone()

    def set_payment_void(self, payment_uuid: str) -> None:
        cur = self._w("UPDATE payments SET status = 'void' WHERE payment_uuid = ? AND status = 'ok'",
                      (payment_uuid,))
        if cur.rowcount != 1:
            raise LookupError(f"no payment {payment_uuid} to void")

    def bills_by_id(self, bill_ids: list[int]) -> dict[int, Bill]:
        marks = ",".join("?" * len(bill_ids))
        rows = self._raw.execute(f"SELECT {BILL_COLS} FROM bills WHERE id IN ({marks})",
                                 tuple(bill_ids)).fetchall() if bill_ids else []
        return {r[0]: bill_of(r) for r in rows}

    def before_images(self, payment_uuid: str) -> dict[int, Bill]:
        """bill_id -> the bill as it was just before this payment (fields of the bills table)."""
        rows = self._raw.execute(
            "SELECT b.id, b.account_no, b.period, b.kwh, b.amount_fen, b.due_date, "
            "x.principal_paid_fen, x.late_fee_assessed_fen, x.late_fee_paid_fen, "
            "x.fee_accrued_through, x.late_fee_waived, x.status FROM allocation_before x "
            "JOIN bills b ON b.id = x.bill_id WHERE x.payment_uuid = ? ORDER BY x.allocation_id",
            (payment_uuid,)).fetchall()
        return {r[0]: bill_of(r) for r in rows}

    def later_payments_on_bills(self, payment_uuid: str) -> list[str]:
        """Payments still 'ok' that touched the same bills after this one."""
        rows = self._raw.execute(
            "SELECT DISTINCT a2.payment_uuid FROM payment_allocations a1 "
            "JOIN payment_allocations a2 ON a2.bill_id = a1.bill_id AND a2.id > a1.id "
            "JOIN payments p ON p.payment_uuid = a2.payment_uuid AND p.status = 'ok' "
            "WHERE a1.payment_uuid = ? AND a2.payment_uuid != a1.payment_uuid", (payment_uuid,)
        ).fetchall()
        return [r[0] for r in rows]

    # voids and refunds
    def insert_void(self, *, void_id: str, payment_uuid: str, approval_id: int, voided_by: str,
                    approved_by: str, reason: str, voided_at: datetime) -> None:
        self._w("INSERT INTO voids (void_id, payment_uuid, approval_id, voided_by, approved_by, "
                "reason, voided_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (void_id, payment_uuid, approval_id, voided_by, approved_by, reason,
                 voided_at.isoformat()))

    def void_of(self, payment_uuid: str) -> dict | None:
        row = self._raw.execute(
            "SELECT void_id, payment_uuid, voided_by, approved_by, reason, voided_at FROM voids "
            "WHERE payment_uuid = ?", (payment_uuid,)).fetchone()
        keys = ("void_id", "payment_uuid", "voided_by", "approved_by", "reason", "voided_at")
        return None if row is None else dict(zip(keys, row, strict=True))

    def insert_refund(self, *, refund_uuid: str, payment_uuid: str, account_no: str,
                      amount_fen: int, terminal_id: str, shift_id: int, receipt_number: int,
                      approval_id: int, refunded_by: str, approved_by: str, reason: str,
                      refunded_at: datetime) -> None:
        self._w("INSERT INTO refunds (refund_uuid, payment_uuid, account_no, amount_fen, "
                "terminal_id, shift_id, receipt_number, approval_id, refunded_by, approved_by, "
                "reason, refunded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (refund_uuid, payment_uuid, account_no, amount_fen, terminal_id, shift_id,
                 receipt_number, approval_id, refunded_by, approved_by, reason,
                 refunded_at.isoformat()))

    def refunded_fen(self, payment_uuid: str) -> int:
        return self._raw.execute("SELECT coalesce(sum(amount_fen), 0) FROM refunds "
                                 "WHERE payment_uuid = ?", (payment_uuid,)).fetchone()[0]
