"""Reference pulls against a scripted source (resume after an interruption, idempotent pages)
and the offline limits on a real store file, without a server."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from counter_app.adapters.storage import open_store
from counter_app.adapters.storage.sync_repo import SqliteSyncStore
from counter_app.services import offline_limits, reference_sync, sync
from hall_domain.errors import PaymentError

NOW = datetime(2026, 3, 20, 10, 0, 0)


def _customer(i: int, credit: int = 0) -> dict:
    return {"account_no": f"33010000{i:02d}", "name": f"张{i}", "address": f"人民路{i}号",
            "phone": None, "user_type": "residential", "area": "东1", "credit_fen": credit}


def _bill(i: int, period: str = "2026-02", status: str = "open", paid: int = 0) -> dict:
    return {"bill_id": 100 + i, "account_no": f"33010000{i:02d}", "period": period, "kwh": 10,
            "amount_fen": 5000, "due_date": "2026-03-15", "principal_paid_fen": paid,
            "late_fee_assessed_fen": 0, "late_fee_paid_fen": 0, "fee_accrued_through": None,
            "late_fee_waived": False, "status": status, "closed_by": None}


class Source:
    """Three snapshot pages of two customers each; fails once on page `fail_at`."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.fail_at = fail_at
        self.calls: list[str | None] = []
        self.changes_rows: list[tuple[list, list]] = []

    def snapshot_page(self, page, *, limit=None):
        self.calls.append(page)
        n = 0 if page is None else int(page)
        if self.fail_at == n:
            self.fail_at = None
            raise sync.OutcomeUnknown("reset")
        ids = [2 * n + 1, 2 * n + 2]
        return reference_sync.Page([_customer(i) for i in ids], [_bill(i) for i in ids],
                                   None if n == 2 else str(n + 1), "7",
                                   customers_total=6 if page is None else None)

    def changes(self, cursor, *, limit=None):
        customers, bills = self.changes_rows.pop(0) if self.changes_rows else ([], [])
        return reference_sync.Page(customers, bills, None, str(int(cursor) + len(bills)))


def test_interrupted_snapshot_resumes_at_the_page_it_stopped(tmp_path):
    store = open_store(tmp_path / "c.db")
    s = SqliteSyncStore(store)
    source = Source(fail_at=2)
    with pytest.raises(sync.OutcomeUnknown):
        reference_sync.pull_reference(s, source, now=NOW)
    with store.read() as tx:
        assert tx.customers.count_customers() == 4 and tx.meta.get_meta(reference_sync.META_CURSOR) is None
    report = reference_sync.pull_reference(s, source, now=NOW)
    assert source.calls == [None, "1", "2", "2"]  # page 2 again, not from the start
    assert report.snapshot and report.cursor == "7"
    with store.read() as tx:
        assert tx.customers.count_customers() == 6 and tx.bills.count_open_bills() == 6
        assert tx.customers.customers_name_containing("张5", limit=5)[0].account_no == "3301000005"
    # Changes: a credit and a bill closed elsewhere; applying the same page twice is harmless.
    rows = ([_customer(3, credit=700)], [_bill(3, status="paid", paid=5000)])
    source.changes_rows = [rows, rows]
    for _ in range(2):
        reference_sync.pull_reference(s, source, now=NOW)
        with store.read() as tx:
            assert tx.customers.get_customer("3301000003").credit_fen == 700
            assert tx.bills.open_bills("3301000003") == []
            assert tx.customers.count_customers() == 6
    store.close()


def test_each_stored_page_reports_the_progress_of_the_snapshot(tmp_path):
    store = open_store(tmp_path / "c.db")
    heard: list[tuple[int, int | None, bool]] = []

    def on_page(report):
        with store.read() as tx:  # called once the page is stored, not before
            stored = tx.customers.count_customers()
        heard.append((report.customers, report.customers_total, stored == report.customers))

    report = reference_sync.pull_reference(SqliteSyncStore(store), Source(), now=NOW,
                                           on_page=on_page)
    store.close()
    assert heard[:3] == [(2, 6, True), (4, 6, True), (6, 6, True)]
    assert report.customers_total == 6 and len(heard) == 4  # and the (empty) changes page


def _queue_payment(store, key: str, at: datetime) -> None:
    with store.write() as tx:
        tx.outbox.add_outbox(kind="payment", item_key=key, account_no="3301000001",
                             payload_json=json.dumps({"payment_uuid": key}), created_at=at)


def test_offline_limits_by_hours_and_by_queue(tmp_path):
    store = open_store(tmp_path / "c.db")
    s = SqliteSyncStore(store)
    limits = dict(max_hours=24, max_queued=3, terminal_id="T01")
    state = offline_limits.check_offline_limits(s, now=NOW, card=True, **limits)
    assert not state.cards_refused and state.offline_since is None  # nothing owed, never synced
    _queue_payment(store, "p1", NOW)
    offline_limits.check_offline_limits(s, now=NOW + timedelta(hours=23), card=True, **limits)
    with pytest.raises(PaymentError) as err:
        offline_limits.check_offline_limits(s, now=NOW + timedelta(hours=24), card=True, **limits)
    assert err.value.code == "payment.offline_card_refused" and "24 h" in err.value.message
    with store.write() as tx:  # the ledger answered an hour ago: back within the hours
        tx.meta.set_meta(sync.META_LAST_SUCCESS, (NOW + timedelta(hours=23)).isoformat())
    offline_limits.check_offline_limits(s, now=NOW + timedelta(hours=24), card=True, **limits)
    assert offline_limits.offline_alert(s) is None
    _queue_payment(store, "p2", NOW)
    _queue_payment(store, "p3", NOW)
    with pytest.raises(PaymentError) as err:
        offline_limits.check_offline_limits(s, now=NOW + timedelta(hours=24), card=True, **limits)
    assert err.value.params["queued"] == 3
    assert offline_limits.offline_alert(s)["reasons"] == ["queued"]
    with store.read() as tx:
        actions = [e.action for e in tx.audit.audit_entries()]
    assert actions == ["sync.offline_limit", "sync.offline_cleared", "sync.offline_limit"]
    store.close()
