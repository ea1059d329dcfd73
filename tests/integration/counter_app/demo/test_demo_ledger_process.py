"""The demo ledger as a process of its own (counter_app/demo/ledger_process.py starting
`python -m hall_ledger demo-serve`): it serves once ready, stops when asked, goes when its
parent dies, and without the ledger program demo mode is told to run offline."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest

from counter_app.adapters.ledger_client import LedgerClient, LedgerError
from counter_app.demo import ledger_process
from counter_app.demo.ledger_process import (
    DemoLedgerUnavailable,
    demo_serve_command,
    start_embedded_ledger,
)
from tests.helpers.sync import REF_DATE
from tests.helpers.waiting import wait_until

N = 40


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return True


def test_the_demo_ledger_serves_in_its_own_process_and_stops(tmp_path):
    ledger = start_embedded_ledger(tmp_path, customers=N, seed=7, reference_date=REF_DATE)
    try:
        assert ledger.pid != os.getpid() and alive(ledger.pid)
        assert ledger.url.startswith("http://127.0.0.1:")
        assert ledger.db_path == tmp_path / "ledger.db" and ledger.db_path.exists()
        with LedgerClient(ledger.url, ledger.token) as c:
            health = c.health()
            assert (health.hall_id, health.terminal_id) == ("H001", "T01")
            assert len(next(c.iter_snapshot(limit=N)).customers) == N
    finally:
        ledger.stop()
    assert not alive(ledger.pid)
    assert ledger._process.returncode == 0  # it stopped on its own when stdin closed
    with pytest.raises(LedgerError), LedgerClient(ledger.url, ledger.token, timeout=2) as c:
        c.health()


def test_the_demo_ledger_goes_when_its_parent_dies(tmp_path):
    """A parent started with the same launcher is killed (no chance to clean up): the child
    sees its stdin end and exits."""
    parent = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, json, datetime, pathlib\n"
         "from counter_app.demo.ledger_process import start_embedded_ledger\n"
         "l = start_embedded_ledger(pathlib.Path(sys.argv[1]), customers=10, seed=3,\n"
         "                          reference_date=datetime.date(2026, 3, 20))\n"
         "print(json.dumps({'pid': l.pid, 'url': l.url}), flush=True)\n"
         "sys.stdin.read()\n", str(tmp_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        child = json.loads(parent.stdout.readline())
        assert alive(child["pid"])
    finally:
        parent.kill()
        parent.wait(30)
        parent.stdin.close()
        parent.stdout.close()
    assert wait_until(lambda: not alive(child["pid"]), 30)


def test_a_child_that_ignores_stdin_is_terminated(tmp_path, monkeypatch):
    """stop() falls back to terminate (then kill) when closing stdin is not enough."""
    ignoring = subprocess.Popen(
        [sys.executable, "-c", "import threading\nprint('ready', flush=True)\n"
         "threading.Event().wait()"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert ignoring.stdout.readline() == b"ready\n"
    ledger_process.stop_process(ignoring, timeout=0.5)
    assert ignoring.returncode is not None and ignoring.returncode != 0


def test_the_command_names_the_ledger_program_and_the_demo_data(tmp_path):
    command = demo_serve_command(tmp_path, terminal_id="T07", hall_id="H002", customers=5,
                                 seed=9, reference_date=REF_DATE)
    assert command[:4] == [sys.executable, "-m", "hall_ledger", "demo-serve"]
    assert command[command.index("--terminal") + 1] == "T07"
    assert command[command.index("--reference-date") + 1] == REF_DATE.isoformat()


def test_without_the_ledger_program_demo_mode_is_offline_and_says_so(tmp_path, monkeypatch,
                                                                      caplog):
    monkeypatch.setattr(ledger_process, "LEDGER_EXTRA_MODULES",
                        ("hall_ledger", "no_such_module_for_the_test"))
    monkeypatch.setattr(ledger_process, "_told_unavailable", type(
        ledger_process._told_unavailable)())
    with caplog.at_level(logging.WARNING, logger=ledger_process.__name__):
        for _ in range(2):
            with pytest.raises(DemoLedgerUnavailable, match=r"hall-counter\[ledger\]"):
                start_embedded_ledger(tmp_path, customers=N)
    told = [r.getMessage() for r in caplog.records if "runs offline" in r.getMessage()]
    assert len(told) == 1  # said once, not at every relay cycle
    assert not (tmp_path / "ledger.db").exists()


def test_a_ledger_that_fails_to_start_is_reported(tmp_path):
    """An unknown hall id is refused by the child before it serves: the launcher says so."""
    with pytest.raises(ledger_process.DemoLedgerFailed, match="ended before it served"):
        start_embedded_ledger(tmp_path, hall_id="not a hall!", customers=N,
                              reference_date=REF_DATE)
