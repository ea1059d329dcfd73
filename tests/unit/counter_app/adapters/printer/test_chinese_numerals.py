"""Capital numerals (大写) for amounts: the PBOC examples, zero rules, 整, and a round trip."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hall_domain.chinese_numerals import MAX_FEN, amount_in_words, amount_in_words_rmb

DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
PLACE = {"仟": 1000, "佰": 100, "拾": 10}


@pytest.mark.parametrize(
    ("fen", "words"),
    [
        (12040, "壹佰贰拾元肆角整"),  # the example
        (140950, "壹仟肆佰零玖元伍角整"),  # PBOC: zero in the middle
        (600714, "陆仟零柒元壹角肆分"),
        (168032, "壹仟陆佰捌拾元叁角贰分"),  # 元位 0 before 角: 零 optional, left out
        (10700053, "壹拾万柒仟元伍角叁分"),  # 万位 and 元位 zero: both optional
        (32504, "叁佰贰拾伍元零肆分"),  # 零 before 分 when 角 is zero
        (100500, "壹仟零伍元整"),
        (105, "壹元零伍分"),
        (5, "伍分"),
        (40, "肆角整"),
        (45, "肆角伍分"),
        (0, "零元整"),
        (100, "壹元整"),
        (1000, "壹拾元整"),  # 壹拾, never a bare 拾
        (1000000, "壹万元整"),
        (10000050, "壹拾万元零伍角整"),  # a run over a whole empty group keeps 零
        (10000000000, "壹亿元整"),
        (10001000000, "壹亿零壹万元整"),
        (10000100000, "壹亿零壹仟元整"),
        (101000000000, "壹拾亿壹仟万元整"),
        (100700000000, "壹拾亿零柒佰万元整"),
        (MAX_FEN, "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ],
)
def test_examples(fen: int, words: str) -> None:
    assert amount_in_words(fen) == words


def test_rmb_prefix() -> None:
    assert amount_in_words_rmb(12040) == "人民币壹佰贰拾元肆角整"


@pytest.mark.parametrize("bad", [-1, MAX_FEN + 1])
def test_out_of_range_is_refused(bad: int) -> None:
    with pytest.raises(ValueError):
        amount_in_words(bad)


@pytest.mark.parametrize("bad", [1.5, True, "100", None])
def test_non_int_is_refused(bad: object) -> None:
    with pytest.raises(TypeError):
        amount_in_words(bad)  # type: ignore[arg-type]


def parse_words(words: str) -> int:
    """An independent reader of capital numerals, back to fen."""
    assert words.endswith("整") != bool(re.search("分$", words)), words
    body = words.removesuffix("整")
    fen = 0
    m = re.search(r"(?:([壹贰叁肆伍陆柒捌玖])角)?(?:零?([壹贰叁肆伍陆柒捌玖])分)?$", body)
    assert m is not None
    if m.group(1):
        fen += DIGIT[m.group(1)] * 10
    if m.group(2):
        fen += DIGIT[m.group(2)]
    yuan_text = body[: m.start()] if m.group(0) else body
    yuan_text = yuan_text.removesuffix("元").removesuffix("零")
    if yuan_text == "":
        return fen
    total = section = 0
    digit = 0
    for ch in yuan_text:
        if ch in DIGIT:
            digit = DIGIT[ch]
        elif ch in PLACE:
            section += digit * PLACE[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        elif ch == "亿":
            total = (total + section + digit) * 100_000_000
            section = digit = 0
        else:
            raise AssertionError(f"unexpected {ch!r} in {words}")
    return (total + section + digit) * 100 + fen


@given(st.integers(min_value=0, max_value=MAX_FEN))
def test_round_trip(fen: int) -> None:
    assert parse_words(amount_in_words(fen)) == fen


@given(st.integers(min_value=1, max_value=MAX_FEN))
def test_shape(fen: int) -> None:
    words = amount_in_words(fen)
    assert "零零" not in words
    assert not words.startswith(("零", "拾"))
    assert not re.search("零[元万亿角分整]", words), words  # 零 only before a digit
    assert words.endswith("分") == (fen % 10 != 0)
    assert ("元" in words) == (fen >= 100)
    assert set(words) <= set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=99))
def test_zero_between_digits_of_a_group_is_written(yuan: int, cents: int) -> None:
    digits = f"{yuan}"
    inner_zero = re.search(r"[1-9]0+[1-9]", digits)
    words = amount_in_words(yuan * 100 + cents)
    yuan_part = words.split("元")[0]
    assert ("零" in yuan_part) == bool(inner_zero), (yuan, words)
