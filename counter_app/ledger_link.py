"""A running counter's link to its ledger: relay thread, status source, and the demo's embedded ledger.

No Qt here: the GUI starts one `LedgerLink` and reads its status source off the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from .adapters.relay_thread import ClientLedger, OfflineLimits, RelayThread
from .adapters.storage.sync_repo import SqliteSyncStore
from .services import offline_limits

log = logging.getLogger(__name__)


@dataclass
class LedgerLink:
    """What the GUI needs: `status` for the status bar, `poke()` after a payment, `stop()`."""

    configured: bool
    status: object  # ui.ledger_status.StoreLedgerStatus (a LedgerStatusSource)
    relay: RelayThread | None = None
    limits: OfflineLimits | None = None
    _embedded: list = field(default_factory=list)

    def poke(self) -> None:
        if self.relay is not None:
            self.relay.poke()

    def stop(self) -> None:
        """Stop the relay (after its current request), then the embedded ledger."""
        if self.relay is not None:
            self.relay.stop()
        for ledger in self._embedded:
            ledger.stop()
        self._embedded.clear()


def check_card_allowed(ctx, *, user_id: str | None) -> None:
    """Refuse a card payment past the offline limits (raises PaymentError); call off the GUI."""
    config = ctx.config
    offline_limits.check_offline_limits(
        SqliteSyncStore(ctx.store), now=ctx.clock(),
        max_hours=config["ledger.offline_max_hours"],
        max_queued=config["ledger.offline_max_queued"],
        card=True, terminal_id=ctx.terminal_id, user_id=user_id,
    )


def start_ledger_link(ctx, *, idle_seconds: float = 5.0) -> LedgerLink:
    """Start relaying to the configured ledger; in demo mode with none configured, to an
    embedded one on 127.0.0.1 (started inside the relay thread, so the window never waits)."""
    from .ui.ledger_status import StoreLedgerStatus  # plain Python despite living under ui/

    config = ctx.config
    url, token = config["ledger.url"], config["ledger.token"]
    embedded = ctx.demo and not url
    if not url and not embedded:
        return LedgerLink(configured=False,
                          status=StoreLedgerStatus(ctx.store, configured=False, clock=ctx.clock))
    link = LedgerLink(configured=True, status=None)
    start_lock = threading.Lock()

    def ledger_factory() -> ClientLedger:
        if not embedded:
            return ClientLedger.connect(url, token)
        with start_lock:
            if not link._embedded:
                from .demo.ledger_process import start_embedded_ledger

                started = start_embedded_ledger(ctx.data_dir, terminal_id=ctx.terminal_id,
                                                hall_id=config["terminal.hall_id"])
                log.info("embedded demo ledger at %s", started.url)
                link._embedded.append(started)
            ledger = link._embedded[0]
        return ClientLedger.connect(ledger.url, ledger.token)

    link.limits = OfflineLimits(config["ledger.offline_max_hours"],
                                config["ledger.offline_max_queued"], ctx.terminal_id)
    link.relay = RelayThread(ctx.store, ledger_factory, clock=ctx.clock, limits=link.limits,
                             idle_seconds=idle_seconds, hall_id=config["terminal.hall_id"])
    link.status = StoreLedgerStatus(ctx.store, configured=True, clock=ctx.clock, relay=link.relay)
    link.relay.start()
    return link

