"""Background operations (Anki's Op): run a callable off the GUI thread, report back on it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, QThreadPool

from .session import token_of

log = logging.getLogger(__name__)

T = TypeVar("T")

_pool: QThreadPool | None = None
_in_flight: set[_Relay] = set()
_lock = threading.Lock()


def store_pool() -> QThreadPool:
    """The pool every storage call runs on.

    One thread: calls reach the store one at a time and in the order the cashier made
    them (a lookup never overtakes the payment before it), and no SQLite connection is
    ever used from two threads at once.
    """
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
        _pool.setExpiryTimeout(-1)  # keep the thread: starting one costs more than it holds
    return _pool


def pending() -> int:
    """Operations started and not yet reported back (for shutdown and tests)."""
    with _lock:
        return len(_in_flight)


def wait_for_background(timeout_ms: int = 30_000) -> bool:
    """Block until the store pool is idle; used only at shutdown, after the event loop ended."""
    return store_pool().waitForDone(timeout_ms)


_DONE = QEvent.Type(QEvent.registerEventType())


class _Relay(QObject):
    """Lives on the GUI thread. The worker leaves its outcome in Python attributes and posts
    an event; Qt delivers the event on the GUI thread, which hands the outcome on.

    No Python object travels through a queued signal: PySide6 6.12.0 miscounts references
    there (and in every `Signal.emit` made from Python, see qt_compat.py), which ends in
    "deallocating None" after a few thousand operations.
    """

    def __init__(self, deliver: Callable[[_Relay, Any, Exception | None], None]) -> None:
        super().__init__()
        self._deliver = deliver
        self.result: Any = None
        self.error: Exception | None = None

    def event(self, event: QEvent) -> bool:
        if event.type() == _DONE:
            self._deliver(self, self.result, self.error)
            return True
        return super().event(event)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:  # worker thread
        try:
            self._relay.result = self._fn()
        except Exception as exc:  # reported to the GUI, which shows it in plain words
            self._relay.error = exc
        QCoreApplication.postEvent(self._relay, QEvent(_DONE))


class Op(Generic[T]):
    """`Op(parent, fn).success(cb).failure(cb).run_in_background()`.

    `fn` runs on the store pool; `success(result)` or `failure(exc)` runs later on the GUI
    thread, and not at all when `parent` was deleted meanwhile. Without a failure handler
    the error is logged.
    """

    def __init__(self, parent: QObject | None, fn: Callable[[], T]) -> None:
        self._parent = parent
        self._fn = fn
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[Exception], None] | None = None
        self._on_done: Callable[[], None] | None = None
        # Started from a window of a signed-in session (ui/session.py): refused once it ends.
        self._token = token_of(parent)

    def guarded_by(self, token) -> Op[T]:
        """Run only while `token` (a session.SessionToken) is alive; deliver only then."""
        self._token = token
        return self

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> Op[T]:
        self._on_failure = callback
        return self

    def finally_(self, callback: Callable[[], None]) -> Op[T]:
        """Runs after success or failure (e.g. to re-enable a button)."""
        self._on_done = callback
        return self

    def run_in_background(self, pool: QThreadPool | None = None) -> None:
        relay = _Relay(self._deliver)
        with _lock:
            _in_flight.add(relay)
        fn, token = self._fn, self._token
        if token is not None:
            def fn() -> T:  # the session may end while this waits on the store thread
                token.check()
                return self._fn()
        (pool or store_pool()).start(_Task(fn, relay))

    def _deliver(self, relay: _Relay, result: Any, error: Exception | None) -> None:
        with _lock:
            _in_flight.discard(relay)
        relay.result = relay.error = None
        relay.deleteLater()
        if self._parent is not None and not shiboken6.isValid(self._parent):
            return
        if self._token is not None and not self._token.alive:
            log.info("result of a background operation dropped: the session ended")
            if self._on_done is not None:
                self._on_done()
            return
        try:
            if error is None:
                if self._on_success is not None:
                    self._on_success(result)
            elif self._on_failure is not None:
                self._on_failure(error)
            else:
                log.error("background operation failed", exc_info=error)
        finally:
            if self._on_done is not None:
                self._on_done()
