"""The outbox relay as a use case: one pass (`sync_once`) and the loop's decisions (`Relay`).

`Relay.cycle()` sends what is due, sends the audit head, pulls reference data now and then,
and sets or clears the supervisor's offline alert; `Relay.wait_seconds(result)` says how long
to sleep before the next cycle (at once while a batch is due and the ledger answers, at most a
second after a failure of a due batch, otherwise until the next item is due or the idle wait).
Whoever runs the loop (adapters/relay_thread.RelayThread, a plain thread) only sleeps and wakes.

Only ports here: the store as a SyncStore, the ledger as a LedgerPort (plus ReferenceSource),
one relay per store through a RelayLockPort.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import audit_head, reference_sync, sync
from .offline_limits import update_alert
from .ports import LedgerSendError, OfflineLimits, RelayLockPort

log = logging.getLogger(__name__)


@dataclass
class CycleResult:
    ran: bool  # False: another relay held the lock
    report: sync.PassReport
    reference: reference_sync.PullReport | None = None
    error: str | None = None


def sync_once(sync_store: sync.SyncStore, ledger, *, lock: RelayLockPort,
              clock: Callable[[], datetime], hall_id: str,
              policy: sync.RelayPolicy | None = None, ignore_schedule: bool = False,
              pull_reference: bool = True,
              on_reference_page: Callable[[reference_sync.PullReport], Any] | None = None,
              ) -> CycleResult:
    """One relay pass (then the audit head and a reference pull) under the relay lock;
    `on_reference_page` hears the pull's progress after each page."""
    if not lock.acquire():
        return CycleResult(ran=False, report=sync.PassReport(), error="relay busy")
    try:
        report = sync.relay_pass(sync_store, ledger, clock=clock, policy=policy,
                                 ignore_schedule=ignore_schedule)
        pulled, error = None, report.error
        if not report.error:
            try:  # the newest audit hash rides along with every sync that reached the ledger
                audit_head.send_audit_head(sync_store, ledger, now=clock(), hall_id=hall_id)
            except LedgerSendError as exc:
                error = f"audit head: {type(exc).__name__}: {exc}"
        if pull_reference and not report.error:
            try:
                pulled = reference_sync.pull_reference(sync_store, ledger, now=clock(),
                                                       on_page=on_reference_page)
            except LedgerSendError as exc:
                error = f"reference: {type(exc).__name__}: {exc}"
        return CycleResult(ran=True, report=report, reference=pulled, error=error)
    finally:
        lock.release()


class Relay:
    """The relay loop's state and decisions; `cycle()` and `wait_seconds()` from one thread.

    `ledger_factory` makes the ledger port on first use in the relay's thread (the HTTP
    client is not shared between threads); with `limits`, the offline alert is updated after
    each cycle. `cycles` and `last` (the last CycleResult) are read by the status source.
    """

    def __init__(self, sync_store: sync.SyncStore, ledger_factory: Callable[[], object], *,
                 lock: RelayLockPort, clock: Callable[[], datetime], hall_id: str,
                 policy: sync.RelayPolicy | None = None, idle_seconds: float = 5.0,
                 reference_every: float = 60.0, limits: OfflineLimits | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._store = sync_store
        self._factory = ledger_factory
        self._lock = lock
        self._clock = clock
        self._hall = hall_id
        self._policy = policy or sync.RelayPolicy()
        self.idle_seconds = idle_seconds
        self._reference_every = reference_every
        self._limits = limits
        self._monotonic = monotonic
        self._ledger = None
        self._last_reference = float("-inf")
        self.cycles = 0
        self.last: CycleResult | None = None

    def cycle(self) -> CycleResult:
        """One cycle; never raises (a failure is the result's `error`, the next cycle retries)."""
        pull = self._monotonic() - self._last_reference >= self._reference_every
        try:
            if self._ledger is None:
                self._ledger = self._factory()
            result = sync_once(self._store, self._ledger, lock=self._lock, clock=self._clock,
                               hall_id=self._hall, policy=self._policy, pull_reference=pull)
            if self._limits is not None:
                update_alert(self._store, now=self._clock(), max_hours=self._limits.max_hours,
                             max_queued=self._limits.max_queued,
                             terminal_id=self._limits.terminal_id)
        except Exception as exc:  # keep relaying; the store or ledger may recover
            log.exception("relay cycle failed")
            result = CycleResult(ran=True, report=sync.PassReport(), error=repr(exc))
        if pull and result.ran and result.error is None:
            self._last_reference = self._monotonic()
        self.cycles += 1
        self.last = result
        return result

    def wait_seconds(self, result: CycleResult) -> float:
        """How long to sleep before the next cycle (a poke wakes the loop earlier)."""
        try:
            with self._store.read() as tx:
                due = tx.outbox.next_outbox_due()
        except Exception:  # the store is busy or closing: look again after the idle wait
            return self.idle_seconds
        if due is None:
            return self.idle_seconds
        if due == datetime.min:
            return 0.0 if result.ran and not result.report.error else min(self.idle_seconds, 1.0)
        return max(0.0, min(self.idle_seconds, (due - self._clock()).total_seconds()))

    def close(self) -> None:
        """Close the ledger port (in the relay's thread) and give up the relay lock."""
        ledger, self._ledger = self._ledger, None
        try:
            if ledger is not None:
                ledger.close()
        finally:
            self._lock.release()
