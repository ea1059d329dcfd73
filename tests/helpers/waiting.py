"""Wait on a condition, never on a fixed time: poll until it holds or the deadline passes."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(predicate: Callable[[], object], timeout: float = 5.0, interval: float = 0.01,
               *, on_poll: Callable[[], object] | None = None) -> bool:
    """True as soon as `predicate()` holds; False once `timeout` seconds passed without it.
    `on_poll` runs between checks (e.g. QApplication.processEvents for Qt work)."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        if on_poll is not None:
            on_poll()
        time.sleep(interval)  # the polling interval: the one sleep the tests keep
