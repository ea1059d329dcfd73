"""`counter-app --selftest`: every check reported, offscreen and under a real X server, and a
Qt plugin that cannot load is reported instead of killing the report."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.services.terminals import add_terminal
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine

CHECKS = ["qt_platform", "translations", "store", "receipt", "pdf", "serial_ports"]


def selftest(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "counter_app", "--selftest", "--json", *args],
                          capture_output=True, text=True, timeout=180,
                          env={**os.environ, "COUNTER_APP_LANG": "en", **(env or {})},
                          stdin=subprocess.DEVNULL)


def report(proc: subprocess.CompletedProcess) -> dict:
    return json.loads(proc.stdout)


def test_every_check_passes_offscreen():
    proc = selftest(env={"QT_QPA_PLATFORM": "offscreen"})
    got = report(proc)
    assert proc.returncode == 0 and got["passed"], proc.stdout + proc.stderr
    assert [c["check"] for c in got["checks"]] == CHECKS
    by_name = {c["check"]: c for c in got["checks"]}
    assert by_name["qt_platform"]["detail"] == "offscreen"
    assert "GB18030" in by_name["receipt"]["detail"]


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (.ci/run installs it)")
def test_the_xcb_plugin_loads_under_a_real_x_server():
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    proc = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, "-m",
                           "counter_app", "--selftest", "--json"], capture_output=True, text=True,
                          timeout=180, env=env, stdin=subprocess.DEVNULL)
    got = report(proc)
    assert proc.returncode == 0 and got["passed"], proc.stdout + proc.stderr
    assert got["checks"][0]["detail"] == "xcb"


def test_a_missing_qt_plugin_is_reported_and_the_other_checks_still_run():
    proc = selftest(env={"QT_QPA_PLATFORM": "no-such-plugin"})
    got = report(proc)
    assert proc.returncode == 1 and not got["passed"]
    by_name = {c["check"]: c for c in got["checks"]}
    assert not by_name["qt_platform"]["ok"] and "no-such-plugin" in by_name["qt_platform"]["detail"]
    assert all(by_name[name]["ok"] for name in ("store", "receipt", "pdf", "serial_ports"))


def test_the_ledger_check_uses_the_token_and_reports_the_clock(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    migrate.upgrade(engine)
    token = add_terminal(engine, hall_id="H001", terminal_id="T07")
    try:
        with ThreadedServer(create_app(engine)) as srv:
            good = selftest("--ledger", srv.url, "--token", token,
                            env={"QT_QPA_PLATFORM": "offscreen"})
            bad = selftest("--ledger", srv.url, "--token", "not-the-token",
                           env={"QT_QPA_PLATFORM": "offscreen"})
    finally:
        engine.dispose()
    ledger = report(good)["checks"][-1]
    assert good.returncode == 0 and ledger["check"] == "ledger" and ledger["ok"], good.stdout
    assert ledger["detail"].startswith("H001/T07")
    refused = report(bad)["checks"][-1]
    assert bad.returncode == 1 and not refused["ok"]
    assert token not in bad.stdout
