"""shifts: a float counted by denomination, and the open-shift rule for taking payments."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hall_domain.errors import ShiftError
from hall_domain.shifts import (
    DENOMINATIONS_FEN,
    DenominationCount,
    Shift,
    ShiftStatus,
    ensure_open,
)

FAST = settings(max_examples=150, deadline=None)
OPENED = datetime(2026, 4, 4, 8, 30)


def shift(terminal: str = "T01", status: ShiftStatus = ShiftStatus.OPEN) -> Shift:
    return Shift(1, terminal, "u1", OPENED, DenominationCount({10000: 5}), status=status)


# --- denominations --------------------------------------------------------------------------


def test_denominations_are_the_drawer_notes_and_coins() -> None:
    # Every legal tender: ¥100, 50, 20, 10, 5, 1, 0.5, 0.1, 0.05, 0.02, 0.01
    assert DENOMINATIONS_FEN == (10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 2, 1)


def test_float_total() -> None:
    count = DenominationCount({10000: 2, 5000: 1, 2000: 3, 1000: 4, 500: 1, 100: 7, 50: 3, 10: 9})
    assert count.total_fen == 20000 + 5000 + 6000 + 4000 + 500 + 700 + 150 + 90 == 36440


def test_empty_float_is_zero() -> None:
    assert DenominationCount().total_fen == 0
    assert DenominationCount({100: 0}).total_fen == 0


@pytest.mark.parametrize("denom", [200, 25, 0, -100, 3, 20000, 100.0, "100", None, True])
def test_unknown_denomination_refused(denom: object) -> None:
    with pytest.raises(ShiftError) as e:
        DenominationCount({denom: 1})  # type: ignore[dict-item]
    assert e.value.code == "shift.denomination"
    assert "denomination" in e.value.message.lower()


@pytest.mark.parametrize("n", [-1, 1.5, 2.0, True, "3", None])
def test_bad_count_refused(n: object) -> None:
    with pytest.raises(ShiftError) as e:
        DenominationCount({5000: n})  # type: ignore[dict-item]
    assert e.value.code == "shift.count"
    assert "50 yuan" in e.value.message


def test_count_is_a_copy_of_what_was_given() -> None:
    counts = {10000: 1}
    c = DenominationCount(counts)
    counts[10000] = 99
    counts[7] = 1
    assert c.total_fen == 10000


def test_as_dict_lists_every_denomination() -> None:
    assert DenominationCount({50: 3}).as_dict() == {
        "10000": 0,
        "5000": 0,
        "2000": 0,
        "1000": 0,
        "500": 0,
        "100": 0,
        "50": 3,
        "10": 0,
        "5": 0,
        "2": 0,
        "1": 0,
    }


def test_from_dict() -> None:
    assert DenominationCount.from_dict({"10000": 2, "50": "3", "10": 0}).total_fen == 20150


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"10000": 2.7}, "shift.count"),
        ({"10000": "two"}, "shift.count"),
        ({"10000": -1}, "shift.count"),
        ({"10000": None}, "shift.count"),
        ({"0.5": 1}, "shift.denomination"),
        ({"abc": 1}, "shift.denomination"),
        ({"300": 1}, "shift.denomination"),
    ],
)
def test_from_dict_refuses_bad_data(data: dict, code: str) -> None:
    with pytest.raises(ShiftError) as e:
        DenominationCount.from_dict(data)
    assert e.value.code == code


# --- open shift -----------------------------------------------------------------------------


def test_ensure_open_returns_the_shift() -> None:
    s = shift()
    assert ensure_open(s, "T01") is s


def test_no_shift() -> None:
    with pytest.raises(ShiftError) as e:
        ensure_open(None, "T01")
    assert e.value.code == "shift.not_open"
    assert "Open a shift" in e.value.message


def test_closed_shift() -> None:
    with pytest.raises(ShiftError) as e:
        ensure_open(shift(status=ShiftStatus.CLOSED), "T01")
    assert e.value.code == "shift.not_open"


def test_shift_of_another_terminal() -> None:
    with pytest.raises(ShiftError) as e:
        ensure_open(shift("T02"), "T01")
    assert e.value.code == "shift.other_terminal"


# --- properties -----------------------------------------------------------------------------

counts = st.dictionaries(
    st.sampled_from(DENOMINATIONS_FEN), st.integers(min_value=0, max_value=10_000)
)


@FAST
@given(counts)
def test_total_is_the_sum_of_denomination_times_count(c: dict[int, int]) -> None:
    dc = DenominationCount(c)
    assert dc.total_fen == sum(d * n for d, n in c.items())
    assert isinstance(dc.total_fen, int)


@FAST
@given(counts)
def test_as_dict_from_dict_round_trip(c: dict[int, int]) -> None:
    dc = DenominationCount(c)
    back = DenominationCount.from_dict(dc.as_dict())
    assert back.total_fen == dc.total_fen
    assert back.as_dict() == dc.as_dict()


@FAST
@given(counts, st.sampled_from(DENOMINATIONS_FEN))
def test_one_more_note_adds_its_value(c: dict[int, int], denom: int) -> None:
    more = dict(c)
    more[denom] = more.get(denom, 0) + 1
    assert DenominationCount(more).total_fen - DenominationCount(c).total_fen == denom


@FAST
@given(
    st.integers(min_value=-(10**6), max_value=10**6).filter(lambda d: d not in DENOMINATIONS_FEN)
)
def test_anything_else_is_not_a_denomination(denom: int) -> None:
    with pytest.raises(ShiftError):
        DenominationCount({denom: 1})
