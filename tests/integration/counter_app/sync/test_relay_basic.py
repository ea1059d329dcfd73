"""The relay over real HTTP: drains in batches, stores the ledger's answers, keeps order,
sends the review list nowhere; on SQLite and PostgreSQL ledgers."""

from __future__ import annotations

import json
import time

from counter_app.services import sync
from tests.helpers.sync import assert_exactly_once, client, ledger_payments, policy


def test_drain_sends_every_payment_once_and_stores_the_answers(counter, ledger_server,
                                                               ledger_engine, tokens):
    taken = counter.pay_many(45)
    ledger = client(ledger_server.url, tokens["T01"])
    try:
        report = sync.drain(counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
                            policy=policy(batch=20), timeout=30)
    finally:
        ledger.close()
    assert report.error is None
    assert report.recorded == 45 and report.duplicates == 0 and report.batches >= 3
    assert_exactly_once(counter, ledger_engine)
    answer = sync.ledger_answer(counter.sync_store, taken[0].payment_uuid)
    assert answer.outcome == "recorded" and answer.result["receipt_no"] == taken[0].receipt_no
    status = sync.sync_status(counter.sync_store)
    assert status.pending == 0 and status.last_success <= counter.clock()


def test_later_item_of_an_account_waits_for_the_earlier_one(counter, ledger_server,
                                                           ledger_engine, tokens, faults):
    account = counter.accounts()[0]
    first, second = counter.pay(account, 500), counter.pay(account, 700)
    other = counter.pay(counter.accounts()[1], 900)
    with counter.sync_store.read() as tx:
        sendable = [i.item_key for i in tx.outbox.sendable_outbox(now=None, limit=10)]
    assert sendable == [first.payment_uuid, other.payment_uuid]  # second waits for first
    faults.add("before", "/v1/payments", 500)
    ledger = client(ledger_server.url, tokens["T01"])
    try:
        r = sync.relay_pass(counter.sync_store, ledger, clock=counter.clock, policy=policy())
        assert r.error and set(ledger_payments(ledger_engine)) == set()
        # Backoff pending on `first` also holds `second` back.
        with counter.sync_store.read() as tx:
            assert [i.item_key for i in tx.outbox.sendable_outbox(now=None, limit=10)] == [
                first.payment_uuid, other.payment_uuid]
        sync.drain(counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
                   policy=policy(), timeout=20)
    finally:
        ledger.close()
    assert_exactly_once(counter, ledger_engine)
    with ledger_engine.connect() as conn:
        from sqlalchemy import text
        order = [r[0] for r in conn.execute(text(
            "SELECT payment_uuid FROM payments WHERE account_no = :a ORDER BY receipt_number"),
            {"a": account})]
    assert order == [first.payment_uuid, second.payment_uuid]


def test_same_uuid_with_other_content_goes_to_review_and_does_not_block(
        counter, ledger_server, ledger_engine, tokens):
    account = counter.accounts()[2]
    doomed = counter.pay(account, 1200)
    later_same_account = counter.pay(account, 300)
    others = counter.pay_many(3)
    ledger = client(ledger_server.url, tokens["T01"])
    try:
        # Another message under the same UUID reached the ledger first (e.g. a corrupted copy).
        with counter.store.read() as tx:
            payload = json.loads(tx.raw.execute(
                "SELECT payload_json FROM outbox WHERE item_key = ?",
                (doomed.payment_uuid,)).fetchone()[0])
        altered = json.loads(sync.wire_payload("payment", json.dumps(payload)))
        altered["cashier_id"] = "9999"
        [first] = ledger.post_payments([json.dumps(altered)])
        assert first.status == 201
        report = sync.drain(counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
                            policy=policy(), timeout=20)
    finally:
        ledger.close()
    assert report.refused == 1
    assert_exactly_once(counter, ledger_engine, review={doomed.payment_uuid})
    theirs = ledger_payments(ledger_engine)
    assert later_same_account.payment_uuid in theirs
    assert all(p.payment_uuid in theirs for p in others)
    answer = sync.ledger_answer(counter.sync_store, doomed.payment_uuid)
    assert answer.outcome == "refused" and answer.error_code == "payment.uuid_conflict"
    with counter.store.read() as tx:
        actions = [e.action for e in tx.audit.audit_entries(limit=10_000)]
    assert "sync.refused" in actions


def test_contact_changes_travel_in_the_same_outbox(counter, ledger_server, ledger_engine,
                                                   tokens):
    from sqlalchemy import select

    from counter_app.services.contacts import update_phone
    from hall_ledger.store.models import Customer

    account = counter.accounts()[5]
    counter.pay(account, 800)
    update_phone(counter.store, terminal_id="T01", user=counter.user(), account_no=account,
                 phone="13912345678", now=counter.clock())
    ledger = client(ledger_server.url, tokens["T01"])
    try:
        report = sync.drain(counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
                            policy=policy(), timeout=20)
    finally:
        ledger.close()
    assert report.recorded == 2 and report.batches == 2  # same account: one after the other
    with ledger_engine.connect() as conn:
        phone = conn.execute(select(Customer.phone).where(Customer.account_no == account)
                             ).scalar_one()
    assert phone == "13912345678"
    assert_exactly_once(counter, ledger_engine)


def test_two_concurrent_submissions_of_the_same_batch(counter, ledger_server, ledger_engine,
                                                      tokens):
    import threading

    counter.pay_many(30)
    with counter.sync_store.read() as tx:
        batch = [sync.wire_payload(i.kind, i.payload_json)
                 for i in tx.outbox.sendable_outbox(now=None, limit=100)]
    results: list = []
    clients = [client(ledger_server.url, tokens["T01"]) for _ in range(2)]
    barrier = threading.Barrier(2)

    def send(c):
        barrier.wait()
        results.append(c.post_payments(batch))

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for c in clients:
        c.close()
    assert len(results) == 2
    for first, second in zip(*results, strict=True):
        assert sorted([first.status, second.status]) == [200, 201]
        assert first.result == second.result
    ledger = client(ledger_server.url, tokens["T01"])
    try:  # the relay's own send of the same batch: every item a duplicate, then gone
        report = sync.drain(counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
                            policy=policy(batch=50), timeout=20)
    finally:
        ledger.close()
    assert (report.recorded, report.duplicates) == (0, 30)
    assert_exactly_once(counter, ledger_engine)
