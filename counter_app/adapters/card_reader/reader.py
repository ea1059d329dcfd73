"""The card reader: a plain thread that opens the port, decodes frames and reopens after an unplug."""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .debounce import Debouncer
from .frames import FrameDecoded, FrameEvent, FrameRejected, make_decoder
from .ports import open_serial
from .settings import ReaderSettings

log = logging.getLogger(__name__)
# Port open/lost/reopened, apart from dropped frames, so a front end that reports the link
# itself (the CLI, the status bar) can quieten it.
link_log = logging.getLogger(f"{__name__}.link")


class ReaderState(enum.StrEnum):
    NOT_CONFIGURED = "not_configured"  # no port in the config
    CONNECTING = "connecting"
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"  # could not open, unplugged, or stopped; retrying unless stopped


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delay before reopening: initial, doubled after each failure, capped at maximum."""

    initial: float = 0.5
    maximum: float = 5.0
    factor: float = 2.0

    def next(self, delay: float) -> float:
        return min(self.maximum, max(self.initial, delay * self.factor))


Opener = Callable[[ReaderSettings], Any]  # returns an open pyserial port


def _default_opener(settings: ReaderSettings) -> Any:
    return open_serial(settings)


def _hex(data: bytes) -> str:
    return data.hex(" ").upper()


class CardReader:
    """Reads account numbers from a serial card reader in its own thread.

    Callbacks run on the reader thread; they must be quick and must not block
    (the Qt bridge re-posts them to the GUI thread). An exception in a callback is logged.
    """

    def __init__(
        self,
        settings: ReaderSettings,
        *,
        on_card: Callable[[str], None],
        on_state: Callable[[str], None] | None = None,
        on_bytes: Callable[[bytes], None] | None = None,
        on_frame: Callable[[FrameEvent], None] | None = None,
        opener: Opener = _default_opener,
        clock: Callable[[], float] = time.monotonic,
        backoff: Backoff = Backoff(),  # noqa: B008 - frozen dataclass, safe as a default
        read_timeout: float = 0.1,
        idle_flush_seconds: float = 1.0,
    ) -> None:
        self.settings = settings
        self._on_card = on_card
        self._on_state = on_state
        self._on_bytes = on_bytes
        self._on_frame = on_frame
        self._opener = opener
        self._clock = clock
        self._backoff = backoff
        self._read_timeout = read_timeout
        self._idle_flush = idle_flush_seconds
        self._debouncer = Debouncer(settings.debounce_seconds, clock=clock)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state: ReaderState | None = None
        self.last_error: str | None = None

    @property
    def state(self) -> ReaderState | None:
        return self._state

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("a CardReader can be started once")
        if not self.settings.port:
            self._set_state(ReaderState.NOT_CONFIGURED)
            return
        self._thread = threading.Thread(target=self._run, name="card-reader", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> bool:
        """Ask the thread to end and wait up to `timeout` seconds; True when it has ended.

        The thread checks for stop between reads (every read_timeout) and between reopen
        attempts; only a port open that blocks (socket:// to a silent host) can outlast it.
        """
        self._stop.set()
        if self._thread is None:
            return True
        if timeout > 0:
            self._thread.join(timeout)
        return not self._thread.is_alive()

    # --- the thread -----------------------------------------------------------------------

    def _run(self) -> None:
        delay = 0.0
        self._set_state(ReaderState.CONNECTING)
        while not self._stop.is_set():
            port = self._open()
            if port is not None:
                opened_at = time.monotonic()
                self._read_until_error(port)
                self._close(port)
                # A port that stayed up a while starts the backoff over; a flapping one does not.
                if time.monotonic() - opened_at >= self._backoff.maximum:
                    delay = 0.0
            if self._stop.is_set():
                break
            self._set_state(ReaderState.DISCONNECTED)
            delay = self._backoff.next(delay)
            self._stop.wait(delay)
        self._set_state(ReaderState.DISCONNECTED)
        link_log.info("card reader %s: stopped", self.settings.port)

    def _open(self) -> Any | None:
        try:
            port = self._opener(self.settings)
        except Exception as exc:  # SerialException, ValueError (bad URL), OSError ...
            first = self._state != ReaderState.DISCONNECTED or self.last_error != str(exc)
            self.last_error = str(exc)
            (link_log.warning if first else link_log.debug)(
                "card reader %s: cannot open: %s", self.settings.port, exc
            )
            return None
        if self._stop.is_set():
            self._close(port)
            return None
        self.last_error = None
        link_log.info("card reader %s: connected", self.settings.describe())
        self._set_state(ReaderState.CONNECTED)
        return port

    def _read_until_error(self, port: Any) -> None:
        decoder = make_decoder(self.settings.protocol, account_length=self.settings.account_length)
        last_byte_at = self._clock()
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                data = port.read(port.in_waiting or 1)
                if data and port.in_waiting:  # the rest of a burst, in the same chunk
                    data += port.read(port.in_waiting)
            except Exception as exc:  # unplugged: SerialException, or OSError from in_waiting
                self.last_error = str(exc)
                link_log.warning("card reader %s: disconnected: %s", self.settings.port, exc)
                return
            if data:
                last_byte_at = self._clock()
                self._notify(self._on_bytes, bytes(data))
                self._handle(decoder.feed(data))
                continue
            if decoder.pending and self._clock() - last_byte_at >= self._idle_flush:
                # A frame cut off (card pulled away) must not glue onto the next one.
                self._handle(decoder.flush())
            if time.monotonic() - started < self._read_timeout / 2:
                # Some drivers return "nothing" at once instead of waiting: do not spin.
                self._stop.wait(self._read_timeout)

    def _handle(self, events: list[FrameEvent]) -> None:
        for event in events:
            self._notify(self._on_frame, event)
            if isinstance(event, FrameRejected):
                log.warning(
                    "card reader %s: dropped %s: %s [%s]",
                    self.settings.port,
                    event.code,
                    event.message,
                    _hex(event.raw),
                )
            elif isinstance(event, FrameDecoded):
                if self._debouncer.accept(event.account_no):
                    log.debug("card reader %s: card read", self.settings.port)
                    self._notify(self._on_card, event.account_no)
                else:
                    log.debug("card reader %s: same card again, ignored", self.settings.port)

    def _close(self, port: Any) -> None:
        try:
            port.close()
        except Exception as exc:
            log.debug("card reader %s: close failed: %s", self.settings.port, exc)

    def _set_state(self, state: ReaderState) -> None:
        if state != self._state:
            self._state = state
            self._notify(self._on_state, str(state))

    def _notify(self, callback: Callable[[Any], None] | None, value: Any) -> None:
        if callback is None:
            return
        try:
            callback(value)
        except Exception:
            log.exception("card reader %s: callback %r failed", self.settings.port, callback)
