"""The ledger is a program of its own: `counter-ledger --help` and a command that works on a
database (init-db, terminal add/list, demo-data) load no counter_app module, only the shared
domain (hall_domain) and libraries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

WRAPPER = """
import json, sys
from hall_ledger.cli import main
try:
    status = main(sys.argv[2:])
except SystemExit as exc:  # --help
    status = exc.code
finally:
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(sorted(sys.modules), f)
sys.exit(status)
"""


def run_ledger(tmp_path: Path, name: str, *args: str, prelude: str = "") -> tuple[
        subprocess.CompletedProcess, list[str]]:
    out = tmp_path / f"{name}.json"
    r = subprocess.run([sys.executable, "-c", prelude + WRAPPER, str(out), *args],
                       capture_output=True, text=True, timeout=180)
    return r, json.loads(out.read_text(encoding="utf-8"))


def counter_modules(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] == "counter_app"]


def test_help_imports_no_counter_module(tmp_path):
    r, modules = run_ledger(tmp_path, "help", "--help")
    assert r.returncode == 0 and "demo-serve" in r.stdout
    assert "hall_ledger.cli" in modules
    assert counter_modules(modules) == []


def test_database_commands_import_no_counter_module(tmp_path):
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    for name, args in (("init", ("init-db", "--db", db)),
                       ("demo", ("demo-data", "--customers", "20", "--db", db)),
                       ("add", ("terminal", "add", "--terminal", "T01", "--hall", "H001",
                                "--db", db)),
                       ("list", ("terminal", "list", "--db", db))):
        r, modules = run_ledger(tmp_path, name, *args)
        assert r.returncode == 0, (name, r.stderr)
        assert counter_modules(modules) == [], name
        if name == "demo":  # the generator now lives in the shared domain
            assert "hall_domain.sample_population" in modules
    assert "H001\tT01\tcounter\tactive" in r.stdout


def test_the_check_sees_a_counter_module_when_one_is_loaded(tmp_path):
    r, modules = run_ledger(tmp_path, "with-counter", "--help",
                            prelude="import counter_app.config\n")
    assert r.returncode == 0
    assert "counter_app.config" in counter_modules(modules)
