"""Money as integer fen (分): strict parsing of what a cashier types, and formatting."""

from __future__ import annotations

import re

from .errors import MoneyError

FEN_PER_YUAN = 100
DEFAULT_MAX_FEN = 100_000_000  # ¥1,000,000.00: above this a typing slip is far likelier than a bill

# Chinese input methods often produce full-width characters (１２．３, ￥, ，). Only those are
# folded to ASCII: NFKC would also turn ①, ² or ½ into digits, which strict parsing must refuse.
_HALFWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_HALFWIDTH.update({0x3000: ord(" "), 0xFFE5: ord("¥"), 0x2212: ord("-"), 0xFE63: ord("-")})

# ASCII digits only: `\d` would also accept Arabic-Indic and other Unicode digits.
_PLAIN = re.compile(r"^(?P<int>[0-9]+)(?:\.(?P<frac>[0-9]*))?$")
_GROUPED = re.compile(r"^(?P<int>[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\.(?P<frac>[0-9]*))?$")
# Digits and commas (at least one comma) that _GROUPED refused: "1,23", "1,2345", ",123".
_GROUPING_LIKE = re.compile(r"^[0-9,]*,[0-9,]*(?:\.[0-9]*)?$")
_EXPONENT = re.compile(r"^[0-9.,]*[0-9][0-9.,]*e[+-]?[0-9]*$")
_CURRENCY_PREFIXES = ("¥", "RMB", "CNY")
# More integer digits than any limit needs; also keeps int() below its 4300-digit guard.
_MAX_INT_DIGITS = 30


def to_halfwidth(text: str) -> str:
    """Fold full-width ASCII forms, the ideographic space and the minus sign to plain ASCII."""
    return text.translate(_HALFWIDTH)


def parse_yuan(text: str, *, max_fen: int = DEFAULT_MAX_FEN, allow_zero: bool = False) -> int:
    """Parse an amount typed in yuan ("12.3", "1,234.50", "¥5") into fen; raise MoneyError.

    Each problem has its own `code`: money.empty, money.not_a_number, money.negative,
    money.format, money.exponent, money.grouping, money.too_precise, money.zero,
    money.over_limit.
    """
    if text is None:
        raise MoneyError("Amount is empty.", code="money.empty")
    if isinstance(text, float):
        raise TypeError("parse_yuan takes the text that was typed, never a float")
    s = to_halfwidth(str(text)).strip()
    for prefix in _CURRENCY_PREFIXES:
        if s.upper().startswith(prefix):
            s = s[len(prefix):].strip()
            break
    if not s:
        raise MoneyError("Amount is empty.", code="money.empty")
    low = s.lower()
    if "nan" in low or "inf" in low:
        raise MoneyError(f"Amount is not a number: {text!r}.", code="money.not_a_number", text=text)
    if s.startswith("-"):
        raise MoneyError(f"Amount may not be negative: {text!r}.", code="money.negative", text=text)
    if s.startswith("+"):
        raise MoneyError(f"Amount may not carry a sign: {text!r}.", code="money.format", text=text)
    if _EXPONENT.match(low):
        raise MoneyError(
            f"Amount may not use exponent notation: {text!r}.", code="money.exponent", text=text
        )
    match = _PLAIN.match(s) or _GROUPED.match(s)
    if not match:
        if _GROUPING_LIKE.match(s):
            raise MoneyError(
                f"Amount has misplaced thousands separators (use groups of three digits, "
                f"like 1,234.50): {text!r}.",
                code="money.grouping",
                text=text,
            )
        raise MoneyError(f"Amount is not a valid number: {text!r}.", code="money.format", text=text)
    frac = match.group("frac") or ""
    if len(frac) > 2:
        raise MoneyError(
            f"Amount has more than two decimals (fen is the smallest unit): {text!r}.",
            code="money.too_precise",
            text=text,
        )
    int_digits = match.group("int").replace(",", "").lstrip("0") or "0"
    if len(int_digits) > _MAX_INT_DIGITS:
        raise MoneyError(
            f"Amount is over the limit of {format_fen(max_fen)}.",
            code="money.over_limit",
            text=text,
            limit_fen=max_fen,
        )
    fen = int(int_digits) * FEN_PER_YUAN + int(frac.ljust(2, "0"))
    if fen == 0 and not allow_zero:
        raise MoneyError("Amount must be more than zero.", code="money.zero", text=text)
    if fen > max_fen:
        raise MoneyError(
            f"Amount {format_fen(fen)} is over the limit of {format_fen(max_fen)}.",
            code="money.over_limit",
            text=text,
            limit_fen=max_fen,
        )
    return fen


def format_fen(fen: int, *, symbol: str = "¥") -> str:
    """Format fen as '¥1,234.50' (negative as '-¥1.00')."""
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise TypeError(f"money must be int fen, not {type(fen).__name__}")
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{symbol}{yuan:,}.{cents:02d}"


def fen_to_plain(fen: int) -> str:
    """Format fen as a plain decimal string without symbol or grouping ('1234.50')."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{yuan}.{cents:02d}"


def round_half_up(numerator: int, denominator: int) -> int:
    """Integer division rounded half away from zero (for non-negative values: half up)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    if numerator < 0:
        return -round_half_up(-numerator, denominator)
    return (2 * numerator + denominator) // (2 * denominator)
