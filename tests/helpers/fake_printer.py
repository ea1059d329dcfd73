"""A network receipt printer on 127.0.0.1 that records what it is sent and answers DLE EOT.

Modes: "online", "paper_near_end", "paper_out", "offline" (cover open), "silent" (reads,
never answers), "reset" (reads `reset_after` bytes then resets the connection). The status
answers are what an Epson-compatible printer sends (ESC/POS DLE EOT n, bits 1 and 4 set).
"""

from __future__ import annotations

import socket
import struct
import threading
from dataclasses import dataclass, field

ANSWERS = {
    # mode: (n=1 printer, n=2 offline cause, n=3 error cause, n=4 paper sensor)
    "online": (0x12, 0x12, 0x12, 0x12),
    "paper_near_end": (0x12, 0x12, 0x12, 0x1E),
    "paper_out": (0x1A, 0x32, 0x12, 0x72),
    "offline": (0x1A, 0x16, 0x12, 0x12),
}


@dataclass
class Connection:
    data: bytearray = field(default_factory=bytearray)
    queries: list[int] = field(default_factory=list)
    closed_by_client: bool = False


class FakePrinter:
    def __init__(self, mode: str = "online", *, reset_after: int = 64, stop_answering_after_bytes: int | None = None) -> None:
        self.mode = mode
        self.reset_after = reset_after
        self.paper_out_after = stop_answering_after_bytes
        self.connections: list[Connection] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="fake-printer", daemon=True)
        self._lock = threading.Lock()

    @property
    def uri(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def __enter__(self) -> FakePrinter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._server.close()

    @property
    def received(self) -> bytes:
        """All bytes of all connections, in order (status queries included)."""
        with self._lock:
            return b"".join(bytes(c.data) for c in self.connections)

    def jobs(self) -> list[bytes]:
        with self._lock:
            return [bytes(c.data) for c in self.connections if c.data]

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                self._handle(conn)  # one client at a time, like a real printer's port 9100

    def _handle(self, conn: socket.socket) -> None:
        record = Connection()
        with self._lock:
            self.connections.append(record)
        conn.settimeout(0.1)
        pending = b""  # a DLE EOT split across reads
        deadline_checks = 0
        while not self._stop.is_set() and deadline_checks < 600:  # at most ~60 s idle
            try:
                chunk = conn.recv(4096)
            except TimeoutError:
                deadline_checks += 1
                continue
            except OSError:
                return
            if not chunk:
                record.closed_by_client = True
                return
            deadline_checks = 0
            if self.mode == "reset":
                room = self.reset_after - len(record.data)
                with self._lock:
                    record.data += chunk[: max(0, room)]
                if len(record.data) >= self.reset_after:
                    # SO_LINGER 0: close sends RST, as a printer that reboots mid-job.
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
                continue
            with self._lock:
                record.data += chunk
            buf = pending + chunk
            pending = b""
            i = 0
            while True:
                j = buf.find(b"\x10\x04", i)
                if j < 0 or j + 2 >= len(buf):
                    if j >= 0:
                        pending = buf[j:]
                    elif buf.endswith(b"\x10"):
                        pending = b"\x10"
                    break
                n = buf[j + 2]
                record.queries.append(n)
                answer = self._answer(n, len(record.data))
                if answer is not None:
                    conn.sendall(bytes([answer]))
                i = j + 3

    def _answer(self, n: int, received: int) -> int | None:
        if self.mode == "silent" or not 1 <= n <= 4:
            return None
        mode = self.mode
        if self.paper_out_after is not None and received >= self.paper_out_after:
            mode = "paper_out"
        return ANSWERS[mode][n - 1]


def refused_port() -> int:
    """A loopback port with nothing listening (connection refused)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
