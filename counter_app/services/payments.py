"""Quoting an account and taking a payment in ONE write transaction (payment, receipt no., outbox, audit)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from hall_domain.accounts import Customer
from hall_domain.allocation import Quote, allocate, apply_allocation, quote
from hall_domain.errors import AccountError, PaymentError, ShiftError
from hall_domain.late_fees import LateFeeRuleSet
from hall_domain.money import DEFAULT_MAX_FEN, format_fen
from hall_domain.payments import Payment
from hall_domain.receipts import ReceiptContext, payment_receipt, settled_bills
from hall_domain.security import Action, User, require
from hall_domain.shifts import ensure_open
from hall_domain.tenders import ChangeRounding, Tender, TenderKind, validate_tenders

from . import approvals
from .audit_service import append_audit
from .outbox_seal import seal, with_seals
from .ports import CounterStore, CounterTx
from .print_jobs import queue_receipt

PAYMENT = "payment"


@dataclass(frozen=True, slots=True)
class ReceiptJobSpec:
    """The receipt to queue with a payment: who and where (hall, cashier, footer), which printer."""

    context: ReceiptContext
    printer_uri: str = ""


def _customer_or_raise(tx: CounterTx, account_no: str) -> Customer:
    customer = tx.customers.get_customer(account_no)
    if customer is None:
        raise AccountError(
            f"No customer with account number {account_no}.",
            code="account.not_found",
            account_no=account_no,
        )
    return customer


def quote_account(
    store: CounterStore, account_no: str, *, on: date, rules: LateFeeRuleSet
) -> Quote:
    """Open bills oldest first with late fees if paid on `on`; AccountError if no such account."""
    account_no = (account_no or "").strip()
    with store.read() as tx:
        customer = _customer_or_raise(tx, account_no)
        bills = tx.bills.open_bills(account_no)
    return quote(customer, bills, on, rules)


def _validate_amount(amount_fen: int, max_fen: int) -> None:
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool):
        raise TypeError("amount must be int fen")
    if amount_fen <= 0:
        raise PaymentError("Payment amount must be more than zero.", code="payment.not_positive")
    if amount_fen > max_fen:
        raise PaymentError(
            f"Payment {format_fen(amount_fen)} is over the limit of {format_fen(max_fen)}.",
            code="payment.over_limit",
            amount_fen=amount_fen,
            limit_fen=max_fen,
        )


def tender_record(t: Tender) -> dict:
    """A tender as stored and sent: the masked card number only, never a full one."""
    if t.kind == TenderKind.CASH:
        record = {"kind": "cash", "amount_fen": t.amount_fen, "tendered_fen": t.tendered_fen,
                  "change_fen": t.change_fen}
        if t.rounding_fen:  # only when rounded: payloads of unrounded payments stay as they were
            record["change_rounding_fen"] = t.rounding_fen
        return record
    return {"kind": "card", "amount_fen": t.amount_fen, "reference": t.reference,
            "auth_code": t.auth_code, "masked_card": t.masked_card}


def ledger_payload(payment: Payment) -> dict:
    """Everything the central ledger needs to record the payment once (keyed by its UUID)."""
    return {
        "payment_uuid": payment.payment_uuid,
        "terminal_id": payment.terminal_id,
        "shift_id": payment.shift_id,
        "cashier_id": payment.cashier_id,
        "account_no": payment.account_no,
        "amount_fen": payment.amount_fen,
        "credit_fen": payment.credit_fen,
        "change_fen": payment.change_fen,
        "taken_at": payment.taken_at.isoformat(),
        "business_date": payment.business_date.isoformat(),
        "receipt_number": payment.receipt_number,
        "receipt_no": payment.receipt_no,
        "tenders": [tender_record(t) for t in payment.tenders],
        "allocations": [
            {"bill_id": a.bill_id, "period": a.period, "late_fee_fen": a.late_fee_fen,
             "principal_fen": a.principal_fen, "late_fee_assessed_fen": a.late_fee_assessed_fen,
             "settles_bill": a.settles_bill}
            for a in payment.allocations
        ],
    }


def take_payment(
    store: CounterStore,
    *,
    terminal_id: str,
    user: User,
    account_no: str,
    amount_fen: int,
    tenders: list[Tender],
    now: datetime,
    rules: LateFeeRuleSet,
    max_fen: int = DEFAULT_MAX_FEN,
    receipt_job: ReceiptJobSpec | None = None,
    change_rounding: ChangeRounding = ChangeRounding.NONE,
) -> Payment:
    """Record a payment durably; print the receipt only after this returns.

    With `receipt_job`, the receipt's print job is stored in the same transaction (see
    `take_payment_with_receipt` for its id).

    Checks (permission, amount, tenders) come first; then one BEGIN IMMEDIATE transaction
    re-reads the shift, customer and open bills, allocates, takes the next gapless receipt
    number and writes payment, tenders, allocations, bills, credit, outbox item and audit
    entry. Any failure rolls all of it back, receipt number included.

    `change_rounding` is the hall's rule for change (`counter.change_rounding`): a cash
    tender's change is rounded by it and the difference stored with the tender.
    """
    payment, _ = _take(store, terminal_id=terminal_id, user=user, account_no=account_no,
                       amount_fen=amount_fen, tenders=tenders, now=now, rules=rules,
                       max_fen=max_fen, receipt_job=receipt_job, change_rounding=change_rounding)
    return payment


def take_payment_with_receipt(
    store: CounterStore, *, receipt_job: ReceiptJobSpec, **kwargs
) -> tuple[Payment, int]:
    """take_payment, and the id of the receipt's print job stored with it (same transaction)."""
    payment, job_id = _take(store, receipt_job=receipt_job, **kwargs)
    assert job_id is not None
    return payment, job_id


def _take(
    store: CounterStore,
    *,
    terminal_id: str,
    user: User,
    account_no: str,
    amount_fen: int,
    tenders: list[Tender],
    now: datetime,
    rules: LateFeeRuleSet,
    max_fen: int = DEFAULT_MAX_FEN,
    receipt_job: ReceiptJobSpec | None = None,
    change_rounding: ChangeRounding = ChangeRounding.NONE,
    approval: approvals.Approval | None = None,
    approval_for: tuple[Action, str, str] | None = None,
) -> tuple[Payment, int | None]:
    require(user, Action.TAKE_PAYMENT)
    _validate_amount(amount_fen, max_fen)
    tenders = [ChangeRounding(change_rounding).apply(t) for t in tenders]
    validate_tenders(amount_fen, tenders)
    account_no = (account_no or "").strip()
    on = now.date()

    with store.write() as tx:
        if approval_for is not None:  # used up with the payment: kept if the payment fails
            action, target, why = approval_for
            approvals.consume(tx, approval, action=action, initiator=user, target=target,
                              now=now, message=why)
        shift = ensure_open(tx.shifts.open_shift_for(terminal_id), terminal_id)
        if tx.shifts.shift_close_state(shift.shift_id) is not None:
            # The drawer is being counted for the blind close: money taken now would make
            # the count wrong. The supervisor finishes (or the cashier recounts) first.
            raise ShiftError("This shift is being closed; no payments until the close is done.",
                             code="shift.closing")
        customer = _customer_or_raise(tx, account_no)
        bills = tx.bills.open_bills(account_no)
        quoted = quote(customer, bills, on, rules)
        result = allocate(quoted, amount_fen)
        by_id = {b.bill_id: b for b in bills}
        payment = Payment(
            payment_uuid=str(uuid.uuid4()),  # made once, here; every resend reuses it
            terminal_id=terminal_id,
            shift_id=shift.shift_id,
            cashier_id=user.user_id,
            account_no=account_no,
            amount_fen=amount_fen,
            taken_at=now,
            business_date=on,
            receipt_number=tx.payments.next_receipt_number(terminal_id),
            tenders=tuple(tenders),
            allocations=result.allocations,
            credit_fen=result.credit_fen,
        )
        tx.payments.insert_payment(payment)
        tx.payments.insert_tenders(payment.payment_uuid, payment.tenders)
        tx.payments.insert_allocations(payment.payment_uuid, payment.allocations)
        for alloc in payment.allocations:
            tx.bills.update_bill(apply_allocation(by_id[alloc.bill_id], alloc, on))
        if payment.credit_fen:
            tx.customers.add_customer_credit(account_no, payment.credit_fen, now=now)
        # The outbox payload's SHA-256 is sealed into the audit entry written first, and the
        # outbox row names that entry: same statements as before, one hash more.
        payload_json = json.dumps(ledger_payload(payment), ensure_ascii=False, sort_keys=True)
        entry = append_audit(
            tx, at=now, terminal_id=terminal_id, user_id=user.user_id, action="payment.take",
            target=f"payment:{payment.payment_uuid}",
            detail=with_seals({
                "account_no": account_no, "amount_fen": amount_fen,
                "receipt_no": payment.receipt_no, "credit_fen": payment.credit_fen,
                "tenders": [t.kind.value for t in payment.tenders],
            }, [seal(PAYMENT, payment.payment_uuid, payload_json)]),
        )
        tx.outbox.add_outbox(
            kind=PAYMENT,
            item_key=payment.payment_uuid,
            account_no=account_no,
            payload_json=payload_json,
            created_at=now,
            audit_seq=entry.seq,
        )
        job_id = None
        if receipt_job is not None:  # durable with the payment; printed only after COMMIT
            receipt = payment_receipt(
                payment, customer, settled_bills(payment.allocations, by_id), receipt_job.context,
                still_owed_fen=quoted.total_due_fen - result.allocated_fen,
                credit_balance_fen=customer.credit_fen + payment.credit_fen)
            job_id = queue_receipt(tx.print_jobs, receipt, printer_uri=receipt_job.printer_uri,
                                   now=now)
    return payment, job_id


def get_payment(store: CounterStore, payment_uuid: str) -> Payment | None:
    with store.read() as tx:
        return tx.payments.get_payment(payment_uuid)


def last_payment(store: CounterStore, *, terminal_id: str) -> Payment | None:
    """The terminal's latest payment by receipt number (for reprint)."""
    with store.read() as tx:
        return tx.payments.last_payment(terminal_id)
