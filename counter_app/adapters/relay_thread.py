"""The outbox relay's plumbing: the ledger port over the HTTP client, and the thread.

`ClientLedger` fits services.sync.LedgerPort (and reference_sync.ReferenceSource) over the
httpx LedgerClient, turning its errors into the port's (services.ports). `RelayThread` runs
a relay loop (services.relay.Relay: what a cycle does and how long to wait after it) on a
plain thread until `stop()`, waking early on `poke()`. The wiring is in counter_app/ledger_link.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from counter_app.services.ports import (
    AuthRefused,
    LedgerSendError,
    OutcomeUnknown,
    ReferencePage,
    RequestRefused,
)

from .ledger_client import (
    LedgerAuthError,
    LedgerClient,
    LedgerError,
    LedgerOutcomeUnknown,
    LedgerRefused,
)

log = logging.getLogger(__name__)


def _translate(exc: LedgerError) -> LedgerSendError:
    kind = (AuthRefused if isinstance(exc, LedgerAuthError)
            else RequestRefused if isinstance(exc, LedgerRefused)
            else OutcomeUnknown)
    return kind(str(exc), status=exc.status, retry_after=exc.retry_after)


class ClientLedger:
    """services.sync.LedgerPort and reference_sync.ReferenceSource over a LedgerClient."""

    def __init__(self, client: LedgerClient) -> None:
        self.client = client

    @classmethod
    def connect(cls, url: str, token: str, *, timeout: float = 15.0,
                verify: bool | str = True) -> ClientLedger:
        return cls(LedgerClient(url, token, timeout=timeout, verify=verify))

    def close(self) -> None:
        self.client.close()

    def _call(self, fn: Callable, *args, **kw):
        try:
            return fn(*args, **kw)
        except (LedgerOutcomeUnknown, LedgerRefused) as exc:
            raise _translate(exc) from exc

    def post_payments(self, batch: Sequence[str], *, digests: Sequence[str] | None = None):
        return self._call(self.client.post_payments, batch, digests=digests)

    def post_items(self, kind: str, batch: Sequence[tuple[str, str]], *,
                   digests: Sequence[str] | None = None):
        return self._call(self.client.post_items, kind, batch, digests=digests)

    def server_time(self) -> datetime:
        return self._call(self.client.health).server_time

    def snapshot_page(self, page: str | None, *, limit: int | None = None):
        p = self._call(self.client.pull_snapshot, page, limit=limit)
        return ReferencePage(p.customers, p.bills, p.next_page, p.changes_cursor,
                             customers_total=p.customers_total)

    def changes(self, cursor: str, *, limit: int | None = None):
        c = self._call(self.client.pull_changes, cursor, limit=limit)
        return ReferencePage(c.customers, c.bills, None, c.cursor, c.has_more)


class RelayLoop(Protocol):
    """services.relay.Relay fits: one cycle, the wait after it, closing in the same thread."""

    cycles: int
    last: Any

    def cycle(self) -> Any: ...
    def wait_seconds(self, result: Any) -> float: ...
    def close(self) -> None: ...


class RelayThread:
    """Runs `relay.cycle()` in a loop until `stop()`; wakes early on `poke()` (a new payment).

    `on_cycle` (optional) is called with each cycle's result from this thread.
    """

    def __init__(self, relay: RelayLoop, *,
                 on_cycle: Callable[[Any], None] | None = None) -> None:
        self.relay = relay
        self._on_cycle = on_cycle
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox-relay", daemon=True)

    @property
    def cycles(self) -> int:
        return self.relay.cycles

    @property
    def last(self):
        """The last cycle's result (services.relay.CycleResult), None before the first."""
        return self.relay.last

    def start(self) -> RelayThread:
        self._thread.start()
        return self

    def poke(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the current request (bounded by the client's timeout)."""
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        try:
            while not self._stopping.is_set():
                result = self.relay.cycle()
                if self._on_cycle is not None:
                    self._on_cycle(result)
                self._wake.wait(self.relay.wait_seconds(result))
                self._wake.clear()
        finally:
            self.relay.close()
