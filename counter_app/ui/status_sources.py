"""Where the status bar learns the ledger's state: a small Protocol and the offline default."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from counter_app.services.status import store_summary


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


def ledger_status_source(ctx: Any) -> LedgerStatusSource:
    """The source wired in the context (`extras['ledger_status']`), else the offline default."""
    source = ctx.extras.get("ledger_status") if hasattr(ctx, "extras") else None
    if source is not None:
        return source
    return OfflineLedgerStatus(ctx.store, configured=bool(ctx.config["ledger.url"]))
