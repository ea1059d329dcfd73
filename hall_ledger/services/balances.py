"""Balances derived from the journal, and a check that the stored figures agree with them.

Customers' credit and bills' paid amounts are kept on their rows for fast reads; they are
written in the same transaction as the journal entries they follow from. `verify` derives
them again from the journal alone and lists every disagreement.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, case, func, select

from ..store.db import consistent_reader
from ..store.models import Bill, Customer, JournalEntry, Payment


def derived_balances(conn) -> dict[str, Any]:
    j = JournalEntry
    credit = dict(conn.execute(
        select(j.account_no, func.sum(j.credit_fen)).group_by(j.account_no)).all())
    paid = {
        bill_id: (int(p), int(f))
        for bill_id, p, f in conn.execute(
            select(j.bill_id, func.sum(j.principal_fen), func.sum(j.late_fee_fen))
            .where(j.bill_id.is_not(None)).group_by(j.bill_id))
    }
    issued = dict(conn.execute(
        select(j.bill_id, func.sum(j.amount_fen)).where(j.kind == "bill_issued")
        .group_by(j.bill_id)).all())
    payments = {
        ref: (int(total), int(credit_part))
        for ref, total, credit_part in conn.execute(
            select(j.ref, func.sum(case((j.kind == "bill_payment", j.amount_fen), else_=0)),
                   func.sum(case((j.kind == "payment", j.credit_fen), else_=0)))
            .where(j.kind.in_(("payment", "bill_payment"))).group_by(j.ref))
    }
    return {"credit": credit, "paid": paid, "issued": issued, "payments": payments}


def verify(engine: Engine) -> list[str]:
    """Every way the stored balances differ from the journal's; empty when they agree."""
    problems: list[str] = []
    with consistent_reader(engine).begin() as conn:
        d = derived_balances(conn)
        for account_no, credit in conn.execute(select(Customer.account_no, Customer.credit_fen)):
            expected = int(d["credit"].get(account_no) or 0)
            if credit != expected:
                problems.append(f"customer {account_no}: credit {credit}, journal says {expected}")
        for b in conn.execute(select(Bill)):
            principal, fee = d["paid"].get(b.bill_id, (0, 0))
            if (b.principal_paid_fen, b.late_fee_paid_fen) != (principal, fee):
                problems.append(
                    f"bill {b.bill_id}: paid {b.principal_paid_fen}+{b.late_fee_paid_fen}, "
                    f"journal says {principal}+{fee}")
            if int(d["issued"].get(b.bill_id) or 0) != b.amount_fen:
                problems.append(f"bill {b.bill_id}: amount {b.amount_fen} not as issued")
            settled = (b.principal_paid_fen == b.amount_fen
                       and b.late_fee_paid_fen == b.late_fee_assessed_fen)
            if settled != (b.status == "paid"):
                problems.append(f"bill {b.bill_id}: status {b.status} does not fit its balance")
        for p in conn.execute(select(Payment.payment_uuid, Payment.amount_fen, Payment.credit_fen)):
            allocated, credit = d["payments"].get(p.payment_uuid, (0, 0))
            if allocated + credit != p.amount_fen or credit != p.credit_fen:
                problems.append(f"payment {p.payment_uuid}: journal books {allocated}+{credit}, "
                                f"payment is {p.amount_fen} with credit {p.credit_fen}")
    return problems
