"""Unknown outcomes: the answer lost after the ledger committed, 500 before and after the
commit, 503 with Retry-After, timeouts, connections cut, delayed or black-holed by a TCP proxy.
After each, the same UUIDs are resent and the ledger holds every payment exactly once."""

from __future__ import annotations

import time

import pytest

from counter_app.services import sync
from tests.helpers.sync import assert_exactly_once, client, ledger_payments, policy


def _drain(counter, url, token, *, timeout=20.0, client_timeout=5.0, batch=20):
    ledger = client(url, token, timeout=client_timeout)
    try:
        return sync.drain(counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
                          policy=policy(batch=batch), timeout=timeout)
    finally:
        ledger.close()


@pytest.mark.parametrize("when", ["before", "after"])
def test_http_500_before_and_after_commit(counter, ledger_server, ledger_engine, tokens,
                                          faults, when):
    counter.pay_many(30)
    faults.add(when, "/v1/payments", 500, times=2)
    report = _drain(counter, ledger_server.url, tokens["T01"])
    assert [f[0] for f in faults.fired] == [when, when]
    # "after": two batches were committed and their answers lost; resending the same UUIDs
    # got the original answers (which batches depends on which backoff ran out first).
    assert report.recorded + report.duplicates == 30
    assert report.duplicates >= 20 if when == "after" else report.duplicates == 0
    assert_exactly_once(counter, ledger_engine)


def test_503_with_retry_after_is_honoured(counter, ledger_server, ledger_engine, tokens, faults):
    counter.pay_many(5)
    faults.add("before", "/v1/payments", 503, retry_after=1)
    started = time.monotonic()
    ledger = client(ledger_server.url, tokens["T01"])
    try:
        first = sync.relay_pass(counter.sync_store, ledger, clock=counter.clock,
                                policy=policy())
        assert first.retry_after == 1.0
        with counter.sync_store.read() as tx:
            item = tx.outbox.due_outbox(now=counter.clock().replace(year=2100), limit=1)[0]
        assert (item.next_attempt_at - counter.clock()).total_seconds() >= 0.9
        # Not due yet: an immediate pass sends nothing.
        assert sync.relay_pass(counter.sync_store, ledger, clock=counter.clock,
                               policy=policy()).sent == 0
        sync.drain(counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
                   policy=policy(), timeout=10)
    finally:
        ledger.close()
    assert time.monotonic() - started >= 0.9
    assert_exactly_once(counter, ledger_engine)


def test_answer_cut_mid_way_after_the_commit(counter, proxy, ledger_engine, tokens):
    counter.pay_many(40)
    proxy.set_mode("cut", cut_after=300, direction="down")  # the answer dies in its body
    ledger = client(proxy.url, tokens["T01"], timeout=3.0)
    try:
        r = sync.relay_pass(counter.sync_store, ledger, clock=counter.clock,
                            policy=policy(batch=20))
        assert r.error and "OutcomeUnknown" in r.error and proxy.cuts >= 1
        assert len(ledger_payments(ledger_engine)) == 20  # committed, answer lost
        assert counter.outbox()["pending"] == 40
        proxy.set_mode("pass")
        report = sync.drain(counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
                            policy=policy(batch=20), timeout=20)
    finally:
        ledger.close()
    assert report.duplicates == 20 and report.recorded == 20
    assert_exactly_once(counter, ledger_engine)


def test_request_cut_before_it_arrives(counter, proxy, ledger_engine, tokens):
    counter.pay_many(10)
    proxy.set_mode("cut", cut_after=200, direction="up")
    ledger = client(proxy.url, tokens["T01"], timeout=3.0)
    try:
        r = sync.relay_pass(counter.sync_store, ledger, clock=counter.clock, policy=policy())
        assert r.error and ledger_payments(ledger_engine) == {}
        proxy.set_mode("pass")
        sync.drain(counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
                   policy=policy(), timeout=20)
    finally:
        ledger.close()
    assert_exactly_once(counter, ledger_engine)


@pytest.mark.parametrize("mode", ["delay", "blackhole"])
def test_timeouts_delayed_or_black_holed(counter, proxy, ledger_engine, tokens, mode):
    counter.pay_many(10)
    proxy.set_mode(mode, delay=1.5)
    ledger = client(proxy.url, tokens["T01"], timeout=0.7)
    try:
        r = sync.relay_pass(counter.sync_store, ledger, clock=counter.clock, policy=policy())
        assert r.error and "OutcomeUnknown" in r.error
        proxy.set_mode("pass")
        sync.drain(counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
                   policy=policy(), timeout=20)
    finally:
        ledger.close()
    assert_exactly_once(counter, ledger_engine)


def test_ledger_unreachable_keeps_everything(counter, ledger_engine, tokens):
    counter.pay_many(3)
    ledger = client("http://127.0.0.1:9", tokens["T01"], timeout=1.0)  # nothing listens
    try:
        r = sync.relay_pass(counter.sync_store, ledger, clock=counter.clock, policy=policy())
    finally:
        ledger.close()
    assert r.error and r.sent == 0 and counter.outbox()["pending"] == 3
    assert sync.sync_status(counter.sync_store).last_success is None


def test_revoked_token_stops_the_relay_and_keeps_the_items(counter, ledger_server,
                                                           ledger_engine, tokens):
    from hall_ledger.services.terminals import revoke_terminal

    counter.pay_many(3)
    revoke_terminal(ledger_engine, hall_id="H001", terminal_id="T01")
    ledger = client(ledger_server.url, tokens["T01"])
    try:
        r = sync.relay_pass(counter.sync_store, ledger, clock=counter.clock, policy=policy())
    finally:
        ledger.close()
    assert r.auth_failed and counter.outbox()["pending"] == 3
    assert "AuthRefused" in sync.sync_status(counter.sync_store).last_error
