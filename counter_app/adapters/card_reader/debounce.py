"""Report the same card once while it is presented again within the debounce window."""

from __future__ import annotations

import time
from collections.abc import Callable


class Debouncer:
    """Suppress a repeat of the last card seen less than `window_seconds` ago.

    The window slides: a card left on a reader that resends it every second is reported once,
    not once per window. A different card in between makes the first one new again.
    """

    def __init__(
        self, window_seconds: float, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.window_seconds = window_seconds
        self._clock = clock
        self._last: str | None = None
        self._last_at = 0.0

    def accept(self, account_no: str) -> bool:
        now = self._clock()
        repeat = account_no == self._last and now - self._last_at < self.window_seconds
        self._last, self._last_at = account_no, now
        return not repeat
