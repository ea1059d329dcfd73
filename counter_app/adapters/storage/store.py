"""open_store(): the SQLite store file, checked (pragmas, quick_check), migrated, ready for use."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from . import migrate
from .engine import BEGIN_OPTION, DEFAULT_BUSY_TIMEOUT_MS, IMMEDIATE, make_engine, read_pragmas
from .errors import StoreError
from .pinyin import PINYIN_META_KEY, PINYIN_VERSION, rebuild_pinyin
from .search import META_KEY, SEARCH_GRAMS_VERSION, rebuild_search_index
from .tx import SqliteTx

_CORRUPT_HINTS = ("not a database", "malformed", "corrupt")
CHECKPOINT_IDLE_SECONDS = 1.0  # a counter is idle between customers: checkpoint then
CHECKPOINT_WAL_LIMIT = 32 * 1024 * 1024  # busy without pause (a bulk pull): checkpoint anyway

log = logging.getLogger(__name__)


def damage_mark(path: Path) -> Path:
    """The file beside the store that records a check's finding that the store is damaged."""
    return Path(f"{path}.damaged")


def mark_damaged(path: Path, finding: str) -> None:
    """Persist a finding, so every later command refuses the store as the first one did
    (a damaged page or row may not be on the path of the next command's queries)."""
    import json
    from datetime import datetime

    try:
        mark = damage_mark(path)
        if not mark.exists():
            mark.write_text(json.dumps({"at": datetime.now().isoformat(timespec="seconds"),
                                        "finding": finding[:1000]}, ensure_ascii=False),
                            encoding="utf-8")
    except OSError:  # a read-only folder: the check itself still refuses this time
        log.warning("could not record that %s is damaged", path)


def _refuse_marked(path: Path) -> None:
    import json

    mark = damage_mark(path)
    if not mark.exists():
        return
    try:
        data = json.loads(mark.read_text(encoding="utf-8"))
        when, finding = data.get("at", "?"), data.get("finding", "?")
    except (OSError, ValueError, AttributeError):
        when, finding = "?", "(unreadable record)"
    raise StoreError(
        f"The store {path} was found damaged ({when}: {finding}). Restore it from a backup; "
        f"then delete {mark}.", code="store.corrupt", path=str(path), finding=finding)


def _raw(conn: Connection) -> sqlite3.Connection:
    return conn.connection.driver_connection


class SqliteStore:
    """The counter's local store (services.ports.CounterStore) on one SQLite file."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self._engine = engine
        self._wal = Path(f"{path}-wal")
        self._wal_at_checkpoint = 0
        self._dirty = False
        self._last_commit = 0.0
        self._closing = False
        self._wake = threading.Condition()
        self._checkpointer: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"SqliteStore({str(self.path)!r})"

    @contextmanager
    def _tx(self, *, writable: bool) -> Iterator[SqliteTx]:
        try:
            with self._engine.connect() as conn:
                if writable:
                    conn.execution_options(**{BEGIN_OPTION: IMMEDIATE})
                with conn.begin():
                    yield SqliteTx(_raw(conn), writable=writable)
        except (DBAPIError, sqlite3.Error) as exc:
            raise _database_error(exc, self.path) from exc
        if writable:
            self._after_commit()

    def _after_commit(self) -> None:
        """Note the commit for the checkpointer thread (the commit is durable in the WAL
        already; copying pages back into the main file need not delay a payment)."""
        try:
            wal_size = self._wal.stat().st_size
        except OSError:
            wal_size = 0
        with self._wake:
            self._dirty = True
            self._last_commit = time.monotonic()
            if self._checkpointer is None:
                self._checkpointer = threading.Thread(target=self._checkpoint_loop,
                                                      name="wal-checkpoint", daemon=True)
                self._checkpointer.start()
            if wal_size - self._wal_at_checkpoint >= CHECKPOINT_WAL_LIMIT:
                self._wal_at_checkpoint = wal_size
                self._last_commit = 0.0  # no pause coming: checkpoint now
            self._wake.notify()

    def _checkpoint_loop(self) -> None:
        while True:
            with self._wake:
                while not self._closing:
                    idle = time.monotonic() - self._last_commit
                    if self._dirty and idle >= CHECKPOINT_IDLE_SECONDS:
                        break
                    self._wake.wait(None if not self._dirty
                                    else CHECKPOINT_IDLE_SECONDS - idle)
                if self._closing:
                    return
                self._dirty = False
            self.checkpoint()

    def checkpoint(self) -> None:
        """PRAGMA wal_checkpoint(PASSIVE): never waits for readers or writers."""
        try:
            with self._engine.connect() as conn:
                _raw(conn).execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except Exception:  # a busy or closing store: the next trigger (or close) does it
            log.debug("background checkpoint skipped", exc_info=True)

    def write(self):
        """One write transaction (BEGIN IMMEDIATE): commits on normal exit, rolls back on error."""
        return self._tx(writable=True)

    def read(self):
        """One read transaction (deferred BEGIN): a consistent snapshot, never blocks writers."""
        return self._tx(writable=False)

    def pragmas(self) -> dict[str, object]:
        """journal_mode, synchronous, foreign_keys and busy_timeout as a connection reads them."""
        with self._engine.connect() as conn:
            return read_pragmas(_raw(conn))

    def check_integrity(self) -> None:
        """PRAGMA quick_check now (deferred from open_store(verify=False)); StoreError if damaged.

        On a large store this takes seconds: run it off the GUI thread.
        """
        try:
            with self._engine.connect() as conn:
                _quick_check(conn, self.path)
        except (DBAPIError, sqlite3.Error) as exc:
            raise _database_error(exc, self.path) from exc

    def rebuild_search_index(self) -> int:
        with self.write() as tx:
            return rebuild_search_index(tx.raw)

    def close(self) -> None:
        """Close all connections (the last one to close checkpoints and removes the WAL file)."""
        with self._wake:
            self._closing = True
            checkpointer = self._checkpointer
            self._wake.notify()
        if checkpointer is not None:
            checkpointer.join(timeout=30)
        self._engine.dispose()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _database_error(exc: Exception, path: Path) -> StoreError:
    """One exception type for the front ends: busy, conflict or other database trouble."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig)
    if "locked" in text or "busy" in text:
        return StoreError(
            f"The store {path} is busy (another counter program or process is writing); "
            "try again.",
            code="store.busy", path=str(path), error=text,
        )
    if isinstance(orig, sqlite3.IntegrityError):
        return StoreError(f"The store {path} refused the change: {text}.",
                          code="store.conflict", path=str(path), error=text)
    if any(h in text.lower() for h in _CORRUPT_HINTS):
        mark_damaged(path, text)
        return StoreError(f"The store {path} is damaged: {text}. Restore it from a backup.",
                          code="store.corrupt", path=str(path), error=text)
    return StoreError(f"The store {path} failed: {text}.", code="store.error", path=str(path),
                      error=text)


def _prepare_path(path: Path, *, create: bool) -> None:
    if path.is_dir():
        raise StoreError(
            f"The store path {path} is a folder, not a file.", code="store.is_folder", path=str(path)
        )
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise StoreError(
                f"The store {path} cannot be read and written by this user.",
                code="store.unwritable",
                path=str(path),
            )
        return
    if not create:
        raise StoreError(f"There is no store at {path}.", code="store.missing", path=str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"Cannot create the folder for the store {path}: {exc.strerror or exc}.",
            code="store.unwritable",
            path=str(path),
        ) from exc
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(
            f"Cannot create the store {path}: the folder is not writable.",
            code="store.unwritable",
            path=str(path),
        )


def _quick_check(conn: Connection, path: Path) -> None:
    try:
        rows = [str(r[0]) for r in _raw(conn).execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:  # damage bad enough to stop the check itself
        rows = [str(exc)]
    if rows != ["ok"]:
        problems = [
            line for row in rows for line in row.splitlines() if not line.startswith("***")
        ]
        shown = "; ".join(problems[:3])
        if len(problems) > 3:
            shown += f"; and {len(problems) - 3} more"
        mark_damaged(path, f"PRAGMA quick_check: {shown}")
        raise StoreError(
            f"The store {path} is damaged (PRAGMA quick_check: {shown}). Restore it from a "
            "backup; do not keep taking payments into it.",
            code="store.corrupt",
            path=str(path),
            problems=problems,
        )


def _migrate(conn: Connection) -> None:
    migrate.upgrade(conn)
    raw = _raw(conn)
    row = raw.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
    if row is None or row[0] != SEARCH_GRAMS_VERSION:
        rebuild_search_index(raw)  # the pinyin keys too
        return
    row = raw.execute("SELECT value FROM meta WHERE key = ?", (PINYIN_META_KEY,)).fetchone()
    if row is None or row[0] != PINYIN_VERSION:  # another pypinyin: other readings
        rebuild_pinyin(raw)


def open_store(
    path: str | os.PathLike[str],
    *,
    create: bool = True,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    verify: bool = True,
) -> SqliteStore:
    """Open (and with `create`, make) the store file; raise StoreError naming what is wrong.

    Every connection gets journal_mode=WAL, synchronous=FULL, foreign_keys=ON and the busy
    timeout, read back and checked. The file passes PRAGMA quick_check, then the Alembic
    migrations bring it to the current schema (a no-op when it is current).

    `verify=False` skips only the quick_check (seconds on a large store), for a front end
    that calls `SqliteStore.check_integrity()` in the background and refuses work until it
    passed; the pragmas are still read back and checked here.
    """
    path = Path(path).expanduser().absolute()
    _prepare_path(path, create=create)
    _refuse_marked(path)
    engine = make_engine(path, busy_timeout_ms=busy_timeout_ms)
    try:
        with engine.connect() as conn:  # the connect event sets and checks the pragmas
            if verify:
                _quick_check(conn, path)
        with engine.connect() as conn:
            conn.execution_options(**{BEGIN_OPTION: IMMEDIATE})
            with conn.begin():
                _migrate(conn)
    except StoreError:
        engine.dispose()
        raise
    except (DBAPIError, sqlite3.Error) as exc:
        engine.dispose()
        orig = getattr(exc, "orig", None) or exc
        text = str(orig)
        corrupt = any(h in text.lower() for h in _CORRUPT_HINTS)
        if corrupt:
            mark_damaged(path, text)
        raise StoreError(
            f"Cannot open the store {path}: {text}."
            + (" The file is damaged or not a store; restore it from a backup." if corrupt else ""),
            code="store.corrupt" if corrupt else "store.open",
            path=str(path),
            error=text,
        ) from exc
    return SqliteStore(path, engine)
