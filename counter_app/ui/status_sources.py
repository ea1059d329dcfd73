"""Where the status bar learns the ledger's state (services.ledger_status), and the offline default."""

from __future__ import annotations

from typing import Any

from counter_app.services.ledger_status import (  # noqa: F401 (the ui's names for them)
    LedgerStatus,
    LedgerStatusSource,
    OfflineLedgerStatus,
)


def ledger_status_source(app: Any) -> LedgerStatusSource:
    """The offline default for a window started without a ledger link (bootstrap.CounterApp)."""
    return OfflineLedgerStatus(app.store, configured=bool(app.config["ledger.url"]))
