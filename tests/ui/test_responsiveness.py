"""The event loop keeps turning while the store blocks: a heartbeat timer measures the stalls."""

from __future__ import annotations

import dataclasses
import time
from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt, QTimer

from counter_app.services.payments import last_payment
from counter_app.ui.worker import pending
from tests.helpers.ui import open_customer, pick, sign_in_to_counter

pytestmark = pytest.mark.gui

# Every store transaction waits this long before it starts. A store call made on the GUI
# thread would stall it at least this long; the bound below leaves room for a busy machine
# (2 CPUs shared with other test runs showed GUI gaps up to ~0.2 s with no store call at all).
DELAY_S = 0.8
STALL_BOUND_S = 0.5
HEARTBEAT_MS = 5


class SlowStore:
    """Wraps the real store; each transaction first blocks its thread (a slow disk or lock)."""

    def __init__(self, inner, delay_s: float) -> None:
        self.inner, self.delay_s = inner, delay_s
        self.calls = 0

    @contextmanager
    def _slow(self, open_tx):
        self.calls += 1
        time.sleep(self.delay_s)  # the slow disk being simulated, not a wait in the test
        with open_tx() as tx:
            yield tx

    def read(self):
        return self._slow(self.inner.read)

    def write(self):
        return self._slow(self.inner.write)

    def close(self) -> None:
        self.inner.close()


class Heartbeat:
    """Ticks every few ms; a long gap between ticks is a stall of the GUI thread."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self.on_timer_timeout)
        self.last = 0.0
        self.longest = 0.0  # any gap
        self.longest_busy = 0.0  # gaps while a store call was in flight
        self.ticks = 0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def on_timer_timeout(self) -> None:
        now = time.perf_counter()
        gap = now - self.last
        self.last = now
        self.ticks += 1
        self.longest = max(self.longest, gap)
        if pending():
            self.longest_busy = max(self.longest_busy, gap)


def test_window_keeps_responding_while_the_store_blocks(qtbot, make_window, ctx, demo_customers,
                                                        record_property):
    # The same app on a slow store; its narrow views (sync, cash, print jobs) over it too.
    ctx = dataclasses.replace(ctx, store=SlowStore(ctx.store, DELAY_S), sync_store=None,
                              cash_store=None, print_job_store=None)
    window = make_window(ctx)
    beat = Heartbeat()
    beat.start()
    started = time.perf_counter()

    sign_in_to_counter(qtbot, window)  # log-in: read + write; shift: read + write
    customer = pick(demo_customers, min_open=1)
    open_customer(qtbot, window, customer.account_no)
    qtbot.keyClick(window.counter.payment.cash_tendered, Qt.Key.Key_Return)
    qtbot.waitUntil(window.counter.has_dialog)
    qtbot.keyClick(window.counter._dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.receipt_dialog is not None and window.receipt_dialog.isVisible(),
                    timeout=10_000)
    elapsed = time.perf_counter() - started
    beat.timer.stop()
    beat.on_timer_timeout()  # the time since the last tick counts too

    assert ctx.store.calls >= 6 and elapsed >= 6 * DELAY_S  # the store really was slow
    record_property("longest_stall_ms", round(beat.longest * 1000, 1))
    record_property("longest_stall_while_store_busy_ms", round(beat.longest_busy * 1000, 1))
    print(f"\nslow store: {ctx.store.calls} transactions × {DELAY_S * 1000:.0f} ms in "
          f"{elapsed:.2f} s; longest GUI stall {beat.longest * 1000:.1f} ms, "
          f"{beat.longest_busy * 1000:.1f} ms while a store call was in flight")
    assert beat.ticks > elapsed / (HEARTBEAT_MS / 1000) / 4  # the loop really turned
    assert beat.longest_busy < STALL_BOUND_S
    assert beat.longest < STALL_BOUND_S
    assert last_payment(ctx.store.inner, terminal_id=ctx.terminal_id).account_no == customer.account_no
