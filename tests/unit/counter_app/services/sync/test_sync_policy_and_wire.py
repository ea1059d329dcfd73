"""Relay rules without a server: backoff, the wire form, clock skew, per-account selection,
answers stored with the deletion, the relay lock."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from counter_app.adapters.storage import open_store
from counter_app.adapters.storage.sync_repo import RelayLock, SqliteSyncStore
from counter_app.services import sync
from counter_app.services.audit_service import append_audit

NOW = datetime(2026, 3, 20, 10, 0, 0)


def test_backoff_is_full_jitter_capped_and_at_least_retry_after():
    policy = sync.RelayPolicy(base_delay=1.0, max_delay=30.0, rng=random.Random(1))
    for attempts in range(12):
        ceiling = min(30.0, 2.0 ** attempts)
        waits = [policy.delay(attempts) for _ in range(200)]
        assert all(0.0 <= w <= ceiling for w in waits)
        assert max(waits) > ceiling * 0.8 and min(waits) < ceiling * 0.2  # spread over all of it
    assert all(policy.delay(0, retry_after=7.0) >= 7.0 for _ in range(50))
    assert policy.delay(10_000) <= 30.0  # no overflow on huge attempt counts


def test_wire_form_drops_counter_only_fields_and_is_deterministic():
    payload = {"payment_uuid": "u", "change_fen": 5, "receipt_no": "T01-00000001",
               "amount_fen": 100, "allocations": [{"period": "2026-01", "settles_bill": True,
                                                   "principal_fen": 100}]}
    a = sync.wire_payload("payment", json.dumps(payload))
    b = sync.wire_payload("payment", json.dumps(dict(reversed(payload.items()))))
    assert a == b
    assert json.loads(a) == {"payment_uuid": "u", "amount_fen": 100,
                             "allocations": [{"period": "2026-01", "principal_fen": 100}]}
    contact = {"change_id": "c", "account_no": "3301000001", "field": "phone", "old": None,
               "new": "13800001234", "changed_at": "2026-03-20T10:00:00", "terminal_id": "T01",
               "user_id": "1001"}
    assert json.loads(sync.wire_payload("contact_change", json.dumps(contact))) == {
        "account_no": "3301000001", "terminal_id": "T01", "phone": "13800001234",
        "changed_at": "2026-03-20T10:00:00", "changed_by": "1001"}


class FakeLedger:
    """A LedgerPort double: answers from a script, records what was sent."""

    def __init__(self, *, skew: timedelta = timedelta(), answers=None) -> None:
        self.skew = skew
        self.sent: list[list[str]] = []
        self.answers = answers or []

    def server_time(self) -> datetime:
        return NOW.astimezone(UTC) + self.skew

    def post_payments(self, batch, digests=None):
        self.sent.append([json.loads(p)["payment_uuid"] for p in batch])
        step = self.answers.pop(0) if self.answers else "ok"
        if isinstance(step, Exception):
            raise step
        return [SimpleNamespace(key=json.loads(p)["payment_uuid"], status=201,
                                outcome="recorded", error_code=None, error_message=None,
                                result={"credit_fen": 0, "review": False}, acknowledged=True,
                                refused=False) for p in batch]

    def post_items(self, kind, batch, digests=None):
        raise AssertionError("not used")


@pytest.mark.parametrize("minutes, ok", [(4, True), (-4, True), (6, False), (-6, False)])
def test_clock_skew_over_five_minutes_is_a_clear_error(minutes, ok):
    ledger = FakeLedger(skew=timedelta(minutes=minutes))
    if ok:
        assert sync.check_clock(ledger, now=NOW) == timedelta(minutes=minutes)
        return
    with pytest.raises(sync.ClockSkewError) as err:
        sync.check_clock(ledger, now=NOW)
    assert err.value.code == "sync.clock_skew"
    assert ("behind" if minutes > 0 else "ahead") in err.value.message


def _queue(store, items):
    with store.write() as tx:
        for key, account in items:
            payload = json.dumps({"payment_uuid": key, "terminal_id": "T01"})
            tx.outbox.add_outbox(kind="payment", item_key=key, account_no=account,
                                 payload_json=payload, created_at=NOW)
        append_audit(tx, at=NOW, terminal_id="T01", user_id=None, action="test.queue",
                     target="outbox")  # seals the items queued above (services.outbox_seal)


def test_selection_keeps_account_order_and_review_items_do_not_block(tmp_path):
    store = open_store(tmp_path / "c.db")
    s = SqliteSyncStore(store)
    _queue(store, [("a1", "A"), ("b1", "B"), ("a2", "A"), ("c1", None), ("a3", "A")])
    with s.read() as tx:
        assert [i.item_key for i in tx.outbox.sendable_outbox(now=NOW, limit=10)] == ["a1", "b1", "c1"]
        a1 = tx.outbox.sendable_outbox(now=NOW, limit=1)[0]
    with s.write() as tx:
        tx.outbox.outbox_to_review(a1.id, error="payment.invalid: x")
    with s.read() as tx:
        assert [i.item_key for i in tx.outbox.sendable_outbox(now=NOW, limit=10)] == ["b1", "a2", "c1"]
        assert tx.outbox.next_outbox_due() == datetime.min
    store.close()


def test_unknown_outcome_keeps_items_with_backoff_and_acks_delete_in_one_tx(tmp_path):
    store = open_store(tmp_path / "c.db")
    s = SqliteSyncStore(store)
    _queue(store, [(f"p{i}", f"A{i}") for i in range(5)])
    ledger = FakeLedger(answers=[sync.OutcomeUnknown("timeout", retry_after=2.0), "ok"])
    policy = sync.RelayPolicy(batch_size=3, rng=random.Random(3))
    first = sync.relay_pass(s, ledger, clock=lambda: NOW, policy=policy)
    assert first.error and first.retry_after == 2.0 and ledger.sent == [["p0", "p1", "p2"]]
    with s.read() as tx:
        waiting = {i.item_key: i for i in tx.outbox.due_outbox(now=datetime.max, limit=10)}
        assert set(waiting) == {"p0", "p1", "p2", "p3", "p4"}
        assert all(waiting[k].next_attempt_at >= NOW + timedelta(seconds=2)
                   for k in ("p0", "p1", "p2"))
    later = sync.relay_pass(s, ledger, clock=lambda: NOW + timedelta(seconds=3), policy=policy)
    assert later.recorded == 5 and ledger.sent[1] == ["p0", "p1", "p2"]  # the same UUIDs
    with s.read() as tx:
        assert tx.outbox.outbox_counts()["pending"] == 0
        assert tx.answers.get_ledger_answer("payment", "p0").outcome == "recorded"
    store.close()


def test_relay_lock_is_one_holder_per_store_across_processes(tmp_path):
    path = tmp_path / "counter.db"
    first, second = RelayLock(path), RelayLock(path)
    assert first.acquire() and not second.acquire()
    probe = ("import sys; from counter_app.adapters.storage.sync_repo import RelayLock; "
             f"sys.exit(0 if RelayLock({str(path)!r}).acquire() else 3)")
    assert subprocess.run([sys.executable, "-c", probe]).returncode == 3
    first.release()
    assert second.acquire()
    second.release()
    assert subprocess.run([sys.executable, "-c", probe]).returncode == 0
