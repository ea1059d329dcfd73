"""Characters for a Chinese-mode printer: bytes per encoding, visible replacement, widths, wrap."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.adapters.printer.text import (
    REPLACEMENT,
    east_asian_columns,
    glyph,
    glyphs,
    to_bytes,
    to_text,
    width,
    wrap,
)


@pytest.mark.parametrize("enc", ["gb18030", "gbk"])
def test_yuan_sign_prints_full_width(enc: str) -> None:
    g = glyph("¥", enc)
    assert g.text == "￥" and g.data == b"\xa3\xa4" and g.columns == 2


def test_rare_name_character_on_gb18030_and_gbk() -> None:
    # 䶮 (U+4DAE) has a two-byte code in GB18030 (FE9F) that GBK does not define.
    g = glyph("䶮", "gb18030")
    assert g.data == b"\xfe\x9f" and g.data.decode("gb18030") == "䶮" and not g.replaced
    r = glyph("䶮", "gbk")
    assert r.text == REPLACEMENT and r.data == "〓".encode("gbk") and r.replaced == "䶮"


def test_extension_a_four_byte_code_prints_on_gb18030_only() -> None:
    g = glyph("㐀", "gb18030")  # U+3400, first of CJK Extension A
    assert len(g.data) == 4 and g.data.decode("gb18030") == "㐀" and g.columns == 2
    assert glyph("㐀", "gbk").text == REPLACEMENT


@pytest.mark.parametrize("enc", ["gb18030", "gbk"])
def test_supplementary_plane_is_replaced_visibly(enc: str) -> None:
    g = glyph("𠮷", enc)
    assert g.text == REPLACEMENT and g.replaced == "𠮷" and g.columns == 2
    assert g.data == b"\xa1\xfe"


def test_euro_prints_on_gb18030_but_not_gbk() -> None:
    assert glyph("€", "gb18030").data == b"\xa2\xe3"
    assert glyph("€", "gbk").text == REPLACEMENT


def test_other_four_byte_bmp_codes_are_replaced_on_gb18030() -> None:
    # Tibetan KA is a four-byte GB18030 code outside Extension A: not in the printer font.
    assert len("ཀ".encode("gb18030")) == 4
    assert glyph("ཀ", "gb18030").text == REPLACEMENT
    # accented pinyin letters are two-byte (GB2312 row 8) and print
    assert glyph("é", "gb18030").data == b"\xa8\xa6"


@pytest.mark.parametrize("enc", ["gb18030", "gbk"])
def test_full_width_punctuation_and_digits(enc: str) -> None:
    text = "，。：；！？（）“”《》【】０１２３"
    gs = glyphs(text, enc)
    assert to_text(gs) == text
    assert all(g.columns == 2 and len(g.data) == 2 for g in gs)
    assert to_bytes(gs).decode(enc) == text


def test_control_and_zero_width_characters() -> None:
    gs = glyphs("a\nb\tc\u200dd\x1be", "gbk")
    assert to_text(gs) == "a b cd e"
    assert all(b >= 0x20 for b in to_bytes(gs))


def test_decomposed_accent_is_composed_first() -> None:
    # u + combining diaeresis -> ü (NFC), which GBK carries
    assert to_text(glyphs("lu\u0308", "gbk")) == "lü"


def test_ambiguous_width_characters_count_as_printed() -> None:
    # '·' is East Asian Width "A" (1 column by Unicode) but a two-byte glyph on the printer.
    assert east_asian_columns("·") == 1
    assert width(glyphs("·", "gbk")) == 2


def test_wrap_keeps_ascii_words_whole_and_indents() -> None:
    lines = wrap(glyphs("地址：Room 1402 Building 17 Jinling Garden", "gbk"), 16, indent=6)
    texts = [to_text(x) for x in lines]
    assert texts[0] == "地址：Room 1402"
    assert all(t.startswith("      ") for t in texts[1:])
    assert "Building" in " ".join(texts) and "Jinling" in " ".join(texts)


def test_word_longer_than_a_line_is_broken_not_overflowed() -> None:
    url = "file:///tmp/pytest-of-root/pytest-28/test_page_to_file/page.bin"
    lines = wrap(glyphs("Printer: " + url, "gbk"), 32, indent=2)
    assert all(width(x) <= 32 for x in lines)
    assert "".join(to_text(x).strip() for x in lines) == "Printer:" + url


TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list("中文收据䶮𠮷，。 ¥ abcXYZ 0123")),
    ),
    max_size=120,
)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.sampled_from([16, 24, 32, 48]), st.integers(0, 10), st.sampled_from(["gb18030", "gbk"]))
def test_wrap_never_exceeds_columns_and_loses_nothing(text: str, cols: int, indent: int, enc: str) -> None:
    gs = glyphs(text, enc)
    lines = wrap(gs, cols, indent=indent)
    for line in lines:
        assert width(line) <= cols
        assert east_asian_columns(to_text(line)) <= cols
        to_bytes(line).decode(enc)  # every byte sequence is valid for the printer's encoding
    kept = "".join(to_text(x) for x in lines).replace(" ", "")
    assert kept == to_text(gs).replace(" ", "")


# --- no break inside a number or an ASCII word (issue 13) ----------------------------------

WORDS = st.one_of(
    st.from_regex(r"[A-Za-z]{1,14}", fullmatch=True),                      # kWh, Building
    st.from_regex(r"¥?[1-9][0-9]{0,2}(,[0-9]{3}){0,2}\.[0-9]{2}", fullmatch=True),  # ¥1,234.56
    st.from_regex(r"[0-9]{6,12}", fullmatch=True),                         # account, receipt no.
    st.from_regex(r"622848\*{6}[0-9]{4}", fullmatch=True),                 # masked card
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),          # a date
)
CJK = st.text(alphabet=st.sampled_from(list("供电营业厅电费收据户名地址江苏省南京市，。（）：䶮")),
              min_size=1, max_size=6)
LINE = st.lists(st.one_of(WORDS, CJK, st.just(" ")), min_size=1, max_size=30).map("".join)


def _word_runs(gs):
    """(start, end) over the non-space glyphs of each ASCII word or number in `gs`."""
    runs, k, start = [], 0, None
    for g in gs:
        if g.text == " ":
            if start is not None:
                runs.append((start, k))
                start = None
            continue
        if g.columns == 1:
            start = k if start is None else start
        elif start is not None:
            runs.append((start, k))
            start = None
        k += 1
    if start is not None:
        runs.append((start, k))
    return runs


@settings(max_examples=300, deadline=None)
@given(text=LINE, cols=st.sampled_from([32, 48]), indent=st.integers(0, 10),
       enc=st.sampled_from(["gb18030", "gbk"]))
def test_receipt_lines_never_break_inside_a_number_or_word(text, cols, indent, enc):
    """58 mm (32 columns) and 80 mm (48): breaks fall at spaces or beside CJK characters."""
    gs = glyphs(text, enc)
    lines = wrap(gs, cols, indent=indent)
    on_line = [i for i, line in enumerate(lines) for g in line if g.text != " "]
    assert [g.text for line in lines for g in line if g.text != " "] == \
        [g.text for g in gs if g.text != " "]
    assert all(width(line) <= cols for line in lines)
    for start, end in _word_runs(gs):
        if end - start + 2 <= cols - indent:  # fits a line (with a ￥ in front): never split
            assert len(set(on_line[start:end])) == 1, (text, [to_text(x) for x in lines])


def test_an_amount_moves_whole_to_the_next_line_with_its_yuan_sign():
    # Before: "应缴电费￥1,234." / "56元" — the amount cut in two after a CJK character.
    assert [to_text(x) for x in wrap(glyphs("应缴电费¥1,234.56元", "gb18030"), 16)] == \
        ["应缴电费", "￥1,234.56元"]
    assert [to_text(x) for x in wrap(glyphs("电量123456kWh江苏", "gbk"), 10)] == \
        ["电量", "123456kWh", "江苏"]
    # A word wider than the paper is still broken where the paper ends, never run past it.
    assert [to_text(x) for x in wrap(glyphs("电量12345678kWh", "gbk"), 10)] == \
        ["电量", "12345678kW", "h"]
