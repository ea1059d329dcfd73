"""The counter's link to its ledger, wired: where the ledger is, the relay thread, the status source.

`LedgerAccess` is the ledger port `bootstrap` hands out (`CounterApp.ledger`): the configured
ledger, or in demo mode with none configured an embedded one on 127.0.0.1, started on first
use (from the relay thread or a worker, never the GUI thread). `start_ledger_link(app)` starts
relaying to it (`LedgerLink`: relay thread, status source, `poke()`, `stop()`). The relay's
logic is services.relay; the thread is adapters.relay_thread. No Qt here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .adapters.storage.sync_repo import RelayLock, SqliteSyncStore
from .services import sync
from .services.ledger_status import LedgerStatusSource, StoreLedgerStatus
from .services.ports import OfflineLimits
from .services.relay import CycleResult, Relay
from .services.relay import sync_once as _sync_once

if TYPE_CHECKING:  # the HTTP client (httpx) is imported when a ledger is first used
    from .adapters.ledger_client import LedgerClient
    from .adapters.relay_thread import ClientLedger, RelayThread

log = logging.getLogger(__name__)


class LedgerAccess:
    """Where this counter's ledger is; `connect()` gives a client (one per thread).

    Also the reconciliation view's port: `reconciliation(date)` and `payments(date)` open a
    client for the one request (call them off the GUI thread).
    """

    def __init__(self, *, url: str = "", token: str = "", embedded_dir: Path | None = None,
                 terminal_id: str = "", hall_id: str = "") -> None:
        self._url, self._token = url, token
        self._embedded_dir = embedded_dir if not url else None
        self._terminal, self._hall = terminal_id, hall_id
        self._lock = threading.Lock()
        self._embedded: Any = None  # demo.ledger_process.EmbeddedLedger once started

    @property
    def embedded(self) -> bool:
        return self._embedded_dir is not None

    def address(self) -> tuple[str, str]:
        """URL and token; starts the embedded demo ledger the first time (takes seconds)."""
        if not self.embedded:
            return self._url, self._token
        with self._lock:
            if self._embedded is None:
                from .demo.ledger_process import start_embedded_ledger

                self._embedded = start_embedded_ledger(self._embedded_dir,
                                                       terminal_id=self._terminal,
                                                       hall_id=self._hall)
                log.info("embedded demo ledger at %s", self._embedded.url)
            return self._embedded.url, self._embedded.token

    def connect(self, *, timeout: float = 15.0) -> LedgerClient:
        from .adapters.ledger_client import LedgerClient

        url, token = self.address()
        return LedgerClient(url, token, timeout=timeout)

    def reconciliation(self, business_date: date | str) -> dict[str, Any]:
        with self.connect() as client:
            return client.reconciliation(business_date)

    def payments(self, business_date: date | str) -> list[dict[str, Any]]:
        with self.connect() as client:
            return client.payments(business_date)

    def stop(self) -> None:
        """Stop the embedded ledger if one was started (it starts again on next use)."""
        with self._lock:
            embedded, self._embedded = self._embedded, None
        if embedded is not None:
            embedded.stop()


def ledger_access(config, *, data_dir: Path, demo: bool) -> LedgerAccess | None:
    """The ledger port for this configuration: None when no ledger is configured (outside demo)."""
    url, token = config["ledger.url"], config["ledger.token"]
    if not url and not demo:
        return None
    if not url:
        from .demo.ledger_process import ledger_extra_installed

        if not ledger_extra_installed():  # the cashier's install carries no ledger server
            log.warning("demo mode runs offline: the demo ledger needs "
                        "pip install 'hall-counter[ledger]'")
            return None
    return LedgerAccess(url=url, token=token, embedded_dir=None if url else data_dir,
                        terminal_id=config["terminal.id"], hall_id=config["terminal.hall_id"])


def offline_limits(config) -> OfflineLimits:
    return OfflineLimits(config["ledger.offline_max_hours"], config["ledger.offline_max_queued"],
                         config["terminal.id"])


def sync_once(store, ledger, *, clock: Callable[[], datetime], hall_id: str,
              policy: sync.RelayPolicy | None = None, ignore_schedule: bool = False,
              pull_reference: bool = True, lock: RelayLock | None = None,
              on_reference_page=None) -> CycleResult:
    """services.relay.sync_once on a SQLite store, under the store's relay lock."""
    return _sync_once(SqliteSyncStore(store), ledger, lock=lock or RelayLock(store.path),
                      clock=clock, hall_id=hall_id, policy=policy,
                      ignore_schedule=ignore_schedule, pull_reference=pull_reference,
                      on_reference_page=on_reference_page)


def relay_thread(store, ledger_factory: Callable[[], Any], *, clock: Callable[[], datetime],
                 hall_id: str, policy: sync.RelayPolicy | None = None,
                 idle_seconds: float = 5.0, reference_every: float = 60.0,
                 on_cycle: Callable[[CycleResult], None] | None = None,
                 limits: OfflineLimits | None = None) -> RelayThread:
    """A relay thread (not started) over a SQLite store: services.relay.Relay on a plain thread.

    `ledger_factory` makes the ledger port in the thread (the httpx client is not
    thread-safe); with `limits`, the supervisor's offline alert is set or cleared each cycle.
    """
    from .adapters.relay_thread import RelayThread

    relay = Relay(SqliteSyncStore(store), ledger_factory, lock=RelayLock(store.path),
                  clock=clock, hall_id=hall_id, policy=policy, idle_seconds=idle_seconds,
                  reference_every=reference_every, limits=limits)
    return RelayThread(relay, on_cycle=on_cycle)


@dataclass
class LedgerLink:
    """What the window needs: `status` for the status bar, `poke()` after a payment, `stop()`.

    `limits`: the offline limits card payments are checked against (None: no ledger, no check).
    """

    configured: bool
    status: LedgerStatusSource
    relay: RelayThread | None = None
    limits: OfflineLimits | None = None
    access: LedgerAccess | None = None

    def poke(self) -> None:
        if self.relay is not None:
            self.relay.poke()

    def stop(self) -> None:
        """Stop the relay (after its current request), then the embedded ledger."""
        if self.relay is not None:
            self.relay.stop()
        if self.access is not None:
            self.access.stop()


def start_ledger_link(app, *, idle_seconds: float = 5.0) -> LedgerLink:
    """Start relaying to the app's ledger (`app.ledger`, a LedgerAccess); without one, a link
    that only reports the queue. The embedded demo ledger starts inside the relay thread."""
    access = app.ledger
    sync_store = app.sync_store
    if access is None:
        return LedgerLink(configured=False, status=StoreLedgerStatus(
            sync_store, configured=False, clock=app.clock))
    config = app.config

    def ledger_factory() -> ClientLedger:
        from .adapters.relay_thread import ClientLedger

        return ClientLedger(access.connect())

    limits = offline_limits(config)
    relay = relay_thread(app.store, ledger_factory, clock=app.clock, limits=limits,
                         idle_seconds=idle_seconds, hall_id=config["terminal.hall_id"])
    link = LedgerLink(configured=True, relay=relay, limits=limits, access=access,
                      status=StoreLedgerStatus(sync_store, configured=True, clock=app.clock,
                                               relay=relay))
    relay.start()
    return link
