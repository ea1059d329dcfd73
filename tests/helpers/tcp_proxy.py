"""A TCP proxy on 127.0.0.1 that misbehaves on purpose: pass, delay, cut after N bytes, blackhole.

For relay tests: put it between the ledger client and the ledger and switch its mode. Bounded:
at most `max_connections` at once (more are refused), every socket has a timeout, and
`close()` stops and joins every thread.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import struct
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Mode:
    name: str = "pass"  # pass | delay | cut | blackhole
    delay: float = 0.0  # delay: seconds before each chunk is forwarded
    cut_after: int = 0  # cut: bytes forwarded in `direction` before the connection is reset
    direction: str = "down"  # cut: "down" (answers: the ledger did the work) or "up" (requests)


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, *, max_connections: int = 32,
                 io_timeout: float = 30.0) -> None:
        self.target = (target_host, target_port)
        self.mode = Mode()
        self.max_connections = max_connections
        self.io_timeout = io_timeout
        self.connections = 0  # accepted so far
        self.cuts = 0  # connections reset by `cut`
        self._lock = threading.Lock()
        self._live: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.1)
        self.port = self._server.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept_loop, name="tcp-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> TcpProxy:
        self._acceptor.start()
        return self

    def set_mode(self, name: str = "pass", **kw) -> None:
        """Switch mode for new connections and reset the open ones (so the next request
        makes a new connection under the new mode)."""
        self.mode = Mode(name, **kw)
        with self._lock:
            live = list(self._live)
        for s in live:
            _reset(s)

    def close(self) -> None:
        self._stop.set()
        self.set_mode("pass")
        self._acceptor.join(5)
        for t in list(self._threads):
            t.join(5)
        self._server.close()

    def __enter__(self) -> TcpProxy:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._threads = [t for t in self._threads if t.is_alive()]
                if len(self._threads) >= self.max_connections:
                    _reset(conn)
                    continue
                self.connections += 1
                t = threading.Thread(target=self._serve, args=(conn, self.mode), daemon=True,
                                     name="tcp-proxy-conn")
                self._threads.append(t)
            t.start()

    def _track(self, *socks: socket.socket, add: bool) -> None:
        with self._lock:
            for s in socks:
                (self._live.add if add else self._live.discard)(s)

    def _serve(self, client: socket.socket, mode: Mode) -> None:
        client.settimeout(self.io_timeout)
        upstream = None
        self._track(client, add=True)
        try:
            if mode.name == "blackhole":  # swallow the request, never answer
                deadline = time.monotonic() + self.io_timeout
                client.settimeout(0.1)
                while not self._stop.is_set() and time.monotonic() < deadline:
                    try:
                        if not client.recv(65536):
                            return
                    except TimeoutError:
                        continue
                return
            upstream = socket.create_connection(self.target, timeout=self.io_timeout)
            self._track(upstream, add=True)
            self._pump(client, upstream, mode)
        except OSError:
            pass
        finally:
            self._track(client, *(s for s in (upstream,) if s), add=False)
            for s in (client, upstream):
                if s is not None:
                    with contextlib.suppress(OSError):
                        s.close()

    def _pump(self, client: socket.socket, upstream: socket.socket, mode: Mode) -> None:
        sent = {"up": 0, "down": 0}
        with selectors.DefaultSelector() as sel:
            sel.register(client, selectors.EVENT_READ, ("up", upstream))
            sel.register(upstream, selectors.EVENT_READ, ("down", client))
            idle_until = time.monotonic() + self.io_timeout
            while not self._stop.is_set() and time.monotonic() < idle_until:
                for key, _ in sel.select(timeout=0.1):
                    direction, dest = key.data
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    idle_until = time.monotonic() + self.io_timeout
                    if mode.name == "delay":  # a slow link, cut short when the proxy closes
                        self._stop.wait(mode.delay)
                    if mode.name == "cut" and direction == mode.direction:
                        room = mode.cut_after - sent[direction]
                        if room <= len(data):
                            dest.sendall(data[:max(room, 0)])
                            self.cuts += 1
                            _reset(client)
                            _reset(upstream)
                            return
                    dest.sendall(data)
                    sent[direction] += len(data)


def _reset(s: socket.socket) -> None:
    """Close with RST (SO_LINGER 0), as a cut cable or a crashed middlebox looks."""
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
