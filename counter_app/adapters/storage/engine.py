"""SQLite engine for the store: WAL, synchronous=FULL, foreign keys, our own BEGIN [IMMEDIATE].

pysqlite's implicit transactions are switched off (`isolation_level = None`) and SQLAlchemy's
"begin" event emits the BEGIN itself: `BEGIN IMMEDIATE` when the connection carries the
execution option ``hc_begin="IMMEDIATE"`` (write transactions), a plain deferred `BEGIN`
otherwise (reads). See the "Serializable isolation / Savepoints / Transactional DDL" recipe
in the SQLAlchemy pysqlite dialect documentation.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from .errors import StoreError
from .search import register_functions

DEFAULT_BUSY_TIMEOUT_MS = 5000
BEGIN_OPTION = "hc_begin"
IMMEDIATE = "IMMEDIATE"


def expected_pragmas(busy_timeout_ms: int) -> dict[str, object]:
    """What every connection must read back: pragma -> value."""
    return {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL
        "foreign_keys": 1,
        "busy_timeout": busy_timeout_ms,
    }


def _set_pragmas(dbapi_conn: sqlite3.Connection, path: Path, busy_timeout_ms: int) -> None:
    # busy_timeout first: switching to WAL needs a lock another process may hold briefly.
    statements = (
        ("busy_timeout", f"PRAGMA busy_timeout = {int(busy_timeout_ms)}"),
        ("journal_mode", "PRAGMA journal_mode = WAL"),
        ("synchronous", "PRAGMA synchronous = FULL"),
        ("foreign_keys", "PRAGMA foreign_keys = ON"),
    )
    for name, sql in statements:
        try:
            dbapi_conn.execute(sql).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(
                f"Cannot set PRAGMA {name} on the store {path}: {exc}. "
                "Is another program holding the file, or is it not an SQLite database?",
                code="store.pragma",
                pragma=name,
                path=str(path),
                error=str(exc),
            ) from exc


def read_pragmas(dbapi_conn: sqlite3.Connection) -> dict[str, object]:
    out: dict[str, object] = {}
    for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout"):
        value = dbapi_conn.execute(f"PRAGMA {name}").fetchone()[0]
        out[name] = value.lower() if isinstance(value, str) else value
    return out


def check_pragmas(dbapi_conn: sqlite3.Connection, path: Path, busy_timeout_ms: int) -> None:
    """Raise StoreError naming the first pragma whose value is not what we set."""
    actual = read_pragmas(dbapi_conn)
    for name, want in expected_pragmas(busy_timeout_ms).items():
        if actual[name] != want:
            raise StoreError(
                f"The store {path} has PRAGMA {name} = {actual[name]!r}, expected {want!r}; "
                "refusing to use it (payments must be durable).",
                code="store.pragma",
                pragma=name,
                value=actual[name],
                expected=want,
                path=str(path),
            )


def make_engine(path: Path, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
        pool_size=8,
        max_overflow=8,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        _set_pragmas(dbapi_conn, path, busy_timeout_ms)
        check_pragmas(dbapi_conn, path, busy_timeout_ms)
        # SQLite's automatic checkpoint runs inside whichever commit crosses 1,000 WAL pages,
        # adding two fsyncs and a burst of page writes to that payment (4 ms instead of 1 ms
        # here). SqliteStore checkpoints on a thread of its own instead.
        dbapi_conn.execute("PRAGMA wal_autocheckpoint = 0")
        register_functions(dbapi_conn)

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        mode = conn.get_execution_options().get(BEGIN_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == IMMEDIATE else "BEGIN")

    return engine
