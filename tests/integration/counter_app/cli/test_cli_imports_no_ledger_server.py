"""The cashier's commands load none of the ledger's server: `counter-app status` and
`counter-app lookup` on a demo store, each in a fresh interpreter, end with no FastAPI,
uvicorn, Starlette or hall_ledger module in sys.modules."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SERVER_MODULES = ("fastapi", "uvicorn", "starlette", "hall_ledger", "psycopg")

# Runs counter_app.cli.main with the given arguments, then writes sorted(sys.modules).
WRAPPER = """
import json, sys
from counter_app.cli import main
try:
    status = main(sys.argv[2:])
finally:
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(sorted(sys.modules), f)
sys.exit(status)
"""


def run_counter(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    out = tmp_path / f"modules-{len(list(tmp_path.glob('modules-*')))}.json"
    env = {**os.environ, "COUNTER_APP_LANG": "en"}
    r = subprocess.run([sys.executable, "-c", WRAPPER, str(out), *args], capture_output=True,
                       text=True, timeout=180, env=env)
    return r, json.loads(out.read_text(encoding="utf-8"))


def server_modules(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in SERVER_MODULES]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("demo")
    r = subprocess.run([sys.executable, "-m", "counter_app", "init", "--demo", "--customers",
                        "30", "--reference-date", "2026-03-20", "--data-dir", str(data)],
                       capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    return data


def test_status_imports_no_ledger_server(demo_dir, tmp_path):
    r, modules = run_counter(tmp_path, "status", "--data-dir", str(demo_dir))
    assert r.returncode == 0, r.stderr
    assert "counter_app.cli.main" in modules  # the wrapper saw the command's modules
    assert server_modules(modules) == []


def test_lookup_imports_no_ledger_server(demo_dir, tmp_path):
    con = sqlite3.connect(demo_dir / "counter.db")
    [account] = con.execute("SELECT account_no FROM customers LIMIT 1").fetchone()
    con.close()
    r, modules = run_counter(tmp_path, "lookup", account, "--json", "--on", "2026-03-20",
                             "--data-dir", str(demo_dir))
    assert r.returncode == 0, r.stderr
    assert account in r.stdout  # it really looked the customer up
    assert "counter_app.services.lookup" in modules
    assert server_modules(modules) == []


def test_the_check_sees_a_server_module_when_one_is_loaded(demo_dir, tmp_path):
    """The check can fail: the same wrapper after importing the ledger's app lists it."""
    out = tmp_path / "with-ledger.json"
    r = subprocess.run([sys.executable, "-c", "import hall_ledger.app\n" + WRAPPER, str(out),
                        "status", "--data-dir", str(demo_dir)], capture_output=True, text=True,
                       timeout=180)
    assert r.returncode == 0, r.stderr
    found = server_modules(json.loads(out.read_text(encoding="utf-8")))
    assert "fastapi" in found and "hall_ledger.app" in found
