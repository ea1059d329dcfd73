"""Payments on SQLite (services.ports.Payments): a payment with its tenders and allocations,
the terminal's receipt numbers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from hall_domain.allocation import Allocation
from hall_domain.payments import Payment
from hall_domain.tenders import CardTender, CashTender, Tender, TenderKind

from .rows import SqliteRepo


class SqlitePayments(SqliteRepo):
    """The payments, payment_tenders, payment_allocations and receipt_counters tables."""

    __slots__ = ()

    def next_receipt_number(self, terminal_id: str) -> int:
        """Take the terminal's next receipt number (1, 2, 3, ...; a rollback gives it back)."""
        rows = self._w(
            "INSERT INTO receipt_counters (terminal_id, last_number) VALUES (?, 1) "
            "ON CONFLICT(terminal_id) DO UPDATE SET last_number = last_number + 1 "
            "RETURNING last_number",
            (terminal_id,),
        ).fetchall()
        return rows[0][0]

    def last_receipt_numbers(self) -> dict[str, int]:
        return dict(self._q("SELECT terminal_id, last_number FROM receipt_counters ORDER BY 1"))

    def insert_payment(self, payment: Payment) -> None:
        self._w(
            "INSERT INTO payments (payment_uuid, terminal_id, shift_id, cashier_id, account_no, "
            "amount_fen, credit_fen, change_fen, taken_at, business_date, receipt_number, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok')",
            (
                payment.payment_uuid,
                payment.terminal_id,
                payment.shift_id,
                payment.cashier_id,
                payment.account_no,
                payment.amount_fen,
                payment.credit_fen,
                payment.change_fen,
                payment.taken_at.isoformat(),
                payment.business_date.isoformat(),
                payment.receipt_number,
            ),
        )

    def insert_tenders(self, payment_uuid: str, tenders: Sequence[Tender]) -> None:
        self._check_writable()
        rows = []
        for t in tenders:
            if t.kind == TenderKind.CASH:
                rows.append((payment_uuid, "cash", t.amount_fen, t.tendered_fen, t.change_fen,
                             t.rounding_fen, None, None, None))
            else:
                rows.append((payment_uuid, "card", t.amount_fen, None, 0, 0, t.reference,
                             t.auth_code, t.masked_card))
        self._raw.executemany(
            "INSERT INTO payment_tenders (payment_uuid, kind, amount_fen, tendered_fen, "
            "change_fen, change_rounding_fen, reference, auth_code, masked_card) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def insert_allocations(self, payment_uuid: str, allocations: Sequence[Allocation]) -> None:
        self._check_writable()
        self._raw.executemany(
            "INSERT INTO payment_allocations (payment_uuid, bill_id, late_fee_fen, principal_fen, "
            "late_fee_assessed_fen, settles_bill) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (payment_uuid, a.bill_id, a.late_fee_fen, a.principal_fen,
                 a.late_fee_assessed_fen, int(a.settles_bill))
                for a in allocations
            ],
        )

    def get_payment(self, payment_uuid: str) -> Payment | None:
        row = self._one(
            "SELECT payment_uuid, terminal_id, shift_id, cashier_id, account_no, amount_fen, "
            "credit_fen, taken_at, business_date, receipt_number FROM payments "
            "WHERE payment_uuid = ?",
            (payment_uuid,),
        )
        if row is None:
            return None
        tenders: list[Tender] = []
        for kind, amount, tendered, rounding, reference, auth_code, masked in self._q(
            "SELECT kind, amount_fen, tendered_fen, change_rounding_fen, reference, auth_code, "
            "masked_card FROM payment_tenders WHERE payment_uuid = ? ORDER BY id",
            (payment_uuid,),
        ):
            if kind == TenderKind.CASH.value:
                tenders.append(CashTender(amount_fen=amount, tendered_fen=tendered,
                                          rounding_fen=rounding))
            else:
                tenders.append(CardTender(amount_fen=amount, reference=reference,
                                          auth_code=auth_code, masked_card=masked))
        allocations = tuple(
            Allocation(
                bill_id=bill_id,
                period=period,
                late_fee_fen=fee,
                principal_fen=principal,
                late_fee_assessed_fen=assessed,
                settles_bill=bool(settles),
            )
            for bill_id, period, fee, principal, assessed, settles in self._q(
                "SELECT a.bill_id, b.period, a.late_fee_fen, a.principal_fen, "
                "a.late_fee_assessed_fen, a.settles_bill FROM payment_allocations a "
                "JOIN bills b ON b.id = a.bill_id WHERE a.payment_uuid = ? ORDER BY a.id",
                (payment_uuid,),
            )
        )
        return Payment(
            payment_uuid=row[0],
            terminal_id=row[1],
            shift_id=row[2],
            cashier_id=row[3],
            account_no=row[4],
            amount_fen=row[5],
            credit_fen=row[6],
            taken_at=datetime.fromisoformat(row[7]),
            business_date=date.fromisoformat(row[8]),
            receipt_number=row[9],
            tenders=tuple(tenders),
            allocations=allocations,
        )

    def last_payment(self, terminal_id: str) -> Payment | None:
        row = self._one(
            "SELECT payment_uuid FROM payments WHERE terminal_id = ? "
            "ORDER BY receipt_number DESC LIMIT 1",
            (terminal_id,),
        )
        return None if row is None else self.get_payment(row[0])

    def set_card_reference(self, payment_uuid: str, tender_index: int, reference: str) -> None:
        """The reference of the payment's `tender_index`-th tender (in the order taken)."""
        self._check_writable()
        row = self._one("SELECT id, kind FROM payment_tenders WHERE payment_uuid = ? "
                        "ORDER BY id LIMIT 1 OFFSET ?", (payment_uuid, tender_index))
        if row is None or row[1] != "card":
            raise ValueError(f"payment {payment_uuid} has no card tender {tender_index}")
        self._w("UPDATE payment_tenders SET reference = ? WHERE id = ?", (reference, row[0]))
