"""The demo generator: deterministic, valid, and with the awkward cases a real hall has."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from hall_domain.accounts import (
    BillStatus,
    UserType,
    is_valid_mobile,
    parse_period,
    validate_account_no,
)
from hall_domain.sample_population import (
    DEFAULT_REFERENCE_DATE,
    billing_periods,
    generate_customers,
    iter_rows,
    residential_amount_fen,
)

N = 5000


@pytest.fixture(scope="module")
def customers():
    return list(generate_customers(N, seed=7))


def test_same_seed_same_data_and_other_seed_other_data():
    a = list(generate_customers(300, seed=42))
    b = list(generate_customers(300, seed=42))
    c = list(generate_customers(300, seed=43))
    assert a == b
    assert [x.account_no for x in a] != [x.account_no for x in c]
    assert [x.name for x in a] != [x.name for x in c]


def test_first_customers_do_not_depend_on_count():
    assert list(generate_customers(50, seed=5)) == list(generate_customers(400, seed=5))[:50]


def test_reference_date_defaults_to_a_fixed_date_not_today():
    a = list(generate_customers(20, seed=1))
    b = list(generate_customers(20, seed=1, reference_date=DEFAULT_REFERENCE_DATE))
    assert a == b
    assert a[0].bills[-1].period == "2026-02"


def test_counts_and_six_bills_each(customers):
    assert len(customers) == N
    assert all(len(c.bills) == 6 for c in customers)
    assert list(generate_customers(0, seed=1)) == []


def test_account_numbers_are_ten_digits_and_unique(customers):
    accounts = [c.account_no for c in customers]
    for a in accounts:
        assert validate_account_no(a) == a
    assert len(set(accounts)) == N


def test_periods_are_the_six_months_before_the_reference_date():
    ref = date(2026, 1, 10)
    (c,) = generate_customers(1, seed=3, reference_date=ref)
    assert [b.period for b in c.bills] == [
        "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12"
    ]
    for b in c.bills:
        parse_period(b.period)
        y, m = parse_period(b.period)
        # due in the month after the period
        assert (b.due_date.year, b.due_date.month) == ((y + 1, 1) if m == 12 else (y, m + 1))
    assert billing_periods(date(2026, 3, 1), 3) == [(2025, 12), (2026, 1), (2026, 2)]


def test_amounts_are_positive_int_fen_and_follow_the_tariff(customers):
    for c in customers:
        for b in c.bills:
            assert type(b.amount_fen) is int and b.amount_fen > 0
            assert type(b.kwh) is int and b.kwh > 0
            assert type(b.paid_fen) is int and 0 <= b.paid_fen <= b.amount_fen
            if c.user_type == UserType.RESIDENTIAL:
                assert b.amount_fen == residential_amount_fen(b.kwh)
                assert abs(b.amount_fen - b.kwh * 52.83) <= b.kwh * 30 + 1
    # Other users draw more power and pay a higher price per kWh.
    avg = {
        t: sum(b.amount_fen for c in customers if c.user_type == t for b in c.bills)
        / sum(b.kwh for c in customers if c.user_type == t for b in c.bills)
        for t in UserType
    }
    assert avg[UserType.OTHER] > avg[UserType.RESIDENTIAL]


def test_residential_tiers():
    assert residential_amount_fen(100) == 5283  # ¥52.83
    assert residential_amount_fen(230) == 12151  # 230 × 52.83 = 12150.9
    assert residential_amount_fen(231) == 12151 + 58  # 57.83 fen rounds to 58 once added
    assert residential_amount_fen(500) == round(230 * 52.83 + 170 * 57.83 + 100 * 82.83)


def test_user_type_mix_is_about_85_15(customers):
    share = sum(c.user_type == UserType.RESIDENTIAL for c in customers) / N
    assert 0.82 < share < 0.88
    others = [c for c in customers if c.user_type == UserType.OTHER]
    assert any(c.name.endswith("有限公司") for c in others)
    mean = {
        t: sum(c.bills[0].amount_fen for c in customers if c.user_type == t)
        / sum(c.user_type == t for c in customers)
        for t in UserType
    }
    assert mean[UserType.OTHER] > 10 * mean[UserType.RESIDENTIAL]


def test_names_include_rare_characters_even_outside_the_bmp(customers):
    names = [c.name for c in customers]
    assert any("䶮" in n for n in names)
    assert any("𠮷" in n for n in names)
    assert any(any(ord(ch) > 0xFFFF for ch in n) for n in names)
    rare = sum(any(ch in n for ch in "䶮𠮷㛃龑") for n in names)
    assert rare < 0.02 * N  # a small fraction
    residents = [c.name for c in customers if c.user_type == UserType.RESIDENTIAL]
    assert all(2 <= len(n) <= 4 for n in residents)
    # The commonest surnames lead, as in the census.
    top = [s for s, _ in Counter(n[0] for n in residents).most_common(3)]
    assert set(top) <= {"王", "李", "张", "刘"}


def test_addresses_follow_the_chinese_pattern_and_some_are_long(customers):
    for c in customers[:500]:
        assert ("省" in c.address or "自治区" in c.address) and "市" in c.address
    urban = [c.address for c in customers if "室" in c.address]
    assert urban and all("栋" in a and "单元" in a for a in urban)
    assert max(len(c.address) for c in customers) >= 40
    assert all(c.area.startswith("TQ-") and c.area.endswith("台区") for c in customers)
    assert len({c.area for c in customers}) > 5


def test_phones_mostly_valid_some_missing_some_invalid(customers):
    phones = [c.phone for c in customers]
    valid = sum(is_valid_mobile(p) for p in phones if p)
    assert 0.8 < valid / N < 0.9
    assert any(p is None for p in phones)
    invalid = [p for p in phones if p is not None and not is_valid_mobile(p)]
    assert any(len(p) == 10 and p.isdigit() for p in invalid)
    assert any("-" in p for p in invalid)  # landline


def test_bill_histories(customers):
    def open_periods(c):
        return [b.period for b in c.bills if b.is_open]

    latest_only = [c for c in customers if open_periods(c) == ["2026-02"]]
    assert len(latest_only) > 0.5 * N  # most: older bills paid, latest open
    # Arrears across the year boundary: open bills from November to February.
    crossing = [c for c in customers if {"2025-11", "2025-12", "2026-01", "2026-02"} <= set(open_periods(c))]
    assert crossing
    for c in customers:
        ps = open_periods(c)
        # Open bills are always the most recent ones.
        assert ps == [b.period for b in c.bills][len(c.bills) - len(ps):]
        if c.credit_fen:
            assert c.credit_fen > 0 and not ps  # credit only without open bills
    assert any(c.credit_fen for c in customers)
    assert any(not open_periods(c) and not c.credit_fen for c in customers)
    partial = [b for c in customers for b in c.bills if b.status == BillStatus.PARTIAL]
    assert partial and all(0 < b.paid_fen < b.amount_fen for b in partial)
    for c in customers:
        for b in c.bills:
            assert (b.paid_fen == b.amount_fen) == (b.status == BillStatus.PAID)


def test_fast_rows_match_the_dataclasses():
    rows = list(iter_rows(100, seed=9))
    objs = list(generate_customers(100, seed=9))
    for (crow, brows), c in zip(rows, objs, strict=True):
        assert crow == (c.account_no, c.name, c.address, c.phone, c.user_type.value, c.area, c.credit_fen)
        assert [r[0] for r in brows] == [b.period for b in c.bills]
        assert c.to_customer().account_no == c.account_no


def test_negative_count_is_refused():
    with pytest.raises(ValueError):
        list(generate_customers(-1, seed=1))
