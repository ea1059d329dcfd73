"""The port vanishing and coming back: "disconnected", capped backoff, reopen, read again.

Two real transports are unplugged:
- a USB-serial adapter, simulated with a pty behind a stable symlink (see VirtualSerialDevice):
  closing the master hangs up the reader's open tty, exactly as the kernel does when the
  adapter is pulled, and removing the link makes reopening fail with ENOENT as the vanished
  /dev/ttyUSB0 does; plugging back makes a new pty (a new /dev/pts number, as a replugged
  adapter may get a new ttyUSB number) behind the same link;
- a serial device server on TCP (socket://): the server closes the connection and stops
  listening (reopen refused), then listens again on the same port.
"""

from __future__ import annotations

import logging
import threading
import time

import pytest

from counter_app.adapters.card_reader import Backoff, CardReader, ReaderSettings, encode
from tests.helpers.waiting import wait_until

A, B = "0123456789", "5550001234"


@pytest.mark.parametrize("protocol", ["line", "stx-etx"])
def test_pty_unplugged_reports_disconnected_and_reopens_when_plugged_back(
    pty_device, start_reader, counting_opener, protocol, caplog
):
    caplog.set_level(logging.WARNING, logger="counter_app.adapters.card_reader")
    reader, rec = start_reader(port=pty_device.url, protocol=protocol, opener=counting_opener)
    assert rec.wait_state("connected")
    pty_device.write(encode(protocol, A))
    assert rec.wait(lambda: rec.cards == [A])

    pty_device.write(encode(protocol, B)[:4])  # unplugged in the middle of a frame
    assert rec.wait(lambda: len(rec.raw) == len(encode(protocol, A)) + 4)  # the half is read
    pty_device.unplug()
    assert rec.wait_state("disconnected")
    assert counting_opener.wait_failures(3)  # several reopen attempts fail while it is away
    # The hang-up is seen on the open port first (EIO from read or from the in_waiting ioctl,
    # or the EOF that pyserial reports as "returned no data"), then each reopen fails because
    # the device node is gone.
    hangup = [r.getMessage() for r in caplog.records if ": disconnected:" in r.getMessage()]
    assert len(hangup) == 1
    assert any(s in hangup[0] for s in ("read failed", "returned no data", "Input/output error"))
    assert "No such file or directory" in reader.last_error
    assert rec.states == ["connecting", "connected", "disconnected"]  # no flicker while retrying

    pty_device.plug()
    assert rec.wait_state("connected", count=2)
    pty_device.write(encode(protocol, B))
    assert rec.wait(lambda: rec.cards == [A, B])  # the half frame from before did not stick
    assert reader.last_error is None
    messages = [r.getMessage() for r in caplog.records]
    assert any("disconnected" in m for m in messages)
    assert sum("cannot open" in m for m in messages) == 1  # repeated failures logged once


def test_tcp_device_server_restarted(tcp_server, start_reader, counting_opener):
    reader, rec = start_reader(port=tcp_server.url, protocol="stx-etx", opener=counting_opener)
    assert rec.wait_state("connected")
    assert tcp_server.wait_client()
    tcp_server.write(encode("stx-etx", A))
    assert rec.wait(lambda: rec.cards == [A])

    tcp_server.stop()
    assert rec.wait_state("disconnected")
    assert "disconnected" in reader.last_error or "refused" in reader.last_error
    assert counting_opener.wait_failures(2)  # reopening is refused while the server is away
    tcp_server.start()
    assert tcp_server.wait_client()
    assert rec.wait_state("connected", count=2)
    tcp_server.write(encode("stx-etx", B))
    assert rec.wait(lambda: rec.cards == [A, B])


def test_backoff_doubles_and_is_capped():
    backoff = Backoff(initial=0.5, maximum=5.0)
    delays, delay = [], 0.0
    for _ in range(7):
        delay = backoff.next(delay)
        delays.append(delay)
    assert delays == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0]


def test_reopen_attempts_follow_the_backoff(tmp_path):
    attempts: list[float] = []
    waits: list[float] = []
    enough = threading.Event()

    def opener(settings):
        attempts.append(time.monotonic())
        if len(attempts) >= 6:
            enough.set()
        raise OSError("no such device")

    class RecordingEvent(threading.Event):
        """The reader's stop event, noting how long each wait between reopen attempts asks for."""

        def wait(self, timeout=None):
            waits.append(timeout)
            return super().wait(timeout)

    reader = CardReader(
        ReaderSettings(port=str(tmp_path / "ttyNONE")),
        on_card=print,
        opener=opener,
        backoff=Backoff(initial=0.05, maximum=0.2),
    )
    reader._stop = RecordingEvent()
    reader.start()
    assert enough.wait(10)
    assert reader.stop(timeout=2.0)
    assert waits[:5] == [0.05, 0.1, 0.2, 0.2, 0.2]  # doubled, then capped at 0.2
    # Waits are never shorter than asked (lower bounds are exact; a busy machine only adds).
    gaps = [b - a for a, b in zip(attempts, attempts[1:], strict=False)]
    assert gaps[0] >= 0.045 and gaps[1] >= 0.095 and all(g >= 0.195 for g in gaps[2:5])
    assert reader.last_error == "no such device"


def test_stop_is_prompt_while_reading_and_while_waiting_to_retry(pty_device):
    for port in (pty_device.url, "/dev/card-reader-absent"):
        states: list[str] = []
        reader = CardReader(
            ReaderSettings(port=port),
            on_card=print,
            on_state=states.append,
            backoff=Backoff(5.0, 5.0),
        )
        reader.start()
        wait_until(lambda states=states: states[-1:] in (["connected"], ["disconnected"]), 5)
        started = time.monotonic()
        assert reader.stop(timeout=2.0)
        assert time.monotonic() - started < 0.5
        assert not reader.running
        assert states[-1] == "disconnected"
