"""Refunds of prepaid credit (预存退款) taken at a counter after the payment's shift.

The money has already left the drawer when the item arrives, so the ledger records every
refund of its hall: it takes the amount off the customer's credit (journal kind `refund`,
`credit_fen` negative) and stamps a change number on the customer so other counters see the
new credit. When the ledger's credit is lower than the amount (it was used or refunded
elsewhere meanwhile), only what is there is taken (credit never goes below zero), the rest is
answered as `uncovered_fen` and the refund is flagged for a supervisor (`credit_short`).

A refund takes its own receipt number from the counter's sequence: the item's `ref` holds that
number, and reconciliation counts it with the payments' numbers (no false gap).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from hall_domain.payments import format_receipt_no

from ..store.db import next_change_seqs
from ..store.models import Customer, JournalEntry, Payment
from ..wire import RefundIn, dumps
from .booking import iso_utc
from .refusal import ItemRefused
from .terminals import Principal

REFUND = "refund"  # item kind and journal kind; journal ref = the refund's id (item key)
CREDIT_SHORT = "credit_short"
UNKNOWN_ACCOUNT = "unknown_account"
UNKNOWN_PAYMENT = "unknown_payment"


def readable_ref_sql(dialect: str) -> str:
    """True where an item's `ref` is 1 to 18 ASCII digits, so CAST(ref AS BIGINT) cannot fail
    (a refund recorded before the wire bounded receipt numbers may hold 10^20, or anything)."""
    if dialect == "postgresql":
        return "ref ~ '^[0-9]{1,18}$'"
    return "(length(ref) BETWEEN 1 AND 18 AND ref NOT GLOB '*[^0-9]*')"


def used_receipts_sql(dialect: str) -> str:
    """A derived table `used(receipt_number)`: every receipt number a terminal (:h, :t) used,
    by its payments (voided ones keep theirs) and by its refunds (those whose stored number
    reads as one; `unreadable_refunds_sql` counts the others)."""
    readable = readable_ref_sql(dialect)
    return (
        "(SELECT receipt_number FROM payments"
        "  WHERE hall_id = :h AND terminal_id = :t AND receipt_number IS NOT NULL"
        " UNION ALL"
        f" SELECT CASE WHEN {readable} THEN CAST(ref AS BIGINT) END AS receipt_number"
        f"  FROM items WHERE kind = '{REFUND}' AND hall_id = :h AND terminal_id = :t"
        f"  AND {readable}) AS used"
    )


def unreadable_refunds_sql(dialect: str) -> str:
    return (f"SELECT COUNT(*) FROM items WHERE kind = '{REFUND}' AND hall_id = :h"
            f" AND terminal_id = :t AND (ref IS NULL OR NOT {readable_ref_sql(dialect)})")


def apply_refund(conn, principal: Principal, key: str, r: RefundIn,
                 now: datetime) -> tuple[dict[str, Any], str]:
    if key.lower() != r.refund_id:
        raise ItemRefused("item.key_mismatch", "item_key must equal refund_id")
    customer = conn.execute(
        select(Customer.hall_id, Customer.credit_fen).where(Customer.account_no == r.account_no)
    ).first()
    if customer is not None and customer.hall_id != principal.hall_id:
        raise ItemRefused("refund.other_hall", f"account {r.account_no} belongs to another hall")
    reasons: list[str] = []
    paid = conn.execute(
        select(Payment.account_no, Payment.hall_id).where(Payment.payment_uuid == r.payment_uuid)
    ).first()
    if paid is None or paid.hall_id != principal.hall_id:
        reasons.append(UNKNOWN_PAYMENT)
    elif paid.account_no != r.account_no:
        raise ItemRefused("refund.mismatch", "account_no differs from the refunded payment's")
    if customer is None:
        reasons.append(UNKNOWN_ACCOUNT)
        taken = 0
    else:
        taken = min(r.amount_fen, max(customer.credit_fen, 0))
        if taken < r.amount_fen:
            reasons.append(CREDIT_SHORT)
    uncovered = r.amount_fen - taken
    conn.execute(JournalEntry.__table__.insert(), {
        "recorded_at": now, "hall_id": principal.hall_id, "terminal_id": principal.terminal_id,
        "kind": REFUND, "ref": r.refund_id, "account_no": r.account_no, "bill_id": None,
        "amount_fen": r.amount_fen, "principal_fen": 0, "late_fee_fen": 0,
        "late_fee_assessed_fen": 0, "credit_fen": -taken,
        "detail": dumps({"payment_uuid": r.payment_uuid, "receipt_number": r.receipt_number,
                         "shift_id": r.shift_id, "approved_by": r.approved_by,
                         "uncovered_fen": uncovered, "review_reasons": reasons}),
    })
    if taken:
        seq = next_change_seqs(conn, principal.hall_id, 1)
        conn.execute(update(Customer).where(Customer.account_no == r.account_no)
                     .values(credit_fen=Customer.credit_fen - taken, change_seq=seq,
                             updated_at=now))
    result = {"refund_id": r.refund_id, "payment_uuid": r.payment_uuid,
              "account_no": r.account_no, "amount_fen": r.amount_fen,
              "receipt_no": format_receipt_no(r.terminal_id, r.receipt_number),
              "recorded_at": iso_utc(now), "credit_taken_fen": taken, "uncovered_fen": uncovered,
              "review": bool(reasons), "review_reasons": reasons}
    return result, str(r.receipt_number)
