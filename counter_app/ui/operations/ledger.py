"""The central ledger's state for the status bar (see operations/__init__.py)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from ..status_sources import LedgerStatus, LedgerStatusSource
from ..worker import Op


def ledger_status(parent: QObject, source: LedgerStatusSource) -> Op[LedgerStatus]:
    """Asks the ledger (may take seconds): run it on a pool of its own, never the store's."""
    return Op(parent, source.ledger_status)
