"""services.collections on a real counter store and a scripted ledger: the actor sent, the
counter's audit entry per mutation, the offline cache, the four-eyes approval of a stop-supply
request, and what a payment changed in an account's state."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from counter_app.adapters.collections_cache import FileCollectionsCache
from counter_app.services import approvals
from counter_app.services.approvals import ApprovalRequired
from counter_app.services.collections import Collections, state_change
from counter_app.services.ports import (
    ArrearsFilter,
    CollectionsError,
    DunningState,
    OutcomeUnknown,
)
from hall_domain.errors import PermissionDenied
from hall_domain.security import Action
from tests.helpers.cash_fixtures import SUP_PIN, TERMINAL, make_counter

NOW = datetime(2026, 5, 20, 9, 30)
ARREARS = {
    "as_of": "2026-05-20",
    "accounts": [{"account_no": "3301000001", "name": "客户1", "user_type": "residential",
                  "customer_class": "residential", "area": "东1", "phone": "13800000001",
                  "phone_status": "ok", "oldest_due_date": "2026-04-15", "overdue_days": 35,
                  "bills": 1, "principal_fen": 10100, "late_fee_fen": 354, "total_fen": 10454,
                  "current_year_fen": 10454, "prior_year_fen": 0, "bucket": "31-60",
                  "dunning_level": 1, "lock": None, "promise": None, "repeat_defaulter": True}],
    "totals": {"all": {"accounts": 1, "principal_fen": 10100, "late_fee_fen": 354,
                       "total_fen": 10454},
               "by_bucket": [{"bucket": "31-60", "accounts": 1, "principal_fen": 10100,
                              "late_fee_fen": 354, "total_fen": 10454}],
               "by_area": [], "by_user_type": [], "current_year_fen": 10454, "prior_year_fen": 0},
    "next_cursor": None,
}


class ScriptedLedger:
    """CollectionsAccess that records every call; `down` makes it unreachable."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict]] = []
        self.down = False
        self.refuse: str | None = None
        self.answers: dict[str, object] = {}

    def _go(self, method, path, body):
        self.calls.append((method, path, dict(body or {})))
        if self.down:
            raise OutcomeUnknown("cannot connect to the ledger: ConnectError")
        if self.refuse:
            raise CollectionsError("refused", code=self.refuse, detail="no")
        return self.answers.get(path, {})

    def get(self, path, params=None):
        return self._go("GET", path, params)

    def get_bytes(self, path, params=None):
        return b"%PDF-1.4"

    def post(self, path, body):
        return self._go("POST", path, body)

    def post_bytes(self, path, body):
        return b"%PDF-1.4"

    def put(self, path, body):
        return self._go("PUT", path, body)


@pytest.fixture
def desk(tmp_path):
    c = make_counter(tmp_path / "counter.db")
    ledger = ScriptedLedger()
    clock = iter(NOW + timedelta(minutes=i) for i in range(1000))
    svc = Collections(ledger, FileCollectionsCache(tmp_path / "cache"), c.store,
                      terminal_id=TERMINAL, clock=lambda: next(clock))
    yield c, ledger, svc
    c.close()


def _audit(c):
    with c.store.read() as tx:
        return [e for e in tx.audit.audit_entries(after_seq=0, limit=1000)
                if e.action.startswith("collections.")]


def test_arrears_are_read_then_shown_from_the_cache_when_the_ledger_is_down(desk):
    c, ledger, svc = desk
    ledger.answers["/collections/arrears"] = ARREARS
    flt = ArrearsFilter(as_of=date(2026, 5, 20), area="东1")
    fresh = svc.arrears(c.supervisor, flt)
    assert not fresh.offline
    assert fresh.value.accounts[0].total_fen == 10454
    assert fresh.value.accounts[0].repeat_defaulter
    assert ledger.calls[-1] == ("GET", "/collections/arrears",
                                {"as_of": "2026-05-20", "limit": 200, "area": "东1"})
    ledger.down = True
    cached = svc.arrears(c.supervisor, flt)
    assert cached.offline and cached.synced_at == fresh.synced_at
    assert cached.value == fresh.value
    with pytest.raises(CollectionsError) as err:  # never fetched for another filter
        svc.arrears(c.supervisor, ArrearsFilter(as_of=date(2026, 5, 20), area="西2"))
    assert err.value.code == "collections.offline"


def test_a_cashier_may_not_open_the_workspace_but_sees_an_accounts_state(desk):
    c, ledger, svc = desk
    with pytest.raises(PermissionDenied):
        svc.arrears(c.cashier, ArrearsFilter(as_of=date(2026, 5, 20)))
    ledger.answers["/collections/accounts/3301000001"] = {
        "account_no": "3301000001", "dunning_level": 2, "level_name": "催费通知单",
        "repeat_defaulter": True, "notices": [], "stop_supply": None, "reconnection": None}
    ledger.answers["/collections/notices"] = {"notices": [
        {"notice_no": "H1-CF-1", "status": "pending"}, {"notice_no": "H1-CF-0",
                                                        "status": "settled"}]}
    ledger.answers["/collections/stop-supply"] = {"requests": [{"id": 4, "status": "requested"}]}
    state = svc.account_state(c.cashier, "3301000001", as_of=date(2026, 5, 20)).value
    assert (state.dunning_level, state.repeat_defaulter) == (2, True)
    assert [n["notice_no"] for n in state.pending_notices] == ["H1-CF-1"]
    assert state.stop_supply_status == "requested" and state.reconnection is None
    assert [(m, p) for m, p, _ in ledger.calls] == [
        ("GET", "/collections/accounts/3301000001"), ("GET", "/collections/notices"),
        ("GET", "/collections/stop-supply"), ("GET", "/collections/reconnections")]


def test_every_mutation_sends_the_actor_and_is_audited_on_the_counter(desk):
    c, ledger, svc = desk
    svc.create_run(c.supervisor, as_of=date(2026, 5, 20), customer_class="residential")
    svc.edit_line(c.supervisor, "R1", "3301000001", level=2, note="客户承诺")
    svc.execute_run(c.supervisor, "R1")
    svc.reverse_run(c.supervisor, "R1", reason="金额有误")
    svc.cancel_stop_supply(c.supervisor, 7, reason="已缴清")
    svc.close_reconnection(c.supervisor, 3)
    svc.record_delivery(c.supervisor, "TD-2026-0001", method="hand", signed_by="张三",
                        delivered_at=NOW)
    posts = [(path, body["actor"]) for method, path, body in ledger.calls if method == "POST"]
    assert posts == [
        ("/collections/dunning/runs", "2001"),
        ("/collections/dunning/runs/R1/lines/3301000001", "2001"),
        ("/collections/dunning/runs/R1/execute", "2001"),
        ("/collections/dunning/runs/R1/reverse", "2001"),
        ("/collections/stop-supply/7/cancel", "2001"),
        ("/collections/reconnections/3/close", "2001"),
        ("/collections/notices/TD-2026-0001/delivery", "2001"),
    ]
    entries = _audit(c)
    assert [e.action for e in entries] == [
        "collections.run_create", "collections.run_line", "collections.run_execute",
        "collections.run_reverse", "collections.stop_cancel", "collections.reconnection_close",
        "collections.notice_delivery"]
    assert {e.user_id for e in entries} == {"2001"} and {e.outcome for e in entries} == {"ok"}


def test_a_refusal_and_an_unknown_outcome_are_audited_too(desk):
    c, ledger, svc = desk
    ledger.refuse = "collections.dunning.executed"
    with pytest.raises(CollectionsError):
        svc.execute_run(c.supervisor, "R1")
    ledger.refuse, ledger.down = None, True
    with pytest.raises(CollectionsError) as err:  # said so: it may or may not have been done
        svc.execute_run(c.supervisor, "R1")
    assert err.value.code == "collections.no_answer"
    assert isinstance(err.value.__cause__, OutcomeUnknown)
    assert [(e.action, e.outcome) for e in _audit(c)] == [
        ("collections.run_execute", "refused"), ("collections.run_execute", "unknown")]


def test_a_reversal_needs_a_reason(desk):
    c, ledger, svc = desk
    with pytest.raises(CollectionsError) as err:
        svc.reverse_run(c.supervisor, "R1", reason="  ")
    assert err.value.code == "collections.reason" and ledger.calls == []


def test_stop_supply_is_approved_by_a_second_supervisor_who_is_sent_as_the_actor(desk):
    c, ledger, svc = desk
    with pytest.raises(ApprovalRequired):
        svc.approve_stop_supply(c.supervisor, 9)
    assert ledger.calls == []
    with pytest.raises(PermissionDenied):  # a cashier may not approve it
        approvals.approve(c.store, action=Action.APPROVE_STOP_SUPPLY, initiator=c.supervisor,
                          approver_id=c.cashier.user_id, approver_pin="2468", target="stop:9",
                          now=NOW, terminal_id=TERMINAL)
    approval = approvals.approve(c.store, action=Action.APPROVE_STOP_SUPPLY,
                                 initiator=c.supervisor, approver_id=c.supervisor2.user_id,
                                 approver_pin=SUP_PIN, target="stop:9", now=NOW,
                                 terminal_id=TERMINAL)
    svc.approve_stop_supply(c.supervisor, 9, approval=approval)
    assert ledger.calls[-1] == ("POST", "/collections/stop-supply/9/approve", {"actor": "2002"})
    with pytest.raises(ApprovalRequired):  # used once
        svc.approve_stop_supply(c.supervisor, 9, approval=approval)
    [entry] = [e for e in _audit(c) if e.action == "collections.stop_approve"]
    assert '"approver_id":"2002"' in entry.detail.replace(" ", "")


def test_what_a_payment_cancelled():
    before = DunningState("3301000001", dunning_level=3, stop_supply={"id": 4, "status": "approved"},
                          promise={"status": "open"})
    after = DunningState("3301000001", dunning_level=0, stop_supply={"id": 4, "status": "cancelled"})
    change = state_change(before, after)
    assert change.cancelled_stop_supply == {"id": 4, "status": "approved"}
    assert change.promise_kept and change.anything and change.reconnection is None
    stopped = DunningState("3301000001", dunning_level=4, stop_supply={"id": 5, "status": "stopped"})
    back = DunningState("3301000001", stop_supply={"id": 5, "status": "stopped"},
                        reconnection={"id": 8, "deadline": "2026-05-21T09:30"})
    change = state_change(stopped, back)
    assert change.reconnection["deadline"] == "2026-05-21T09:30"
    assert change.cancelled_stop_supply is None
    assert not state_change(after, after).anything
