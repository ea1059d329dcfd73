"""Voids reverse a payment's bookings; refunds take prepaid credit off; both idempotent and
refused cleanly (the ledger unchanged) when they do not fit."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from hall_ledger.store.models import Bill, Customer
from tests.helpers.ledger import assert_balanced, ledger_state, payment


def void_of(p: dict) -> dict:
    return {"payment_uuid": p["payment_uuid"], "terminal_id": p["terminal_id"],
            "account_no": p["account_no"], "receipt_number": p["receipt_number"],
            "shift_id": p["shift_id"], "cashier_id": "1001", "approved_by": "2001",
            "reason": "收错户号", "voided_at": "2026-03-20T10:20:00",
            "business_date": "2026-03-20"}


def refund_of(p: dict, amount_fen: int, refund_id: str, **over) -> dict:
    return {"refund_id": refund_id, "payment_uuid": p["payment_uuid"], "terminal_id": "T01",
            "account_no": p["account_no"], "amount_fen": amount_fen, "receipt_number": 7,
            "shift_id": 2, "cashier_id": "1001", "approved_by": "2001", "reason": "退预存",
            "refunded_at": "2026-03-21T09:00:00", "business_date": "2026-03-21", **over}


def bills_of(engine, account_no: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(Bill.period, Bill.principal_paid_fen, Bill.late_fee_paid_fen,
                   Bill.late_fee_assessed_fen, Bill.fee_accrued_through, Bill.status,
                   Bill.closed_by).where(Bill.account_no == account_no).order_by(Bill.period))]


def credit_of(engine, account_no: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(Customer.credit_fen)
                            .where(Customer.account_no == account_no)).scalar_one()


def test_a_void_waits_for_the_later_payment_on_its_bill_to_be_voided(engine, halls, connect):
    t1 = connect(halls["H001"].tokens["T01"])
    acct = "3301000001"  # 2026-01 ¥120.00 and 2026-02 ¥50.00
    issued = bills_of(engine, acct)
    first = payment(acct, amount_fen=5000, receipt_number=1, allocations=[
        {"bill_id": 1, "period": "2026-01", "late_fee_fen": 0, "principal_fen": 5000,
         "late_fee_assessed_fen": 0}])
    second = payment(acct, amount_fen=13000, receipt_number=2, allocations=[
        {"bill_id": 1, "period": "2026-01", "late_fee_fen": 0, "principal_fen": 7000,
         "late_fee_assessed_fen": 0},
        {"bill_id": 2, "period": "2026-02", "late_fee_fen": 0, "principal_fen": 5000,
         "late_fee_assessed_fen": 0}])  # and ¥10.00 of credit
    t1.post_payments([first])
    after_first = bills_of(engine, acct)
    t1.post_payments([second])
    assert [b[5] for b in bills_of(engine, acct)] == ["paid", "paid"]
    assert credit_of(engine, acct) == 1000

    state = ledger_state(engine)
    [early] = t1.post_items("void", [(str(uuid.uuid4()), void_of(first))])
    assert early.status == 422 and early.error_code == "void.later_payment"
    assert ledger_state(engine) == state  # nothing written

    key = str(uuid.uuid4())
    [v2] = t1.post_items("void", [(key, void_of(second))])
    assert v2.status == 201 and v2.result["balances_reversed"] is True
    assert v2.result["reversed"]["credit_fen"] == 1000
    assert {b["period"]: b["status"] for b in v2.result["reversed"]["bills"]} == {
        "2026-01": "partial", "2026-02": "open"}
    assert bills_of(engine, acct) == after_first and credit_of(engine, acct) == 0
    [again] = t1.post_items("void", [(key, void_of(second))])
    assert again.status == 200 and again.result == v2.result
    [v1] = t1.post_items("void", [(str(uuid.uuid4()), void_of(first))])
    assert v1.status == 201
    assert bills_of(engine, acct) == issued
    assert_balanced(engine)


def test_refunds_take_credit_off_and_refusals_change_nothing(engine, halls, connect):
    t1 = connect(halls["H001"].tokens["T01"])
    p = payment("3301000002", amount_fen=10000, credit_fen=2000, allocations=[
        {"bill_id": 1, "period": "2026-02", "late_fee_fen": 0, "principal_fen": 8000,
         "late_fee_assessed_fen": 0}])
    t1.post_payments([p])
    state = ledger_state(engine)
    rid = str(uuid.uuid4())
    bad = t1.post_items("refund", [
        (str(uuid.uuid4()), refund_of(p, 500, rid)),  # key is not the refund_id
        (rid, refund_of(p, 500, rid, account_no="3301000001")),
        (rid.upper(), refund_of(p, 500.0, rid)),
        (str(uuid.uuid4()), {**refund_of(p, 500, rid), "note": "x"}),
    ])
    other = str(uuid.uuid4())
    [other_hall] = t1.post_items("refund", [(other, refund_of(p, 500, other,
                                                              account_no="4401000001"))])
    assert [r.error_code for r in bad] == ["item.key_mismatch", "refund.mismatch",
                                           "refund.invalid", "refund.invalid"]
    assert other_hall.error_code == "refund.other_hall"
    assert ledger_state(engine) == state

    [ok] = t1.post_items("refund", [(rid, refund_of(p, 1500, rid))])
    [again] = t1.post_items("refund", [(rid, refund_of(p, 1500, rid))])
    [conflict] = t1.post_items("refund", [(rid, refund_of(p, 1400, rid))])
    assert ok.status == 201 and ok.result["credit_taken_fen"] == 1500 and not ok.result["review"]
    assert again.status == 200 and again.result == ok.result
    assert conflict.error_code == "refund.key_conflict"
    assert credit_of(engine, "3301000002") == 500

    rid2 = str(uuid.uuid4())
    [short] = t1.post_items("refund", [(rid2, refund_of(p, 800, rid2, receipt_number=8))])
    assert short.status == 201 and short.result["review"] is True
    assert short.result["review_reasons"] == ["credit_short"]
    assert (short.result["credit_taken_fen"], short.result["uncovered_fen"]) == (500, 300)
    assert credit_of(engine, "3301000002") == 0
    receipts = t1.reconciliation("2026-03-20")["receipts"]
    assert (receipts["first"], receipts["last"], receipts["count"]) == (1, 8, 3)
    assert receipts["gaps"] == [[2, 6]]  # 7 and 8 are the refunds' numbers
    assert_balanced(engine)
