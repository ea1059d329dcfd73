"""Card-reader frame decoders: pure, incremental (`feed(bytes) -> events`), never raising."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

PROTOCOLS = ("line", "stx-etx")
STX = 0x02
ETX = 0x03
CR = 0x0D
LF = 0x0A
_DIGITS = frozenset(b"0123456789")
# Bytes kept in a rejection for the log and the setup screen's live view.
RAW_KEPT = 64
DEFAULT_MAX_FRAME = 64


@dataclass(frozen=True, slots=True)
class FrameDecoded:
    """A well-formed frame whose payload is an account number (户号)."""

    account_no: str
    raw: bytes


@dataclass(frozen=True, slots=True)
class FrameRejected:
    """Bytes dropped; `code` is stable (for translation), `message` is for the log."""

    code: str  # bad_bcc | not_digits | wrong_length | too_long | truncated | incomplete | noise
    message: str
    raw: bytes


FrameEvent = FrameDecoded | FrameRejected


class FrameDecoder(Protocol):
    protocol: str

    def feed(self, data: bytes) -> list[FrameEvent]: ...

    def flush(self) -> list[FrameEvent]: ...

    @property
    def pending(self) -> bool: ...


def check_payload(payload: bytes, raw: bytes, *, account_length: int) -> FrameEvent:
    """The payload must be exactly `account_length` ASCII digits."""
    if not payload or not _DIGITS.issuperset(payload):
        return FrameRejected(
            "not_digits", f"payload is not all digits: {payload[:RAW_KEPT]!r}", raw
        )
    if len(payload) != account_length:
        return FrameRejected(
            "wrong_length",
            f"payload has {len(payload)} digits, expected {account_length}",
            raw,
        )
    return FrameDecoded(payload.decode("ascii"), raw)


def bcc(body: bytes) -> int:
    """XOR of every byte after STX up to and including ETX (`body` excludes the ETX)."""
    value = ETX
    for byte in body:
        value ^= byte
    return value


def encode_line(account_no: str, *, ending: bytes = b"\r\n") -> bytes:
    return account_no.encode("ascii") + ending


def encode_stx_etx(account_no: str) -> bytes:
    body = account_no.encode("ascii")
    return bytes([STX]) + body + bytes([ETX, bcc(body)])


def encode(protocol: str, account_no: str) -> bytes:
    return encode_line(account_no) if protocol == "line" else encode_stx_etx(account_no)


class LineDecoder:
    """`line`: ASCII payload ended by CR, LF or CRLF; empty lines (the LF of a CRLF) are skipped."""

    protocol = "line"

    def __init__(self, *, account_length: int = 10, max_frame: int = DEFAULT_MAX_FRAME) -> None:
        self.account_length = account_length
        self.max_frame = max_frame
        self._buf = bytearray()
        self._discarding = False  # inside an over-long line: drop bytes up to its line end

    @property
    def pending(self) -> bool:
        return bool(self._buf) or self._discarding

    def feed(self, data: bytes) -> list[FrameEvent]:
        events: list[FrameEvent] = []
        for byte in data:
            if byte in (CR, LF):
                if self._discarding:
                    self._discarding = False
                elif self._buf:
                    line = bytes(self._buf)
                    self._buf.clear()
                    events.append(check_payload(line, line, account_length=self.account_length))
            elif not self._discarding:
                self._buf.append(byte)
                if len(self._buf) > self.max_frame:
                    events.append(self._too_long())
        return events

    def flush(self) -> list[FrameEvent]:
        """Drop a partial line (the reader calls this after an idle gap)."""
        events: list[FrameEvent] = []
        if self._buf:
            raw = bytes(self._buf[:RAW_KEPT])
            events.append(
                FrameRejected("incomplete", f"no line end after {len(self._buf)} bytes", raw)
            )
        self._buf.clear()
        self._discarding = False
        return events

    def _too_long(self) -> FrameRejected:
        raw = bytes(self._buf[:RAW_KEPT])
        self._buf.clear()
        self._discarding = True
        return FrameRejected("too_long", f"no line end within {self.max_frame} bytes", raw)


class StxEtxDecoder:
    """`stx-etx`: STX, ASCII payload, ETX, BCC (XOR of payload and ETX). Resyncs on every STX."""

    protocol = "stx-etx"
    _HUNT, _BODY, _BCC = range(3)

    def __init__(self, *, account_length: int = 10, max_frame: int = DEFAULT_MAX_FRAME) -> None:
        self.account_length = account_length
        self.max_frame = max_frame
        self._state = self._HUNT
        self._body = bytearray()
        self._noise = bytearray()  # first RAW_KEPT bytes of the current noise run
        self._noise_len = 0

    @property
    def pending(self) -> bool:
        return self._state != self._HUNT or self._noise_len > 0

    def feed(self, data: bytes) -> list[FrameEvent]:
        events: list[FrameEvent] = []
        for byte in data:
            if self._state == self._HUNT:
                if byte == STX:
                    self._end_noise(events)
                    self._start_frame()
                else:
                    self._add_noise(byte, events)
            elif self._state == self._BODY:
                if byte == ETX:
                    self._state = self._BCC
                elif byte == STX:
                    # The reader restarted mid-frame (card pulled away, line glitch): keep the new one.
                    events.append(self._reject("truncated", "STX inside a frame; frame restarted"))
                    self._start_frame()
                else:
                    self._body.append(byte)
                    if len(self._body) > self.max_frame:
                        events.append(
                            self._reject("too_long", f"no ETX within {self.max_frame} bytes")
                        )
                        self._state = self._HUNT
            else:  # _BCC
                expected = bcc(self._body)
                if byte == expected:
                    raw = self._raw() + bytes([byte])
                    events.append(
                        check_payload(bytes(self._body), raw, account_length=self.account_length)
                    )
                    self._state = self._HUNT
                elif byte == STX:
                    # A missing BCC byte would otherwise swallow the next frame's STX.
                    events.append(
                        self._reject("bad_bcc", f"BCC missing (expected 0x{expected:02X}, got STX)")
                    )
                    self._start_frame()
                else:
                    raw = self._raw() + bytes([byte])
                    msg = f"BCC mismatch: expected 0x{expected:02X}, got 0x{byte:02X}"
                    events.append(FrameRejected("bad_bcc", msg, raw[:RAW_KEPT]))
                    self._state = self._HUNT
        return events

    def flush(self) -> list[FrameEvent]:
        """Drop a partial frame or noise run (the reader calls this after an idle gap)."""
        events: list[FrameEvent] = []
        self._end_noise(events)
        if self._state != self._HUNT:
            events.append(self._reject("incomplete", "frame not finished (no ETX or BCC)"))
            self._state = self._HUNT
        return events

    def _start_frame(self) -> None:
        self._body.clear()
        self._state = self._BODY

    def _raw(self) -> bytes:
        tail = bytes([ETX]) if self._state == self._BCC else b""
        return (bytes([STX]) + bytes(self._body[: RAW_KEPT - 2]) + tail)[:RAW_KEPT]

    def _reject(self, code: str, message: str) -> FrameRejected:
        return FrameRejected(code, message, self._raw())

    def _add_noise(self, byte: int, events: list[FrameEvent]) -> None:
        if len(self._noise) < RAW_KEPT:
            self._noise.append(byte)
        self._noise_len += 1
        if self._noise_len >= self.max_frame:
            self._end_noise(events)

    def _end_noise(self, events: list[FrameEvent]) -> None:
        if self._noise_len:
            msg = f"{self._noise_len} bytes outside a frame"
            events.append(FrameRejected("noise", msg, bytes(self._noise)))
            self._noise.clear()
            self._noise_len = 0


def make_decoder(
    protocol: str, *, account_length: int = 10, max_frame: int = DEFAULT_MAX_FRAME
) -> FrameDecoder:
    if protocol == "line":
        return LineDecoder(account_length=account_length, max_frame=max_frame)
    if protocol == "stx-etx":
        return StxEtxDecoder(account_length=account_length, max_frame=max_frame)
    raise ValueError(
        f"unknown card-reader protocol {protocol!r}; use one of: {', '.join(PROTOCOLS)}"
    )
