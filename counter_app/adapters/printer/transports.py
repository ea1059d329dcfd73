"""Byte transports to a printer: TCP (port 9100), serial (pyserial) and files/device nodes.

Raw sockets and pyserial rather than python-escpos's printer classes: those write without
reporting how much went out, read status without a bounded wait, and send text through
their own encoder. Here every transport either writes every byte or raises with the count,
and reads a status byte with a short timeout, answering None when nothing comes.
"""

from __future__ import annotations

import os
import select
import socket
import stat
import time
from typing import Protocol

from .escpos import status_query
from .status import DeliveryFailed, PrinterUnreachable, valid_answer


class Transport(Protocol):
    description: str

    def open(self) -> None: ...

    def close(self) -> None: ...

    def write(self, data: bytes) -> int:
        """Send all of `data` or raise DeliveryFailed (with bytes_sent)."""
        ...

    def query(self, n: int, timeout: float) -> int | None:
        """Send DLE EOT n; the valid answer byte, or None when none came in `timeout`."""
        ...

    def confirm(self, timeout: float) -> tuple[bool, int | None]:
        """After write: (confirmed, DLE EOT 1 answer). confirmed is True when the printer showed
        it took everything, False when it could not tell. Raises DeliveryFailed when broken."""
        ...


class TcpTransport:
    """Raw TCP (JetDirect port 9100). One connection per job: many printers serve only one."""

    def __init__(self, host: str, port: int, *, connect_timeout: float = 3.0, write_timeout: float = 10.0) -> None:
        self.host, self.port = host, port
        self.connect_timeout, self.write_timeout = connect_timeout, write_timeout
        self.description = f"tcp {host}:{port}"
        self.sock: socket.socket | None = None

    def open(self) -> None:
        try:
            self.sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout)
        except OSError as exc:
            raise PrinterUnreachable(f"cannot connect to printer at {self.host}:{self.port}: {_why(exc)}") from exc
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def write(self, data: bytes) -> int:
        assert self.sock is not None, "open() first"
        self.sock.settimeout(self.write_timeout)
        view, sent = memoryview(data), 0
        try:
            while sent < len(data):
                sent += self.sock.send(view[sent:])
        except OSError as exc:
            raise DeliveryFailed(
                f"printer {self.host}:{self.port} broke the connection after {sent} of {len(data)} bytes: {_why(exc)}",
                bytes_sent=sent,
            ) from exc
        return sent

    def _drain(self) -> None:
        """Throw away stale answers (e.g. a late reply to an earlier query)."""
        assert self.sock is not None
        self.sock.setblocking(False)
        try:
            while self.sock.recv(64):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        finally:
            self.sock.setblocking(True)

    def query(self, n: int, timeout: float) -> int | None:
        assert self.sock is not None, "open() first"
        try:
            self._drain()
            self.sock.settimeout(self.write_timeout)
            self.sock.sendall(status_query(n))
            return _read_answer(self.sock.recv, self.sock.settimeout, timeout)
        except TimeoutError:
            return None
        except OSError as exc:
            raise DeliveryFailed(f"printer {self.host}:{self.port} dropped the connection: {_why(exc)}") from exc

    def confirm(self, timeout: float) -> tuple[bool, int | None]:
        """A status answer sent after the data proves the printer read all of it (TCP keeps
        order). Without one, half-close and wait for the printer to close its side."""
        assert self.sock is not None
        answer = self.query(1, timeout)
        if answer is not None:
            return True, answer
        try:
            self.sock.shutdown(socket.SHUT_WR)
            self.sock.settimeout(timeout)
            while self.sock.recv(64):
                pass
            return True, None  # the printer read up to our end-of-stream and closed
        except TimeoutError:
            return False, None
        except OSError as exc:
            raise DeliveryFailed(f"printer {self.host}:{self.port} reset the connection: {_why(exc)}") from exc


def _read_answer(recv, settimeout, timeout: float) -> int | None:
    """Read bytes until a valid status answer or the deadline; EOF is a broken connection."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        settimeout(left)
        try:
            chunk = recv(16)
        except TimeoutError:
            return None
        if not chunk:
            raise ConnectionResetError("connection closed by the printer")
        for b in chunk:
            if valid_answer(b):
                return b


class SerialTransport:
    """RS-232 / USB-serial via pyserial. Hardware flow control matters on slow thermal heads."""

    def __init__(self, port: str, params: dict[str, str], *, write_timeout: float = 10.0) -> None:
        self.port = port
        self.params = params
        self.write_timeout = write_timeout
        self.description = f"serial {port}"
        self.ser = None

    def open(self) -> None:
        import serial

        p = self.params
        try:
            self.ser = serial.Serial(
                port=self.port,
                baudrate=int(p.get("baudrate", "9600")),
                bytesize=int(p.get("bytesize", "8")),
                parity=p.get("parity", "N").upper(),
                stopbits={"1": 1, "1.5": 1.5, "2": 2}[p.get("stopbits", "1")],
                rtscts=_flag(p.get("rtscts")),
                xonxoff=_flag(p.get("xonxoff")),
                dsrdtr=_flag(p.get("dsrdtr")),
                timeout=0.05,
                write_timeout=self.write_timeout,
            )
        except (serial.SerialException, ValueError, KeyError, OSError) as exc:
            raise PrinterUnreachable(f"cannot open serial port {self.port}: {exc}") from exc

    def close(self) -> None:
        if self.ser is not None:
            self.ser.close()
            self.ser = None

    def write(self, data: bytes) -> int:
        import serial

        assert self.ser is not None, "open() first"
        try:
            n = self.ser.write(data) or 0
            self.ser.flush()  # tcdrain: wait until the UART has sent it all
        except (serial.SerialException, OSError) as exc:
            raise DeliveryFailed(f"writing to {self.port} failed: {exc}", bytes_sent=0) from exc
        if n != len(data):
            raise DeliveryFailed(f"only {n} of {len(data)} bytes went to {self.port}", bytes_sent=n)
        return n

    def query(self, n: int, timeout: float) -> int | None:
        import serial

        assert self.ser is not None
        try:
            self.ser.reset_input_buffer()
            self.ser.write(status_query(n))
            self.ser.flush()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                chunk = self.ser.read(1)
                if chunk and valid_answer(chunk[0]):
                    return chunk[0]
        except (serial.SerialException, OSError) as exc:
            raise DeliveryFailed(f"serial port {self.port} failed: {exc}") from exc
        return None

    def confirm(self, timeout: float) -> tuple[bool, int | None]:
        # flush() already waited for the UART; an answer also shows the printer is alive.
        answer = self.query(1, timeout)
        return answer is not None, answer


def _flag(value: str | None) -> bool:
    return (value or "0").lower() in ("1", "true", "yes", "on")


class FileTransport:
    """A file or device node (file:///tmp/out.bin, /dev/usb/lp0). Appends; fsyncs regular files.
    A character device opened read-write can answer DLE EOT (usblp does for bidirectional
    printers); a regular file cannot, so its status is unknown."""

    def __init__(self, path: str, *, label: str = "file") -> None:
        self.path = path
        self.description = f"{label} {path}"
        self.fd: int | None = None
        self.is_device = False

    def open(self) -> None:
        try:
            st = os.stat(self.path)
            self.is_device = stat.S_ISCHR(st.st_mode)
        except FileNotFoundError:
            self.is_device = False
        flags = os.O_RDWR | os.O_NOCTTY if self.is_device else os.O_WRONLY | os.O_CREAT | os.O_APPEND
        try:
            self.fd = os.open(self.path, flags, 0o644)
        except OSError as exc:
            raise PrinterUnreachable(f"cannot open {self.path}: {exc.strerror or exc}") from exc

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def write(self, data: bytes) -> int:
        assert self.fd is not None, "open() first"
        view, sent = memoryview(data), 0
        try:
            while sent < len(data):
                sent += os.write(self.fd, view[sent:])
            if not self.is_device:
                os.fsync(self.fd)
        except OSError as exc:
            raise DeliveryFailed(f"writing {self.path} failed after {sent} bytes: {exc.strerror or exc}", bytes_sent=sent) from exc
        return sent

    def query(self, n: int, timeout: float) -> int | None:
        if not self.is_device or self.fd is None:
            return None
        try:
            os.write(self.fd, status_query(n))
            deadline = time.monotonic() + timeout
            while (left := deadline - time.monotonic()) > 0:
                ready, _, _ = select.select([self.fd], [], [], left)
                if not ready:
                    return None
                for b in os.read(self.fd, 16):
                    if valid_answer(b):
                        return b
        except OSError:
            return None
        return None

    def confirm(self, timeout: float) -> tuple[bool, int | None]:
        answer = self.query(1, timeout) if self.is_device else None
        return True, answer  # os.write returned for every byte; for a regular file, fsync too


def _why(exc: OSError) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (printer off, or wrong address or port)"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timed out (printer off or unreachable)"
    if isinstance(exc, ConnectionResetError):
        return "connection reset by the printer"
    if isinstance(exc, BrokenPipeError):
        return "connection closed by the printer"
    return exc.strerror or str(exc)
