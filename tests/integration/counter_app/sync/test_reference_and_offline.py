"""Reference data into the store (snapshot, then changes), a bill paid at the bank while the
counter was offline, and 500 payments taken offline over a simulated day."""

from __future__ import annotations

import time
import uuid

import pytest
from sqlalchemy import select

from counter_app.adapters.relay_thread import ClientLedger
from counter_app.services import offline_limits, reference_sync, sync
from counter_app.services.payments import quote_account
from hall_domain.errors import PaymentError
from hall_domain.late_fees import LateFeeRuleSet
from hall_ledger.store.models import Bill, Customer
from tests.helpers.sync import assert_exactly_once, client, policy


def _ledger_customer(engine, account_no):
    with engine.connect() as conn:
        credit = conn.execute(select(Customer.credit_fen).where(
            Customer.account_no == account_no)).scalar_one()
        bills = dict(conn.execute(select(Bill.period, Bill.status).where(
            Bill.account_no == account_no)).all())
    return credit, bills


def _local_bills(counter, account_no):
    with counter.store.read() as tx:
        return dict(tx.raw.execute("SELECT period, status FROM bills WHERE account_no = ?",
                                   (account_no,)).fetchall())


def _owing(counter, n=2):
    """Accounts with open bills on the counter."""
    with counter.store.read() as tx:
        return [r[0] for r in tx.raw.execute(
            "SELECT DISTINCT account_no FROM bills WHERE status = 'open' ORDER BY account_no "
            "LIMIT ?", (n,))]


def test_bill_paid_at_the_bank_while_offline_becomes_credit_for_review(
        counter, ledger_server, ledger_engine, tokens):
    account, untouched = _owing(counter)
    due = quote_account(counter.store, account, on=counter.clock().date(),
                        rules=LateFeeRuleSet()).total_due_fen
    taken = counter.pay(account, due)  # offline: nothing sent yet
    bank = ClientLedger.connect(ledger_server.url, tokens["BANK"]).client
    try:  # the customer had also paid at the bank; the ledger books it first
        [r] = bank.post_channel_payments([{
            "payment_uuid": str(uuid.uuid4()), "account_no": account, "amount_fen": due,
            "paid_at": counter.clock().isoformat(), "reference": "BANK-1"}])
        assert r.acknowledged
        [r2] = bank.post_channel_payments([{  # and the other account too, at the bank only
            "payment_uuid": str(uuid.uuid4()), "account_no": untouched, "amount_fen": 10**6,
            "paid_at": counter.clock().isoformat(), "reference": "BANK-2"}])
        assert r2.acknowledged
    finally:
        bank.close()
    ledger = client(ledger_server.url, tokens["T01"])
    try:
        report = sync.drain(counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
                            policy=policy(), timeout=20)
        assert report.flagged == 1
        answer = sync.ledger_answer(counter.sync_store, taken.payment_uuid)
        assert answer.review and "bill_settled_elsewhere" in answer.review_reasons
        assert answer.credit_fen == due and answer.reallocated
        _, flagged = sync.review_list(counter.sync_store)
        assert [a.item_key for a in flagged] == [taken.payment_uuid]

        pulled = reference_sync.pull_reference(counter.sync_store, ledger, now=counter.clock(),
                                               limit=25)
        assert pulled.snapshot and pulled.pages >= 3
        again = reference_sync.pull_reference(counter.sync_store, ledger, now=counter.clock())
        assert not again.snapshot and again.customers == 0
    finally:
        ledger.close()
    assert_exactly_once(counter, ledger_engine)
    for acc in (account, untouched):  # the counter now shows the ledger's result
        credit, bills = _ledger_customer(ledger_engine, acc)
        with counter.store.read() as tx:
            assert tx.customers.get_customer(acc).credit_fen == credit > 0
        assert {p: s for p, s in _local_bills(counter, acc).items() if p in bills} == bills
        q = quote_account(counter.store, acc, on=counter.clock().date(), rules=LateFeeRuleSet())
        assert q.total_due_fen == 0


def test_changes_after_the_snapshot_and_accounts_with_queued_payments(
        counter, ledger_server, ledger_engine, tokens):
    ledger = client(ledger_server.url, tokens["T01"])
    bank = ClientLedger.connect(ledger_server.url, tokens["BANK"]).client
    try:
        reference_sync.pull_reference(counter.sync_store, ledger, now=counter.clock())
        a, b = _owing(counter)
        counter.pay(a, 100)  # queued, not sent: a's local state must not be overwritten
        for acc in (a, b):
            bank.post_channel_payments([{
                "payment_uuid": str(uuid.uuid4()), "account_no": acc, "amount_fen": 10**6,
                "paid_at": counter.clock().isoformat(), "reference": "BANK"}])
        before_a = _local_bills(counter, a)
        pulled = reference_sync.pull_reference(counter.sync_store, ledger, now=counter.clock())
        assert not pulled.snapshot and a in pulled.skipped_accounts
        assert _local_bills(counter, a) == before_a
        assert set(_local_bills(counter, b).values()) == {"paid"}
        sync.drain(counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
                   policy=policy(), timeout=20)
        reference_sync.pull_reference(counter.sync_store, ledger, now=counter.clock())
    finally:
        ledger.close()
        bank.close()
    credit, bills = _ledger_customer(ledger_engine, a)
    assert _local_bills(counter, a) == bills
    with counter.store.read() as tx:
        assert tx.customers.get_customer(a).credit_fen == credit
    assert_exactly_once(counter, ledger_engine)


@pytest.mark.slow
def test_500_payments_offline_over_24_hours_then_the_network_returns(
        counter, ledger_server, ledger_engine, tokens):
    limits = dict(max_hours=24, max_queued=500, terminal_id="T01")
    store = counter.sync_store
    down = client("http://127.0.0.1:9", tokens["T01"], timeout=0.5)  # the network is down
    accounts = counter.accounts()
    try:
        for i in range(500):
            card = i % 5 == 0
            offline_limits.check_offline_limits(store, now=counter.clock(), card=card, **limits)
            counter.pay(accounts[i % len(accounts)], 1000 + i, card=card)
            counter.clock.advance(seconds=170)  # 500 payments spread over about 23.6 hours
            if i % 100 == 99:
                r = sync.relay_pass(store, down, clock=counter.clock, policy=policy(),
                                    ignore_schedule=True)
                assert r.error and r.sent == 0
    finally:
        down.close()
    counter.clock.advance(hours=1)
    with pytest.raises(PaymentError) as refused:
        offline_limits.check_offline_limits(store, now=counter.clock(), card=True, **limits)
    assert refused.value.code == "payment.offline_card_refused"
    assert refused.value.params["queued"] == 500
    state = offline_limits.check_offline_limits(store, now=counter.clock(), card=False, **limits)
    assert state.over_queued and state.over_hours  # cash is still taken
    alert = offline_limits.offline_alert(store)
    assert alert and set(alert["reasons"]) == {"hours", "queued"}
    with counter.store.read() as tx:
        actions = [e.action for e in tx.audit.audit_entries(limit=100_000)]
    assert actions.count("sync.offline_limit") == 1

    ledger = client(ledger_server.url, tokens["T01"])
    try:
        report = sync.drain(store, ledger, clock=counter.clock, sleep=time.sleep,
                            policy=policy(batch=100), timeout=60)
    finally:
        ledger.close()
    assert report.recorded == 500
    assert_exactly_once(counter, ledger_engine)
    offline_limits.check_offline_limits(store, now=counter.clock(), card=True, **limits)
    assert offline_limits.offline_alert(store) is None
    with counter.store.read() as tx:
        assert [e.action for e in tx.audit.audit_entries(limit=100_000)].count(
            "sync.offline_cleared") == 1
