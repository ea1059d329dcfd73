"""A payment parked on the review list for its card reference (taken by a counter before the
shared rule) is corrected by a supervisor and resent under the same UUID: by the service and by
`counter-app sync review fix-reference`; the ledger records it once, with the money as taken."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest
from sqlalchemy import select

from counter_app.services import sync
from counter_app.services.audit_service import append_audit
from counter_app.services.outbox_seal import SEAL_KEY, seal
from hall_domain.errors import DomainError, PermissionDenied, TenderError
from hall_ledger.store.models import Payment as LedgerPayment
from tests.helpers.sync import client, counter_app, policy, write_config

BAD = "1234567890123456"  # 16 digits, not Luhn-valid: what an older counter let through


def park_with_bad_reference(counter) -> str:
    """A card payment whose reference is changed to BAD as an older counter stored it."""
    p = counter.pay(counter.accounts()[3], 4321, card=True)
    with counter.store.write() as tx:
        tx.raw.execute("UPDATE payment_tenders SET reference = ? WHERE payment_uuid = ?",
                       (BAD, p.payment_uuid))
        payload = json.loads(tx.raw.execute("SELECT payload_json FROM outbox WHERE item_key = ?",
                                            (p.payment_uuid,)).fetchone()[0])
        payload["tenders"][0]["reference"] = BAD
        payload_json = json.dumps(payload)
        tx.raw.execute("UPDATE outbox SET payload_json = ? WHERE item_key = ?",
                       (payload_json, p.payment_uuid))
        # Sealed as migration 0007 seals what an older counter had queued.
        entry = append_audit(tx, at=counter.clock(), terminal_id="T01", user_id=None,
                             action="outbox.seal", target="outbox",
                             detail={SEAL_KEY: [seal("payment", p.payment_uuid, payload_json)]})
        item_id = tx.raw.execute("SELECT id FROM outbox WHERE item_key = ?",
                                 (p.payment_uuid,)).fetchone()[0]
        tx.outbox.seal_outbox([item_id], entry.seq)
    return p.payment_uuid


def send(counter, ledger_server, tokens):
    ledger = client(ledger_server.url, tokens["T01"])
    try:
        return sync.drain(counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
                          policy=policy(), timeout=20)
    finally:
        ledger.close()


def ledger_row(engine, payment_uuid):
    with engine.connect() as conn:
        return conn.execute(select(LedgerPayment.amount_fen, LedgerPayment.payment_uuid).where(
            LedgerPayment.payment_uuid == payment_uuid)).first()


def supervisor(counter):
    with counter.store.read() as tx:
        return tx.users.get_user("2001")


def test_a_supervisor_corrects_the_reference_and_the_payment_is_recorded_once(
        counter, ledger_server, ledger_engine, tokens):
    uuid_ = park_with_bad_reference(counter)
    report = send(counter, ledger_server, tokens)
    assert report.refused == 1 and counter.review_keys() == {uuid_}
    refused, _ = sync.review_list(counter.sync_store)
    assert "card reference" in refused[0].last_error or "13 or more" in refused[0].last_error
    assert ledger_row(ledger_engine, uuid_) is None

    kw = dict(payment_uuid=uuid_, reason="RRN misread from the slip", now=counter.clock(),
              terminal_id="T01")
    with pytest.raises(PermissionDenied):  # a cashier may not
        sync.correct_card_reference(counter.sync_store, reference="000000000077",
                                    user=counter.user(), **kw)
    with pytest.raises(TenderError):  # the new reference meets the same rule as the ledger's
        sync.correct_card_reference(counter.sync_store, reference="12345678901234",
                                    user=supervisor(counter), **kw)
    with pytest.raises(DomainError) as e:  # and so does the reason
        sync.correct_card_reference(counter.sync_store, reference="000000000077",
                                    user=supervisor(counter),
                                    **{**kw, "reason": "card 6222021234567890128"})
    assert e.value.code == "text.card_number"
    assert counter.review_keys() == {uuid_}  # nothing changed by the refused attempts

    done = sync.correct_card_reference(counter.sync_store, reference="000000000077",
                                       user=supervisor(counter), **kw)
    assert done.new_reference == "000000000077" and done.corrected_by == "2001"
    assert done.old_reference == "1234********3456"
    with counter.store.read() as tx:
        entry = tx.raw.execute("SELECT user_id, action, target, detail FROM audit_log "
                               "WHERE seq = ?", (done.audit_seq,)).fetchone()
        assert tx.raw.execute("SELECT reference FROM payment_tenders WHERE payment_uuid = ?",
                              (uuid_,)).fetchone()[0] == "000000000077"
    assert entry[:3] == ("2001", "sync.corrected", f"payment:{uuid_}")
    detail = json.loads(entry[3])
    assert detail["new"] == "000000000077" and detail["reason"] == "RRN misread from the slip"
    assert BAD not in entry[3]
    assert counter.review_keys() == set() and counter.outbox()["pending"] == 1

    report = send(counter, ledger_server, tokens)
    assert report.recorded == 1 and report.refused == 0
    assert ledger_row(ledger_engine, uuid_) == (4321, uuid_)  # same UUID, same money
    assert counter.outbox()["pending"] == 0 and sync.review_list(counter.sync_store) == ([], [])
    with pytest.raises(DomainError) as e:  # nothing left to correct
        sync.correct_card_reference(counter.sync_store, reference="000000000078",
                                    user=supervisor(counter), **kw)
    assert e.value.code == "sync.review_not_listed"


def test_the_cli_lists_and_corrects_a_refused_payment(counter, ledger_server, ledger_engine,
                                                      tokens):
    uuid_ = park_with_bad_reference(counter)
    assert send(counter, ledger_server, tokens).refused == 1
    counter.close()
    data_dir = counter.path.parent
    write_config(data_dir, ledger_server.url, tokens["T01"])

    listed = counter_app(data_dir, "sync", "review", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert row["item_key"] == uuid_ and row["state"] == "refused"

    bad = counter_app(data_dir, "sync", "review", "fix-reference", uuid_, "--reference",
                      "1234567890123", "--reason", "typo", "--as", "2001", "--pin", "2222")
    assert bad.returncode == 1 and "13 or more digits" in bad.stderr
    fixed = counter_app(data_dir, "sync", "review", "fix-reference", uuid_, "--reference",
                        "000000000042", "--reason", "typo on the slip", "--as", "2001",
                        "--pin", "2222")
    assert fixed.returncode == 0, fixed.stderr
    assert "queued again" in fixed.stdout
    sent = counter_app(data_dir, "sync", "now", "--no-reference", "--json")
    assert json.loads(sent.stdout)["recorded"] == 1, sent.stdout + sent.stderr
    assert ledger_row(ledger_engine, uuid_) == (4321, uuid_)
    con = sqlite3.connect(counter.path)
    try:
        assert con.execute("SELECT count(*) FROM audit_log WHERE action = 'sync.corrected' "
                           "AND user_id = '2001'").fetchone()[0] == 1
    finally:
        con.close()
