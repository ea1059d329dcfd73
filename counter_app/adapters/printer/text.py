"""Text for a Chinese-mode ESC/POS printer: what each character becomes in bytes, its width, wrapping.

Encoding policy (per printer, `printer.encoding`):
- ASCII 0x20–0x7E goes as one byte and takes one column.
- `gbk`: characters GBK carries as two bytes (lead 0x81–0xFE); any other result of the codec
  (e.g. cp936's single byte 0x80 for €) would be half a character to the printer: refused.
- `gb18030`: two-byte codes (which include some GBK lacks: 䶮 U+4DAE is FE9F, € is A2E3),
  plus the four-byte codes of CJK Extension A (U+3400–U+4DBF, e.g. 㐀 8139EE39), which
  GB18030-2000 requires of a conforming printer font. Other four-byte codes (supplementary
  planes such as 𠮷 U+20BB7, and scripts such as Tibetan) are not in the mandatory font of
  the printers we target, so they would print as garbage or nothing.
- Anything else is replaced by 〓 (U+3013 GETA MARK, GBK A1FE): visibly "a character is
  missing here", unlike ？, which could be read as part of a name.
- The half-width yen sign ¥ (U+00A5) is not in GBK and is a four-byte code in GB18030: it is
  printed as the full-width ￥ (U+FFE5, A3A4) on both.
- Every multi-byte character prints as a full-width glyph (two columns of 12 dots), whatever
  Unicode's East Asian Width says (· and × are "ambiguous" but print wide): widths here come
  from the bytes, so a line never runs past the paper.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Encoding = Literal["gb18030", "gbk"]
ENCODINGS: tuple[str, ...] = ("gb18030", "gbk")
REPLACEMENT = "\u3013"  # 〓
_SUBSTITUTES = {"\u00a5": "\uffe5", "\u00a0": " ", "\t": " "}
_EXT_A = range(0x3400, 0x4DC0)


@dataclass(frozen=True, slots=True)
class Glyph:
    """One printed character: the text shown, its bytes, its columns, and whether replaced."""

    text: str
    data: bytes
    columns: int
    replaced: str = ""  # the character that could not be printed, when this is 〓


def check_encoding(encoding: str) -> Encoding:
    if encoding not in ENCODINGS:
        raise ValueError(f"printer encoding must be gb18030 or gbk, not {encoding!r}")
    return encoding  # type: ignore[return-value]


@lru_cache(maxsize=8192)
def glyph(ch: str, encoding: Encoding) -> Glyph | None:
    """The printed form of one character, or None for characters that print as nothing."""
    ch = _SUBSTITUTES.get(ch, ch)
    cp = ord(ch)
    if 0x20 <= cp <= 0x7E:
        return Glyph(ch, bytes([cp]), 1)
    category = unicodedata.category(ch)
    if category in ("Cf", "Mn", "Me") and ch != REPLACEMENT:
        # Zero-width joiners, variation selectors, combining marks: no column of their own.
        # A combining mark that NFC could not fold into its base is dropped, not misprinted.
        return None
    if category.startswith("C") or category in ("Zl", "Zp"):
        return Glyph(" ", b" ", 1)  # control characters: a space, never a raw control byte
    data = _encode(ch, encoding)
    if data is None:
        return Glyph(REPLACEMENT, _encode(REPLACEMENT, encoding) or b"?", 2, replaced=ch)
    return Glyph(ch, data, 1 if len(data) == 1 else 2)


def _encode(ch: str, encoding: Encoding) -> bytes | None:
    try:
        data = ch.encode(encoding)
    except UnicodeEncodeError:
        return None
    if len(data) == 2 and 0x81 <= data[0] <= 0xFE:
        return data
    if len(data) == 4 and encoding == "gb18030" and ord(ch) in _EXT_A:
        return data
    return None


@dataclass(frozen=True, slots=True)
class Coverage:
    """What an encoding does with one character: has it a code, and does this program print it."""

    char: str
    in_encoding: bool  # the code page defines the character
    printed: bool  # sent as its code (False: printed as 〓)
    code: bytes | None  # its bytes in the encoding, when it has a code


def coverage(ch: str, encoding: str) -> Coverage:
    """GB18030 has a code for every character (𠮷 U+20BB7 has a four-byte one), GBK only for
    its two-byte set (no 䶮, no 𠮷, no €); what is printed follows the policy at the top of
    this module."""
    enc = check_encoding(encoding)
    try:
        data: bytes | None = ch.encode(enc)
    except UnicodeEncodeError:
        data = None
    if enc == "gbk" and data is not None and not (len(data) == 2 and data[0] >= 0x81):
        data = None  # cp936 extras (0x80 for €) are not GBK two-byte codes
    g = glyph(ch, enc)
    return Coverage(ch, data is not None, g is not None and not g.replaced, data)


def glyphs(text: str, encoding: Encoding) -> list[Glyph]:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        g = glyph(ch, encoding)
        if g is not None:
            out.append(g)
    return out


def width(gs: list[Glyph]) -> int:
    return sum(g.columns for g in gs)


def text_columns(text: str, encoding: Encoding = "gb18030") -> int:
    return width(glyphs(text, encoding))


def east_asian_columns(text: str) -> int:
    """Columns by Unicode East Asian Width (W and F are two): the lower bound a check uses."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _is_word(g: Glyph) -> bool:
    """Part of an ASCII word or number: any one-column glyph but the space ("1,234.56", "kWh",
    "622848******1234", "file:///x")."""
    return g.columns == 1 and g.text != " "


_STICKS_TO_NEXT = frozenset("\uffe5")  # ￥: never left at a line end apart from its amount


def _units(gs: list[Glyph]) -> list[list[Glyph]]:
    """What a line may break between: a space, one wide (CJK) glyph, or a whole ASCII word or
    number (with a ￥ in front of it kept on it)."""
    units: list[list[Glyph]] = []
    for g in gs:
        prev = units[-1] if units else None
        if prev and _is_word(g) and (_is_word(prev[-1]) or prev[-1].text in _STICKS_TO_NEXT):
            prev.append(g)
        else:
            units.append([g])
    return units


def wrap(gs: list[Glyph], columns: int, *, indent: int = 0) -> list[list[Glyph]]:
    """Greedy wrap to `columns`; continuation lines start with `indent` spaces.

    Lines break at spaces (which are dropped there) and between CJK characters, never inside
    an ASCII word or a number — unless the word alone is wider than a line, which is then
    broken where the paper ends rather than run past it."""
    if columns < 2:
        raise ValueError("need at least two columns to print a wide character")
    indent = max(0, min(indent, columns // 2))
    pad = [Glyph(" ", b" ", 1)] * indent
    lines: list[list[Glyph]] = []
    line: list[Glyph] = []
    used = 0
    empty = True  # nothing but the indent on the line so far

    def new_line() -> None:
        nonlocal line, used, empty
        lines.append(line)
        line, used, empty = list(pad), indent, True

    for unit in _units(gs):
        if used + width(unit) > columns:
            if unit[0].text == " ":
                new_line()  # the space the line breaks at is not printed
                continue
            if not empty:
                new_line()
        elif unit[0].text == " " and empty and lines:
            continue  # no leading space on a continuation line
        for g in unit:  # fits; or a word wider than a line, broken where the paper ends
            if used + g.columns > columns:
                new_line()
            line.append(g)
            used += g.columns
            empty = False
    if line or not lines:
        lines.append(line)
    return [_rstrip(x) for x in lines]


def _rstrip(line: list[Glyph]) -> list[Glyph]:
    end = len(line)
    while end > 0 and line[end - 1].text == " ":
        end -= 1
    return line[:end]


def to_bytes(line: list[Glyph]) -> bytes:
    return b"".join(g.data for g in line)


def to_text(line: list[Glyph]) -> str:
    return "".join(g.text for g in line)
