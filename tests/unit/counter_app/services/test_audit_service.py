"""append_audit chains entries; verify_audit finds the first forged, removed or re-linked one."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from counter_app.services.audit_service import append_audit, verify_audit
from tests.helpers.services import NOW, TERMINAL


def fill(store, n=5):
    with store.write() as tx:
        for i in range(n):
            append_audit(tx, at=NOW + timedelta(seconds=i), terminal_id=TERMINAL, user_id="u1",
                         action="test.event", target=f"thing:{i}", detail={"i": i, "名": "张伟"})


def tamper(store, sql, *params):
    con = sqlite3.connect(store.path)
    con.execute("DROP TRIGGER audit_log_no_update")  # what a forger with file access could do
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.execute(sql, params)
    con.commit()
    con.close()


def test_chain_links_each_entry_to_the_one_before(store):
    assert verify_audit(store) is None  # empty log
    fill(store)
    with store.read() as tx:
        entries = tx.audit.audit_entries()
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:], strict=False))
    assert entries[0].detail == '{"i":0,"名":"张伟"}'
    assert verify_audit(store) is None
    assert verify_audit(store, batch=2) is None  # chain checked across batches


def test_a_forged_field_is_found(store):
    fill(store)
    tamper(store, "UPDATE audit_log SET outcome = 'refused' WHERE seq = 3")
    assert verify_audit(store, batch=2) == 3


def test_a_removed_entry_is_found(store):
    fill(store)
    tamper(store, "DELETE FROM audit_log WHERE seq = 2")
    assert verify_audit(store) == 3


def test_a_removed_first_entry_is_found(store):
    fill(store)
    tamper(store, "DELETE FROM audit_log WHERE seq = 1")
    assert verify_audit(store) == 2
