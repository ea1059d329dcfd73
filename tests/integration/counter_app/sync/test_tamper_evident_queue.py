"""A queued payment is tamper-evident end to end: one digit of the account number changed in
its outbox record with raw sqlite3 -> the relay parks it (names it, never sends it), `audit
verify` reports it, and the ledger refuses an item whose digest does not match. A check that
finds the store damaged is remembered, so status, lookup and sync status refuse it too."""

from __future__ import annotations

import hashlib
import json
import sqlite3

from counter_app.adapters.ledger_client import LedgerClient
from counter_app.services import sync
from tests.helpers.sync import client, counter_app, ledger_payments, policy, write_config


def _change_account_digit(path, item_key: str) -> tuple[str, str]:
    con = sqlite3.connect(path)
    try:
        (payload,) = con.execute("SELECT payload_json FROM outbox WHERE item_key = ?",
                                 (item_key,)).fetchone()
        data = json.loads(payload)
        old = data["account_no"]
        new = old[:-1] + str((int(old[-1]) + 1) % 10)
        con.execute("UPDATE outbox SET payload_json = ? WHERE item_key = ?",
                    (payload.replace(f'"{old}"', f'"{new}"'), item_key))
        con.commit()
    finally:
        con.close()
    return old, new


def test_changed_account_digit_is_parked_named_and_reported(counter, ledger_server,
                                                            ledger_engine, tokens):
    paid = counter.pay_many(4)
    target = paid[1].payment_uuid
    _change_account_digit(counter.path, target)
    ledger = client(ledger_server.url, tokens["T01"])
    try:
        report = sync.relay_pass(counter.sync_store, ledger, clock=counter.clock,
                                 policy=policy())
    finally:
        ledger.close()
    assert len(report.tampered) == 1 and target in report.tampered[0]
    assert report.sent == 3 and report.refused == 1
    sent = ledger_payments(ledger_engine)
    assert target not in sent and {p.payment_uuid for p in paid} - {target} == set(sent)
    assert counter.review_keys() == {target}
    with counter.store.read() as tx:
        (error,) = tx.raw.execute("SELECT last_error FROM outbox WHERE item_key = ?",
                                  (target,)).fetchone()
        audit = tx.raw.execute("SELECT detail FROM audit_log WHERE action = 'sync.refused' "
                               "AND target = ?", (f"payment:{target}",)).fetchall()
    assert error.startswith("outbox.seal_mismatch") and target in error
    assert audit and "outbox.seal_mismatch" in audit[0][0]
    counter.store.close()
    data_dir = counter.path.parent
    verify = counter_app(data_dir, "audit", "verify")
    assert verify.returncode == 1
    assert target in verify.stderr and "does not match" in verify.stderr
    status = counter_app(data_dir, "status")  # the finding is kept: the store is refused
    assert status.returncode == 1 and "found damaged" in status.stderr and target in status.stderr


def test_ledger_refuses_an_item_that_does_not_match_its_digest(counter, ledger_server,
                                                               ledger_engine, tokens):
    [p] = counter.pay_many(1)
    with counter.store.read() as tx:
        (payload,) = tx.raw.execute("SELECT payload_json FROM outbox").fetchone()
    wire = sync.wire_payload("payment", payload)
    digest = hashlib.sha256(wire.encode()).hexdigest()
    changed = wire.replace(json.loads(wire)["account_no"], json.loads(wire)["account_no"][:-1]
                           + "0")
    assert changed != wire
    with LedgerClient(ledger_server.url, tokens["T01"]) as c:
        [bad] = c.post_payments([changed], digests=[digest])
        assert bad.status == 422 and bad.error_code == "payload.hash_mismatch"
        assert ledger_payments(ledger_engine) == {}  # nothing recorded
        [bad_item] = c.post_items("payment", [(p.payment_uuid, changed)], digests=[digest])
        assert bad_item.status == 422 and bad_item.error_code == "payload.hash_mismatch"
        [ok] = c.post_payments([wire], digests=[digest])
        assert ok.status == 201
    assert set(ledger_payments(ledger_engine)) == {p.payment_uuid}


def test_a_damage_finding_makes_every_command_refuse(counter, ledger_server, tokens):
    counter.pay_many(2)
    counter.store.close()
    data_dir = counter.path.parent
    write_config(data_dir, ledger_server.url, tokens["T01"])
    con = sqlite3.connect(counter.path)
    try:
        account = con.execute("SELECT account_no FROM customers LIMIT 1").fetchone()[0]
        triggers = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")]
        for name in triggers:  # someone with the file drops the append-only triggers
            con.execute(f'DROP TRIGGER "{name}"')
        con.execute("UPDATE audit_log SET outcome = 'denied' WHERE seq = 2")
        con.commit()
    finally:
        con.close()
    before = [counter_app(data_dir, *cmd) for cmd in (("status",), ("lookup", account),
                                                       ("sync", "status"))]
    assert all(r.returncode == 0 for r in before)  # nothing has looked at the chain yet
    verify = counter_app(data_dir, "audit", "verify")
    assert verify.returncode == 1 and "audit chain broken at entry 2" in verify.stderr
    for cmd in (("status",), ("lookup", account), ("sync", "status"), ("sync", "now"),
                ("audit", "verify")):
        r = counter_app(data_dir, *cmd)
        assert r.returncode == 1, (cmd, r.stdout)
        assert "found damaged" in r.stderr and "audit chain broken" in r.stderr, cmd
        assert "Traceback" not in r.stderr
