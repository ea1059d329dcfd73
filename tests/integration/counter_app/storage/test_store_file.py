"""open_store on real files: pragmas, start-up checks, migrations, append-only audit, schema drift."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from counter_app.adapters.storage import StoreError, open_store
from counter_app.adapters.storage.migrate import head_revisions
from counter_app.adapters.storage.models import Base
from hall_domain.accounts import Customer, UserType
from hall_domain.audit import GENESIS_HASH, AuditEntry, seal

NOW = datetime(2026, 4, 4, 9, 30)


def customers(n: int, start: int = 0) -> list[Customer]:
    return [Customer(account_no=f"31{i:08d}", name=f"客户{i}", address=f"幸福路{i}号",
                     phone=None, user_type=UserType.RESIDENTIAL, area="A")
            for i in range(start, start + n)]


def test_every_connection_reads_back_the_required_pragmas(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        assert store.pragmas() == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                                   "busy_timeout": 5000}
        with store.write() as w, store.read() as r:  # two pooled connections at once
            assert w.raw.execute("PRAGMA synchronous").fetchone()[0] == 2
            assert r.raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert r.raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_write_transactions_begin_immediate_and_reads_are_deferred(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        other = sqlite3.connect(store.path, timeout=0, isolation_level=None)
        with store.read() as tx:
            tx.customers.count_customers()
            other.execute("BEGIN IMMEDIATE")  # a reader does not hold the write lock
            other.execute("ROLLBACK")
        # BEGIN IMMEDIATE takes the write lock before any statement runs.
        with store.write(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_a_write_inside_a_read_transaction_is_refused(tmp_path):
    with open_store(tmp_path / "s.db") as store, store.read() as tx:
        with pytest.raises(StoreError) as e:
            tx.meta.set_meta("k", "v")
        assert e.value.code == "store.read_only_tx"


def test_fresh_file_is_migrated_and_a_second_open_changes_nothing(tmp_path):
    path = tmp_path / "deep" / "er" / "s.db"  # missing folders are made
    with open_store(path) as store, store.write() as tx:
        tx.customers.upsert_customers(customers(3), now=NOW)
    con = sqlite3.connect(path)
    before = (con.execute("PRAGMA schema_version").fetchone()[0],
              con.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall())
    assert {r[0] for r in con.execute("SELECT version_num FROM alembic_version")} == head_revisions()
    con.close()
    with open_store(path, create=False) as store, store.read() as tx:
        assert tx.customers.count_customers() == 3
    con = sqlite3.connect(path)
    after = (con.execute("PRAGMA schema_version").fetchone()[0],
             con.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall())
    con.close()
    assert after == before


def test_models_and_migrations_describe_the_same_schema(tmp_path):
    import importlib
    import pkgutil

    import counter_app.adapters.storage as storage_pkg

    for mod in pkgutil.iter_modules(storage_pkg.__path__):  # models may live beside repositories
        importlib.import_module(f"{storage_pkg.__name__}.{mod.name}")
    open_store(tmp_path / "s.db").close()
    engine = create_engine(f"sqlite:///{tmp_path / 's.db'}")

    def include(obj, name, type_, reflected, compare_to):
        return not (type_ == "table" and name.startswith(("customer_name_fts", "customer_addr_fts")))

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include,
                                                     "compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
    engine.dispose()


def test_missing_store_without_create_and_unusable_paths(tmp_path):
    with pytest.raises(StoreError) as e:
        open_store(tmp_path / "none.db", create=False)
    assert e.value.code == "store.missing" and str(tmp_path / "none.db") in str(e.value)
    (tmp_path / "a_file").write_text("x")
    with pytest.raises(StoreError) as e:
        open_store(tmp_path / "a_file" / "s.db")
    assert e.value.code == "store.unwritable" and "a_file" in str(e.value)
    with pytest.raises(StoreError) as e:
        open_store(tmp_path)
    assert e.value.code == "store.is_folder"


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "s.db"
    path.write_bytes(b"this is a spreadsheet, not a database" * 200)
    with pytest.raises(StoreError) as e:
        open_store(path)
    assert e.value.code in {"store.corrupt", "store.pragma"}
    assert str(path) in str(e.value) and "not a database" in str(e.value)


def test_a_store_failing_quick_check_is_refused(tmp_path):
    good = tmp_path / "good.db"
    with open_store(good) as store, store.write() as tx:
        tx.customers.upsert_customers(customers(3000), now=NOW)
    con = sqlite3.connect(good)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    leaves = [r[0] for r in con.execute(
        "SELECT pageno FROM dbstat WHERE name = 'customers' AND pagetype = 'leaf' ORDER BY 1")]
    con.close()
    bad = tmp_path / "bad.db"
    shutil.copy(good, bad)
    with open(bad, "r+b") as f:  # overwrite one leaf page's cell pointers
        f.seek((leaves[len(leaves) // 2] - 1) * page_size + 8)
        f.write(b"\xff" * 64)
    with pytest.raises(StoreError) as e:
        open_store(bad)
    assert e.value.code == "store.corrupt"
    assert str(bad) in str(e.value) and "quick_check" in str(e.value)
    assert "tree page" in str(e.value).lower() or "malformed" in str(e.value)
    open_store(good).close()  # the original is fine


def test_a_pragma_that_cannot_be_set_is_refused_with_its_name(tmp_path):
    path = tmp_path / "s.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (a)")  # rollback-journal file; WAL needs an exclusive lock
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as e:
            open_store(path, busy_timeout_ms=100)
        assert e.value.code == "store.pragma" and e.value.params["pragma"] == "journal_mode"
        assert "journal_mode" in str(e.value) and str(path) in str(e.value)
        assert "locked" in str(e.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with open_store(path) as store:  # once the other program lets go, it opens
        assert store.pragmas()["journal_mode"] == "wal"


def test_audit_log_is_append_only(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        with store.write() as tx:
            tx.audit.insert_audit(seal(AuditEntry(seq=1, at=NOW, terminal_id="T01", user_id="u",
                                                  action="x", target="y", outcome="ok",
                                                  prev_hash=GENESIS_HASH)))
        con = sqlite3.connect(store.path)
        with pytest.raises(sqlite3.DatabaseError, match="append-only: UPDATE refused"):
            con.execute("UPDATE audit_log SET outcome = 'forged'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only: DELETE refused"):
            con.execute("DELETE FROM audit_log")
        assert con.execute("SELECT outcome FROM audit_log").fetchall() == [("ok",)]
        con.close()


def test_foreign_keys_are_enforced(tmp_path):
    from counter_app.services.ports import NewBill

    with open_store(tmp_path / "s.db") as store:
        with pytest.raises(StoreError, match="FOREIGN KEY") as e, store.write() as tx:
            tx.bills.insert_bills([NewBill("3100000000", "2026-01", 1, 100, NOW.date())])
        assert e.value.code == "store.conflict"
        with store.read() as tx:
            assert tx.bills.count_open_bills() == 0


def test_a_write_lock_held_too_long_becomes_a_busy_store_error(tmp_path):
    with open_store(tmp_path / "s.db", busy_timeout_ms=100) as store:
        holder = sqlite3.connect(store.path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError) as e, store.write() as tx:
                tx.meta.set_meta("k", "v")
            assert e.value.code == "store.busy" and str(store.path) in str(e.value)
            with store.read() as tx:  # readers are never blocked by a writer (WAL)
                assert tx.meta.get_meta("k") is None
        finally:
            holder.execute("ROLLBACK")
            holder.close()


def test_the_adapter_fits_the_ports():
    import inspect

    from counter_app.adapters.storage import SqliteStore, SqliteTx
    from counter_app.services.ports import CounterStore, CounterTx

    for port, adapter in ((CounterTx, SqliteTx), (CounterStore, SqliteStore)):
        for name, member in vars(port).items():
            if name.startswith("_") or not callable(member):
                continue
            assert hasattr(adapter, name), f"{adapter.__name__} lacks {name}"
            want = list(inspect.signature(member).parameters.values())
            got = list(inspect.signature(getattr(adapter, name)).parameters.values())
            assert [(p.name, p.kind) for p in got] == [(p.name, p.kind) for p in want], name
