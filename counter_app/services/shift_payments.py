"""Payments to pick from for a void (this counter's open shift) or a refund (an account's
payments that left prepaid credit, from shifts already closed)."""

from __future__ import annotations

from dataclasses import dataclass

from hall_domain.security import Action, User, require
from hall_domain.shift_totals import PaymentLine

from .shift_reports import CashStore


@dataclass(frozen=True, slots=True)
class RefundablePayment:
    line: PaymentLine
    shift_id: int
    credit_fen: int  # prepaid credit the payment left
    refundable_fen: int  # what of it can still be paid back now


def list_shift_payments(store: CashStore, *, terminal_id: str, user: User) -> list[PaymentLine]:
    """The payments of the terminal's open shift, newest first (void ones marked `voided`)."""
    require(user, Action.TAKE_PAYMENT)
    with store.read() as tx:
        shift = tx.shifts.open_shift_for(terminal_id)
        if shift is None:
            return []
        return list(reversed(tx.cash.shift_payment_lines(shift.shift_id)))


def list_refundable_payments(store: CashStore, *, account_no: str, user: User
                             ) -> list[RefundablePayment]:
    """The account's payments from closed shifts with prepaid credit still to refund."""
    require(user, Action.TAKE_PAYMENT)
    account_no = (account_no or "").strip()
    out: list[RefundablePayment] = []
    with store.read() as tx:
        customer = tx.customers.get_customer(account_no)
        if customer is None:
            return []
        for shift_id, line, credit in tx.cash.credit_payment_lines(account_no):
            shift = tx.shifts.get_shift(shift_id)
            if shift is None or shift.is_open:
                continue
            left = credit - tx.approvals.refunded_fen(line.payment_uuid)
            refundable = max(0, min(left, customer.credit_fen))
            if refundable:
                out.append(RefundablePayment(line, shift_id, credit, refundable))
    return out
