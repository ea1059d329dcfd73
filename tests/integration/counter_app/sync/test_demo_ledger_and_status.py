"""Demo mode's embedded ledger (same customers as the demo store) with the relay thread, and
the status bar's ledger source."""

from __future__ import annotations

from counter_app.adapters.ledger_client import LedgerClient
from counter_app.adapters.relay_thread import ClientLedger
from counter_app.bootstrap import DEMO_SEED
from counter_app.demo.ledger_process import start_embedded_ledger
from counter_app.ledger_link import relay_thread
from counter_app.services import sync
from counter_app.services.ledger_status import LedgerStatusSource, StoreLedgerStatus
from counter_app.services.ports import OfflineLimits
from tests.helpers.sync import DEMO_N, REF_DATE, pending_count, wait_for


def test_embedded_ledger_syncs_the_demo_counter_through_the_relay_thread(counter, tmp_path):
    taken = counter.pay_many(12)
    status = StoreLedgerStatus(counter.sync_store, configured=True, clock=counter.clock)
    assert isinstance(status, LedgerStatusSource)
    before = status.ledger_status()
    assert (before.online, before.queued, before.last_sync) == (False, 12, None)

    ledger = start_embedded_ledger(tmp_path / "demo", customers=DEMO_N, seed=DEMO_SEED,
                                   reference_date=REF_DATE)
    try:
        with LedgerClient(ledger.url, ledger.token) as c:
            health = c.health()
            assert (health.hall_id, health.terminal_id) == ("H001", "T01")
            first = next(c.iter_snapshot(limit=DEMO_N))
            assert sorted(x["account_no"] for x in first.customers) == counter.accounts()
        relay = relay_thread(counter.store, lambda: ClientLedger.connect(ledger.url, ledger.token),
                            clock=counter.clock, idle_seconds=0.1, policy=sync.RelayPolicy(
                                batch_size=5, base_delay=0.05, max_delay=0.5),
                            limits=OfflineLimits(max_hours=24, max_queued=10, terminal_id="T01"),
                            hall_id="H001")
        relay.start()
        try:
            assert wait_for(lambda: pending_count(counter.path) == 0 and relay.last
                            and relay.last.reference is not None, 20)
            live = StoreLedgerStatus(counter.sync_store, configured=True, clock=counter.clock,
                                     relay=relay).ledger_status()
        finally:
            relay.stop()
        assert not relay.alive
        # 12 queued was over the limit of 10; the relay cleared the alert once synced.
        from counter_app.services.offline_limits import offline_alert
        assert offline_alert(counter.sync_store) is None
        assert live.online and live.queued == 0 and live.last_sync is not None
        answer = sync.ledger_answer(counter.sync_store, taken[-1].payment_uuid)
        assert answer.outcome == "recorded" and not answer.review  # same bills on both sides
    finally:
        ledger.stop()
    # Started again on the same file: the demo data is not loaded twice, a new token works.
    again = start_embedded_ledger(tmp_path / "demo", customers=DEMO_N, seed=DEMO_SEED,
                                  reference_date=REF_DATE)
    try:
        with LedgerClient(again.url, again.token) as c:
            assert len(next(c.iter_snapshot(limit=1000)).customers) == DEMO_N
    finally:
        again.stop()


def test_status_source_reports_errors_and_review_items(counter, tmp_path):
    counter.pay_many(2)
    relay_down = ClientLedger.connect("http://127.0.0.1:9", "hcl_x", timeout=0.5)
    try:
        sync.relay_pass(counter.sync_store, relay_down, clock=counter.clock)
    finally:
        relay_down.close()
    s = StoreLedgerStatus(counter.sync_store, configured=True, clock=counter.clock).ledger_status()
    assert not s.online and s.queued == 2 and "OutcomeUnknown" in s.detail
    unconfigured = StoreLedgerStatus(counter.sync_store, configured=False, clock=counter.clock)
    assert unconfigured.ledger_status().online is False


def test_demo_reference_date_is_read_from_the_demo_store(counter, tmp_path):
    from datetime import date

    from counter_app.demo.ledger_process import demo_reference_date

    assert demo_reference_date(counter.path) == date(REF_DATE.year, REF_DATE.month, 1)
    assert demo_reference_date(tmp_path / "none.db") is None
