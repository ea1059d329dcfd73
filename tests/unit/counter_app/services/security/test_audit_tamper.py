"""The audit trail: the store rejects UPDATE/DELETE; an attacker with the file who drops the
triggers and edits, deletes or reorders rows is caught by verify AT that row."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from counter_app.services.audit_service import append_audit, verify_audit

T = datetime(2026, 3, 20, 9, 0)
N = 8


@pytest.fixture
def chained(counter):
    with counter.store.write() as tx:
        for i in range(N):
            append_audit(tx, at=T + timedelta(minutes=i), terminal_id="T01", user_id="1001",
                         action="test.entry", target=f"n:{i}", detail={"i": i})
    assert verify_audit(counter.store) is None
    return counter


def attacker(store) -> sqlite3.Connection:
    con = sqlite3.connect(store.path, isolation_level=None)
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                               "AND tbl_name = 'audit_log'").fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    return con


def test_the_store_rejects_update_and_delete(chained):
    con = sqlite3.connect(chained.store.path)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            con.execute("UPDATE audit_log SET outcome = 'x' WHERE seq = 3")
        with pytest.raises(sqlite3.DatabaseError):
            con.execute("DELETE FROM audit_log WHERE seq = 3")
        assert con.execute("SELECT count(*) FROM audit_log").fetchone()[0] == N
    finally:
        con.close()


@pytest.mark.parametrize("column,value", [("outcome", "ok!"), ("user_id", "2001"),
                                          ("detail", '{"i":99}'), ("at", "2026-03-20T09:04:01")])
def test_an_edited_row_breaks_the_chain_at_that_row(chained, column, value):
    con = attacker(chained.store)
    con.execute(f"UPDATE audit_log SET {column} = ? WHERE seq = 4", (value,))
    con.close()
    assert verify_audit(chained.store) == 4


def test_an_edited_row_with_a_fresh_hash_breaks_at_the_next_row(chained):
    from hall_domain.audit import entry_hash

    with chained.store.read() as tx:
        e = tx.audit.audit_entries(after_seq=3, limit=1)[0]
    from dataclasses import replace

    forged = replace(e, outcome="forged")
    con = attacker(chained.store)
    con.execute("UPDATE audit_log SET outcome = ?, hash = ? WHERE seq = 4",
                (forged.outcome, entry_hash(forged)))
    con.close()
    assert verify_audit(chained.store) == 5


def test_a_deleted_row_breaks_the_chain_where_it_was(chained):
    con = attacker(chained.store)
    con.execute("DELETE FROM audit_log WHERE seq = 5")
    con.close()
    assert verify_audit(chained.store) == 6


def test_reordered_rows_break_the_chain_at_the_first_moved_row(chained):
    con = attacker(chained.store)
    con.execute("UPDATE audit_log SET seq = -1 WHERE seq = 3")
    con.execute("UPDATE audit_log SET seq = 3 WHERE seq = 6")
    con.execute("UPDATE audit_log SET seq = 6 WHERE seq = -1")
    con.close()
    assert verify_audit(chained.store) == 3


def test_cli_names_the_bad_entry_and_exits_non_zero(chained, tmp_path):
    con = attacker(chained.store)
    con.execute("UPDATE audit_log SET target = 'n:x' WHERE seq = 2")
    con.close()
    chained.store.close()
    data_dir = chained.store.path.parent
    proc = subprocess.run([sys.executable, "-m", "counter_app.cli", "audit", "verify",
                           "--data-dir", str(data_dir)], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "COUNTER_APP_LANG": "en"})
    assert proc.returncode == 1, proc.stderr
    assert "entry 2" in proc.stderr
