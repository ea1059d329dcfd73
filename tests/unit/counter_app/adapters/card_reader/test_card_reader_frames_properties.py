"""Property tests: chopping never changes what is decoded; garbage never raises."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.adapters.card_reader import (
    PROTOCOLS,
    FrameDecoded,
    FrameRejected,
    encode_line,
    encode_stx_etx,
    make_decoder,
)

LENGTH = 10
accounts_st = st.lists(st.text("0123456789", min_size=LENGTH, max_size=LENGTH), max_size=8)
endings_st = st.sampled_from([b"\r", b"\n", b"\r\n"])
protocol_st = st.sampled_from(PROTOCOLS)


@st.composite
def stream(draw):
    """(protocol, accounts, encoded bytes) for a valid frame sequence."""
    protocol = draw(protocol_st)
    accounts = draw(accounts_st)
    if protocol == "line":
        data = b"".join(encode_line(a, ending=draw(endings_st)) for a in accounts)
    else:
        data = b"".join(encode_stx_etx(a) for a in accounts)
    return protocol, accounts, data


def chop(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in zip(points, points[1:], strict=False)]


def decode(protocol: str, chunks: list[bytes]):
    decoder = make_decoder(protocol, account_length=LENGTH)
    events = []
    for chunk in chunks:
        events += decoder.feed(chunk)
    return decoder, events


@settings(max_examples=300, deadline=None)
@given(stream(), st.lists(st.integers(min_value=0, max_value=10_000), max_size=30))
def test_any_chopping_of_valid_frames_decodes_the_same_accounts(case, cuts):
    protocol, accounts, data = case
    decoder, events = decode(protocol, chop(data, cuts))
    assert [e.account_no for e in events if isinstance(e, FrameDecoded)] == accounts
    assert not any(isinstance(e, FrameRejected) for e in events)
    assert not decoder.pending


@settings(max_examples=300, deadline=None)
@given(protocol_st, st.lists(st.binary(max_size=200), max_size=10))
def test_garbage_never_raises_and_only_yields_well_formed_events(protocol, chunks):
    decoder, events = decode(protocol, chunks)
    events += decoder.flush()
    for event in events:
        if isinstance(event, FrameDecoded):
            assert event.account_no.isdigit() and len(event.account_no) == LENGTH
        else:
            assert isinstance(event, FrameRejected) and event.code and len(event.raw) <= 64
    assert not decoder.pending


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.binary(max_size=100), max_size=5),
    stream(),
    st.lists(st.integers(0, 10_000), max_size=20),
)
def test_after_garbage_and_an_idle_flush_valid_frames_are_all_read(garbage, case, cuts):
    protocol, accounts, data = case
    decoder, _ = decode(protocol, garbage)
    decoder.flush()
    events = []
    for chunk in chop(data, cuts):
        events += decoder.feed(chunk)
    assert [e.account_no for e in events if isinstance(e, FrameDecoded)] == accounts


@settings(max_examples=200, deadline=None)
@given(
    stream(),
    st.binary(max_size=300).filter(
        lambda b: b"\x02" not in b and b"\r" not in b and b"\n" not in b
    ),
)
def test_stx_etx_noise_without_stx_between_frames_never_costs_a_frame(case, noise):
    protocol, accounts, _ = case
    if protocol != "stx-etx":
        return
    data = noise + b"".join(encode_stx_etx(a) + noise for a in accounts)
    _, events = decode("stx-etx", [data])
    assert [e.account_no for e in events if isinstance(e, FrameDecoded)] == accounts
