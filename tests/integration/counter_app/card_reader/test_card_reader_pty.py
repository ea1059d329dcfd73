"""The reader over real pseudo-terminals: both protocols, split/merged frames, bad frames, debounce."""

from __future__ import annotations

import logging

import pytest

from counter_app.adapters.card_reader import FrameDecoded, FrameRejected, encode, encode_stx_etx

A, B, C = "0123456789", "5550001234", "2000000000"


def rejected(recorder):
    return [f.code for f in recorder.frames if isinstance(f, FrameRejected)]


def decoded(recorder):
    return [f.account_no for f in recorder.frames if isinstance(f, FrameDecoded)]


@pytest.mark.parametrize("protocol", ["line", "stx-etx"])
def test_frames_merged_in_one_write_and_split_over_writes(pty_device, start_reader, protocol):
    _, rec = start_reader(port=pty_device.slave_name, protocol=protocol)  # the pty by its name
    assert rec.wait_state("connected")
    pty_device.write(encode(protocol, A) + encode(protocol, B))
    assert rec.wait(lambda: rec.cards == [A, B])
    merged = encode(protocol, A) + encode(protocol, B)
    assert rec.wait(lambda: len(rec.raw) == len(merged))
    frame = encode(protocol, C)
    for i in range(len(frame)):  # one byte per write, each read on its own
        pty_device.write(frame[i : i + 1])
        expected = len(merged) + i + 1
        assert rec.wait(lambda expected=expected: len(rec.raw) == expected)
    # The card is decoded at the CR of a line frame; the LF after it is read later, so wait
    # for every byte (not only the card) before comparing what was read.
    assert rec.wait(lambda: rec.cards == [A, B, C] and len(rec.raw) == len(merged + frame))
    assert rejected(rec) == []
    assert bytes(rec.raw) == merged + frame


def test_line_every_kind_of_invalid_frame_is_dropped_with_a_log_entry(
    pty_device, start_reader, caplog
):
    caplog.set_level(logging.WARNING, logger="counter_app.adapters.card_reader")
    _, rec = start_reader(port=pty_device.url, protocol="line")
    assert rec.wait_state("connected")
    pty_device.write(b"01234X6789\r\n")  # not digits
    pty_device.write(b"12345\r\n")  # too short
    pty_device.write(b"012345678901\n")  # too long for an account
    pty_device.write(b"7" * 200)  # no line end, grows past the bound
    pty_device.write(b"\r\n\x00\xff\x1b[A\r")  # noise line
    pty_device.write(encode("line", A))
    assert rec.wait(lambda: rec.cards == [A])
    assert rejected(rec) == ["not_digits", "wrong_length", "wrong_length", "too_long", "not_digits"]
    logged = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert len(logged) == 5
    assert "not_digits" in logged[0] and "30 31 32 33 34 58" in logged[0]


def test_stx_etx_every_kind_of_invalid_frame_is_dropped_with_a_log_entry(
    pty_device, start_reader, caplog
):
    caplog.set_level(logging.WARNING, logger="counter_app.adapters.card_reader")
    _, rec = start_reader(port=pty_device.url, protocol="stx-etx")
    assert rec.wait_state("connected")
    bad_bcc = bytearray(encode_stx_etx(C))
    bad_bcc[-1] ^= 0x55
    pty_device.write(bytes(bad_bcc))
    pty_device.write(encode_stx_etx("01234X6789"))
    pty_device.write(encode_stx_etx("12345"))
    pty_device.write(b"noise\r\n")  # between frames
    pty_device.write(b"\x02" + b"8" * 100)  # no ETX, past the bound
    pty_device.write(encode_stx_etx(A))
    assert rec.wait(lambda: rec.cards == [A])
    codes = rejected(rec)
    assert codes[:5] == ["bad_bcc", "not_digits", "wrong_length", "noise", "too_long"]
    assert set(codes[5:]) <= {"noise"}  # the rest of the over-long frame
    logged = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert len(logged) == len(codes)
    assert "BCC mismatch" in logged[0]


@pytest.mark.parametrize("protocol", ["line", "stx-etx"])
def test_frame_cut_off_is_flushed_after_an_idle_gap_and_the_next_frame_read(
    pty_device, start_reader, protocol
):
    _, rec = start_reader(port=pty_device.url, protocol=protocol, idle_flush_seconds=0.2)
    assert rec.wait_state("connected")
    pty_device.write(encode(protocol, A)[:6])  # card pulled away mid-frame
    assert rec.wait(lambda: "incomplete" in rejected(rec))
    pty_device.write(encode(protocol, B))
    assert rec.wait(lambda: rec.cards == [B])


@pytest.mark.parametrize("protocol", ["line", "stx-etx"])
def test_same_card_within_debounce_window_reported_once(
    pty_device, start_reader, fake_clock, protocol
):
    clock = fake_clock
    _, rec = start_reader(port=pty_device.url, protocol=protocol, clock=clock, debounce_seconds=2.0)
    assert rec.wait_state("connected")
    pty_device.write(encode(protocol, A))
    assert rec.wait(lambda: len(decoded(rec)) == 1)
    clock.now += 1.5
    pty_device.write(encode(protocol, A))  # presented again within 2 s: ignored
    assert rec.wait(lambda: len(decoded(rec)) == 2)
    pty_device.write(encode(protocol, B))  # another card: reported
    assert rec.wait(lambda: len(decoded(rec)) == 3)
    clock.now += 0.5
    pty_device.write(encode(protocol, B))
    assert rec.wait(lambda: len(decoded(rec)) == 4)
    clock.now += 2.5  # past the window
    pty_device.write(encode(protocol, B))
    assert rec.wait(lambda: len(decoded(rec)) == 5)
    assert rec.cards == [A, B, B]


def test_serial_settings_reach_the_tty(pty_device, start_reader):
    import termios

    reader, rec = start_reader(port=pty_device.url, protocol="line")
    assert rec.wait_state("connected")
    attrs = termios.tcgetattr(pty_device.master)
    assert attrs[4] == termios.B9600  # ispeed set by pyserial from card_reader.baudrate
    assert attrs[2] & termios.CSIZE == termios.CS8
    assert reader.settings.baudrate == 9600
