"""How the ledger books a counter's allocation against its own bills (pure functions)."""

from __future__ import annotations

from datetime import date

from hall_domain.accounts import Bill, BillStatus
from hall_ledger.services.posting import post_counter_payment
from hall_ledger.wire import PaymentIn


def bill(period: str, amount: int, **kw) -> Bill:
    return Bill(bill_id=hash(period) % 1000, account_no="3301000001", period=period, kwh=10,
                amount_fen=amount, due_date=date(2026, 2, 15), **kw)


def pay(amount: int, lines: list[tuple[str, int, int]], credit: int = 0) -> PaymentIn:
    return PaymentIn.model_validate({
        "payment_uuid": "0c7d4cbb-52a6-4f11-9d39-1f0c5c5a8e51", "terminal_id": "T01",
        "shift_id": 1, "cashier_id": "1", "account_no": "3301000001", "amount_fen": amount,
        "credit_fen": credit, "taken_at": "2026-03-20T10:00:00", "business_date": "2026-03-20",
        "receipt_number": 1,
        "tenders": [{"kind": "cash", "amount_fen": amount, "tendered_fen": amount}],
        "allocations": [{"period": p, "late_fee_fen": fee, "principal_fen": principal,
                         "late_fee_assessed_fen": fee} for p, fee, principal in lines],
    })


def test_open_bills_are_booked_as_the_counter_allocated():
    bills = {"2026-01": bill("2026-01", 12000), "2026-02": bill("2026-02", 5000)}
    posting, changed = post_counter_payment(
        pay(15000, [("2026-01", 400, 12000), ("2026-02", 0, 2600)]), bills)
    assert not posting.review_reasons and not posting.reallocated
    assert [a.settles_bill for a in posting.allocations] == [True, False]
    assert bills["2026-01"].status == BillStatus.PAID
    assert bills["2026-01"].late_fee_paid_fen == 400
    assert bills["2026-02"].status == BillStatus.PARTIAL
    assert bills["2026-02"].principal_paid_fen == 2600
    assert {b.period for b in changed} == {"2026-01", "2026-02"}


def test_what_cannot_be_booked_becomes_credit_and_is_flagged():
    bills = {"2026-01": bill("2026-01", 12000, principal_paid_fen=12000, status=BillStatus.PAID),
             "2026-02": bill("2026-02", 5000, principal_paid_fen=3000, status=BillStatus.PARTIAL)}
    posting, changed = post_counter_payment(
        pay(17500, [("2026-01", 0, 12000), ("2026-02", 0, 5000), ("2025-12", 0, 500)]), bills)
    assert posting.credit_fen == 12000 + 3000 + 500
    assert posting.review_reasons == ["bill_settled_elsewhere", "bill_partly_settled_elsewhere",
                                      "unknown_bill"]
    assert [(a.period, a.principal_fen) for a in posting.allocations] == [("2026-02", 2000)]
    assert posting.reallocated
    assert [b.period for b in changed] == ["2026-02"]


def test_unknown_account_keeps_everything_as_credit():
    posting, changed = post_counter_payment(pay(500, [("2026-01", 0, 500)]), None)
    assert (posting.credit_fen, posting.review_reasons, changed) == (500, ["unknown_account"], [])


def test_a_later_payment_in_the_same_batch_sees_the_earlier_ones_booking():
    bills = {"2026-01": bill("2026-01", 12000)}
    first, _ = post_counter_payment(pay(12000, [("2026-01", 0, 12000)]), bills)
    second, _ = post_counter_payment(pay(12000, [("2026-01", 0, 12000)]), bills)
    assert first.credit_fen == 0 and second.credit_fen == 12000
    assert second.review_reasons == ["bill_settled_elsewhere"]
