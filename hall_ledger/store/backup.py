"""`counter-ledger backup`: a consistent copy of the ledger's database in one file.

PostgreSQL: `pg_dump -Fc` (restore with pg_restore, docs/operations.md "Restore drill"); the
password goes to pg_dump through PGPASSWORD, never on its command line. SQLite (the embedded
ledger): SQLite's online backup API. Either way the copy is written under a temporary name
and renamed when complete, so a file with the final name is always a whole backup.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupFailed(RuntimeError):
    """pg_dump is missing or failed, or the SQLite file could not be read."""


def backup(url: str, out: Path) -> Path:
    """Back the database at `url` up into `out`; returns `out`."""
    target = make_url(url)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    try:
        if target.get_backend_name() == "sqlite":
            _sqlite(target.database or "", partial)
        elif target.get_backend_name() == "postgresql":
            _postgres(target, partial)
        else:
            raise BackupFailed(f"no backup for {target.get_backend_name()} databases")
        with open(partial, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(partial, out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return out


def _sqlite(path: str, partial: Path) -> None:
    if not path or not Path(path).is_file():
        raise BackupFailed(f"no ledger database at {path or '(memory)'}")
    source = sqlite3.connect(path, timeout=30)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy, pages=1024)
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    finally:
        source.close()


def _postgres(target, partial: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupFailed("pg_dump is not installed (Debian: apt install postgresql-client)")
    env = {**os.environ}
    if target.password:
        env["PGPASSWORD"] = str(target.password)
    command = [pg_dump, "-Fc", "--no-password", "-f", str(partial), "-d", target.database or ""]
    if target.host:
        command += ["-h", target.host]
    if target.port:
        command += ["-p", str(target.port)]
    if target.username:
        command += ["-U", target.username]
    options = target.query.get("options")  # e.g. -csearch_path=ledger
    if options:
        env["PGOPTIONS"] = options if isinstance(options, str) else " ".join(options)
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise BackupFailed(f"pg_dump failed: {done.stderr.strip()[-500:]}")
