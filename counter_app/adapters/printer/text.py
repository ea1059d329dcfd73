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
    return g.columns == 1 and (g.text.isalnum() or g.text in "-_.,:/@#%+*")


def wrap(gs: list[Glyph], columns: int, *, indent: int = 0) -> list[list[Glyph]]:
    """Greedy wrap to `columns`; continuation lines start with `indent` spaces. A run of ASCII
    letters/digits is not split when a space before it lets it move whole to the next line."""
    if columns < 2:
        raise ValueError("need at least two columns to print a wide character")
    indent = max(0, min(indent, columns // 2))
    pad = [Glyph(" ", b" ", 1)] * indent
    lines: list[list[Glyph]] = []
    line: list[Glyph] = []
    used = 0
    for g in gs:
        if used + g.columns > columns:
            carry: list[Glyph] = []
            if _is_word(g):
                # Move the unfinished ASCII word down if it started after a space on this line.
                i = len(line)
                while i > 0 and _is_word(line[i - 1]):
                    i -= 1
                word = line[i:]
                fits = indent + width(word) + g.columns <= columns
                if 0 < i < len(line) and line[i - 1].text == " " and fits:
                    carry, line = word, line[: i - 1]
            lines.append(line)
            line = pad + carry
            used = width(line)
            if g.text == " " and not carry:
                continue  # no leading space on a wrapped line
        line.append(g)
        used += g.columns
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
