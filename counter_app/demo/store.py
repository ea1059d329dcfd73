"""build_demo_store(): a store file full of demo customers and bills, bulk-loaded fast.

The store is created through `open_store`, so the Alembic migrations make the schema. The
rows then go in through a plain sqlite3 connection, in big `executemany` batches inside one
transaction, with durability relaxed for the build only (`synchronous=OFF`, no rollback
journal on disk, foreign-key checks off, a large page cache). The file is new and the
journal is kept in memory, so an error mid-build rolls back to the empty store; only a crash
of the process itself needs the store to be made again. Afterwards WAL and `synchronous=FULL` are restored, the
search index is rebuilt with the storage layer's `rebuild_search_index`, and the store is
opened again with `open_store` (pragma and integrity checks) to add the demo users through
the services.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from counter_app.adapters.storage import StoreError, open_store, rebuild_search_index
from counter_app.services.auth import create_user
from hall_domain.sample_population import DEFAULT_REFERENCE_DATE, PAID, iter_rows

from .users import DEMO_USERS

BATCH_CUSTOMERS = 20_000
BULK_CACHE_KIB = 512 * 1024  # page cache for the build only: 512 MiB

_CUSTOMER_INSERT = (
    "INSERT INTO customers (account_no, name, address, phone, user_type, area, credit_fen, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_BILL_INSERT = (
    "INSERT INTO bills (account_no, period, kwh, amount_fen, due_date, principal_paid_fen, "
    "status) VALUES (?, ?, ?, ?, ?, ?, ?)"
)

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class DemoStats:
    path: Path
    customers: int
    bills: int
    open_bills: int
    users: int
    seed: int
    reference_date: date
    load_seconds: float  # generate + insert
    index_seconds: float  # rebuild_search_index
    finish_seconds: float  # commit, checkpoint, reopen with checks, users
    seconds: float  # all of it
    db_bytes: int
    wal_bytes: int

    def __str__(self) -> str:
        return (
            f"{self.customers:,} customers, {self.bills:,} bills ({self.open_bills:,} open), "
            f"{self.users} users, bills up to {self.reference_date:%Y-%m} (seed {self.seed}); "
            f"{self.seconds:.1f} s, {self.db_bytes / 2**20:.1f} MiB"
        )


def _bulk_load(
    path: Path,
    *,
    customers: int,
    seed: int,
    reference_date: date,
    stamp: str,
    progress: Progress | None,
) -> tuple[int, int, float, float]:
    """Insert the rows and rebuild the search index; return (bills, open bills, times)."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        # Durability off for the build only; all of it is restored below.
        con.execute("PRAGMA journal_mode = MEMORY").fetchall()
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        con.execute("PRAGMA temp_store = MEMORY")
        started = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        if con.execute("SELECT EXISTS (SELECT 1 FROM customers)").fetchone()[0]:
            raise StoreError(
                f"The store {path} already holds customers; demo data goes into a new store only.",
                code="demo.store_not_empty",
                path=str(path),
            )
        # Secondary indexes are cheaper to build once, sorted, than to grow row by row in
        # random order (names, phones): drop them now, recreate them from their own DDL below.
        indexes = con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('customers', 'bills')"
        ).fetchall()
        for name, _ in indexes:
            con.execute(f'DROP INDEX "{name}"')
        n_bills = n_open = done = 0
        cust_batch: list[tuple] = []
        bill_batch: list[tuple] = []
        add_customer, add_bill = cust_batch.append, bill_batch.append
        for (acc, name, address, phone, utype, area, credit), bills in iter_rows(
            customers, seed=seed, reference_date=reference_date
        ):
            add_customer((acc, name, address, phone, utype, area, credit, stamp))
            for period, kwh, amount, due, paid, status in bills:
                add_bill((acc, period, kwh, amount, due, paid, status))
                if status != PAID:
                    n_open += 1
            if len(cust_batch) >= BATCH_CUSTOMERS:
                con.executemany(_CUSTOMER_INSERT, cust_batch)
                con.executemany(_BILL_INSERT, bill_batch)
                done += len(cust_batch)
                n_bills += len(bill_batch)
                cust_batch.clear()
                bill_batch.clear()
                if progress is not None:
                    progress(done, customers)
        if cust_batch:
            con.executemany(_CUSTOMER_INSERT, cust_batch)
            con.executemany(_BILL_INSERT, bill_batch)
            done += len(cust_batch)
            n_bills += len(bill_batch)
        for _, sql in indexes:
            con.execute(sql)
        loaded = time.perf_counter()
        rebuild_search_index(con)
        indexed = time.perf_counter()
        con.execute("COMMIT")
        if progress is not None:
            progress(done, customers)
        return n_bills, n_open, loaded - started, indexed - loaded
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        # Restore what open_store expects (it sets and checks these again on every connection).
        con.execute("PRAGMA synchronous = FULL")
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA journal_mode = WAL").fetchall()
        con.close()


def _add_users(store, *, terminal_id: str, now: datetime) -> int:
    """The demo users, through the services: the administrator first, who then adds the rest."""
    admin_spec = next(u for u in DEMO_USERS if u.user_id == "9001")
    admin = create_user(store, actor=None, user_id=admin_spec.user_id, name=admin_spec.name,
                        role=admin_spec.role, pin=admin_spec.pin, now=now, terminal_id=terminal_id)
    for u in DEMO_USERS:
        if u is not admin_spec:
            create_user(store, actor=admin, user_id=u.user_id, name=u.name, role=u.role, pin=u.pin,
                        now=now, terminal_id=terminal_id)
    return len(DEMO_USERS)


def build_demo_store(
    path: str | os.PathLike[str],
    *,
    customers: int,
    seed: int,
    terminal_id: str = "T01",
    reference_date: date | None = None,
    progress: Progress | None = None,
) -> DemoStats:
    """Create a store at `path` with `customers` demo customers (six bills each) and the demo users.

    The store must be new or empty. `progress(done, total)` is called after each batch of
    customers. Raises StoreError when the store cannot be made or is not empty.
    """
    if customers < 0:
        raise ValueError("customers must be ≥ 0")
    path = Path(path).expanduser().absolute()
    ref = reference_date or DEFAULT_REFERENCE_DATE
    started = time.perf_counter()
    store = open_store(path)  # creates the file and runs the migrations
    try:
        with store.read() as tx:
            if tx.users.count_users() or tx.customers.count_customers():
                raise StoreError(
                    f"The store {path} already holds data; demo data goes into a new store only.",
                    code="demo.store_not_empty",
                    path=str(path),
                )
    finally:
        store.close()

    now = datetime.now().astimezone().replace(microsecond=0)
    n_bills, n_open, load_s, index_s = _bulk_load(
        path, customers=customers, seed=seed, reference_date=ref, stamp=now.isoformat(),
        progress=progress,
    )

    finishing = time.perf_counter()
    store = open_store(path)  # checks pragmas and integrity again
    try:
        n_users = _add_users(store, terminal_id=terminal_id, now=now)
    finally:
        store.close()  # the last connection checkpoints and removes the WAL
    done = time.perf_counter()
    wal = Path(str(path) + "-wal")
    return DemoStats(
        path=path,
        customers=customers,
        bills=n_bills,
        open_bills=n_open,
        users=n_users,
        seed=seed,
        reference_date=ref,
        load_seconds=load_s,
        index_seconds=index_s,
        finish_seconds=done - finishing,
        seconds=done - started,
        db_bytes=path.stat().st_size,
        wal_bytes=wal.stat().st_size if wal.exists() else 0,
    )
