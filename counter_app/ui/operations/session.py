"""Sign-in and shift operations of the counter window (see operations/__init__.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject

from counter_app.services import auth, shifts
from hall_domain.security import User
from hall_domain.shifts import DenominationCount, Shift

from ..worker import Op


def check_integrity(parent: QObject, store, *, failed: Callable[[Exception], None]) -> Op[None]:
    """The store's integrity check (seconds on a large store). `failed(exc)` is called on the
    store thread as soon as it fails, so a sign-in queued behind the check sees it."""

    def check() -> None:
        try:
            store.check_integrity()
        except Exception as exc:
            failed(exc)
            raise

    return Op(parent, check)


def sign_in(parent: QObject, store, *, user_id: str, pin: str, now: datetime, terminal_id: str,
            refused_by: Callable[[], Exception | None] = lambda: None) -> Op[User]:
    """The user for this id and PIN. Runs after an integrity check queued before it (same
    store thread): `refused_by()` is that check's error, which then refuses the sign-in."""

    def work() -> User:
        error = refused_by()
        if error is not None:
            raise error
        return auth.login(store, user_id=user_id, pin=pin, now=now, terminal_id=terminal_id)

    return Op(parent, work)


def current_shift(parent: QObject, store, *, terminal_id: str) -> Op[Shift | None]:
    return Op(parent, lambda: shifts.current_shift(store, terminal_id=terminal_id))


def open_shift(parent: QObject, store, *, terminal_id: str, user: User,
               opening_float: DenominationCount, now: datetime) -> Op[Shift]:
    return Op(parent, lambda: shifts.open_shift(store, terminal_id=terminal_id, user=user,
                                                opening_float=opening_float, now=now))


def list_users(parent: QObject, store) -> Op[list[User]]:
    return Op(parent, lambda: auth.list_users(store))


def save_settings(parent: QObject, config) -> Op:
    """Write the settings file (e.g. after the language changed)."""
    return Op(parent, config.save)
