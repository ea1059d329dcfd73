"""Find anything that could be a full card number in raw bytes: 13–19 digits passing Luhn.

Candidates are whole runs of 13–19 digits (not windows of longer runs, which pass by chance
one time in ten), and card-style groups of four split by spaces or dashes
("6222 0212 3456 7890 128"). Digits inside long hex strings (hashes, salts: 32+ hex
characters) are skipped for the same reason.
"""

from __future__ import annotations

import re

_RUN = re.compile(rb"(?<![0-9])[0-9]{13,19}(?![0-9])")
_GROUPED = re.compile(rb"(?<![0-9])[0-9]{4}(?:[ \-][0-9]{4}){2,3}(?:[ \-][0-9]{1,4})?(?![0-9])")
_HEX = re.compile(rb"[0-9a-fA-F]{32,}")


def luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_like_runs(data: bytes) -> list[str]:
    """Every Luhn-valid candidate of 13–19 digits in `data`, in order."""
    hex_spans = [m.span() for m in _HEX.finditer(data)]

    def in_hex(start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in hex_spans)

    found: list[tuple[int, str]] = []
    for pattern in (_RUN, _GROUPED):
        for m in pattern.finditer(data):
            digits = re.sub(rb"[ \-]", b"", m.group()).decode()
            if 13 <= len(digits) <= 19 and luhn(digits) and not in_hex(*m.span()):
                found.append((m.start(), digits))
    return [d for _, d in sorted(set(found))]


def ledger_values(engine) -> bytes:
    """Every value of every table of a ledger database (SQLite or PostgreSQL), one per line:
    the ledger's side of the store scan (value by value, for the reason given in
    test_no_card_numbers.stored_values)."""
    from sqlalchemy import MetaData, select

    meta = MetaData()
    meta.reflect(bind=engine)
    out: list[bytes] = []
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(select(table)):
                for value in row:
                    if isinstance(value, bytes | bytearray | memoryview):
                        out.append(bytes(value))
                    elif value is not None:
                        out.append(str(value).encode("utf-8"))
    return b"\n".join(out)
