"""Money as integer fen (分): strict parsing of what a cashier types, and formatting."""

from __future__ import annotations

import re
import unicodedata

from .errors import MoneyError

FEN_PER_YUAN = 100
DEFAULT_MAX_FEN = 100_000_000  # ¥1,000,000.00: above this a typing slip is far likelier than a bill

# Digits with optional thousands groups (1,234,567) and at most two decimals.
_PLAIN = re.compile(r"^(?P<int>\d+)(?:\.(?P<frac>\d*))?$")
_GROUPED = re.compile(r"^(?P<int>\d{1,3}(?:,\d{3})+)(?:\.(?P<frac>\d*))?$")
_CURRENCY_PREFIXES = ("¥", "￥", "RMB", "CNY")


def parse_yuan(text: str, *, max_fen: int = DEFAULT_MAX_FEN, allow_zero: bool = False) -> int:
    """Parse an amount typed in yuan ("12.3", "1,234.50", "¥5") into fen; raise MoneyError."""
    if text is None:
        raise MoneyError("Amount is empty.", code="money.empty")
    # Chinese input methods often produce full-width digits and punctuation (１２．３).
    s = unicodedata.normalize("NFKC", str(text)).strip()
    for prefix in _CURRENCY_PREFIXES:
        if s.upper().startswith(prefix):
            s = s[len(prefix):].strip()
            break
    if not s:
        raise MoneyError("Amount is empty.", code="money.empty")
    if s.startswith("-"):
        raise MoneyError(f"Amount may not be negative: {text!r}.", code="money.negative", text=text)
    if s.startswith("+"):
        raise MoneyError(f"Amount may not carry a sign: {text!r}.", code="money.format", text=text)
    low = s.lower()
    if low in {"nan", "inf", "infinity"} or "nan" in low or "inf" in low:
        raise MoneyError(f"Amount is not a number: {text!r}.", code="money.not_a_number", text=text)
    if "e" in low:
        raise MoneyError(
            f"Amount may not use exponent notation: {text!r}.", code="money.exponent", text=text
        )
    match = _PLAIN.match(s) or _GROUPED.match(s)
    if not match:
        raise MoneyError(f"Amount is not a valid number: {text!r}.", code="money.format", text=text)
    frac = match.group("frac") or ""
    if len(frac) > 2:
        raise MoneyError(
            f"Amount has more than two decimals (fen is the smallest unit): {text!r}.",
            code="money.too_precise",
            text=text,
        )
    fen = int(match.group("int").replace(",", "")) * FEN_PER_YUAN + int(frac.ljust(2, "0"))
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
