"""The status bar's ledger state from the store (services.sync) and the relay thread; no Qt.

`StoreLedgerStatus.ledger_status()` reads the store, so the status bar calls it off the GUI
thread (as the LedgerStatusSource protocol says) and shows the result.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from counter_app.adapters.storage.sync_repo import SqliteSyncStore
from counter_app.services.offline_limits import offline_alert
from counter_app.services.sync import sync_status

from .status_sources import LedgerStatus

ONLINE_WINDOW = timedelta(minutes=3)  # the relay pulls reference data every minute


class StoreLedgerStatus:
    """LedgerStatusSource: queued payments and last sync from the store; online when the
    relay's last cycle reached the ledger (or, without a relay, a recent last sync)."""

    def __init__(self, store: Any, *, configured: bool, clock: Callable[[], datetime],
                 relay: Any = None, online_window: timedelta = ONLINE_WINDOW) -> None:
        self._store = SqliteSyncStore(store)
        self._configured = configured
        self._clock = clock
        self._relay = relay
        self._window = online_window

    def ledger_status(self) -> LedgerStatus:
        status = sync_status(self._store)
        alert = offline_alert(self._store)
        last = getattr(self._relay, "last", None)
        if last is not None:
            online = bool(last.ran and not last.error)
        else:
            online = (status.last_success is not None and not status.last_error
                      and self._clock() - status.last_success <= self._window)
        details = []
        if alert:
            details.append(f"card payments stopped ({', '.join(alert['reasons'])})")
        if status.review_items or status.review_payments:
            details.append(f"{status.review_items + status.review_payments} for review")
        if not online and status.last_error:
            details.append(status.last_error)
        elif not online and last is not None and last.error:
            details.append(last.error)
        return LedgerStatus(configured=self._configured, online=online and self._configured,
                            queued=status.pending_payments, last_sync=status.last_success,
                            detail="; ".join(details))
