"""allocation: quoting open bills on a date and allocating a payment oldest first, fee first."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hall_domain.accounts import Bill, BillStatus, Customer, UserType
from hall_domain.allocation import (
    Allocation,
    allocate,
    apply_allocation,
    quote,
)
from hall_domain.errors import PaymentError
from hall_domain.late_fees import DEFAULT_RULE, LateFeeRule, LateFeeRuleSet, accrued_late_fee
from hall_domain.money import round_half_up

PROPS = settings(max_examples=120, deadline=None)
RULES = LateFeeRuleSet()
NO_MINIMUM = LateFeeRuleSet([LateFeeRule(effective_from=date(1996, 9, 1), minimum_enabled=False)])
RES, OTHER = UserType.RESIDENTIAL, UserType.OTHER


def customer(user_type: UserType = RES) -> Customer:
    return Customer("0123456789", "李四", "解放路2号", "13900139000", user_type, "B02")


def bill(bill_id: int, period: str, amount_fen: int, due: date, **kw) -> Bill:
    return Bill(
        bill_id=bill_id,
        account_no="0123456789",
        period=period,
        kwh=100,
        amount_fen=amount_fen,
        due_date=due,
        **kw,
    )


def settle(bills: list[Bill], allocations: tuple[Allocation, ...], on: date) -> list[Bill]:
    by_id = {a.bill_id: a for a in allocations}
    return [apply_allocation(b, by_id[b.bill_id], on) if b.bill_id in by_id else b for b in bills]


# --- plain examples -------------------------------------------------------------------------

PAID_ON = date(2026, 4, 4)


def three_bills() -> list[Bill]:
    return [
        bill(3, "2026-03", 8000, date(2026, 4, 15)),  # not yet due: no fee
        bill(1, "2026-01", 12000, date(2026, 2, 15)),  # 48 days: 576
        bill(2, "2026-02", 12000, date(2026, 3, 15)),  # 20 days: 240
    ]


def test_quote_orders_oldest_first_and_prices_fees() -> None:
    q = quote(customer(), three_bills(), PAID_ON, RULES)
    assert [line.bill.bill_id for line in q.lines] == [1, 2, 3]
    assert [line.days_overdue for line in q.lines] == [48, 20, 0]
    assert [line.late_fee_fen for line in q.lines] == [576, 240, 0]
    assert q.late_fee_total_fen == 816
    assert q.principal_total_fen == 32000
    assert q.total_due_fen == 32816
    assert q.lines[0].total_fen == 12576


def test_quote_orders_by_period_before_due_date() -> None:
    bills = [bill(1, "2026-02", 100, date(2026, 1, 1)), bill(2, "2026-01", 100, date(2026, 3, 1))]
    assert [line.bill.bill_id for line in quote(customer(), bills, PAID_ON, RULES).lines] == [2, 1]


def test_quote_leaves_out_closed_bills() -> None:
    bills = three_bills() + [
        bill(9, "2025-12", 5000, date(2026, 1, 15), principal_paid_fen=5000, status=BillStatus.PAID)
    ]
    assert 9 not in {line.bill.bill_id for line in quote(customer(), bills, PAID_ON, RULES).lines}


def test_quote_refuses_a_bill_listed_twice() -> None:
    bills = three_bills()
    with pytest.raises(PaymentError) as e:
        quote(customer(), bills + [bills[0]], PAID_ON, RULES)
    assert e.value.code == "payment.duplicate_bill"


def test_allocate_partial_payment_fee_first() -> None:
    q = quote(customer(), three_bills(), PAID_ON, RULES)
    r = allocate(q, 13000)
    assert [
        (a.bill_id, a.late_fee_fen, a.principal_fen, a.settles_bill) for a in r.allocations
    ] == [
        (1, 576, 12000, True),
        (2, 240, 184, False),
    ]
    assert r.credit_fen == 0
    assert r.allocated_fen == 13000
    assert r.allocations[1].late_fee_assessed_fen == 240


def test_allocate_payment_smaller_than_the_first_fee() -> None:
    q = quote(customer(), three_bills(), PAID_ON, RULES)
    r = allocate(q, 500)
    assert [
        (a.bill_id, a.late_fee_fen, a.principal_fen, a.settles_bill) for a in r.allocations
    ] == [(1, 500, 0, False)]


def test_overpayment_becomes_credit() -> None:
    q = quote(customer(), three_bills(), PAID_ON, RULES)
    r = allocate(q, 40000)
    assert all(a.settles_bill for a in r.allocations)
    assert len(r.allocations) == 3
    assert r.credit_fen == 40000 - 32816


def test_payment_without_open_bills_is_all_credit() -> None:
    q = quote(customer(), [], PAID_ON, RULES)
    r = allocate(q, 5000)
    assert r.allocations == ()
    assert r.credit_fen == 5000


@pytest.mark.parametrize("amount", [0, -1])
def test_allocate_refuses_non_positive(amount: int) -> None:
    q = quote(customer(), three_bills(), PAID_ON, RULES)
    with pytest.raises(PaymentError) as e:
        allocate(q, amount)
    assert e.value.code == "payment.not_positive"


@pytest.mark.parametrize("amount", [10.0, True, "100"])
def test_allocate_refuses_non_int(amount: object) -> None:
    q = quote(customer(), three_bills(), PAID_ON, RULES)
    with pytest.raises(TypeError):
        allocate(q, amount)  # type: ignore[arg-type]


def test_apply_allocation_closes_and_partially_pays() -> None:
    bills = three_bills()
    r = allocate(quote(customer(), bills, PAID_ON, RULES), 13000)
    after = {b.bill_id: b for b in settle(bills, r.allocations, PAID_ON)}
    assert after[1].status == BillStatus.PAID and not after[1].is_open
    assert after[1].late_fee_assessed_fen == after[1].late_fee_paid_fen == 576
    assert after[2].status == BillStatus.PARTIAL
    assert after[2].principal_paid_fen == 184
    assert after[2].late_fee_assessed_fen == 240 and after[2].late_fee_paid_fen == 240
    assert after[2].fee_accrued_through == PAID_ON
    assert after[3] == bills[0]  # untouched


def test_apply_allocation_refuses_wrong_bill_and_overpayment() -> None:
    b = bill(1, "2026-01", 1000, date(2026, 2, 15))
    with pytest.raises(PaymentError) as e:
        apply_allocation(b, Allocation(2, "2026-01", 0, 100, 0, False), PAID_ON)
    assert e.value.code == "payment.wrong_bill"
    with pytest.raises(PaymentError) as e:
        apply_allocation(b, Allocation(1, "2026-01", 0, 1001, 0, True), PAID_ON)
    assert e.value.code == "payment.overpaid_bill"
    with pytest.raises(PaymentError) as e:
        apply_allocation(b, Allocation(1, "2026-01", 50, 0, 40, False), PAID_ON)
    assert e.value.code == "payment.overpaid_bill"


def test_apply_allocation_refuses_negative_parts() -> None:
    b = bill(
        1, "2026-01", 1000, date(2026, 2, 15), principal_paid_fen=500, status=BillStatus.PARTIAL
    )
    with pytest.raises(PaymentError) as e:
        apply_allocation(b, Allocation(1, "2026-01", 0, -100, 0, False), PAID_ON)
    assert e.value.code == "payment.negative_allocation"


def test_requote_same_day_does_not_charge_the_minimum_twice() -> None:
    # ¥30.00, 5 days late: fee 15 fen, charged ¥1.00 by the minimum. Pay 60 fen of it only.
    due, on = date(2026, 3, 15), date(2026, 3, 20)
    b = bill(1, "2026-02", 3000, due)
    q = quote(customer(), [b], on, RULES)
    assert q.lines[0].late_fee_fen == 100
    r = allocate(q, 60)
    [after] = settle([b], r.allocations, on)
    again = quote(customer(), [after], on, RULES)
    assert again.lines[0].late_fee_fen == 40  # what is left of the ¥1.00, not another ¥1.00
    assert again.total_due_fen == q.total_due_fen - 60


def test_second_payment_charges_fee_only_on_remaining_principal_since_the_first() -> None:
    due = date(2026, 3, 15)
    b = bill(1, "2026-02", 12000, due)
    first_day = date(2026, 4, 4)  # 20 days: fee 240
    r1 = allocate(quote(customer(), [b], first_day, RULES), 2240)  # fee 240 + principal 2000
    [b1] = settle([b], r1.allocations, first_day)
    assert b1.principal_outstanding_fen == 10000
    second_day = date(2026, 4, 14)  # 10 more days on 10000: 100
    q2 = quote(customer(), [b1], second_day, RULES)
    assert q2.lines[0].late_fee_fen == 100
    assert q2.total_due_fen == 10100
    r2 = allocate(q2, 10100)
    [b2] = settle([b1], r2.allocations, second_day)
    assert b2.status == BillStatus.PAID
    assert b2.late_fee_paid_fen == b2.late_fee_assessed_fen == 340


# --- properties -----------------------------------------------------------------------------


@st.composite
def bill_lists(draw: st.DrawFn) -> list[Bill]:
    n = draw(st.integers(min_value=0, max_value=6))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=n, max_size=n, unique=True))
    bills = []
    for bill_id in ids:
        year = draw(st.integers(2023, 2026))
        month = draw(st.integers(1, 12))
        due = date(year, month, 1) + timedelta(days=draw(st.integers(20, 60)))
        amount = draw(st.integers(1, 2_000_000))
        paid = draw(st.integers(0, amount - 1)) if draw(st.booleans()) else 0
        bills.append(
            bill(
                bill_id,
                f"{year}-{month:02d}",
                amount,
                due,
                principal_paid_fen=paid,
                status=BillStatus.PARTIAL if paid else BillStatus.OPEN,
            )
        )
    return bills


pay_days = st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 12, 31))
user_types = st.sampled_from([RES, OTHER])
rule_sets = st.sampled_from([RULES, NO_MINIMUM])


@st.composite
def payments(draw: st.DrawFn):
    bills = draw(bill_lists())
    on = draw(pay_days)
    ut = draw(user_types)
    rules = draw(rule_sets)
    q = quote(customer(ut), bills, on, rules)
    amount = draw(st.integers(1, max(1, q.total_due_fen * 6 // 5 + 100)))
    return bills, on, ut, rules, q, amount


@PROPS
@given(payments())
def test_allocation_adds_up_and_nothing_is_negative(case) -> None:
    bills, on, ut, rules, q, amount = case
    r = allocate(q, amount)
    assert r.allocated_fen + r.credit_fen == amount
    assert r.amount_fen == amount
    assert r.credit_fen == max(0, amount - q.total_due_fen)
    lines = {line.bill.bill_id: line for line in q.lines}
    for a in r.allocations:
        assert a.late_fee_fen >= 0 and a.principal_fen >= 0 and a.total_fen > 0
        assert a.late_fee_fen <= lines[a.bill_id].late_fee_fen
        assert a.principal_fen <= lines[a.bill_id].principal_fen
        assert a.late_fee_assessed_fen == lines[a.bill_id].late_fee_fen


@PROPS
@given(payments())
def test_oldest_first_each_bill_once_fee_before_principal(case) -> None:
    bills, on, ut, rules, q, amount = case
    r = allocate(q, amount)
    ids = [a.bill_id for a in r.allocations]
    assert len(ids) == len(set(ids))
    # the bills paid are the oldest ones, in order
    assert ids == [line.bill.bill_id for line in q.lines][: len(ids)]
    keys = [line.bill.sort_key() for line in q.lines]
    assert keys == sorted(keys)
    assert {line.bill.bill_id for line in q.lines} == {b.bill_id for b in bills if b.is_open}
    # a later bill gets money only when every earlier one is fully settled
    assert all(a.settles_bill for a in r.allocations[:-1])
    if r.credit_fen:
        assert len(r.allocations) == len(q.lines)
        assert all(a.settles_bill for a in r.allocations)
    for a in r.allocations:
        if a.principal_fen > 0:
            assert a.late_fee_fen == a.late_fee_assessed_fen


@PROPS
@given(payments())
def test_requote_same_day_after_applying(case) -> None:
    bills, on, ut, rules, q, amount = case
    r = allocate(q, amount)
    after = settle(bills, r.allocations, on)
    for a in r.allocations:
        b = next(x for x in after if x.bill_id == a.bill_id)
        assert b.fee_accrued_through == on
        assert (b.status == BillStatus.PAID) == a.settles_bill
    q2 = quote(customer(ut), after, on, rules)
    settled = {a.bill_id for a in r.allocations if a.settles_bill}
    assert settled.isdisjoint(line.bill.bill_id for line in q2.lines)
    # no fee is charged again on a bill this payment touched: it owes its old fee less what was paid
    old_fee = {line.bill.bill_id: line.late_fee_fen for line in q.lines}
    paid_fee = {a.bill_id: a.late_fee_fen for a in r.allocations}
    for line in q2.lines:
        bid = line.bill.bill_id
        if bid in paid_fee:
            assert line.late_fee_fen == old_fee[bid] - paid_fee[bid]
        else:
            # untouched: the same accrual (a new payment may meet the minimum again)
            assert line.late_fee_fen >= old_fee[bid]
    if rules is NO_MINIMUM:
        assert q2.total_due_fen == q.total_due_fen - r.allocated_fen


@PROPS
@given(payments(), st.integers(min_value=0, max_value=800))
def test_later_payment_charges_fee_on_remaining_principal_since_the_first(case, gap: int) -> None:
    bills, on, ut, _, q, amount = case
    q = quote(customer(ut), bills, on, NO_MINIMUM)
    amount = min(
        amount, max(1, q.total_due_fen - 1)
    )  # a partial payment when there is anything due
    r = allocate(q, amount)
    after = settle(bills, r.allocations, on)
    later = on + timedelta(days=gap)
    q2 = quote(customer(ut), after, later, NO_MINIMUM)
    for line in q2.lines:
        b = line.bill
        start = on if b.fee_accrued_through == on else b.due_date
        start = max(start, b.due_date)
        days = max(0, (later - start).days)
        if ut == RES:
            new_fee = round_half_up(b.principal_outstanding_fen * days, 1000)
        else:
            same = max(0, min(days, (date(b.due_date.year, 12, 31) - start).days))
            new_fee = round_half_up(
                b.principal_outstanding_fen * (2 * same + 3 * (days - same)), 1000
            )
        assert line.late_fee_fen == b.assessed_fee_outstanding_fen + new_fee
        assert line.principal_fen == b.principal_outstanding_fen


@PROPS
@given(payments(), st.integers(min_value=1, max_value=5))
def test_paying_in_several_parts_the_same_day_costs_the_same_as_once(case, parts: int) -> None:
    bills, on, ut, _, _, _ = case
    q = quote(customer(ut), bills, on, NO_MINIMUM)
    if q.total_due_fen == 0:
        return
    chunk = max(1, q.total_due_fen // parts)
    current, paid = bills, 0
    for _ in range(q.total_due_fen // chunk + 1):
        qn = quote(customer(ut), current, on, NO_MINIMUM)
        if not qn.lines:
            break
        r = allocate(qn, min(chunk, qn.total_due_fen))
        assert r.credit_fen == 0
        current = settle(current, r.allocations, on)
        paid += r.allocated_fen
    assert quote(customer(ut), current, on, NO_MINIMUM).lines == ()
    assert all(not b.is_open for b in current)
    assert paid == q.total_due_fen


def test_fee_accrual_uses_rule_in_force_on_each_payment_date() -> None:
    new = LateFeeRule(
        effective_from=date(2026, 4, 10),
        residential_daily=DEFAULT_RULE.residential_daily * 2,
        minimum_enabled=False,
    )
    rules = LateFeeRuleSet([DEFAULT_RULE, new])
    b = bill(1, "2026-02", 100_000, date(2026, 3, 15))
    r1 = allocate(
        quote(customer(), [b], date(2026, 4, 4), rules), 2000 + 50_000
    )  # fee 2000 (20 d × 1‰)
    [b1] = settle([b], r1.allocations, date(2026, 4, 4))
    q2 = quote(customer(), [b1], date(2026, 4, 14), rules)  # 10 d × 2‰ on the 50000 left
    assert (
        q2.lines[0].late_fee_fen
        == accrued_late_fee(
            50_000, RES, b.due_date, date(2026, 4, 14), new, accrued_from=date(2026, 4, 4)
        )
        == 1000
    )
