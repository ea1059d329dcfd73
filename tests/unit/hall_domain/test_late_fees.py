"""late_fees: DESIGN.md §3 late fees (电费违约金), versioned rules, rounding, the ¥1 minimum."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hall_domain.accounts import Bill, Customer, UserType
from hall_domain.allocation import quote
from hall_domain.late_fees import (
    DEFAULT_RULE,
    LateFeeRule,
    LateFeeRuleSet,
    accrued_late_fee,
    apply_minimum,
    bill_fee_outstanding,
    days_overdue,
)
from hall_domain.money import round_half_up

FAST = settings(max_examples=150, deadline=None)
RES, OTHER = UserType.RESIDENTIAL, UserType.OTHER
NO_MINIMUM = LateFeeRule(effective_from=date(1996, 9, 1), minimum_enabled=False)


def customer(user_type: UserType = RES) -> Customer:
    return Customer("0123456789", "王五", "人民路8号", "13800138000", user_type, "A01")


def bill(bill_id: int, amount_fen: int, due: date, period: str | None = None, **kw) -> Bill:
    if period is None:
        prev = due.replace(day=1) - timedelta(days=1)
        period = f"{prev.year}-{prev.month:02d}"
    return Bill(
        bill_id=bill_id,
        account_no="0123456789",
        period=period,
        kwh=100,
        amount_fen=amount_fen,
        due_date=due,
        **kw,
    )


def other_fee_by_counting_days(
    amount_fen: int, due: date, on: date, start: date | None = None
) -> int:
    """The 2‰/3‰ rule worked out independently: walk the overdue days one by one."""
    start = due if start is None or start < due else start
    same = later = 0
    d = start + timedelta(days=1)
    while d <= on:
        if d.year == due.year:
            same += 1
        else:
            later += 1
        d += timedelta(days=1)
    return round_half_up(amount_fen * (2 * same + 3 * later), 1000)


# --- the worked examples of DESIGN.md §3 ------------------------------------------------------


def test_worked_example_residential_20_days() -> None:
    due, paid = date(2026, 3, 15), date(2026, 4, 4)
    assert days_overdue(due, paid) == 20
    assert accrued_late_fee(12000, RES, due, paid, DEFAULT_RULE) == 240


def test_worked_example_residential_minimum_through_quote() -> None:
    due, paid = date(2026, 3, 15), date(2026, 3, 20)
    assert accrued_late_fee(3000, RES, due, paid, DEFAULT_RULE) == 15
    q = quote(customer(RES), [bill(1, 3000, due)], paid, LateFeeRuleSet())
    assert len(q.lines) == 1
    assert q.lines[0].days_overdue == 5
    assert q.lines[0].late_fee_fen == 100
    assert q.total_due_fen == 3100


def test_worked_example_other_user_across_new_year() -> None:
    due, paid = date(2025, 12, 20), date(2026, 1, 10)
    assert days_overdue(due, paid) == 21
    # 11 days at 2‰ (Dec 21–31) + 10 days at 3‰ (Jan 1–10) on ¥10,000.00
    assert accrued_late_fee(1_000_000, OTHER, due, paid, DEFAULT_RULE) == 52000
    q = quote(customer(OTHER), [bill(1, 1_000_000, due)], paid, LateFeeRuleSet())
    assert q.lines[0].late_fee_fen == 52000


# --- edges ----------------------------------------------------------------------------------


@pytest.mark.parametrize("user_type", [RES, OTHER])
def test_paid_on_due_date_is_zero_days_zero_fee_and_no_minimum(user_type: UserType) -> None:
    due = date(2026, 3, 15)
    assert days_overdue(due, due) == 0
    assert accrued_late_fee(3000, user_type, due, due, DEFAULT_RULE) == 0
    q = quote(customer(user_type), [bill(1, 3000, due)], due, LateFeeRuleSet())
    assert q.lines[0].late_fee_fen == 0
    assert q.total_due_fen == 3000


@pytest.mark.parametrize("user_type", [RES, OTHER])
def test_paid_before_due_date(user_type: UserType) -> None:
    due = date(2026, 3, 15)
    assert days_overdue(due, date(2026, 3, 1)) == 0
    assert accrued_late_fee(500_000, user_type, due, date(2026, 3, 1), DEFAULT_RULE) == 0
    q = quote(customer(user_type), [bill(1, 500_000, due)], date(2026, 3, 1), LateFeeRuleSet())
    assert q.lines[0].late_fee_fen == 0


def test_due_on_dec_31_charges_every_day_at_the_later_year_rate() -> None:
    due = date(2025, 12, 31)
    assert accrued_late_fee(100_000, OTHER, due, date(2026, 1, 10), DEFAULT_RULE) == 3000  # 10 × 3‰
    # a whole year and a day later: 366 days, all at 3‰
    assert (
        accrued_late_fee(100_000, OTHER, due, date(2027, 1, 1), DEFAULT_RULE)
        == 100_000 * 366 * 3 // 1000
    )
    # residential users have one rate whatever the year
    assert accrued_late_fee(100_000, RES, due, date(2026, 1, 10), DEFAULT_RULE) == 1000


def test_due_on_dec_30_has_one_day_at_the_same_year_rate() -> None:
    assert accrued_late_fee(100_000, OTHER, date(2025, 12, 30), date(2026, 1, 2), DEFAULT_RULE) == (
        200 + 2 * 300
    )


def test_many_years_late_other_user() -> None:
    due, paid = date(2023, 6, 30), date(2026, 2, 1)
    fee = accrued_late_fee(123_456, OTHER, due, paid, DEFAULT_RULE)
    assert fee == other_fee_by_counting_days(123_456, due, paid)
    same = (date(2023, 12, 31) - due).days
    later = (paid - date(2023, 12, 31)).days
    assert fee == round_half_up(123_456 * (2 * same + 3 * later), 1000)


def test_leap_day_counts() -> None:
    assert days_overdue(date(2028, 2, 28), date(2028, 3, 1)) == 2
    assert accrued_late_fee(100_000, RES, date(2028, 2, 28), date(2028, 3, 1), DEFAULT_RULE) == 200
    assert days_overdue(date(2028, 2, 29), date(2028, 3, 1)) == 1
    assert accrued_late_fee(100_000, RES, date(2028, 2, 29), date(2028, 3, 1), DEFAULT_RULE) == 100
    # due on the leap day, paid a year and a day later: 306 days in 2028 at 2‰, 60 in 2029 at 3‰
    assert days_overdue(date(2028, 2, 29), date(2029, 3, 1)) == 366
    assert accrued_late_fee(100_000, OTHER, date(2028, 2, 29), date(2029, 3, 1), DEFAULT_RULE) == (
        100_000 * (306 * 2 + 60 * 3) // 1000
    )


def test_several_bills_crossing_a_year() -> None:
    paid = date(2026, 2, 10)
    bills = [
        bill(3, 250_000, date(2025, 12, 20), "2025-11"),
        bill(1, 400_000, date(2025, 10, 20), "2025-09"),
        bill(2, 310_000, date(2025, 11, 20), "2025-10"),
        bill(4, 180_000, date(2026, 1, 20), "2025-12"),
    ]
    q = quote(customer(OTHER), bills, paid, LateFeeRuleSet())
    assert [line.bill.bill_id for line in q.lines] == [1, 2, 3, 4]
    expected = {
        b.bill_id: other_fee_by_counting_days(b.amount_fen, b.due_date, paid) for b in bills
    }
    assert {line.bill.bill_id: line.late_fee_fen for line in q.lines} == expected
    # bill 4 is due in 2026: all its 21 days are same-year days at 2‰
    assert expected[4] == 180_000 * 21 * 2 // 1000
    assert q.late_fee_total_fen == sum(expected.values())


def test_minimum_off() -> None:
    due, paid = date(2026, 3, 15), date(2026, 3, 20)
    q = quote(customer(RES), [bill(1, 3000, due)], paid, LateFeeRuleSet([NO_MINIMUM]))
    assert q.lines[0].late_fee_fen == 15


def test_minimum_counts_the_total_of_all_bills_and_tops_up_the_oldest_bill_with_a_fee() -> None:
    paid = date(2026, 3, 20)
    bills = [
        bill(1, 3000, date(2026, 3, 20), "2026-01"),  # due today: no fee
        bill(2, 3000, date(2026, 3, 15), "2026-02"),  # 15 fen
        bill(3, 4000, date(2026, 3, 10), "2026-03"),  # 40 fen (odd: later period, earlier due date)
    ]
    q = quote(customer(RES), bills, paid, LateFeeRuleSet())
    assert [line.late_fee_fen for line in q.lines] == [0, 100 - 40, 40]
    assert q.late_fee_total_fen == 100


def test_minimum_does_nothing_when_fees_reach_it() -> None:
    paid = date(2026, 4, 14)  # 30 days: 3000 × 30‰ = 90, 4000 × 30‰ = 120
    bills = [bill(1, 3000, date(2026, 3, 15)), bill(2, 4000, date(2026, 3, 15), "2026-03")]
    q = quote(customer(RES), bills, paid, LateFeeRuleSet())
    assert [line.late_fee_fen for line in q.lines] == [90, 120]


@pytest.mark.parametrize(
    ("fees", "out"),
    [
        ([], []),
        ([0, 0], [0, 0]),
        ([0, 30, 20], [0, 80, 20]),
        ([1], [100]),
        ([100], [100]),
        ([150, 0], [150, 0]),
        ([99, 0], [100, 0]),
    ],
)
def test_apply_minimum(fees: list[int], out: list[int]) -> None:
    assert apply_minimum(fees, DEFAULT_RULE) == out
    assert apply_minimum(fees, NO_MINIMUM) == fees


def test_apply_minimum_uses_the_configured_amount() -> None:
    rule = LateFeeRule(effective_from=date(2000, 1, 1), minimum_fen=500)
    assert apply_minimum([120], rule) == [500]


def test_rule_set_two_versions_either_side_of_the_change() -> None:
    old = LateFeeRule(effective_from=date(1996, 9, 1))
    new = LateFeeRule(
        effective_from=date(2026, 4, 1),
        residential_daily=Fraction(1, 2000),
        other_daily_same_year=Fraction(1, 1000),
        minimum_enabled=False,
    )
    rules = LateFeeRuleSet([new, old])  # given out of order on purpose
    assert rules.rules == (old, new)
    assert rules.rule_for(date(2026, 3, 31)) is old
    assert rules.rule_for(date(2026, 4, 1)) is new
    assert rules.rule_for(date(2030, 1, 1)) is new

    b = bill(1, 100_000, date(2026, 3, 1))
    day_before = quote(customer(RES), [b], date(2026, 3, 31), rules)  # 30 days at 1‰
    change_day = quote(customer(RES), [b], date(2026, 4, 1), rules)  # 31 days at 0.5‰
    assert day_before.lines[0].late_fee_fen == 3000
    assert change_day.lines[0].late_fee_fen == 1550
    q_other = quote(customer(OTHER), [b], date(2026, 4, 1), rules)  # 31 days at 1‰
    assert q_other.lines[0].late_fee_fen == 3100
    # the new rule switched the minimum off: 5 days × 0.5‰ on ¥30.00 is 7.5 → 8 fen
    assert (
        quote(customer(RES), [bill(2, 3000, date(2026, 4, 10))], date(2026, 4, 15), rules)
        .lines[0]
        .late_fee_fen
        == 8
    )


def test_rule_set_refuses_empty_duplicate_and_too_early() -> None:
    with pytest.raises(ValueError):
        LateFeeRuleSet([])
    with pytest.raises(ValueError):
        LateFeeRuleSet([DEFAULT_RULE, LateFeeRule(effective_from=DEFAULT_RULE.effective_from)])
    with pytest.raises(ValueError, match="no late-fee rule in force on 1990-01-01"):
        LateFeeRuleSet().rule_for(date(1990, 1, 1))


def test_rates_given_as_float_or_text_become_exact_fractions() -> None:
    rule = LateFeeRule(
        effective_from=date(2026, 1, 1),
        residential_daily=0.001,  # type: ignore[arg-type]
        other_daily_same_year="0.002",
        other_daily_later_years=Fraction(3, 1000),
    )  # type: ignore[arg-type]
    assert rule.residential_daily == Fraction(1, 1000)
    assert rule.other_daily_same_year == Fraction(2, 1000)
    assert accrued_late_fee(2500, RES, date(2026, 3, 1), date(2026, 3, 2), rule) == 3


@pytest.mark.parametrize(
    "kw",
    [{"residential_daily": Fraction(-1, 1000)}, {"minimum_fen": -1}, {"minimum_fen": 1.5}],
)
def test_bad_rules_are_refused(kw: dict) -> None:
    with pytest.raises(ValueError):
        LateFeeRule(effective_from=date(2026, 1, 1), **kw)


def test_rounding_is_half_up_not_to_even() -> None:
    day = date(2026, 3, 15)
    # 2500 fen × 1‰ × 1 day = 2.5 fen → 3 (banker's rounding would give 2)
    assert accrued_late_fee(2500, RES, day, day + timedelta(days=1), DEFAULT_RULE) == 3
    # 1500 × 1‰ = 1.5 → 2;  1499 × 1‰ = 1.499 → 1
    assert accrued_late_fee(1500, RES, day, day + timedelta(days=1), DEFAULT_RULE) == 2
    assert accrued_late_fee(1499, RES, day, day + timedelta(days=1), DEFAULT_RULE) == 1
    # other user: 1250 × 2‰ = 2.5 → 3;  1250 × 3‰ (due Dec 31) = 3.75 → 4
    assert accrued_late_fee(1250, OTHER, day, day + timedelta(days=1), DEFAULT_RULE) == 3
    assert accrued_late_fee(1250, OTHER, date(2025, 12, 31), date(2026, 1, 1), DEFAULT_RULE) == 4


def test_accrual_starts_at_the_later_of_due_date_and_accrued_from() -> None:
    due = date(2026, 3, 15)
    on = date(2026, 4, 4)
    assert (
        accrued_late_fee(12000, RES, due, on, DEFAULT_RULE, accrued_from=date(2026, 3, 25)) == 120
    )
    assert accrued_late_fee(12000, RES, due, on, DEFAULT_RULE, accrued_from=date(2026, 3, 1)) == 240
    assert accrued_late_fee(12000, RES, due, on, DEFAULT_RULE, accrued_from=on) == 0
    # other user, accrual resumed in the next year: every remaining day at 3‰
    assert (
        accrued_late_fee(
            100_000,
            OTHER,
            date(2025, 12, 20),
            date(2026, 1, 10),
            DEFAULT_RULE,
            accrued_from=date(2026, 1, 5),
        )
        == 5 * 300
    )


def test_nothing_accrues_on_nothing() -> None:
    assert accrued_late_fee(0, RES, date(2026, 1, 1), date(2027, 1, 1), DEFAULT_RULE) == 0
    assert accrued_late_fee(-5, OTHER, date(2026, 1, 1), date(2027, 1, 1), DEFAULT_RULE) == 0


def test_bill_fee_outstanding_adds_earlier_assessed_fee() -> None:
    b = bill(
        1,
        12000,
        date(2026, 3, 15),
        principal_paid_fen=2000,
        late_fee_assessed_fen=300,
        late_fee_paid_fen=100,
        fee_accrued_through=date(2026, 3, 25),
    )
    # 200 left of the assessed fee + 10 days × 1‰ on the 10000 still owed
    assert bill_fee_outstanding(b, RES, date(2026, 4, 4), DEFAULT_RULE) == 200 + 100


def test_waived_bill_accrues_nothing_new() -> None:
    b = bill(1, 12000, date(2026, 3, 15), late_fee_waived=True)
    assert bill_fee_outstanding(b, RES, date(2027, 4, 4), DEFAULT_RULE) == 0
    q = quote(customer(RES), [b], date(2027, 4, 4), LateFeeRuleSet())
    assert q.lines[0].late_fee_fen == 0
    assert q.total_due_fen == 12000


# --- properties -----------------------------------------------------------------------------

amounts = st.integers(min_value=1, max_value=10**9)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))
spans = st.integers(min_value=0, max_value=1500)
user_types = st.sampled_from([RES, OTHER])


@FAST
@given(amounts, dates, spans, spans, user_types)
def test_fee_is_monotone_in_days(amount: int, due: date, d1: int, d2: int, ut: UserType) -> None:
    lo, hi = sorted((d1, d2))
    f_lo = accrued_late_fee(amount, ut, due, due + timedelta(days=lo), DEFAULT_RULE)
    f_hi = accrued_late_fee(amount, ut, due, due + timedelta(days=hi), DEFAULT_RULE)
    assert 0 <= f_lo <= f_hi


@FAST
@given(amounts, amounts, dates, spans, user_types)
def test_fee_is_monotone_in_amount(a1: int, a2: int, due: date, days: int, ut: UserType) -> None:
    lo, hi = sorted((a1, a2))
    on = due + timedelta(days=days)
    assert accrued_late_fee(lo, ut, due, on, DEFAULT_RULE) <= accrued_late_fee(
        hi, ut, due, on, DEFAULT_RULE
    )


@FAST
@given(amounts, dates, st.integers(min_value=-400, max_value=1500))
def test_residential_fee_formula(amount: int, due: date, days: int) -> None:
    on = due + timedelta(days=days)
    assert days_overdue(due, on) == max(0, days)
    assert accrued_late_fee(amount, RES, due, on, DEFAULT_RULE) == round_half_up(
        amount * max(0, days), 1000
    )


@settings(max_examples=80, deadline=None)
@given(
    amounts,
    dates,
    st.integers(min_value=-30, max_value=1200),
    st.integers(min_value=0, max_value=1200),
)
def test_other_user_fee_matches_day_by_day_count(
    amount: int, due: date, days: int, resumed: int
) -> None:
    on = due + timedelta(days=days)
    assert accrued_late_fee(amount, OTHER, due, on, DEFAULT_RULE) == other_fee_by_counting_days(
        amount, due, on
    )
    start = due + timedelta(days=resumed)
    assert accrued_late_fee(amount, OTHER, due, on, DEFAULT_RULE, accrued_from=start) == (
        other_fee_by_counting_days(amount, due, on, start)
    )


@FAST
@given(st.lists(st.integers(min_value=0, max_value=300), max_size=6), st.booleans())
def test_apply_minimum_property(fees: list[int], enabled: bool) -> None:
    rule = DEFAULT_RULE if enabled else NO_MINIMUM
    out = apply_minimum(fees, rule)
    assert len(out) == len(fees)
    assert all(o >= f for o, f in zip(out, fees, strict=True))
    total = sum(fees)
    if enabled and 0 < total < 100:
        assert sum(out) == 100
        changed = [i for i, (o, f) in enumerate(zip(out, fees, strict=True)) if o != f]
        assert changed == [next(i for i, f in enumerate(fees) if f > 0)]
    else:
        assert out == fees
