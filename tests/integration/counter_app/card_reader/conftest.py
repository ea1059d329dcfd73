"""Real serial ends for the card reader: pseudo-terminals, a TCP serial server, loop://."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import tty
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import serial

from counter_app.adapters.card_reader import Backoff, CardReader, ReaderSettings
from counter_app.adapters.card_reader.ports import open_serial

WAIT = 5.0  # upper bound for any wait on the reader thread


class VirtualSerialDevice:
    """A pty pair behind a stable symlink, like /dev/serial/by-id/usb-... for a USB adapter.

    Unplugging a USB-serial adapter does two things to a reader that has it open: the kernel
    hangs up the tty (reads fail with EIO or return EOF), and the device node disappears
    until it is plugged in again, possibly under another number. unplug() does both: it
    closes the master (hang-up of the slave) and removes the link (opening fails with
    ENOENT). plug() makes a new pair and points the same link at it.
    """

    def __init__(self, link: Path) -> None:
        self.link = link
        self.master = -1
        self._slave = -1
        self.plug()

    @property
    def url(self) -> str:
        return str(self.link)

    @property
    def slave_name(self) -> str:
        return os.ttyname(self._slave)

    def plug(self) -> None:
        self.master, self._slave = os.openpty()
        # Raw from the start: the default cooked mode would echo and turn CR into LF.
        tty.setraw(self._slave)
        self.link.symlink_to(os.ttyname(self._slave))

    def unplug(self) -> None:
        self.link.unlink(missing_ok=True)
        for fd in (self.master, self._slave):
            if fd >= 0:
                os.close(fd)
        self.master = self._slave = -1

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        if self.master >= 0:
            self.unplug()


class TcpSerialServer:
    """A serial-over-TCP device server (socket://) on 127.0.0.1 that can be cut and restarted."""

    def __init__(self) -> None:
        self.port = 0
        self._listener: socket.socket | None = None
        self._conn: socket.socket | None = None
        self._accepted = threading.Event()
        self.start()

    @property
    def url(self) -> str:
        return f"socket://127.0.0.1:{self.port}"

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(1)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._accepted.clear()
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        try:
            self._conn, _ = listener.accept()
        except OSError:
            return
        self._accepted.set()

    def wait_client(self, timeout: float = WAIT) -> bool:
        return self._accepted.wait(timeout)

    def write(self, data: bytes) -> None:
        assert self._conn is not None
        self._conn.sendall(data)

    def stop(self) -> None:
        for sock in (self._conn, self._listener):
            if sock is not None:
                with contextlib.suppress(OSError):  # already closed by the peer
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self._conn = self._listener = None


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Recorder:
    """Collects the reader's callbacks (from its thread) and waits for conditions on them."""

    def __init__(self) -> None:
        self.cards: list[str] = []
        self.states: list[str] = []
        self.frames: list = []
        self.raw = bytearray()
        self._cond = threading.Condition()

    def _add(self, target, value) -> None:
        with self._cond:
            if isinstance(target, bytearray):
                target.extend(value)
            else:
                target.append(value)
            self._cond.notify_all()

    def on_card(self, value: str) -> None:
        self._add(self.cards, value)

    def on_state(self, value: str) -> None:
        self._add(self.states, value)

    def on_frame(self, value) -> None:
        self._add(self.frames, value)

    def on_bytes(self, value: bytes) -> None:
        self._add(self.raw, value)

    def wait(self, predicate: Callable[[], bool], timeout: float = WAIT) -> bool:
        with self._cond:
            return self._cond.wait_for(predicate, timeout)

    def wait_state(self, state: str, *, count: int = 1, timeout: float = WAIT) -> bool:
        return self.wait(lambda: self.states.count(state) >= count, timeout)


FAST_BACKOFF = Backoff(initial=0.05, maximum=0.2)


class CountingOpener:
    """The default opener, counting the attempts that failed, so a test waits for them."""

    def __init__(self) -> None:
        self.failures = 0
        self._cond = threading.Condition()

    def __call__(self, settings: ReaderSettings):
        try:
            return open_serial(settings)
        except Exception:
            with self._cond:
                self.failures += 1
                self._cond.notify_all()
            raise

    def wait_failures(self, count: int, timeout: float = WAIT) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self.failures >= count, timeout)


@pytest.fixture
def pty_device(tmp_path: Path) -> Iterator[VirtualSerialDevice]:
    device = VirtualSerialDevice(tmp_path / "ttyCARD")
    yield device
    device.close()


@pytest.fixture
def fake_clock() -> FakeClock:
    """A clock the test moves by hand (debounce window, idle flush)."""
    return FakeClock()


@pytest.fixture
def counting_opener() -> CountingOpener:
    return CountingOpener()


@pytest.fixture
def tcp_server() -> Iterator[TcpSerialServer]:
    server = TcpSerialServer()
    yield server
    server.stop()


@pytest.fixture
def start_reader() -> Iterator[Callable[..., tuple[CardReader, Recorder]]]:
    """start_reader(port=..., protocol=..., **reader_options) -> (reader, recorder); stopped after."""
    readers: list[CardReader] = []

    def start(*, port: str, protocol: str = "line", debounce_seconds: float = 2.0, **options):
        recorder = Recorder()
        options.setdefault("backoff", FAST_BACKOFF)
        reader = CardReader(
            ReaderSettings(port=port, protocol=protocol, debounce_seconds=debounce_seconds),
            on_card=recorder.on_card,
            on_state=recorder.on_state,
            on_frame=recorder.on_frame,
            on_bytes=recorder.on_bytes,
            **options,
        )
        readers.append(reader)
        reader.start()
        return reader, recorder

    yield start
    for reader in readers:
        started = time.monotonic()
        assert reader.stop(timeout=WAIT)
        assert time.monotonic() - started < 1.0


@pytest.fixture
def loop_port() -> Iterator[Callable[..., serial.SerialBase]]:
    """An opener for CardReader that opens loop:// and keeps the port so the test can write to it."""
    ports: list[serial.SerialBase] = []

    def opener(settings: ReaderSettings) -> serial.SerialBase:
        port = serial.serial_for_url("loop://", baudrate=settings.baudrate, timeout=0.05)
        ports.append(port)
        return port

    opener.ports = ports  # type: ignore[attr-defined]
    yield opener
