"""Frame decoders: both protocols, split and merged frames, and every kind of invalid frame."""

from __future__ import annotations

import pytest

from counter_app.adapters.card_reader import (
    FrameDecoded,
    FrameRejected,
    LineDecoder,
    StxEtxDecoder,
    encode_stx_etx,
    make_decoder,
)
from counter_app.adapters.card_reader.frames import bcc

A = "0123456789"
B = "9876543210"


def accounts(events):
    return [e.account_no for e in events if isinstance(e, FrameDecoded)]


def codes(events):
    return [e.code for e in events if isinstance(e, FrameRejected)]


def feed_bytewise(decoder, data: bytes):
    events = []
    for i in range(len(data)):
        events += decoder.feed(data[i : i + 1])
    return events


# --- line ---------------------------------------------------------------------------------


@pytest.mark.parametrize("ending", [b"\r", b"\n", b"\r\n"])
def test_line_each_terminator_ends_a_frame(ending):
    decoder = LineDecoder()
    assert accounts(decoder.feed(A.encode() + ending + B.encode() + ending)) == [A, B]
    assert not decoder.pending


def test_line_crlf_split_between_reads_gives_no_empty_frame():
    decoder = LineDecoder()
    events = (
        decoder.feed(A.encode() + b"\r")
        + decoder.feed(b"\n" + B.encode() + b"\r")
        + decoder.feed(b"\n")
    )
    assert events == [FrameDecoded(A, A.encode()), FrameDecoded(B, B.encode())]


def test_line_frame_split_over_single_bytes():
    assert accounts(feed_bytewise(LineDecoder(), (A + "\r\n" + B + "\n").encode())) == [A, B]


def test_line_not_digits_wrong_length_dropped_and_next_read():
    decoder = LineDecoder()
    events = decoder.feed(b"01234X6789\r\n12345\r\n01234567890\r\n \r\n" + A.encode() + b"\r\n")
    assert codes(events) == ["not_digits", "wrong_length", "wrong_length", "not_digits"]
    assert accounts(events) == [A]


def test_line_garbage_without_terminator_is_dropped_at_the_bound_then_skipped_to_line_end():
    decoder = LineDecoder(max_frame=64)
    events = decoder.feed(b"9" * 50)
    assert events == []
    events = decoder.feed(b"9" * 50)  # past 64 bytes: dropped, rest of this line ignored
    assert codes(events) == ["too_long"]
    assert len(events[0].raw) == 64
    events = decoder.feed(b"9" * 500 + b"\r\n" + A.encode() + b"\r\n")
    assert events == [FrameDecoded(A, A.encode())]


def test_line_binary_noise_line_is_rejected_not_raised():
    decoder = LineDecoder()
    events = decoder.feed(bytes(range(256)))
    assert accounts(events) == []
    assert all(isinstance(e, FrameRejected) for e in events)
    decoder.flush()
    assert accounts(decoder.feed(A.encode() + b"\n")) == [A]


def test_line_flush_drops_partial_frame_so_it_does_not_glue_onto_the_next():
    decoder = LineDecoder()
    assert decoder.feed(b"01234") == []
    assert decoder.pending
    assert codes(decoder.flush()) == ["incomplete"]
    assert not decoder.pending
    assert accounts(decoder.feed(A.encode() + b"\r")) == [A]
    assert decoder.flush() == []


def test_line_configured_account_length():
    decoder = LineDecoder(account_length=12)
    events = decoder.feed(b"123456789012\r" + A.encode() + b"\r")
    assert accounts(events) == ["123456789012"]
    assert codes(events) == ["wrong_length"]


# --- stx-etx ------------------------------------------------------------------------------


def test_bcc_is_xor_after_stx_through_etx():
    # 0x31 ^ 0x32 ^ 0x03 = 0x00
    assert bcc(b"12") == 0x00
    assert encode_stx_etx("12") == b"\x0212\x03\x00"
    assert bcc(b"") == 0x03


def test_stx_etx_merged_frames_in_one_read():
    decoder = StxEtxDecoder()
    events = decoder.feed(encode_stx_etx(A) + encode_stx_etx(B) + encode_stx_etx(A))
    assert accounts(events) == [A, B, A]
    assert events[0].raw == encode_stx_etx(A)
    assert not decoder.pending


def test_stx_etx_frame_split_over_single_bytes():
    data = encode_stx_etx(A) + encode_stx_etx(B)
    assert accounts(feed_bytewise(StxEtxDecoder(), data)) == [A, B]


def test_stx_etx_bcc_equal_to_stx_is_a_bcc_not_a_new_frame():
    # The BCC of "0123456789" happens to be 0x02, the STX value.
    assert encode_stx_etx(A)[-1] == 0x02
    assert accounts(StxEtxDecoder().feed(encode_stx_etx(A) * 2)) == [A, A]


def test_stx_etx_bad_bcc_dropped_next_frame_read():
    bad = bytearray(encode_stx_etx(B))
    bad[-1] ^= 0xFF
    events = StxEtxDecoder().feed(bytes(bad) + encode_stx_etx(A))
    assert codes(events) == ["bad_bcc"]
    assert "expected 0x" in events[0].message
    assert accounts(events) == [A]


def test_stx_etx_missing_bcc_does_not_swallow_the_next_frame():
    c = "2000000000"  # BCC 0x01 (A and B have BCC 0x02 = STX, see above)
    no_bcc = encode_stx_etx(c)[:-1]
    events = StxEtxDecoder().feed(no_bcc + encode_stx_etx(c))
    assert codes(events) == ["bad_bcc"]
    assert "BCC missing" in events[0].message
    assert accounts(events) == [c]


def test_stx_etx_non_digits_and_wrong_length_dropped():
    events = StxEtxDecoder().feed(
        encode_stx_etx("01234X6789")
        + encode_stx_etx("123")
        + encode_stx_etx("")
        + encode_stx_etx(A)
    )
    assert codes(events) == ["not_digits", "wrong_length", "not_digits"]
    assert accounts(events) == [A]


def test_stx_etx_noise_between_frames_is_reported_once_per_run():
    decoder = StxEtxDecoder()
    events = decoder.feed(encode_stx_etx(A) + b"\x00\xffjunk\r\n" + encode_stx_etx(B) + b"zz")
    assert accounts(events) == [A, B]
    assert codes(events) == ["noise"]
    assert events[1].raw == b"\x00\xffjunk\r\n"
    assert decoder.pending  # trailing noise waits for the next STX or a flush
    assert codes(decoder.flush()) == ["noise"]


def test_stx_etx_truncated_frame_restarted_by_next_stx():
    events = StxEtxDecoder().feed(b"\x0201234" + encode_stx_etx(A))
    assert codes(events) == ["truncated"]
    assert accounts(events) == [A]


def test_stx_etx_no_etx_past_bound_is_dropped():
    decoder = StxEtxDecoder(max_frame=64)
    events = decoder.feed(b"\x02" + b"5" * 40)
    assert events == []
    events = decoder.feed(b"5" * 40)
    assert codes(events) == ["too_long"]
    events = decoder.feed(b"5" * 1000 + encode_stx_etx(A))
    assert accounts(events) == [A]
    assert set(codes(events)) == {"noise"}
    assert len(codes(events)) <= 1000 // 64 + 1  # noise is logged in runs, not per byte


def test_stx_etx_flush_drops_unfinished_frame():
    decoder = StxEtxDecoder()
    assert decoder.feed(b"\x020123") == []
    assert codes(decoder.flush()) == ["incomplete"]
    assert accounts(decoder.feed(encode_stx_etx(A))) == [A]


def test_make_decoder_refuses_unknown_protocol():
    assert make_decoder("line", account_length=8).account_length == 8
    assert make_decoder("stx-etx").protocol == "stx-etx"
    with pytest.raises(ValueError, match="unknown card-reader protocol 'wiegand'"):
        make_decoder("wiegand")
