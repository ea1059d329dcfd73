"""A void on the ledger is a reversal: it takes back exactly what the payment booked.

The payment's booking is in the journal: one `bill_payment` row per bill it paid (principal,
late fee, the fee assessed on the bill) and its `payment` row (the part that became prepaid
credit). Reversing it appends `reversal` rows with the opposite amounts, puts each bill back
as it was before the payment (paid amounts, assessed fee, fee-accrual date, status), takes
back the credit the payment created, and stamps the hall's next change numbers on the bills
and the customer so the other counters receive the reopened bills as changes.

The state of a bill before the payment comes from the journal too: the booking that still
stands just below it on that bill (bookings that were themselves reversed do not count)
left the bill partly paid with `assessed - fee` of its assessed fee still owed, accrued
through its business date; with none below it the bill is as issued (no fee assessed).

Refused (the ledger is unchanged; the counter puts the void on its review list for a
supervisor), because taking the money back automatically would be wrong:

- `void.later_payment`: a later booking that still stands touched one of the bills (another
  counter or channel paid the same bill afterwards) — reverse that one first or settle by hand;
- `void.credit_spent`: the customer's credit on the ledger is lower than the credit the
  payment created (it was used or refunded meanwhile).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from ..store.db import next_change_seqs
from ..store.models import Bill, Customer, JournalEntry, Payment
from ..wire import dumps
from .refusal import ItemRefused
from .terminals import Principal

REVERSAL = "reversal"  # journal kind; ref = the payment's UUID


def reversed_refs(conn: Connection, refs: list[str]) -> set[str]:
    """Which of these payments have been reversed already (by a void)."""
    if not refs:
        return set()
    j = JournalEntry
    return set(conn.execute(
        select(j.ref).where(j.kind == REVERSAL, j.ref.in_(sorted(set(refs)))).distinct()
    ).scalars())


def reverse_payment(conn: Connection, principal: Principal, payment_uuid: str, void_key: str,
                    now: datetime) -> dict[str, Any]:
    """Reverse the payment's bookings (call under the account's lock); raise ItemRefused when
    that is not safe. Checks everything before writing anything."""
    j = JournalEntry
    pay = conn.execute(
        select(Payment.account_no, Payment.credit_fen).where(Payment.payment_uuid == payment_uuid)
    ).one()
    account_no = pay.account_no
    if reversed_refs(conn, [payment_uuid]):
        raise ItemRefused("void.already_voided", "that payment was already reversed")
    lines = conn.execute(
        select(j.bill_id, j.principal_fen, j.late_fee_fen, j.late_fee_assessed_fen)
        .where(j.kind == "bill_payment", j.ref == payment_uuid).order_by(j.seq)
    ).all()
    bill_ids = [line.bill_id for line in lines]
    history: dict[int, list] = {b: [] for b in bill_ids}
    if bill_ids:
        for row in conn.execute(
            select(j.bill_id, j.ref, j.late_fee_fen, j.late_fee_assessed_fen)
            .where(j.kind == "bill_payment", j.bill_id.in_(bill_ids)).order_by(j.seq)
        ):
            history[row.bill_id].append(row)
    gone = reversed_refs(conn, [r.ref for rows in history.values() for r in rows])
    plans = []
    for line in lines:
        standing = [r for r in history[line.bill_id] if r.ref not in gone]
        later = [r.ref for r in standing[[r.ref for r in standing].index(payment_uuid) + 1:]]
        if later:
            raise ItemRefused(
                "void.later_payment",
                f"bill {line.bill_id} was paid again after this payment (by {', '.join(later)}); "
                "a supervisor must reverse that payment first or settle by hand")
        below = standing[-2] if len(standing) >= 2 else None
        plans.append((line, below))
    customer = conn.execute(
        select(Customer.credit_fen, Customer.hall_id).where(Customer.account_no == account_no)
    ).first()
    credit = pay.credit_fen if customer is not None else 0  # an unknown account held none
    if credit and customer.credit_fen < credit:
        raise ItemRefused(
            "void.credit_spent",
            f"the payment created {credit} fen of credit but the account holds only "
            f"{customer.credit_fen} fen now; a supervisor must settle it")

    bills = {b.bill_id: b for b in conn.execute(select(Bill).where(Bill.bill_id.in_(bill_ids)))}
    below_dates = {}
    below_refs = [below.ref for _, below in plans if below is not None]
    if below_refs:
        below_dates = dict(conn.execute(
            select(Payment.payment_uuid, Payment.business_date)
            .where(Payment.payment_uuid.in_(below_refs))).all())
    journal: list[dict[str, Any]] = []
    restored: list[tuple[int, dict[str, Any]]] = []
    out_bills = []
    for line, below in plans:
        cur = bills[line.bill_id]
        principal_paid = cur.principal_paid_fen - line.principal_fen
        fee_paid = cur.late_fee_paid_fen - line.late_fee_fen
        if below is not None:
            assessed = fee_paid + below.late_fee_assessed_fen - below.late_fee_fen
            accrued = below_dates.get(below.ref)
        else:
            assessed, accrued = 0, None
        assessed = max(assessed, fee_paid)
        if principal_paid == cur.amount_fen and fee_paid == assessed:
            status = "paid"
        elif below is not None or principal_paid or fee_paid:
            status = "partial"
        else:
            status = "open"
        closed_by = cur.closed_by if status == "paid" or cur.status != "paid" else None
        restore = {"principal_paid_fen": principal_paid, "late_fee_paid_fen": fee_paid,
                  "late_fee_assessed_fen": assessed, "fee_accrued_through": accrued,
                  "status": status, "closed_by": closed_by}
        booked = {"principal_paid_fen": cur.principal_paid_fen,
                 "late_fee_paid_fen": cur.late_fee_paid_fen,
                 "late_fee_assessed_fen": cur.late_fee_assessed_fen,
                 "fee_accrued_through": cur.fee_accrued_through, "status": cur.status,
                 "closed_by": cur.closed_by}
        restored.append((cur.bill_id, restore))
        journal.append(_entry(principal, now, account_no, payment_uuid, bill_id=cur.bill_id,
                              amount_fen=-(line.principal_fen + line.late_fee_fen),
                              principal_fen=-line.principal_fen, late_fee_fen=-line.late_fee_fen,
                              late_fee_assessed_fen=assessed - cur.late_fee_assessed_fen,
                              detail={"void_key": void_key, "booked": _iso(booked),
                                      "restored": _iso(restore)}))
        out_bills.append({"bill_id": cur.bill_id, "period": cur.period,
                          "principal_fen": line.principal_fen, "late_fee_fen": line.late_fee_fen,
                          "status": status})
    if credit:
        journal.append(_entry(principal, now, account_no, payment_uuid, amount_fen=-credit,
                              credit_fen=-credit, detail={"void_key": void_key}))
    if journal:
        conn.execute(JournalEntry.__table__.insert(), journal)
    changes = len(restored) + (1 if credit else 0)
    if changes:
        seq = next_change_seqs(conn, principal.hall_id, changes)  # late: the lock is short
        for bill_id, restore in restored:
            conn.execute(update(Bill).where(Bill.bill_id == bill_id)
                         .values(**restore, change_seq=seq))
            seq += 1
        if credit:
            conn.execute(update(Customer).where(Customer.account_no == account_no)
                         .values(credit_fen=Customer.credit_fen - credit, change_seq=seq,
                                 updated_at=now))
    return {"bills": out_bills, "credit_fen": credit}


def _entry(principal: Principal, now: datetime, account_no: str, ref: str, *,
           detail: dict, bill_id: int | None = None, **amounts: int) -> dict[str, Any]:
    row = {"recorded_at": now, "hall_id": principal.hall_id,
           "terminal_id": principal.terminal_id, "kind": REVERSAL, "ref": ref,
           "account_no": account_no, "bill_id": bill_id, "amount_fen": 0, "principal_fen": 0,
           "late_fee_fen": 0, "late_fee_assessed_fen": 0, "credit_fen": 0,
           "detail": dumps(detail)}
    row.update(amounts)
    return row


def _iso(state: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in state.items()}
