"""A printer by URI: read its status, deliver a job (all bytes or an error), kick the drawer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import escpos
from .spool import CupsTransport, Win32Transport
from .status import (
    UNKNOWN,
    DeliveryFailed,
    PrinterNotReady,
    PrinterStatus,
    interpret,
)
from .transports import FileTransport, SerialTransport, TcpTransport, Transport
from .uri import PrinterURI, parse_uri
from .usb import open_usb

STATUS_TIMEOUT = 0.5  # seconds for one DLE EOT answer: a live printer answers in a few ms
CONFIRM_TIMEOUT = 3.0  # after a job: the answer queues behind the job's bytes in the buffer


def open_transport(uri: str | PrinterURI, *, connect_timeout: float = 3.0) -> Transport:
    u = uri if isinstance(uri, PrinterURI) else parse_uri(uri)
    if u.scheme == "tcp":
        return TcpTransport(u.target, u.port or 9100, connect_timeout=connect_timeout)
    if u.scheme == "serial":
        return SerialTransport(u.target, u.params)
    if u.scheme == "file":
        return FileTransport(u.target)
    if u.scheme == "usb":
        return open_usb(u.target)
    if u.scheme == "cups":
        return CupsTransport(u.target)
    return Win32Transport(u.target)


@dataclass(frozen=True, slots=True)
class Delivery:
    uri: str
    bytes_sent: int
    confirmed: bool  # the printer showed it read everything (status answer or orderly close)
    status: PrinterStatus  # as read before sending


class Printer:
    """One printer; each call opens the transport, does its work and closes it again."""

    def __init__(
        self,
        uri: str,
        *,
        status_timeout: float = STATUS_TIMEOUT,
        confirm_timeout: float = CONFIRM_TIMEOUT,
        connect_timeout: float = 3.0,
        opener: Callable[[str], Transport] | None = None,
    ) -> None:
        self.uri = str(parse_uri(uri))
        self.status_timeout = status_timeout
        self.confirm_timeout = confirm_timeout
        self._open = opener or (lambda u: open_transport(u, connect_timeout=connect_timeout))

    def _transport(self) -> Transport:
        t = self._open(self.uri)
        t.open()
        return t

    def read_status(self, t: Transport) -> PrinterStatus:
        spooler = getattr(t, "spooler_status", None)
        if spooler is not None:
            return spooler() or UNKNOWN
        first = t.query(1, self.status_timeout)
        if first is None:
            return UNKNOWN  # silence is not "ok"
        answers = {1: first, 4: t.query(4, self.status_timeout)}
        if first & 0x08:
            answers[2] = t.query(2, self.status_timeout)
        return interpret({k: v for k, v in answers.items() if v is not None})

    def status(self) -> PrinterStatus:
        t = self._transport()
        try:
            return self.read_status(t)
        finally:
            t.close()

    def deliver(self, data: bytes, *, check_status: bool = True) -> Delivery:
        """Send a whole job. Raises PrinterUnreachable/PrinterNotReady (nothing sent) or
        DeliveryFailed (bytes_sent says how far it got)."""
        t = self._transport()
        try:
            status = self.read_status(t) if check_status else UNKNOWN
            if not status.can_print:
                raise PrinterNotReady(f"printer not ready: {status.describe()}", status=status)
            sent = t.write(data)
            try:
                confirmed, answer = t.confirm(self.confirm_timeout)
            except DeliveryFailed as exc:
                exc.bytes_sent = sent
                raise
            if answer is not None and answer & 0x08:
                after = interpret({1: answer, 4: t.query(4, self.status_timeout) or 0})
                raise DeliveryFailed(
                    f"printer went offline during the job: {after.describe()}", bytes_sent=sent, status=after
                )
            return Delivery(self.uri, sent, confirmed, status)
        finally:
            t.close()

    def pulse_drawer(self, pin: int) -> Delivery:
        """Open the cash drawer. ESC p waits in the buffer while the printer is offline (paper
        out), so then the real-time DLE DC4 pulse is sent instead: the cash must go in."""
        t = self._transport()
        try:
            status = self.read_status(t)
            data = escpos.drawer_pulse(pin) if status.can_print else escpos.drawer_pulse_realtime(pin)
            sent = t.write(data)
            try:
                confirmed, _ = t.confirm(self.status_timeout)
            except DeliveryFailed as exc:
                exc.bytes_sent = sent
                raise
            return Delivery(self.uri, sent, confirmed, status)
        finally:
            t.close()
