"""Shifts (班次) as data: opened with a float counted by denomination; payments need one open."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from .errors import ShiftError

# Every legal-tender note and coin in fen, largest first: ¥100, 50, 20, 10, 5, 1, 0.5, 0.1 and
# the 分 coins ¥0.05, 0.02, 0.01 (change is worked out to the fen, so a drawer can hold them).
DENOMINATIONS_FEN: tuple[int, ...] = (10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 2, 1)


class ShiftStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class DenominationCount:
    """How many of each note/coin; keys are denominations in fen."""

    counts: Mapping[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A copy: the caller's dict changing later must not change a counted float.
        object.__setattr__(self, "counts", dict(self.counts))
        for denom, n in self.counts.items():
            # type() is int: 100.0 == 100 and would otherwise pass, making the total a float.
            if type(denom) is not int or denom not in DENOMINATIONS_FEN:
                raise ShiftError(f"Unknown denomination: {denom!r} fen.", code="shift.denomination")
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                raise ShiftError(
                    f"Count for {denom / 100:g} yuan must be a whole number ≥ 0, not {n!r}.",
                    code="shift.count",
                )

    @property
    def total_fen(self) -> int:
        return sum(denom * n for denom, n in self.counts.items())

    def as_dict(self) -> dict[str, int]:
        return {str(d): self.counts.get(d, 0) for d in DENOMINATIONS_FEN}

    @classmethod
    def from_dict(cls, data: Mapping[str, int]) -> DenominationCount:
        """Read back `as_dict()` output (keys: fen as text); anything malformed is ShiftError."""
        counts: dict[int, int] = {}
        for key, value in data.items():
            denom = _whole(key)
            if denom is None:
                raise ShiftError(f"Unknown denomination: {key!r} fen.", code="shift.denomination")
            n = _whole(value)
            if n is None:
                raise ShiftError(
                    f"Count for {denom / 100:g} yuan must be a whole number ≥ 0, not {value!r}.",
                    code="shift.count",
                )
            if n:
                counts[denom] = n
        return cls(counts)


def _whole(value: object) -> int | None:
    """An int, or text of one ("12"); None for anything else (floats, bools, "0.5", "two")."""
    if type(value) is int:
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]+\s*", value):
        return int(value)
    return None


@dataclass(frozen=True, slots=True)
class Shift:
    shift_id: int
    terminal_id: str
    opened_by: str
    opened_at: datetime
    opening_float: DenominationCount
    status: ShiftStatus = ShiftStatus.OPEN
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status == ShiftStatus.OPEN


def ensure_open(shift: Shift | None, terminal_id: str) -> Shift:
    """A payment belongs to the terminal's open shift; raise ShiftError if there is none."""
    if shift is None or not shift.is_open:
        raise ShiftError(
            "No shift is open on this counter. Open a shift (with its float) first.",
            code="shift.not_open",
        )
    if shift.terminal_id != terminal_id:
        raise ShiftError("That shift belongs to another counter.", code="shift.other_terminal")
    return shift
