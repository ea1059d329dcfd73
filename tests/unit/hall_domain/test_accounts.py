"""accounts: account-number (户号), mobile and billing-period validation; Bill bookkeeping."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hall_domain.accounts import (
    DEFAULT_ACCOUNT_LENGTH,
    Bill,
    BillStatus,
    Customer,
    UserType,
    is_valid_mobile,
    normalize_phone,
    parse_period,
    validate_account_no,
)
from hall_domain.errors import AccountError

FAST = settings(max_examples=120, deadline=None)

# --- account number -------------------------------------------------------------------------


def test_default_length_is_ten() -> None:
    assert DEFAULT_ACCOUNT_LENGTH == 10
    assert validate_account_no("0123456789") == "0123456789"


def test_account_no_is_stripped() -> None:
    assert validate_account_no("  0123456789\n") == "0123456789"


def test_full_width_digits_become_ascii() -> None:
    assert validate_account_no("０１２３４５６７８９") == "0123456789"


def test_configurable_length() -> None:
    assert validate_account_no("012345678901", length=12) == "012345678901"
    with pytest.raises(AccountError) as e:
        validate_account_no("0123456789", length=12)
    assert e.value.code == "account.length"
    assert "12 digits" in e.value.message and "not 10" in e.value.message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "account.empty"),
        ("   ", "account.empty"),
        (None, "account.empty"),
        ("01234a6789", "account.not_digits"),
        ("0123-456789", "account.not_digits"),
        ("01234 56789", "account.not_digits"),
        ("٠١٢٣٤٥٦٧٨٩", "account.not_digits"),  # Arabic-Indic digits
        ("①②③④⑤⑥⑦⑧⑨⑩", "account.not_digits"),
        ("²123456789", "account.not_digits"),
        ("012345678", "account.length"),
        ("01234567890", "account.length"),
    ],
)
def test_account_no_rejections(text: str | None, code: str) -> None:
    with pytest.raises(AccountError) as e:
        validate_account_no(text)  # type: ignore[arg-type]
    assert e.value.code == code
    assert "Account number" in e.value.message


@FAST
@given(
    st.integers(min_value=1, max_value=20).flatmap(
        lambda n: st.tuples(st.just(n), st.text(alphabet="0123456789", min_size=n, max_size=n))
    )
)
def test_any_digit_string_of_the_configured_length_is_accepted(case: tuple[int, str]) -> None:
    length, digits = case
    assert validate_account_no(digits, length=length) == digits


@FAST
@given(st.text(alphabet="0123456789", max_size=25), st.integers(min_value=1, max_value=20))
def test_other_lengths_are_refused(digits: str, length: int) -> None:
    if len(digits) == length or not digits:
        return
    with pytest.raises(AccountError) as e:
        validate_account_no(digits, length=length)
    assert e.value.code == "account.length"


@FAST
@given(st.text(min_size=1, max_size=12))
def test_result_is_always_ascii_digits_of_the_length(text: str) -> None:
    try:
        out = validate_account_no(text)
    except AccountError:
        return
    assert len(out) == DEFAULT_ACCOUNT_LENGTH
    assert all(c in "0123456789" for c in out)


# --- mobile numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "normal"),
    [
        ("13800138000", "13800138000"),
        ("19912345678", "19912345678"),
        ("14712345678", "14712345678"),
        ("+86 138 0013 8000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("(+86)13800138000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
    ],
)
def test_valid_mobiles(phone: str, normal: str) -> None:
    assert is_valid_mobile(phone) is True
    assert normalize_phone(phone) == normal


@pytest.mark.parametrize(
    "phone",
    [
        "",
        None,
        "12800138000",
        "11800138000",
        "23800138000",
        "1380013800",
        "138001380001",
        "010-12345678",
        "1380013800a",
        "138٠0138000",
        "+1 13800138000",
    ],
)
def test_invalid_mobiles(phone: str | None) -> None:
    assert is_valid_mobile(phone) is False


def test_normalize_phone_compares_equal_numbers_equal() -> None:
    forms = [
        "13800138000",
        "+8613800138000",
        "86 138 0013 8000",
        "138 0013 8000",
        "0086 13800138000",
    ]
    assert {normalize_phone(f) for f in forms} == {"13800138000"}


def test_customer_phone_valid_flag() -> None:
    c = Customer("0123456789", "张三", "幸福路1号", "13800138000", UserType.RESIDENTIAL, "A01")
    assert c.phone_valid
    assert not Customer(
        "0123456789", "张三", "幸福路1号", "5551234", UserType.OTHER, "A01"
    ).phone_valid
    assert not Customer("0123456789", "张三", "幸福路1号", None, UserType.OTHER, "A01").phone_valid


@FAST
@given(
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
    st.sampled_from(["", "+86", "86", "+86 ", "0086"]),
    st.booleans(),
)
def test_mobile_property(second: str, rest: str, prefix: str, spaced: bool) -> None:
    number = "1" + second + rest
    shown = f"{number[:3]} {number[3:7]} {number[7:]}" if spaced else number
    assert is_valid_mobile(prefix + shown)
    assert normalize_phone(prefix + shown) == number


@FAST
@given(st.sampled_from("012"), st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_mobile_second_digit_below_three_is_refused(second: str, rest: str) -> None:
    assert not is_valid_mobile("1" + second + rest)


# --- billing periods ------------------------------------------------------------------------


def test_parse_period() -> None:
    assert parse_period("2026-03") == (2026, 3)
    assert parse_period(" 2026-12 ") == (2026, 12)


@pytest.mark.parametrize(
    "text",
    [
        "2026-13",
        "2026-00",
        "2026-3",
        "202603",
        "26-03",
        "2026/03",
        "",
        None,
        "2026-03-01",
        "٢٠٢٦-03",
    ],
)
def test_parse_period_rejects(text: str | None) -> None:
    with pytest.raises(AccountError) as e:
        parse_period(text)  # type: ignore[arg-type]
    assert e.value.code == "bill.period"
    assert "YYYY-MM" in e.value.message


@FAST
@given(st.integers(min_value=1900, max_value=2999), st.integers(min_value=1, max_value=12))
def test_period_round_trip(year: int, month: int) -> None:
    assert parse_period(f"{year:04d}-{month:02d}") == (year, month)


# --- bills ----------------------------------------------------------------------------------


def make_bill(**kw) -> Bill:
    base = dict(
        bill_id=1,
        account_no="0123456789",
        period="2026-02",
        kwh=100,
        amount_fen=5000,
        due_date=date(2026, 3, 15),
    )
    base.update(kw)
    return Bill(**base)


def test_bill_outstanding_and_open() -> None:
    b = make_bill(principal_paid_fen=2000, late_fee_assessed_fen=300, late_fee_paid_fen=100)
    assert b.principal_outstanding_fen == 3000
    assert b.assessed_fee_outstanding_fen == 200
    assert b.is_open


def test_bill_with_only_unpaid_fee_is_open() -> None:
    b = make_bill(
        principal_paid_fen=5000,
        late_fee_assessed_fen=300,
        late_fee_paid_fen=100,
        status=BillStatus.PARTIAL,
    )
    assert b.is_open


def test_fully_paid_or_marked_paid_bill_is_closed() -> None:
    assert not make_bill(principal_paid_fen=5000).is_open
    assert not make_bill(status=BillStatus.PAID).is_open


@FAST
@given(
    st.lists(
        st.tuples(
            st.integers(2020, 2030), st.integers(1, 12), st.integers(0, 60), st.integers(1, 999)
        ),
        min_size=1,
        max_size=8,
        unique_by=lambda t: t[3],
    )
)
def test_sort_key_orders_by_period_then_due_date_then_id(
    specs: list[tuple[int, int, int, int]],
) -> None:
    bills = [
        make_bill(bill_id=i, period=f"{y}-{m:02d}", due_date=date(y, m, 1).replace(day=1 + d % 28))
        for y, m, d, i in specs
    ]
    ordered = sorted(bills, key=Bill.sort_key)
    keys = [(parse_period(b.period), b.due_date, b.bill_id) for b in ordered]
    assert keys == sorted(keys)
