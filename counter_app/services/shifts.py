"""Opening a shift (班次) with its counted float, and finding a terminal's open shift."""

from __future__ import annotations

from datetime import datetime

from hall_domain.errors import ShiftError
from hall_domain.security import Action, User, require
from hall_domain.shifts import DenominationCount, Shift

from .audit_service import append_audit
from .ports import CounterStore


def open_shift(
    store: CounterStore,
    *,
    terminal_id: str,
    user: User,
    opening_float: DenominationCount,
    now: datetime,
) -> Shift:
    """Open the terminal's shift; ShiftError 'shift.already_open' if one is open."""
    require(user, Action.OPEN_SHIFT)
    with store.write() as tx:
        current = tx.shifts.open_shift_for(terminal_id)
        if current is not None:
            raise ShiftError(
                f"A shift is already open on counter {terminal_id} (opened by "
                f"{current.opened_by} at {current.opened_at:%Y-%m-%d %H:%M}).",
                code="shift.already_open",
                shift_id=current.shift_id,
                opened_by=current.opened_by,
            )
        shift = tx.shifts.insert_shift(
            terminal_id=terminal_id, opened_by=user.user_id, opened_at=now,
            opening_float=opening_float,
        )
        append_audit(
            tx, at=now, terminal_id=terminal_id, user_id=user.user_id, action="shift.open",
            target=f"shift:{shift.shift_id}",
            detail={"float": opening_float.as_dict(), "float_fen": opening_float.total_fen},
        )
    return shift


def current_shift(store: CounterStore, *, terminal_id: str) -> Shift | None:
    with store.read() as tx:
        return tx.shifts.open_shift_for(terminal_id)
