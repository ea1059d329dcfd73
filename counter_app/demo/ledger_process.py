"""The demo ledger for demo mode, as a separate process (`python -m hall_ledger demo-serve`).

`start_embedded_ledger(data_dir, ...)` starts the ledger program on 127.0.0.1, which makes
(once) `DATA_DIR/ledger.db` with the same demo customers and bills as the demo counter store
(same generator, seed and reference date) and registers this terminal with a fresh token; it
returns the URL and token with `stop()`. The relay then syncs against it exactly as against a
real ledger. The counter imports none of the ledger's server modules: they live in the
`[ledger]` extra, and without it demo mode runs offline (DemoLedgerUnavailable, logged once).
Loading the demo data takes a few seconds the first time: call it from a worker thread if the
GUI is up.

The child stops when its stdin ends, so it also goes when this process dies; `stop()` closes
that pipe, then terminates and at last kills it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import queue
import sqlite3
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..bootstrap import DEMO_CUSTOMERS, DEMO_SEED, STORE_FILE_NAME, local_now

log = logging.getLogger(__name__)

LEDGER_FILE_NAME = "ledger.db"
LEDGER_MODULE = "hall_ledger"
# What `python -m hall_ledger demo-serve` needs beyond the counter's own dependencies.
LEDGER_EXTRA_MODULES = (LEDGER_MODULE, "fastapi", "uvicorn")
START_TIMEOUT_SECONDS = 180.0  # a first start fills the demo ledger (a few seconds, slow disks more)
STOP_TIMEOUT_SECONDS = 10.0
_told_unavailable = threading.Event()


class DemoLedgerUnavailable(RuntimeError):
    """The ledger program is not installed here (pip install 'hall-counter[ledger]')."""


class DemoLedgerFailed(RuntimeError):
    """The demo ledger process ended or did not get ready in time."""


@dataclass
class EmbeddedLedger:
    """A running demo ledger process: where it listens and this terminal's token."""

    url: str
    token: str
    db_path: Path
    _process: subprocess.Popen = field(repr=False)

    @property
    def pid(self) -> int:
        return self._process.pid

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
        """End the process: close its stdin (it stops serving and closes its database), then
        terminate, then kill, each after `timeout` seconds."""
        stop_process(self._process, timeout)

    def __enter__(self) -> EmbeddedLedger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def ledger_extra_installed() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in LEDGER_EXTRA_MODULES)


def demo_reference_date(store_path: Path) -> date | None:
    """The reference date a demo store was built with, as far as the bills tell: the first of
    the month after its last billing period (the generator's bills depend only on the month)."""
    if not store_path.exists():
        return None
    con = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT max(period) FROM bills").fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    if not row or not row[0]:
        return None
    year, month = map(int, row[0].split("-"))
    return date(year + month // 12, month % 12 + 1, 1)


def demo_serve_command(data_dir: Path, *, terminal_id: str, hall_id: str, customers: int,
                       seed: int, reference_date: date) -> list[str]:
    return [sys.executable, "-m", LEDGER_MODULE, "demo-serve", "--data-dir", str(data_dir),
            "--terminal", terminal_id, "--hall", hall_id, "--port", "0",
            "--customers", str(customers), "--seed", str(seed),
            "--reference-date", reference_date.isoformat()]


def start_embedded_ledger(
    data_dir: Path, *, terminal_id: str = "T01", hall_id: str = "H001",
    customers: int = DEMO_CUSTOMERS, seed: int = DEMO_SEED,
    reference_date: date | None = None, timeout: float = START_TIMEOUT_SECONDS,
) -> EmbeddedLedger:
    """Start the demo ledger for this counter and wait until it serves. Its bills follow
    `reference_date`, by default the one the demo store in `data_dir` was built with (else
    today)."""
    if not ledger_extra_installed():
        if not _told_unavailable.is_set():
            _told_unavailable.set()
            log.warning("demo mode runs offline: the ledger program is not installed "
                        "(pip install 'hall-counter[ledger]')")
        raise DemoLedgerUnavailable("the ledger program is not installed "
                                    "(pip install 'hall-counter[ledger]')")
    data_dir.mkdir(parents=True, exist_ok=True)
    reference_date = (reference_date or demo_reference_date(data_dir / STORE_FILE_NAME)
                      or local_now().date())
    command = demo_serve_command(data_dir, terminal_id=terminal_id, hall_id=hall_id,
                                 customers=customers, seed=seed, reference_date=reference_date)
    # stderr is ours: the child's warnings and errors land in the counter's log output.
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               close_fds=True)
    try:
        ready = _ready_line(process, timeout)
    except BaseException:
        stop_process(process, STOP_TIMEOUT_SECONDS)
        raise
    return EmbeddedLedger(url=ready["url"], token=ready["token"],
                          db_path=Path(ready["db_path"]), _process=process)


def _ready_line(process: subprocess.Popen, timeout: float) -> dict:
    """The child's one JSON line saying where it listens (read in a thread: a pipe cannot be
    waited on with a timeout on every platform)."""
    lines: queue.Queue[bytes] = queue.Queue()
    reader = threading.Thread(target=lambda: lines.put(process.stdout.readline()),
                              name="demo-ledger-ready", daemon=True)
    reader.start()
    try:
        line = lines.get(timeout=timeout)
    except queue.Empty:
        raise DemoLedgerFailed(f"the demo ledger did not start within {timeout:.0f} s") from None
    if not line:
        code = process.wait(STOP_TIMEOUT_SECONDS)
        raise DemoLedgerFailed(f"the demo ledger ended before it served (exit status {code})")
    try:
        ready = json.loads(line)
        _ = ready["url"], ready["token"], ready["db_path"]
    except (ValueError, KeyError, TypeError) as exc:
        raise DemoLedgerFailed("the demo ledger said something unexpected") from exc
    return ready


def stop_process(process: subprocess.Popen, timeout: float) -> None:
    """Close stdin (the child's signal to stop), then terminate, then kill."""
    if process.stdin is not None and not process.stdin.closed:
        with contextlib.suppress(OSError):
            process.stdin.close()
    for step in (None, process.terminate, process.kill):
        if step is not None:
            step()
        try:
            process.wait(timeout)
            break
        except subprocess.TimeoutExpired:
            continue
    if process.stdout is not None:
        process.stdout.close()
