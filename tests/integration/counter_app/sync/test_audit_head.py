"""The newest audit hash travels to the ledger with each sync and the ledger keeps it, so a
counter whose trail was cut short or rewritten can be caught against the ledger's copy."""

from __future__ import annotations

import sqlite3

from counter_app.adapters.ledger_client import LedgerClient
from counter_app.ledger_link import sync_once
from counter_app.services import audit_head
from tests.helpers.sync import client, policy


def last_audit(counter):
    with counter.sync_store.read() as tx:
        return tx.audit.last_audit()


def test_each_sync_sends_the_newest_audit_hash_once(counter, ledger_server, tokens):
    counter.pay_many(3)
    ledger = client(ledger_server.url, tokens["T01"])
    try:
        first = sync_once(counter.store, ledger, clock=counter.clock, policy=policy(),
                   hall_id="H001")
        assert first.error is None
        head = last_audit(counter)
        with LedgerClient(ledger_server.url, tokens["T01"]) as c:
            kept = c.audit_head()
        assert (kept["seq"], kept["hash"]) == (head.seq, head.hash)
        # Nothing new: nothing sent (the marker says the ledger has it).
        assert audit_head.send_audit_head(counter.sync_store, ledger, now=counter.clock(),
                                         hall_id="H001") is None
        counter.pay_many(2)
        assert sync_once(counter.store, ledger, clock=counter.clock, policy=policy(),
                   hall_id="H001").error is None
    finally:
        ledger.close()
    newer = last_audit(counter)
    assert newer.seq > head.seq
    with LedgerClient(ledger_server.url, tokens["T01"]) as c:
        kept = c.audit_head()
        other_terminal = LedgerClient(ledger_server.url, tokens["T02"]).audit_head()
    assert (kept["seq"], kept["hash"]) == (newer.seq, newer.hash)
    assert other_terminal is None  # a terminal sees only its own head
    assert audit_head.matches_ledger_copy(
        counter.sync_store, audit_head.AuditHead(kept["seq"], kept["hash"], kept["at"])) is None


def test_a_trail_cut_short_after_sync_no_longer_matches_the_ledger_copy(counter, ledger_server,
                                                                        tokens):
    counter.pay_many(2)
    ledger = client(ledger_server.url, tokens["T01"])
    try:
        assert sync_once(counter.store, ledger, clock=counter.clock, policy=policy(),
                   hall_id="H001").error is None
    finally:
        ledger.close()
    with LedgerClient(ledger_server.url, tokens["T01"]) as c:
        kept = c.audit_head()
    head = audit_head.AuditHead(kept["seq"], kept["hash"], kept["at"])
    counter.close()
    con = sqlite3.connect(counter.path)  # someone with file access drops the last entries
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='trigger' "
                               "AND tbl_name='audit_log'").fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    con.execute("DELETE FROM audit_log WHERE seq >= ?", (head.seq - 1,))
    con.commit()
    con.close()
    reopened = type(counter).open(counter.path)
    try:
        assert audit_head.matches_ledger_copy(reopened.sync_store, head) == head.seq
    finally:
        reopened.close()


def test_the_ledger_refuses_a_malformed_head(ledger_server, tokens):
    with LedgerClient(ledger_server.url, tokens["T01"]) as c:
        [answer] = c.post_items("audit_head", [("T01:1", {"terminal_id": "T01", "seq": 1,
                                                          "hash": "nothex", "at": "x" * 10})])
    assert answer.refused and answer.error_code == "audit_head.invalid"


def test_audit_verify_against_the_ledger_on_the_command_line(counter, ledger_server, tokens):
    from tests.helpers.sync import counter_app, write_config

    counter.pay_many(2)
    data_dir = counter.path.parent
    write_config(data_dir, ledger_server.url, tokens["T01"])
    assert counter_app(data_dir, "sync", "now").returncode == 0
    ok = counter_app(data_dir, "audit", "verify", "--against-ledger")
    assert ok.returncode == 0, ok.stderr
    assert "matches the ledger's copy" in ok.stdout
    counter.close()
    con = sqlite3.connect(counter.path)
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='trigger' "
                               "AND tbl_name='audit_log'").fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    con.execute("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)")
    con.commit()
    con.close()
    cut = counter_app(data_dir, "audit", "verify", "--against-ledger")
    assert cut.returncode == 1
    assert "missing or changed" in cut.stderr
