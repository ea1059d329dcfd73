"""What the counter knows about its link to the central ledger, for the status bar; no Qt.

`StoreLedgerStatus.ledger_status()` reads the store, so the status bar calls it off the GUI
thread (as the LedgerStatusSource protocol says) and shows the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from .offline_limits import offline_alert
from .status import store_summary
from .sync import SyncStore, sync_status

ONLINE_WINDOW = timedelta(minutes=3)  # the relay pulls reference data every minute


@dataclass(frozen=True, slots=True)
class LedgerStatus:
    """What the counter knows about its link to the central ledger."""

    configured: bool  # a ledger URL is set
    online: bool  # the last contact succeeded
    queued: int  # payments in the outbox, not yet acknowledged
    last_sync: datetime | None = None  # last acknowledged exchange
    detail: str = ""  # short technical reason when offline (shown as a tooltip)


@runtime_checkable
class LedgerStatusSource(Protocol):
    """Anything that can tell the ledger state. Called off the GUI thread; may block briefly."""

    def ledger_status(self) -> LedgerStatus: ...


class OfflineLedgerStatus:
    """The default until a ledger client is wired: never online; queued count from the store."""

    def __init__(self, store: Any, *, configured: bool = False) -> None:
        self._store = store
        self._configured = configured

    def ledger_status(self) -> LedgerStatus:
        queued = int(store_summary(self._store).get("queued", 0))
        return LedgerStatus(configured=self._configured, online=False, queued=queued)


class StoreLedgerStatus:
    """LedgerStatusSource: queued payments and last sync from the store; online when the
    relay's last cycle reached the ledger (or, without a relay, a recent last sync).

    `relay`: anything with `last` (the last services.relay.CycleResult), e.g. the relay thread.
    """

    def __init__(self, sync_store: SyncStore, *, configured: bool,
                 clock: Callable[[], datetime], relay: Any = None,
                 online_window: timedelta = ONLINE_WINDOW) -> None:
        self._store = sync_store
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
