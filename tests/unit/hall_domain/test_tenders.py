"""tenders: cash with change, bank card (RRN, auth code, masked card only), split payments."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hall_domain.errors import TenderError
from hall_domain.tenders import (
    CardTender,
    CashTender,
    TenderKind,
    card_tender,
    change_due,
    looks_like_full_card_number,
    luhn_valid,
    validate_masked_card,
    validate_tenders,
)

FAST = settings(max_examples=150, deadline=None)


def with_check_digit(body: str) -> str:
    """Append the Luhn check digit, computed here independently of the code under test."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # every second digit from the right, counting the check digit as position 0
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


FULL_PAN = with_check_digit("622848001234567")  # 16 digits, Luhn-valid


def card(amount_fen: int = 5000, **kw) -> CardTender:
    args = dict(reference="123456789012", auth_code="a1b2c3", masked_card="622848******1234")
    args.update(kw)
    return card_tender(amount_fen, **args)


# --- cash -----------------------------------------------------------------------------------


def test_cash_change() -> None:
    t = CashTender(amount_fen=12340, tendered_fen=20000)
    t.validate()
    assert t.kind == TenderKind.CASH
    assert t.change_fen == 7660
    assert CashTender(500, 500).change_fen == 0


def test_cash_short_names_both_amounts() -> None:
    with pytest.raises(TenderError) as e:
        CashTender(amount_fen=12340, tendered_fen=10000).validate()
    assert e.value.code == "tender.cash_short"
    assert "¥100.00" in e.value.message and "¥123.40" in e.value.message


@pytest.mark.parametrize("amount", [0, -100])
def test_cash_must_be_positive(amount: int) -> None:
    with pytest.raises(TenderError) as e:
        CashTender(amount_fen=amount, tendered_fen=1000).validate()
    assert e.value.code == "tender.cash_not_positive"


@pytest.mark.parametrize(("amount", "tendered"), [(100.0, 200), (100, 200.5), (True, 5)])
def test_cash_must_be_int_fen(amount: object, tendered: object) -> None:
    with pytest.raises(TenderError) as e:
        CashTender(amount_fen=amount, tendered_fen=tendered).validate()  # type: ignore[arg-type]
    assert e.value.code == "tender.not_fen"


# --- card -----------------------------------------------------------------------------------


def test_card_tender_normalises_what_was_typed() -> None:
    t = card(reference=" 123456789012 ", auth_code=" a1b2c3 ", masked_card="6228 48xx xxxx 1234")
    assert t.kind == TenderKind.CARD
    assert (t.reference, t.auth_code, t.masked_card) == (
        "123456789012",
        "A1B2C3",
        "622848******1234",
    )
    assert t.change_fen == 0


@pytest.mark.parametrize(
    ("masked", "normal"),
    [
        ("622848******1234", "622848******1234"),
        ("6228-48**-****-1234", "622848******1234"),
        ("*********1234", "*********1234"),
        ("4111•••••••••1111", "4111*********1111"),
        ("６２２８４８＊＊＊＊＊＊１２３４", "622848******1234"),  # full-width from an input method
    ],
)
def test_masked_card_accepted(masked: str, normal: str) -> None:
    assert validate_masked_card(masked) == normal


@pytest.mark.parametrize(
    ("masked", "code"),
    [
        ("", "tender.card_mask_empty"),
        ("  ", "tender.card_mask_empty"),
        ("1234", "tender.card_mask_format"),
        ("6228481234", "tender.card_mask_format"),
        ("6228480****12345", "tender.card_mask_format"),  # 7 leading digits
        ("622848******123", "tender.card_mask_format"),  # 3 trailing digits
        ("6228**1234**5678", "tender.card_mask_format"),
        ("****1234", "tender.card_mask_length"),
        ("622848**************1234", "tender.card_mask_length"),
    ],
)
def test_masked_card_rejected(masked: str, code: str) -> None:
    with pytest.raises(TenderError) as e:
        validate_masked_card(masked)
    assert e.value.code == code


@pytest.mark.parametrize(
    "pan",
    [
        FULL_PAN,
        " ".join(FULL_PAN[i : i + 4] for i in range(0, 16, 4)),
        "-".join(FULL_PAN[i : i + 4] for i in range(0, 16, 4)),
        "4111 1111 1111 1111",
        "6" * 19,
        "１２３４５６７８９０１２３",
    ],
)
def test_full_card_number_refused_with_a_clear_message(pan: str) -> None:
    assert looks_like_full_card_number(pan)
    with pytest.raises(TenderError) as e:
        validate_masked_card(pan)
    assert e.value.code == "tender.full_card_number"
    assert "full card number" in e.value.message
    assert pan not in e.value.message  # never echo the number back


def test_full_card_number_refused_in_the_reference_field() -> None:
    for typed in (FULL_PAN, "4111-1111-1111-1111"):
        with pytest.raises(TenderError) as e:
            card(reference=typed)
        assert e.value.code == "tender.full_card_number"
        assert typed not in e.value.message


def test_long_reference_that_is_not_a_card_number_is_fine() -> None:
    assert card(reference="AB12CD34EF56GH78IJ").reference == "AB12CD34EF56GH78IJ"
    assert card(reference="123456789012AB").reference == "123456789012AB"  # 12 digits in a row
    assert card(reference="1234567890123456AB"[4:]).reference == "567890123456AB"


@pytest.mark.parametrize("reference", [
    "1234567890123456",  # 16 digits, not Luhn-valid: the ledger used to refuse it after the fact
    "12345678901234567890",  # 20 digits
    "1234567890123",  # 13 digits
    "AB1234567890123",  # 13 digits inside letters
    FULL_PAN[:-1] + str((int(FULL_PAN[-1]) + 1) % 10),  # a mistyped card number
])
def test_reference_with_13_or_more_digits_in_a_row_is_refused(reference: str) -> None:
    with pytest.raises(TenderError) as e:
        card(reference=reference)
    assert e.value.code == "tender.card_reference_digits"
    assert reference not in e.value.message
    with pytest.raises(TenderError):  # the tender built directly (as the ledger does) too
        CardTender(5000, reference, "A1B2C3", "622848******1234").validate()


def test_reference_fields_are_matched_whole() -> None:
    """`$` matches before a trailing newline; the rules use fullmatch."""
    for kw in ({"reference": "123456789012\n"}, {"auth_code": "A1B2C3\n"},
               {"masked_card": "622848******1234\n"}):
        args = dict(reference="123456789012", auth_code="A1B2C3", masked_card="622848******1234")
        args.update(kw)
        with pytest.raises(TenderError):
            CardTender(5000, **args).validate()


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"reference": "12345"}, "tender.card_reference"),
        ({"reference": "AB34567890AB34567890AB"}, "tender.card_reference"),
        ({"reference": "1234-5678"}, "tender.card_reference"),
        ({"reference": ""}, "tender.card_reference"),
        ({"auth_code": "12345"}, "tender.card_auth_code"),
        ({"auth_code": "1234567"}, "tender.card_auth_code"),
        ({"auth_code": "12 345"}, "tender.card_auth_code"),
        ({"amount_fen": 0}, "tender.card_not_positive"),
    ],
)
def test_card_tender_rejections(kw: dict, code: str) -> None:
    amount = kw.pop("amount_fen", 5000)
    with pytest.raises(TenderError) as e:
        card(amount, **kw)
    assert e.value.code == code
    assert e.value.message


def test_card_tender_built_directly_must_be_normalised() -> None:
    t = CardTender(5000, "123456789012", "A1B2C3", "622848xxxxxx1234")
    with pytest.raises(TenderError) as e:
        t.validate()
    assert e.value.code == "tender.card_mask_format"


# --- several tenders ------------------------------------------------------------------------


def test_split_cash_and_card() -> None:
    tenders = [CashTender(3000, 5000), card(7000)]
    validate_tenders(10000, tenders)
    assert change_due(tenders) == 2000


def test_two_cards_are_a_valid_split() -> None:
    validate_tenders(10000, [card(4000), card(6000, reference="ABCDEF123456")])


def test_no_tender() -> None:
    with pytest.raises(TenderError) as e:
        validate_tenders(1000, [])
    assert e.value.code == "tender.none"
    assert "No tender" in e.value.message


def test_two_cash_tenders() -> None:
    with pytest.raises(TenderError) as e:
        validate_tenders(1000, [CashTender(500, 500), CashTender(500, 1000)])
    assert e.value.code == "tender.two_cash"
    assert "one cash" in e.value.message


@pytest.mark.parametrize("paid", [9999, 10001])
def test_sum_mismatch_names_both_amounts(paid: int) -> None:
    with pytest.raises(TenderError) as e:
        validate_tenders(10000, [CashTender(paid - 4000, 10000), card(4000)])
    assert e.value.code == "tender.sum_mismatch"
    assert e.value.params == {"total_fen": paid, "amount_fen": 10000}
    assert "¥100.00" in e.value.message


def test_each_tender_is_validated() -> None:
    with pytest.raises(TenderError) as e:
        validate_tenders(10000, [CashTender(10000, 9000)])
    assert e.value.code == "tender.cash_short"


# --- properties -----------------------------------------------------------------------------


@FAST
@given(
    st.text(alphabet="0123456789", min_size=1, max_size=18),
    st.integers(min_value=0, max_value=100),
    st.integers(min_value=1, max_value=9),
)
def test_luhn_check_digit_and_single_digit_errors(body: str, pos: int, delta: int) -> None:
    number = with_check_digit(body)
    assert luhn_valid(number)
    i = pos % len(number)
    wrong = number[:i] + str((int(number[i]) + delta) % 10) + number[i + 1 :]
    assert not luhn_valid(wrong)  # Luhn catches every single-digit error


@FAST
@given(
    st.integers(min_value=12, max_value=18).flatmap(
        lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)
    ),
    st.lists(st.sampled_from([" ", "-", ""]), min_size=19, max_size=19),
)
def test_any_full_card_number_is_refused_however_grouped(body: str, seps: list[str]) -> None:
    pan = with_check_digit(body)
    typed = "".join(ch + sep for ch, sep in zip(pan, seps, strict=False)).strip(" -")
    with pytest.raises(TenderError) as e:
        validate_masked_card(typed)
    assert e.value.code == "tender.full_card_number"
    with pytest.raises(TenderError) as e:
        card(masked_card=typed)
    assert e.value.code == "tender.full_card_number"


@FAST
@given(
    st.text(alphabet="0123456789", max_size=6),
    st.integers(min_value=3, max_value=15),
    st.sampled_from("*xX•"),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
)
def test_well_formed_masks_are_accepted_and_normalised(
    head: str, n: int, mask: str, tail: str
) -> None:
    typed = head + mask * n + tail
    assume(13 <= len(typed) <= 19)
    out = validate_masked_card(typed)
    assert out == head + "*" * n + tail
    assert not looks_like_full_card_number(out)
    assert card(masked_card=typed).masked_card == out


@FAST
@given(st.text(max_size=24))
def test_masked_card_result_never_holds_more_than_ten_digits(text: str) -> None:
    try:
        out = validate_masked_card(text)
    except TenderError:
        return
    assert sum(c.isdigit() for c in out) <= 10
    assert 13 <= len(out) <= 19


@FAST
@given(
    st.integers(min_value=1, max_value=10**8),
    st.lists(st.integers(min_value=1, max_value=10**7), max_size=3),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=-3, max_value=3),
)
def test_split_sums(cash: int, cards: list[int], extra: int, error: int) -> None:
    tenders = [CashTender(cash, cash + extra)] + [
        card(a, reference=f"REF{i:06d}") for i, a in enumerate(cards)
    ]
    amount = cash + sum(cards)
    validate_tenders(amount, tenders)
    assert change_due(tenders) == extra
    if error and amount + error > 0:
        with pytest.raises(TenderError) as e:
            validate_tenders(amount + error, tenders)
        assert e.value.code == "tender.sum_mismatch"
