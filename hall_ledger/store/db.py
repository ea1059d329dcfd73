"""Engines for the ledger database: SQLite (embedded default) or PostgreSQL via psycopg 3."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

APP_NAME = "hall-counter"
READ_ONLY = "ledger_read_only"  # execution option: a plain (deferred) SQLite transaction


def default_db_url() -> str:
    """SQLite file `ledger.db` in the user data folder (created when missing)."""
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{folder / 'ledger.db'}"


def normalize_url(url: str) -> str:
    """Accept a bare file path for SQLite and plain postgresql:// URLs (use psycopg 3)."""
    if "://" not in url:
        return f"sqlite:///{Path(url).resolve()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def is_sqlite(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "sqlite"


def utcnow() -> datetime:
    """Naive UTC, the form every timestamp column holds."""
    return datetime.now(UTC).replace(tzinfo=None)


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    """An engine with the settings the ledger relies on for its dialect."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, pool_size=pool_size, max_overflow=10, pool_timeout=30)
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(
            url, pool_size=pool_size, max_overflow=2 * pool_size, pool_timeout=10,
            pool_pre_ping=True,
        )
    raise ValueError(f"unsupported database URL (SQLite or PostgreSQL only): {parsed!r}")


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Take transaction control from the driver so BEGIN IMMEDIATE can be issued below.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front: a deferred transaction that reads and then
        # writes can fail with SQLITE_BUSY instead of waiting. Readers stay deferred (WAL).
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def reader(engine: Engine) -> Engine:
    """The same engine, but its transactions do not take SQLite's write lock."""
    return engine.execution_options(**{READ_ONLY: True})


# One pg_advisory_xact_lock per distinct account key, taken in sorted key order by ONE
# statement (so two transactions never wait on each other in a cycle).
LOCK_ACCOUNTS_SQL = (
    "SELECT pg_advisory_xact_lock(k) FROM ("
    " SELECT DISTINCT hashtextextended(a, 20261127) AS k FROM unnest(CAST(%s AS text[])) AS a"
    " ORDER BY k) AS keys"
)


def statement_reader(engine: Engine) -> Engine:
    """For a read that is ONE statement (a token lookup, a check for known UUIDs).

    On PostgreSQL the statement runs in autocommit: at READ COMMITTED a statement sees the
    same as it would inside a transaction, and the connection saves the BEGIN and ROLLBACK
    round trips around it. SQLite: `reader`.
    """
    if is_sqlite(engine):
        return reader(engine)
    return reader(engine).execution_options(isolation_level="AUTOCOMMIT")


def lock_accounts(conn: Connection, accounts: list[str]) -> None:
    """Serialise writers touching the same accounts (PostgreSQL transaction-scoped locks).

    Taken in sorted key order so two transactions never wait on each other in a cycle.
    SQLite needs nothing: BEGIN IMMEDIATE already serialises every writer.
    """
    if is_sqlite(conn) or not accounts:
        return
    conn.execute(text(LOCK_ACCOUNTS_SQL.replace("%s", ":a")), {"a": sorted(set(accounts))})


@contextmanager
def pg_pipeline(conn: Connection) -> Iterator:
    """The connection's psycopg connection in pipeline mode (PostgreSQL only).

    Statements executed in the block go to the server together and are answered in one
    round trip (the server still runs them one after the other, each with its own snapshot
    in READ COMMITTED, inside the connection's transaction). Driver errors come out as
    SQLAlchemy's DBAPIError, like errors of `conn.execute`, so callers retry them the same way.
    """
    import psycopg

    driver = conn.connection.driver_connection
    try:
        with driver.pipeline():
            yield driver
    except psycopg.Error as exc:
        raise DBAPIError.instance(None, None, exc, psycopg.Error) from exc


def next_change_seqs(conn: Connection, hall_id: str, count: int) -> int:
    """Reserve `count` change numbers in a hall; returns the first.

    The hall's cursor row stays locked until commit, so change numbers become visible in
    the order they were handed out: a reader that has seen number n has seen all below it.
    Call it as late as possible in a transaction to keep the lock short.
    """
    if count <= 0:
        raise ValueError("count must be positive")
    last = conn.execute(
        text(
            "INSERT INTO hall_cursors (hall_id, seq) VALUES (:h, :n) "
            "ON CONFLICT (hall_id) DO UPDATE SET seq = hall_cursors.seq + excluded.seq "
            "RETURNING seq"
        ),
        {"h": hall_id, "n": count},
    ).scalar_one()
    return int(last) - count + 1


def current_change_seq(conn: Connection, hall_id: str) -> int:
    value = conn.execute(
        text("SELECT seq FROM hall_cursors WHERE hall_id = :h"), {"h": hall_id}
    ).scalar()
    return int(value or 0)


def consistent_reader(engine: Engine) -> Engine:
    """A read-only engine whose transactions see one snapshot across statements.

    SQLite in WAL mode gives a read transaction one snapshot already; PostgreSQL needs
    REPEATABLE READ (READ COMMITTED takes a new snapshot per statement).
    """
    if is_sqlite(engine):
        return reader(engine)
    return reader(engine).execution_options(isolation_level="REPEATABLE READ")


def among(conn: Connection, column, values: list):
    """`column IN values`; on PostgreSQL as `= ANY(array)`, one SQL text for any count
    (psycopg then reuses its parsed, prepared statement instead of parsing a new one)."""
    if is_sqlite(conn):
        return column.in_(values)
    from sqlalchemy import any_, bindparam
    from sqlalchemy.dialects.postgresql import ARRAY

    return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
