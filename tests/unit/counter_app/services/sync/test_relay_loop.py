"""The relay loop's decisions (services.relay.Relay) on fakes of its ports: the lock, the ledger
factory, and the store's next due time."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta

from counter_app.services.relay import Relay

NOW = datetime(2026, 3, 20, 10, 0)


class Lock:
    def __init__(self, free: bool = True) -> None:
        self.free, self.acquired, self.released = free, 0, 0

    def acquire(self) -> bool:
        self.acquired += 1
        return self.free

    def release(self) -> None:
        self.released += 1


class DueStore:
    """Only what wait_seconds reads: the outbox's next due time."""

    def __init__(self, due) -> None:
        self.due = due

    @contextmanager
    def read(self):
        yield self

    @property
    def outbox(self):  # the unit of work's outbox repository is this object too
        return self

    def next_outbox_due(self):
        if isinstance(self.due, Exception):
            raise self.due
        return self.due


def relay(store, *, lock=None, factory=None, idle=5.0) -> Relay:
    return Relay(store, factory or (lambda: object()), lock=lock or Lock(), clock=lambda: NOW,
                 hall_id="H001", idle_seconds=idle)


def test_a_busy_lock_means_no_pass_and_no_ledger_call():
    lock = Lock(free=False)
    made = []
    r = relay(DueStore(None), lock=lock, factory=lambda: made.append(1) or object())
    result = r.cycle()
    assert (result.ran, result.error) == (False, "relay busy")
    assert lock.acquired == 1 and r.cycles == 1 and r.last is result
    assert made == [1]  # the port is made once, kept for the next cycles


def test_a_failing_ledger_factory_is_a_result_not_an_exception_and_is_retried():
    calls = []

    def factory():
        calls.append(1)
        raise OSError("no route to the ledger")

    r = relay(DueStore(None), factory=factory)
    first, second = r.cycle(), r.cycle()
    assert first.ran and "no route" in first.error
    assert second.error and len(calls) == 2 and r.cycles == 2


def test_wait_seconds():
    idle = 5.0
    ok = type("R", (), {"ran": True, "report": type("P", (), {"error": None})()})()
    failed = type("R", (), {"ran": True, "report": type("P", (), {"error": "timeout"})()})()
    assert relay(DueStore(None), idle=idle).wait_seconds(ok) == idle  # nothing queued
    assert relay(DueStore(datetime.min), idle=idle).wait_seconds(ok) == 0.0  # more to send now
    assert relay(DueStore(datetime.min), idle=idle).wait_seconds(failed) == 1.0  # back off a bit
    later = relay(DueStore(NOW + timedelta(seconds=2)), idle=idle)
    assert later.wait_seconds(ok) == 2.0  # until the next item is due
    assert relay(DueStore(NOW + timedelta(hours=1)), idle=idle).wait_seconds(ok) == idle
    assert relay(DueStore(RuntimeError("closing")), idle=idle).wait_seconds(ok) == idle


def test_close_closes_the_port_and_releases_the_lock():
    closed = []

    class Port:
        def close(self):
            closed.append(1)

    lock = Lock(free=False)
    r = relay(DueStore(None), lock=lock, factory=Port)
    r.cycle()
    r.close()
    assert closed == [1] and lock.released >= 1
