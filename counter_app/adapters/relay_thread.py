"""The outbox relay in the background: a plain thread (GUI, `sync run`) and one-shot `sync_once`.

`ClientLedger` fits services.sync.LedgerPort over the httpx LedgerClient, turning its
errors into the port's. Every pass holds the store's RelayLock, so two threads or processes
on one store never send the same items; a relay that finds the lock taken waits its turn.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from counter_app.services import audit_head, reference_sync, sync
from counter_app.services.offline_limits import update_alert

from .ledger_client import (
    LedgerAuthError,
    LedgerClient,
    LedgerError,
    LedgerOutcomeUnknown,
    LedgerRefused,
)
from .storage.sync_repo import RelayLock, SqliteSyncStore

log = logging.getLogger(__name__)


def _translate(exc: LedgerError) -> sync.LedgerSendError:
    kind = (sync.AuthRefused if isinstance(exc, LedgerAuthError)
            else sync.RequestRefused if isinstance(exc, LedgerRefused)
            else sync.OutcomeUnknown)
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
        return reference_sync.Page(p.customers, p.bills, p.next_page, p.changes_cursor)

    def changes(self, cursor: str, *, limit: int | None = None):
        c = self._call(self.client.pull_changes, cursor, limit=limit)
        return reference_sync.Page(c.customers, c.bills, None, c.cursor, c.has_more)


@dataclass(frozen=True)
class OfflineLimits:
    max_hours: int
    max_queued: int
    terminal_id: str


@dataclass
class CycleResult:
    ran: bool  # False: another relay held the lock
    report: sync.PassReport
    reference: reference_sync.PullReport | None = None
    error: str | None = None


def sync_once(store, ledger, *, clock: Callable[[], datetime], hall_id: str,
              policy: sync.RelayPolicy | None = None, ignore_schedule: bool = False,
              pull_reference: bool = True, lock: RelayLock | None = None) -> CycleResult:
    """One relay pass (then a reference pull) under the store's relay lock."""
    lock = lock or RelayLock(store.path)
    if not lock.acquire():
        return CycleResult(ran=False, report=sync.PassReport(), error="relay busy")
    try:
        sstore = SqliteSyncStore(store)
        report = sync.relay_pass(sstore, ledger, clock=clock, policy=policy,
                                 ignore_schedule=ignore_schedule)
        pulled, error = None, report.error
        if not report.error:
            try:  # the newest audit hash rides along with every sync that reached the ledger
                audit_head.send_audit_head(sstore, ledger, now=clock(), hall_id=hall_id)
            except sync.LedgerSendError as exc:
                error = f"audit head: {type(exc).__name__}: {exc}"
        if pull_reference and not report.error:
            try:
                pulled = reference_sync.pull_reference(sstore, ledger, now=clock())
            except sync.LedgerSendError as exc:
                error = f"reference: {type(exc).__name__}: {exc}"
        return CycleResult(ran=True, report=report, reference=pulled, error=error)
    finally:
        lock.release()


class RelayThread:
    """Runs `sync_once` in a loop until `stop()`; wakes early on `poke()` (a new payment).

    `ledger_factory` makes the ledger port in the thread (the httpx client is not
    thread-safe); `on_cycle` (optional) is called with each CycleResult from this thread;
    with `limits`, the supervisor's offline alert is set or cleared after each cycle.
    """

    def __init__(self, store, ledger_factory: Callable[[], ClientLedger], *,
                 clock: Callable[[], datetime], policy: sync.RelayPolicy | None = None,
                 idle_seconds: float = 5.0, reference_every: float = 60.0,
                 on_cycle: Callable[[CycleResult], None] | None = None,
                 limits: OfflineLimits | None = None, hall_id: str) -> None:
        self._store = store
        self._hall = hall_id
        self._factory = ledger_factory
        self._clock = clock
        self._policy = policy or sync.RelayPolicy()
        self._idle = idle_seconds
        self._reference_every = reference_every
        self._on_cycle = on_cycle
        self._limits = limits
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._lock = RelayLock(store.path)
        self._thread = threading.Thread(target=self._run, name="outbox-relay", daemon=True)
        self.cycles = 0
        self.last: CycleResult | None = None

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
        ledger = None
        last_reference = float("-inf")
        try:
            while not self._stopping.is_set():
                pull = time.monotonic() - last_reference >= self._reference_every
                try:
                    if ledger is None:
                        ledger = self._factory()
                    result = sync_once(self._store, ledger, clock=self._clock, hall_id=self._hall,
                                       policy=self._policy, pull_reference=pull, lock=self._lock)
                    if self._limits is not None:
                        update_alert(SqliteSyncStore(self._store), now=self._clock(),
                                     max_hours=self._limits.max_hours,
                                     max_queued=self._limits.max_queued,
                                     terminal_id=self._limits.terminal_id)
                except Exception as exc:  # keep relaying; the store or ledger may recover
                    log.exception("relay cycle failed")
                    result = CycleResult(ran=True, report=sync.PassReport(), error=repr(exc))
                if pull and result.ran and result.error is None:
                    last_reference = time.monotonic()
                self.cycles += 1
                self.last = result
                if self._on_cycle is not None:
                    self._on_cycle(result)
                self._wake.wait(self._wait_seconds(result))
                self._wake.clear()
        finally:
            if ledger is not None:
                ledger.close()
            self._lock.release()

    def _wait_seconds(self, result: CycleResult) -> float:
        try:
            with SqliteSyncStore(self._store).read() as tx:
                due = tx.outbox.next_outbox_due()
        except Exception:  # the store is busy or closing: look again after the idle wait
            return self._idle
        if due is None:
            return self._idle
        if due == datetime.min:
            return 0.0 if result.ran and not result.report.error else min(self._idle, 1.0)
        return max(0.0, min(self._idle, (due - self._clock()).total_seconds()))
