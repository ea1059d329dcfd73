"""The reader over pyserial's loop:// (what is written comes back as read)."""

from __future__ import annotations

import time

import pytest

from counter_app.adapters.card_reader import CardReader, FrameRejected, ReaderSettings, encode
from tests.helpers.waiting import wait_until


@pytest.mark.parametrize("protocol", ["line", "stx-etx"])
def test_loop_both_protocols_merged_split_and_invalid(start_reader, loop_port, protocol):
    _, rec = start_reader(port="loop://", protocol=protocol, opener=loop_port)
    assert rec.wait_state("connected")
    port = loop_port.ports[0]
    frames = encode(protocol, "0123456789") + encode(protocol, "1111122222")
    port.write(frames[:5])
    port.write(frames[5:17])
    port.write(frames[17:])
    assert rec.wait(lambda: rec.cards == ["0123456789", "1111122222"])
    port.write(encode(protocol, "12AB567890") + encode(protocol, "3333344444"))
    assert rec.wait(lambda: rec.cards[-1:] == ["3333344444"])
    assert [f.code for f in rec.frames if isinstance(f, FrameRejected)] == ["not_digits"]


def test_loop_url_through_the_default_opener(start_reader):
    reader, rec = start_reader(port="loop://", protocol="line")
    assert rec.wait_state("connected")
    assert reader.last_error is None


def test_failing_callback_is_logged_and_reading_goes_on(loop_port, caplog):
    seen: list[str] = []

    def on_card(account: str) -> None:
        seen.append(account)
        if len(seen) == 1:
            raise RuntimeError("slot blew up")

    reader = CardReader(ReaderSettings(port="loop://"), on_card=on_card, opener=loop_port)
    reader.start()
    try:
        assert wait_until(lambda: len(loop_port.ports) == 1)
        loop_port.ports[0].write(b"0123456789\r\n1234567890\r\n")
        assert wait_until(lambda: seen == ["0123456789", "1234567890"])
    finally:
        assert reader.stop()
    assert any("callback" in r.getMessage() and r.exc_info for r in caplog.records)




def test_a_port_that_returns_nothing_at_once_does_not_spin():
    reads: list[float] = []

    class Instant:
        """A driver that reports no data without waiting (seen after some USB unplugs)."""

        in_waiting = 0

        def read(self, size: int) -> bytes:
            reads.append(time.monotonic())
            return b""

        def close(self) -> None:
            pass

    reader = CardReader(ReaderSettings(port="x"), on_card=print, opener=lambda s: Instant())
    reader.start()
    try:
        assert wait_until(lambda: len(reads) >= 5)
    finally:
        assert reader.stop()
    # About one read per read_timeout (0.1 s), not thousands: the pause after an empty read
    # is a lower bound, which a busy machine can only lengthen.
    gaps = [b - a for a, b in zip(reads, reads[1:], strict=False)]
    assert min(gaps) >= 0.09, gaps
