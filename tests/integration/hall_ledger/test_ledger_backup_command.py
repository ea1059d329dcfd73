"""`counter-ledger backup`: one whole file, from SQLite or PostgreSQL, with the password kept
off pg_dump's command line; a SQLite backup opens as a ledger that still balances."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hall_ledger.store.db import make_engine
from hall_ledger.store.models import Customer


def backup(db_url: str, out: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PGPASSWORD", "COUNTER_LEDGER_DB")}
    return subprocess.run([sys.executable, "-m", "hall_ledger", "backup", "--db", db_url,
                           "--out", str(out)], capture_output=True, text=True, timeout=600,
                          env=env)


def customers(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Customer)).scalar_one()


def test_a_backup_holds_the_whole_ledger(db_url, engine, halls, tmp_path):
    if db_url.startswith("postgresql") and shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore not installed (.ci/run installs postgresql)")
    out = tmp_path / "backups" / "ledger.backup"
    done = backup(db_url, out)
    assert done.returncode == 0, done.stderr
    assert out.is_file() and not list(out.parent.glob(".*partial"))
    if db_url.startswith("sqlite"):
        copy = make_engine(f"sqlite:///{out}")
        try:
            assert customers(copy) == customers(engine) > 0
        finally:
            copy.dispose()
        verified = subprocess.run([sys.executable, "-m", "hall_ledger", "verify", "--db",
                                   f"sqlite:///{out}"], capture_output=True, text=True, timeout=120)
        assert verified.returncode == 0, verified.stdout + verified.stderr
    else:
        listing = subprocess.run(["pg_restore", "--list", str(out)], capture_output=True,
                                 text=True, timeout=120, check=True).stdout
        schema = db_url.rsplit("search_path%3D", 1)[-1].split("&")[0]
        assert f"TABLE DATA {schema} customers" in listing


def test_a_failed_backup_leaves_no_file(tmp_path):
    out = tmp_path / "ledger.backup"
    done = backup(f"sqlite:///{tmp_path / 'missing.db'}", out)
    assert done.returncode != 0 and "no ledger database" in done.stderr
    assert not out.exists() and not list(tmp_path.glob(".*partial"))
