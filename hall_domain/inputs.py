"""Rules for ids and free text, shared by the counter and the ledger (one code path for both).

- Terminal and hall ids: 1–32 ASCII letters, digits, '-' or '_', starting with a letter or a
  digit, matched whole (`fullmatch`: no trailing newline, no look-alike or invisible
  characters). Checked at every entry point: `counter-app init`, the config file,
  `counter-app ledger connect`, `counter-ledger terminal add` and the ledger's wire.
- Free text (reasons, names, addresses, notes): a run that could be a full card number is
  refused, so it is never stored, logged, printed or sent. A "card-number-shaped run" is a
  group of digits (any script: full-width and other decimal digits count) joined by single
  spaces or dashes, of which some consecutive groups hold 13–19 digits that pass the Luhn
  check. A plain run of more than 19 digits is not a card number (and is not refused).
"""

from __future__ import annotations

import re
import unicodedata

from .errors import DomainError

ID_MAX_LENGTH = 32
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,31}")
ID_RULE = "1–32 ASCII letters, digits, '-' or '_', starting with a letter or digit"

CARD_MIN_DIGITS, CARD_MAX_DIGITS = 13, 19
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212\uff0d"


class InputError(DomainError):
    code = "input"


# --- ids ---------------------------------------------------------------------------------------


def id_problem(value: object) -> str | None:
    """Why `value` is not a valid terminal or hall id, or None when it is."""
    if not isinstance(value, str):
        return f"must be text ({ID_RULE})"
    if not _ID.fullmatch(value):
        return f"must be {ID_RULE}"
    return None


def _check_id(value: object, what: str, code: str) -> str:
    problem = id_problem(value)
    if problem is not None:
        raise InputError(f"The {what} {value!r} is not valid: it {problem}.", code=code,
                         value=str(value))
    assert isinstance(value, str)
    return value


def validate_terminal_id(value: object) -> str:
    """The terminal id unchanged, or InputError (code id.terminal)."""
    return _check_id(value, "terminal id", "id.terminal")


def validate_hall_id(value: object) -> str:
    """The hall id unchanged, or InputError (code id.hall)."""
    return _check_id(value, "hall id", "id.hall")


# --- card numbers in free text -----------------------------------------------------------------


def luhn_ok(digits: str) -> bool:
    """Luhn checksum of ASCII digits."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _digit_chains(text: str) -> list[list[str]]:
    """Chains of ASCII-folded digit groups joined by one space or dash each."""
    chains: list[list[str]] = []
    groups: list[str] = []
    current = ""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        value = unicodedata.decimal(ch, None)
        if value is not None:
            current += str(value)
            i += 1
            continue
        joiner = ch.isspace() or ch in _DASHES
        if current and joiner and i + 1 < n and unicodedata.decimal(text[i + 1], None) is not None:
            groups.append(current)
            current = ""
            i += 1
            continue
        if current:
            groups.append(current)
            current = ""
        if groups:
            chains.append(groups)
            groups = []
        i += 1
    if current:
        groups.append(current)
    if groups:
        chains.append(groups)
    return chains


def has_card_number(text: str | None) -> bool:
    """True when the text holds a card-number-shaped run (see the module docstring)."""
    if not text:
        return False
    for groups in _digit_chains(text):
        for start in range(len(groups)):
            digits = ""
            for group in groups[start:]:
                digits += group
                if len(digits) > CARD_MAX_DIGITS:
                    break
                if len(digits) >= CARD_MIN_DIGITS and luhn_ok(digits):
                    return True
    return False


# Direction marks, embeddings, overrides and isolates: they reorder what a report shows.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                           "\u2066\u2067\u2068\u2069")


def has_control_character(text: str | None) -> bool:
    """A control character (line break, tab, NUL, ...) or a bidirectional override."""
    return any(unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS for ch in text or "")


def check_free_text(text: str | None, field: str) -> str | None:
    """`text` unchanged, or InputError: code text.card_number when it holds a card number,
    text.control_character when it holds a control character or a bidi override (one line
    of plain text: what every counter input gives, and what a receipt can print).

    The message names the field and never repeats the text."""
    if has_control_character(text):
        raise InputError(
            f"The {field} holds a control character (a line break, tab or direction mark): "
            "write it on one line of plain text.", code="text.control_character", field=field)
    if has_card_number(text):
        raise InputError(
            f"The {field} holds what looks like a full card number. Take it out: a card "
            "number may not be typed into a reason, name, address or note.",
            code="text.card_number", field=field)
    return text


_COUNTRY_CODE = re.compile(r"\s*(?:\+|00)\s*86[\s\-]*")


def check_phone_text(text: str | None, field: str = "phone") -> str | None:
    """A phone number as free text: a card number is refused as in check_free_text, after a
    leading +86 / 0086 (which would make a mobile number 13 digits long) is set aside."""
    if text:
        check_free_text(_COUNTRY_CODE.sub("", text, count=1), field)
    return text
