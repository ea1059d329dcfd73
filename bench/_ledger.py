"""Helpers for the sync benchmarks: a ledger served by `counter-ledger serve` in a subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

PG_ENVS = ("COUNTER_BENCH_PG_URL", "COUNTER_TEST_PG_URL")


def pg_url() -> str | None:
    return next((os.environ[e] for e in PG_ENVS if os.environ.get(e)), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LedgerProcess:
    """`counter-ledger serve` on 127.0.0.1 (its own process, so it does not share our GIL)."""

    def __init__(self, db_url: str, *, workers: int = 1, port: int | None = None) -> None:
        self.port = port or free_port()  # a given port: a restart where clients expect it
        self.url = f"http://127.0.0.1:{self.port}"
        # The server's log goes to a file, not a pipe: nobody reads a pipe while the benchmark
        # runs, and once its buffer is full a worker logging errors blocks its event loop.
        self.log = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hall_ledger.cli", "serve", "--db", db_url,
             "--port", str(self.port), "--workers", str(workers), "--log-level", "warning"],
            stdout=subprocess.DEVNULL, stderr=self.log, text=True,
            cwd=Path(__file__).resolve().parents[1])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the ledger did not start: {self.errors()}")
            try:
                if httpx.get(self.url + "/v1/openapi.json", timeout=1).is_success:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the ledger did not start in 60 s")

    def errors(self) -> str:
        """What the server logged (warnings and errors), for error messages."""
        self.log.seek(0)
        return self.log.read()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.log.close()

    def __enter__(self) -> LedgerProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
