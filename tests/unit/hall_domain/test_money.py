"""money: strict parsing of typed yuan into integer fen, formatting, half-up rounding."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hall_domain.errors import MoneyError
from hall_domain.money import (
    DEFAULT_MAX_FEN,
    fen_to_plain,
    format_fen,
    parse_yuan,
    round_half_up,
)

FAST = settings(max_examples=150, deadline=None)

# --- parsing: accepted input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("12.3", 1230),
        ("12", 1200),
        ("12.30", 1230),
        ("12.", 1200),
        ("0.01", 1),
        ("0.1", 10),
        ("1,234.50", 123450),
        ("1,234", 123400),
        ("123,456.78", 12345678),
        ("¥5", 500),
        ("¥ 5.5", 550),
        ("￥12.30", 1230),
        ("RMB 8", 800),
        ("cny8.8", 880),
        ("  7.5 ", 750),
        ("\t99\n", 9900),
        # full-width digits and punctuation from a Chinese input method
        ("１２．３", 1230),
        ("￥１，２３４．５０", 123450),
        ("\u300012\u3000", 1200),  # ideographic spaces around the number
        ("1,000,000.00", DEFAULT_MAX_FEN),  # exactly the default limit
    ],
)
def test_parse_accepts(text: str, fen: int) -> None:
    assert parse_yuan(text) == fen


def test_parse_returns_plain_int() -> None:
    fen = parse_yuan("12.3")
    assert type(fen) is int


def test_zero_is_allowed_only_when_asked() -> None:
    assert parse_yuan("0", allow_zero=True) == 0
    assert parse_yuan("0.00", allow_zero=True) == 0
    with pytest.raises(MoneyError) as e:
        parse_yuan("0.00")
    assert e.value.code == "money.zero"


def test_configured_limit_is_inclusive() -> None:
    assert parse_yuan("10.00", max_fen=1000) == 1000
    with pytest.raises(MoneyError) as e:
        parse_yuan("10.01", max_fen=1000)
    assert e.value.code == "money.over_limit"
    assert e.value.params["limit_fen"] == 1000
    assert "¥10.00" in e.value.message  # the limit is shown in yuan


# --- parsing: rejections, each with its own code and a message naming the problem -------------

# (text, code, words the message must contain)
REJECTIONS = [
    ("-1", "money.negative", "negative"),
    ("-0.01", "money.negative", "negative"),
    ("－5", "money.negative", "negative"),  # full-width hyphen-minus
    ("−5", "money.negative", "negative"),  # U+2212 MINUS SIGN
    ("¥-5", "money.negative", "negative"),
    ("1e3", "money.exponent", "exponent"),
    ("1E3", "money.exponent", "exponent"),
    ("1.5e2", "money.exponent", "exponent"),
    ("2e-2", "money.exponent", "exponent"),
    ("12.345", "money.too_precise", "two decimals"),
    ("1,234.567", "money.too_precise", "two decimals"),
    ("0.001", "money.too_precise", "two decimals"),
    ("NaN", "money.not_a_number", "not a number"),
    ("nan", "money.not_a_number", "not a number"),
    ("inf", "money.not_a_number", "not a number"),
    ("-inf", "money.not_a_number", "not a number"),
    ("Infinity", "money.not_a_number", "not a number"),
    ("", "money.empty", "empty"),
    ("   ", "money.empty", "empty"),
    ("\u3000", "money.empty", "empty"),
    ("¥", "money.empty", "empty"),
    ("1,000,000.01", "money.over_limit", "limit"),
    ("99999999999", "money.over_limit", "limit"),
    ("0", "money.zero", "zero"),
    ("0.00", "money.zero", "zero"),
    ("¥0", "money.zero", "zero"),
    ("1,23", "money.grouping", "group"),
    ("1,2345", "money.grouping", "group"),
    ("12,345,67", "money.grouping", "group"),
    (",123", "money.grouping", "group"),
    ("1,,234", "money.grouping", "group"),
    ("1234,567", "money.grouping", "group"),
    ("0,123", "money.grouping", "group"),
    ("abc", "money.format", "not a valid"),
    ("12.3.4", "money.format", "not a valid"),
    ("1 234", "money.format", "not a valid"),
    (".5", "money.format", "not a valid"),
    ("١٢", "money.format", "not a valid"),  # Arabic-Indic digits are not accepted
    ("①", "money.format", "not a valid"),  # nor circled digits
    ("2²", "money.format", "not a valid"),  # nor superscripts
]


@pytest.mark.parametrize(("text", "code", "words"), REJECTIONS)
def test_parse_rejects(text: str, code: str, words: str) -> None:
    with pytest.raises(MoneyError) as e:
        parse_yuan(text)
    assert e.value.code == code
    assert words in e.value.message.lower()
    assert str(e.value) == e.value.message


def test_each_problem_has_its_own_code() -> None:
    one_per_problem = ["-1", "1e3", "12.345", "NaN", "", "1,000,000.01", "0", "1,23", "abc"]
    codes = set()
    for text in one_per_problem:
        with pytest.raises(MoneyError) as e:
            parse_yuan(text)
        codes.add(e.value.code)
    assert len(codes) == len(one_per_problem)


def test_none_is_empty() -> None:
    with pytest.raises(MoneyError) as e:
        parse_yuan(None)  # type: ignore[arg-type]
    assert e.value.code == "money.empty"


def test_message_quotes_what_was_typed() -> None:
    with pytest.raises(MoneyError) as e:
        parse_yuan("12.345")
    assert "'12.345'" in e.value.message


def test_thousands_of_digits_are_over_the_limit_not_a_crash() -> None:
    # int() refuses strings over 4300 digits with a plain ValueError; that must not leak out.
    with pytest.raises(MoneyError) as e:
        parse_yuan("9" * 5000)
    assert e.value.code == "money.over_limit"


def test_float_is_refused() -> None:
    with pytest.raises(TypeError):
        parse_yuan(12.3)  # type: ignore[arg-type]


# --- formatting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (0, "¥0.00"),
        (1, "¥0.01"),
        (10, "¥0.10"),
        (123450, "¥1,234.50"),
        (100_000_000, "¥1,000,000.00"),
        (-100, "-¥1.00"),
    ],
)
def test_format_fen(fen: int, text: str) -> None:
    assert format_fen(fen) == text


def test_format_fen_other_symbol_and_plain() -> None:
    assert format_fen(123450, symbol="") == "1,234.50"
    assert fen_to_plain(123450) == "1234.50"
    assert fen_to_plain(-5) == "-0.05"


@pytest.mark.parametrize("bad", [1.5, True, "100", None])
def test_format_fen_refuses_non_int(bad: object) -> None:
    with pytest.raises(TypeError):
        format_fen(bad)  # type: ignore[arg-type]


# --- half-up rounding -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("num", "den", "out"),
    [(5, 10, 1), (4, 10, 0), (15, 10, 2), (25, 10, 3), (14999, 1000, 15), (-5, 10, -1), (0, 7, 0)],
)
def test_round_half_up(num: int, den: int, out: int) -> None:
    assert round_half_up(num, den) == out


@pytest.mark.parametrize("den", [0, -3])
def test_round_half_up_needs_positive_denominator(den: int) -> None:
    with pytest.raises(ValueError):
        round_half_up(1, den)


# --- properties -----------------------------------------------------------------------------

FORMATTED = re.compile(r"^-?¥(0|[1-9]\d{0,2}(,\d{3})*)\.\d{2}$")


@FAST
@given(st.integers(min_value=1, max_value=DEFAULT_MAX_FEN))
def test_format_then_parse_round_trips(fen: int) -> None:
    assert parse_yuan(format_fen(fen)) == fen
    assert parse_yuan(format_fen(fen, symbol="")) == fen
    assert parse_yuan(fen_to_plain(fen)) == fen


@FAST
@given(st.integers(min_value=0, max_value=10**12))
def test_format_round_trips_under_any_limit(fen: int) -> None:
    assert parse_yuan(format_fen(fen), max_fen=10**12, allow_zero=True) == fen


@FAST
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_format_shape(fen: int) -> None:
    text = format_fen(fen)
    assert FORMATTED.match(text), text
    assert text.startswith("-") == (fen < 0)
    if fen > 0:
        assert format_fen(-fen) == "-" + text


@FAST
@given(st.integers(min_value=0, max_value=999_999), st.integers(min_value=0, max_value=99))
def test_parse_yuan_and_fen_parts(yuan: int, fen: int) -> None:
    total = yuan * 100 + fen
    if total == 0:
        return
    assert parse_yuan(f"{yuan}.{fen:02d}") == total
    if fen % 10 == 0:
        assert parse_yuan(f"{yuan}.{fen // 10}") == total


MONEYISH = st.lists(
    st.sampled_from(list("0123456789,.-+eE ¥￥１２．，－−naif") + ["RMB", "\u3000", "①", "٣", "²"]),
    max_size=16,
).map("".join)


@FAST
@given(st.one_of(MONEYISH, st.text(max_size=20)), st.integers(min_value=0, max_value=10**10))
def test_parse_returns_positive_int_within_limit_or_money_error(text: str, max_fen: int) -> None:
    try:
        fen = parse_yuan(text, max_fen=max_fen)
    except MoneyError as e:
        assert e.code.startswith("money.")
        assert e.message
        return
    assert type(fen) is int
    assert 0 < fen <= max_fen


@FAST
@given(
    st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=1, max_value=10**6)
)
def test_round_half_up_matches_decimal(num: int, den: int) -> None:
    with localcontext() as ctx:
        ctx.prec = 60
        expected = (Decimal(num) / Decimal(den)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert round_half_up(num, den) == int(expected)
