"""Arrears rules: aging buckets at their edges, overdue days across the year end and the leap
day, current-year vs prior-year, totals, and the late fee always equal to the counter's quote."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hall_domain.accounts import Bill, BillStatus, Customer, UserType
from hall_domain.allocation import quote
from hall_domain.arrears import (
    BucketEdges,
    arrears_of,
    overdue_days,
    recovery_rate,
    totals_of,
)
from hall_domain.late_fees import LateFeeRule, LateFeeRuleSet, accrued_late_fee
from hall_domain.money import round_half_up

RULES = LateFeeRuleSet()
B = BucketEdges()


def customer(user_type=UserType.RESIDENTIAL, area="东1", account_no="3301000001") -> Customer:
    return Customer(account_no=account_no, name="张三", address="人民路1号", phone="13800000001",
                    user_type=user_type, area=area)


def bill(bill_id: int, period: str, amount_fen: int, due: date, **kw) -> Bill:
    return Bill(bill_id=bill_id, account_no="3301000001", period=period, kwh=100,
                amount_fen=amount_fen, due_date=due, **kw)


@pytest.mark.parametrize("days,label", [
    (0, None), (-3, None), (1, "1-30"), (30, "1-30"), (31, "31-60"), (60, "31-60"),
    (61, "61-90"), (90, "61-90"), (91, "91-180"), (180, "91-180"), (181, "181-365"),
    (365, "181-365"), (366, ">365"), (5000, ">365"),
])
def test_default_bucket_edges(days, label):
    assert B.bucket(days) == label


def test_bucket_labels_and_configured_edges():
    assert B.labels == ("1-30", "31-60", "61-90", "91-180", "181-365", ">365")
    custom = BucketEdges.parse("15,45")
    assert custom.labels == ("1-15", "16-45", ">45")
    assert [custom.bucket(d) for d in (15, 16, 45, 46)] == ["1-15", "16-45", "16-45", ">45"]
    for bad in ("", "30,30", "60,30", "0,10", "a,b"):
        with pytest.raises(ValueError):
            BucketEdges.parse(bad)


def test_30_and_31_days_overdue_fall_in_different_buckets():
    due = date(2026, 3, 15)
    a30 = arrears_of(customer(), [bill(1, "2026-02", 12000, due)], due + timedelta(30), RULES)
    a31 = arrears_of(customer(), [bill(1, "2026-02", 12000, due)], due + timedelta(31), RULES)
    assert (a30.overdue_days, a30.bucket) == (30, "1-30")
    assert (a31.overdue_days, a31.bucket) == (31, "31-60")


def test_due_on_the_date_is_not_arrears_and_the_day_after_is():
    due = date(2026, 3, 15)
    assert arrears_of(customer(), [bill(1, "2026-02", 12000, due)], due, RULES) is None
    a = arrears_of(customer(), [bill(1, "2026-02", 12000, due)], due + timedelta(1), RULES)
    assert (a.overdue_days, a.bucket, a.bills) == (1, "1-30", 1)


def test_december_31_to_january_1_is_one_day_and_prior_year():
    # Other user: the day after Dec 31 runs at the later-years rate (3‰), not 2‰.
    c = customer(UserType.OTHER)
    a = arrears_of(c, [bill(1, "2025-11", 1_000_000, date(2025, 12, 31))], date(2026, 1, 1), RULES)
    assert a.overdue_days == 1 and a.bucket == "1-30"
    assert a.late_fee_fen == 3000  # ¥10,000.00 × 3‰ × 1 day
    assert (a.current_year_fen, a.prior_year_fen) == (0, a.total_fen)
    b = arrears_of(c, [bill(1, "2025-11", 1_000_000, date(2025, 12, 30))], date(2025, 12, 31), RULES)
    assert b.late_fee_fen == 2000 and (b.current_year_fen, b.prior_year_fen) == (b.total_fen, 0)


def test_leap_day_counts_as_a_day():
    due = date(2028, 2, 28)  # 2028 is a leap year: Feb 29 exists
    a = arrears_of(customer(), [bill(1, "2028-01", 12000, due)], date(2028, 3, 29), RULES)
    assert a.overdue_days == 30 and a.bucket == "1-30"
    b = arrears_of(customer(), [bill(1, "2028-01", 12000, due)], date(2028, 3, 30), RULES)
    assert b.overdue_days == 31 and b.bucket == "31-60"
    # a bill due ON the leap day
    c = arrears_of(customer(), [bill(1, "2028-01", 12000, date(2028, 2, 29))], date(2028, 3, 1), RULES)
    assert c.overdue_days == 1
    # the same calendar span in a common year is one day shorter
    assert overdue_days(date(2027, 2, 28), date(2027, 3, 29)) == 29


def test_oldest_unpaid_bill_decides_age_and_paid_bills_do_not_count():
    bills = [bill(1, "2025-10", 5000, date(2025, 11, 15), status=BillStatus.PAID,
                  principal_paid_fen=5000),
             bill(2, "2025-11", 6000, date(2025, 12, 15)),
             bill(3, "2026-01", 7000, date(2026, 2, 15)),
             bill(4, "2026-03", 8000, date(2026, 4, 15))]  # not due yet on the date
    a = arrears_of(customer(), bills, date(2026, 3, 20), RULES)
    assert a.oldest_due_date == date(2025, 12, 15)
    assert a.overdue_days == 95 and a.bucket == "91-180"
    assert a.bills == 2 and a.periods == ("2025-11", "2026-01")
    assert a.principal_fen == 13000
    q = quote(customer(), bills, date(2026, 3, 20), RULES)
    assert a.late_fee_fen == q.late_fee_total_fen
    assert a.current_year_fen + a.prior_year_fen == a.total_fen
    assert a.prior_year_fen == 6000 + q.lines[0].late_fee_fen


def test_minimum_late_fee_is_the_counters():
    # Residential ¥30.00 due 2026-03-15 paid 2026-03-20 → ¥0.15 → charged ¥1.00 (DESIGN.md)
    a = arrears_of(customer(), [bill(1, "2026-02", 3000, date(2026, 3, 15))], date(2026, 3, 20), RULES)
    assert a.late_fee_fen == 100 and a.total_fen == 3100


def test_totals_per_bucket_area_user_type():
    c1, c2 = customer(area="东1"), customer(UserType.OTHER, area="东2", account_no="3301000003")
    a1 = arrears_of(c1, [bill(1, "2026-01", 12000, date(2026, 2, 15))], date(2026, 3, 20), RULES,
                    hall_id="H001")
    a2 = arrears_of(c2, [bill(2, "2025-01", 100000, date(2025, 2, 15))], date(2026, 3, 20), RULES,
                    hall_id="H001")
    t = totals_of([a1, a2])
    assert t["all"]["accounts"] == 2
    assert t["all"]["total_fen"] == a1.total_fen + a2.total_fen
    by_bucket = {r["bucket"]: r for r in t["by_bucket"]}
    assert list(by_bucket) == list(B.labels)  # every bucket listed, empty ones too
    assert by_bucket["31-60"]["accounts"] == 1 and by_bucket[">365"]["accounts"] == 1
    assert by_bucket["1-30"]["accounts"] == 0
    assert {r["area"]: r["principal_fen"] for r in t["by_area"]} == {"东1": 12000, "东2": 100000}
    assert {r["user_type"]: r["accounts"] for r in t["by_user_type"]} == {"other": 1,
                                                                          "residential": 1}
    assert t["current_year_fen"] == a1.total_fen and t["prior_year_fen"] == a2.total_fen


def test_recovery_rate():
    assert recovery_rate(0, 0) == 0
    assert recovery_rate(1, 3) == 0.3333
    assert recovery_rate(5, 5) == 1


_days = st.integers(min_value=0, max_value=900)


@st.composite
def account_bills(draw):
    n = draw(st.integers(1, 6))
    start = date(2024, 1, 1) + timedelta(draw(st.integers(0, 700)))
    bills = []
    for i in range(n):
        amount = draw(st.integers(1, 2_000_000))
        due = start + timedelta(days=30 * i + draw(st.integers(0, 5)))
        paid = draw(st.sampled_from([0, 0, amount // 3, amount]))
        assessed = draw(st.integers(0, 5000)) if 0 < paid < amount else 0
        fee_paid = draw(st.integers(0, assessed))
        through = due + timedelta(draw(st.integers(1, 40))) if assessed else None
        status = BillStatus.PAID if paid == amount and fee_paid == assessed else (
            BillStatus.PARTIAL if paid or assessed else BillStatus.OPEN)
        bills.append(bill(i + 1, f"P{i:06d}", amount, due, principal_paid_fen=paid,
                          late_fee_assessed_fen=assessed, late_fee_paid_fen=fee_paid,
                          fee_accrued_through=through,
                          late_fee_waived=draw(st.booleans()) if i == 0 else False,
                          status=status))
    return bills, start + timedelta(draw(_days))


@settings(max_examples=300, deadline=None)
@given(account_bills(), st.sampled_from(list(UserType)))
def test_late_fee_always_equals_the_counters_quote(case, user_type):
    bills, on = case
    c = customer(user_type)
    q = quote(c, bills, on, RULES)
    a = arrears_of(c, bills, on, RULES)
    if a is None:
        assert q.late_fee_total_fen == 0
        assert all(line.days_overdue == 0 for line in q.lines)
        return
    assert a.late_fee_fen == q.late_fee_total_fen
    overdue = [ln for ln in q.lines if ln.days_overdue > 0 or ln.late_fee_fen > 0]
    assert a.principal_fen == sum(ln.principal_fen for ln in overdue)
    assert a.current_year_fen + a.prior_year_fen == a.total_fen
    assert a.overdue_days == max(ln.days_overdue for ln in overdue)
    assert B.bucket(a.overdue_days) in (a.bucket, None)


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 10**11), st.sampled_from(list(UserType)),
       st.dates(date(1997, 1, 1), date(2090, 1, 1)), st.integers(0, 2000),
       st.fractions(0, Fraction(1, 10), max_denominator=100000),
       st.fractions(0, Fraction(1, 10), max_denominator=100000),
       st.fractions(0, Fraction(1, 10), max_denominator=100000))
def test_integer_late_fee_arithmetic_equals_fractions(principal, user_type, due, days, r1, r2,
                                                       r3):
    """accrued_late_fee computes with the rates' numerators and denominators (speed for the
    arrears list); the result is exactly the Fraction formula's."""
    rule = LateFeeRule(effective_from=date(1996, 9, 1), residential_daily=r1,
                       other_daily_same_year=r2, other_daily_later_years=r3)
    on = due + timedelta(days=days)
    if user_type == UserType.RESIDENTIAL:
        exact = Fraction(principal) * r1 * days
    else:
        same = max(0, min((date(due.year, 12, 31) - due).days, days))
        exact = Fraction(principal) * (r2 * same + r3 * (days - same))
    expected = round_half_up(exact.numerator, exact.denominator) if principal and days else 0
    assert accrued_late_fee(principal, user_type, due, on, rule) == expected
