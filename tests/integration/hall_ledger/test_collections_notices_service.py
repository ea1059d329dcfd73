"""Notices and the stop-supply workflow at the service level, with an injected clock, on
SQLite and PostgreSQL: numbers, late fees today and at the deadline, deliveries, every gate
violated in turn, the notice window's edges, four-eyes, the regulator for important users,
payments cancelling requests and opening reconnection tasks."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from hall_domain.accounts import Bill as DomainBill
from hall_domain.accounts import Customer as DomainCustomer
from hall_domain.accounts import UserType
from hall_domain.allocation import quote
from hall_domain.late_fees import LateFeeRuleSet
from hall_ledger.services import notices, stop_supply
from hall_ledger.services.channels import channel_principal, ingest_channel_payments
from hall_ledger.services.collections_audit import actions_for
from hall_ledger.store.models import Customer, Notice, ReconnectionTask, StopSupplyRequest

H = "H001"
AS_OF = date(2026, 4, 20)
NOW = datetime(2026, 4, 20, 18, 0)
PLANNED = datetime(2026, 4, 25, 10, 0)  # 5 days after AS_OF


def issue(engine, account, kind, as_of=AS_OF, **kw):
    with engine.begin() as c:
        return notices.issue_notice(c, H, account, kind, as_of, "test", **kw)


def deliver(engine, number, at, method="in_person", signed_by="张三"):
    with engine.begin() as c:
        return notices.record_delivery(c, H, number, actor="3001", terminal_id=None,
                                       method=method, signed_by=signed_by, delivered_at=at,
                                       now=at + timedelta(hours=1))


def ready(engine, account="3301000001", *, warning_on=date(2026, 4, 20), reminder=True):
    """A delivered reminder and a stop-supply notice delivered on `warning_on`."""
    if reminder:
        r = issue(engine, account, "reminder", as_of=date(2026, 4, 1))
        deliver(engine, r["notice_no"], datetime(2026, 4, 2, 10, 0))
    w = issue(engine, account, "stop_warning", as_of=warning_on)
    deliver(engine, w["notice_no"], datetime.combine(warning_on, datetime.min.time())
            + timedelta(hours=15))
    return w


def request(engine, account="3301000001", planned=PLANNED, now=NOW, actor="2001", **kw):
    with engine.begin() as c:
        return stop_supply.request_stop(c, H, account, planned, actor=actor, terminal_id="T01",
                                         now=now, **kw)


def step(engine, fn, request_id, actor="2002", now=NOW, **kw):
    with engine.begin() as c:
        return fn(c, H, request_id, actor=actor, terminal_id="T02", now=now, **kw)


def gates_of(exc) -> dict[str, bool]:
    return {g.gate: g.ok for g in exc.value.gates}


def count(engine, model) -> int:
    with engine.connect() as c:
        return len(c.execute(select(model)).all())


# --- notices -----------------------------------------------------------------------------------


def test_notice_numbers_amounts_and_late_fee_as_the_counter_computes_it(engine, halls):
    n = issue(engine, "3301000001", "reminder")
    assert n["notice_no"] == "H001-CF-2026-000001"
    assert n["status"] == "pending" and n["deadline"] == "2026-05-05"  # 15 days by default
    assert [p["period"] for p in n["periods"]] == ["2026-01", "2026-02"]
    assert n["principal_fen"] == 17000
    # The counter's own code path on the same bills: today, and at the deadline.
    cust = DomainCustomer("3301000001", "张三", "", None, UserType.RESIDENTIAL, "东1")
    bills = [DomainBill(1, "3301000001", "2026-01", 200, 12000, date(2026, 2, 15)),
             DomainBill(2, "3301000001", "2026-02", 100, 5000, date(2026, 3, 15))]
    rules = LateFeeRuleSet()
    assert n["late_fee_fen"] == quote(cust, bills, AS_OF, rules).late_fee_total_fen == 948
    assert n["late_fee_deadline_fen"] == quote(
        cust, bills, date(2026, 5, 5), rules).late_fee_total_fen == 1203
    assert n["total_deadline_fen"] == 18203
    # Numbers run per hall, kind and year; other kinds and halls have their own.
    assert issue(engine, "3301000002", "reminder")["notice_no"] == "H001-CF-2026-000002"
    assert issue(engine, "3301000003", "stop_warning")["notice_no"] == "H001-TD-2026-000001"
    with engine.begin() as c:
        other = notices.issue_notice(c, "H002", "4401000001", "reminder", AS_OF, "test")
    assert other["notice_no"] == "H002-CF-2026-000001"
    assert issue(engine, "3301000001", "reminder", as_of=date(2027, 1, 5))[
        "notice_no"] == "H001-CF-2027-000001"
    with engine.connect() as c:
        issued = [a for a in actions_for(c, H) if a.action == "notices.issued"]
    assert len(issued) == 4


def test_same_day_repeat_is_the_same_notice_and_a_newer_one_supersedes(engine, halls):
    first = issue(engine, "3301000001", "reminder")
    assert issue(engine, "3301000001", "reminder")["notice_no"] == first["notice_no"]
    later = issue(engine, "3301000001", "reminder", as_of=date(2026, 4, 27))
    assert later["notice_no"] != first["notice_no"]
    with engine.connect() as c:
        assert notices.get_notice(c, H, first["notice_no"])["status"] == "superseded"
        assert [n["notice_no"] for n in notices.list_notices(
            c, H, account_no="3301000001", status="pending")] == [later["notice_no"]]


def test_nothing_overdue_no_notice_and_other_halls_accounts_refused(engine, halls):
    with pytest.raises(notices.NoticeError) as exc:
        issue(engine, "3301000001", "reminder", as_of=date(2026, 2, 15))  # due that very day
    assert exc.value.code == "collections.notices.nothing_overdue"
    with pytest.raises(notices.NoticeError) as exc:
        issue(engine, "4401000001", "reminder")
    assert exc.value.code == "collections.notices.unknown_account"
    assert count(engine, Notice) == 0


def test_delivery_records(engine, halls):
    n = issue(engine, "3301000001", "reminder")
    refused = deliver(engine, n["notice_no"], datetime(2026, 4, 21, 10), method="refused",
                      signed_by=None)
    assert refused["status"] == "pending"  # a refusal is an attempt, not a delivery
    with pytest.raises(notices.NoticeError) as exc:
        deliver(engine, n["notice_no"], datetime(2026, 4, 21, 11), signed_by=None)
    assert exc.value.code == "collections.notices.signed_by"
    with pytest.raises(notices.NoticeError) as exc:
        deliver(engine, n["notice_no"], datetime(2026, 4, 19, 11))
    assert exc.value.code == "collections.notices.delivered_before_issue"
    done = deliver(engine, n["notice_no"], datetime(2026, 4, 22, 9, 30), signed_by="张三")
    assert done["status"] == "delivered" and done["delivered_at"] == "2026-04-22T09:30:00"
    assert [(d["method"], d["signed_by"], d["delivered_by"]) for d in done["deliveries"]] == [
        ("refused", None, "3001"), ("in_person", "张三", "3001")]
    with pytest.raises(notices.NoticeError) as exc:
        deliver(engine, n["notice_no"], datetime(2026, 4, 22, 10))
    assert exc.value.code == "collections.notices.not_pending"


def test_print_lines_for_the_counter(engine, halls):
    n = issue(engine, "3301000003", "stop_warning")
    lines = n["print_lines"]
    assert lines[0] == "停电通知书" and "编号：H001-TD-2026-000001" in lines
    assert any("将于2026-04-27起依法中止供电" in line for line in lines)
    assert any(line.startswith("依据：《供电营业规则》") for line in lines)


def test_settings_change_the_window_and_the_legal_version(engine, halls):
    with engine.begin() as c:
        config = notices.change_settings(
            c, H, actor="9001", terminal_id=None, now=NOW,
            changes={"notice_window_min_days": 2, "notice_window_max_days": 5,
                     "legal_version": "1996", "hall_name": "城东营业厅"})
    assert (config.window.min_days, config.window.max_days) == (2, 5)
    n = issue(engine, "3301000001", "stop_warning")
    assert n["legal"]["version"] == "1996" and n["hall_name"] == "城东营业厅"
    assert "第六十七条第（二）项" in {a["article"] for a in n["legal"]["articles"]}
    for bad in ({"legal_version": "1888"}, {"notice_window_min_days": 6},
                {"province": "nowhere"}):
        with pytest.raises(notices.NoticeError) as exc, engine.begin() as c:
            notices.change_settings(c, H, actor="9001", terminal_id=None, now=NOW, changes=bad)
        assert exc.value.code == "collections.notices.setting"
    with engine.connect() as c:
        config = notices.settings_for(c, H)
    assert (config.window.min_days, config.window.max_days, config.legal_version) == (
        2, 5, "1996")


# --- the gates ---------------------------------------------------------------------------------


def test_all_gates_hold_request_approve_renotify_stop(engine, halls):
    w = ready(engine)
    r = request(engine)
    assert r["status"] == "requested" and r["notice_no"] == w["notice_no"]
    assert r["renotice_due_at"] == "2026-04-25T09:30:00"
    assert {g["gate"]: g["ok"] for g in r["gates"]} == {
        "overdue": True, "reminder_delivered": True, "notice_window": True, "four_eyes": False,
        "regulator_notified": True, "renotice": False}
    assert all(g["basis"].startswith("《供电营业规则》") for g in r["gates"])
    a = step(engine, stop_supply.approve, r["id"], actor="2002")
    assert a["status"] == "approved" and a["approved_by"] == "2002"
    step(engine, stop_supply.renotified, r["id"], now=PLANNED - timedelta(minutes=40))
    s = step(engine, stop_supply.stopped, r["id"], now=PLANNED + timedelta(minutes=2))
    assert s["status"] == "stopped" and all(g["ok"] for g in s["gates"])
    with engine.connect() as c:
        done = [a.action for a in actions_for(c, H, subject="3301000001")]
    assert done[:4] == ["stop_supply.stopped", "stop_supply.renotified", "stop_supply.approved",
                        "stop_supply.requested"]


def test_overdue_30_days_fails_31_holds(engine, halls):
    # The oldest unpaid bill fell due 2026-02-15: 2026-03-17 is 30 days later.
    r = issue(engine, "3301000001", "reminder", as_of=date(2026, 3, 1))
    deliver(engine, r["notice_no"], datetime(2026, 3, 2, 10, 0))
    w = issue(engine, "3301000001", "stop_warning", as_of=date(2026, 3, 14))
    deliver(engine, w["notice_no"], datetime(2026, 3, 14, 15, 0))
    planned = datetime(2026, 3, 18, 10, 0)
    with pytest.raises(stop_supply.GatesFailed) as exc:
        request(engine, now=datetime(2026, 3, 17, 9, 0), planned=planned)
    assert {k for k, ok in gates_of(exc).items() if not ok} == {"overdue", "four_eyes",
                                                                 "renotice"}
    assert "30 days overdue" in next(g for g in exc.value.gates if g.gate == "overdue").detail
    assert request(engine, now=datetime(2026, 3, 18, 9, 0), planned=planned)["status"] == (
        "requested")


def test_a_notice_delivered_after_now_does_not_count(engine, halls):
    ready(engine, warning_on=date(2026, 4, 21))
    with pytest.raises(stop_supply.GatesFailed) as exc:
        request(engine, now=datetime(2026, 4, 21, 9, 0))  # delivered at 15:00 that day
    assert gates_of(exc)["notice_window"] is False


def test_no_reminder_delivered_fails_an_sms_delivered_holds(engine, halls):
    ready(engine, reminder=False)
    with pytest.raises(stop_supply.GatesFailed) as exc:
        request(engine)
    assert {k for k, ok in gates_of(exc).items() if not ok} == {
        "reminder_delivered", "four_eyes", "renotice"}
    assert count(engine, StopSupplyRequest) == 0
    asked = []

    def sms_delivered(conn, hall_id, account_no, since):
        asked.append((hall_id, account_no, since))
        return True

    r = request(engine, reminder_delivered=sms_delivered)
    assert asked == [(H, "3301000001", date(2026, 2, 15))]
    assert next(g for g in r["gates"] if g["gate"] == "reminder_delivered")["detail"] == (
        "reminder delivered: SMS delivered")


def test_a_reminder_undelivered_does_not_count(engine, halls):
    issue(engine, "3301000001", "reminder", as_of=date(2026, 4, 1))  # printed, never delivered
    ready(engine, reminder=False)
    with pytest.raises(stop_supply.GatesFailed) as exc:
        request(engine)
    assert gates_of(exc)["reminder_delivered"] is False


@pytest.mark.parametrize(("days_before", "ok"), [(2, False), (3, True), (7, True), (8, False)])
def test_notice_window_edges(engine, halls, days_before, ok):
    ready(engine, warning_on=PLANNED.date() - timedelta(days=days_before))
    now = datetime.combine(PLANNED.date() - timedelta(days=2), datetime.min.time()) \
        + timedelta(hours=20)  # after the delivery, before the planned date
    if ok:
        assert request(engine, now=now)["status"] == "requested"
        return
    with pytest.raises(stop_supply.GatesFailed) as exc:
        request(engine, now=now)
    assert gates_of(exc)["notice_window"] is False
    assert count(engine, StopSupplyRequest) == 0


def test_no_stop_warning_delivered_fails(engine, halls):
    r = issue(engine, "3301000001", "reminder", as_of=date(2026, 4, 1))
    deliver(engine, r["notice_no"], datetime(2026, 4, 2, 10, 0))
    issue(engine, "3301000001", "stop_warning")  # issued, not delivered
    with pytest.raises(stop_supply.GatesFailed) as exc:
        request(engine)
    assert gates_of(exc)["notice_window"] is False


def test_four_eyes(engine, halls):
    ready(engine)
    r = request(engine, actor="2001")
    with pytest.raises(notices.NoticeError) as exc:
        step(engine, stop_supply.approve, r["id"], actor="2001")
    assert exc.value.code == "collections.stop_supply.four_eyes"
    with engine.connect() as c:
        assert stop_supply.get_request(c, H, r["id"])["status"] == "requested"
    # not approved: it cannot be marked stopped either
    with pytest.raises(notices.NoticeError) as exc:
        step(engine, stop_supply.stopped, r["id"], now=PLANNED + timedelta(minutes=1))
    assert exc.value.code == "collections.stop_supply.status"
    assert step(engine, stop_supply.approve, r["id"], actor="2003")["status"] == "approved"


def test_important_user_needs_the_regulator_before_stopping(engine, halls):
    with engine.begin() as c:
        c.execute(update(Customer).where(Customer.account_no == "3301000003")
                  .values(customer_class="important"))
    ready(engine, "3301000003")
    r = request(engine, "3301000003")
    assert r["customer_class"] == "important"
    step(engine, stop_supply.approve, r["id"])
    step(engine, stop_supply.renotified, r["id"], now=PLANNED - timedelta(hours=1))
    with pytest.raises(stop_supply.GatesFailed) as exc:
        step(engine, stop_supply.stopped, r["id"], now=PLANNED + timedelta(minutes=1))
    assert [k for k, ok in gates_of(exc).items() if not ok] == ["regulator_notified"]
    step(engine, stop_supply.regulator_notified, r["id"], now=PLANNED - timedelta(hours=2))
    s = step(engine, stop_supply.stopped, r["id"], now=PLANNED + timedelta(minutes=1))
    assert s["status"] == "stopped"
    # a residential customer's request has nothing to notify
    ready(engine, "3301000002")
    r2 = request(engine, "3301000002")
    with pytest.raises(notices.NoticeError) as exc:
        step(engine, stop_supply.regulator_notified, r2["id"])
    assert exc.value.code == "collections.stop_supply.not_important"


def test_renotice_and_planned_time_before_stopping(engine, halls):
    ready(engine)
    r = request(engine)
    step(engine, stop_supply.approve, r["id"])
    with pytest.raises(stop_supply.GatesFailed) as exc:  # nobody told the customer again
        step(engine, stop_supply.stopped, r["id"], now=PLANNED + timedelta(minutes=1))
    assert [k for k, ok in gates_of(exc).items() if not ok] == ["renotice"]
    step(engine, stop_supply.renotified, r["id"], now=PLANNED - timedelta(minutes=35))
    with pytest.raises(stop_supply.GatesFailed) as exc:  # too early
        step(engine, stop_supply.stopped, r["id"], now=PLANNED - timedelta(minutes=10))
    assert gates_of(exc)["renotice"] is False
    assert step(engine, stop_supply.stopped, r["id"], now=PLANNED)["status"] == "stopped"


def test_one_open_request_per_account_and_cancel(engine, halls):
    ready(engine)
    r = request(engine)
    with pytest.raises(notices.NoticeError) as exc:
        request(engine)
    assert exc.value.code == "collections.stop_supply.exists"
    c = step(engine, stop_supply.cancel, r["id"], reason="客户申请分期")
    assert c["status"] == "cancelled" and c["cancel_reason"] == "客户申请分期"
    assert request(engine)["status"] == "requested"


# --- payments ----------------------------------------------------------------------------------


def _bank_pay(engine, account, amount_fen):
    item = {"payment_uuid": str(uuid.uuid4()), "account_no": account, "amount_fen": amount_fen,
            "paid_at": "2026-04-22T10:00:00", "reference": f"B{uuid.uuid4().hex[:12]}"}
    [result] = ingest_channel_payments(engine, channel_principal(engine, account, "bank"),
                                       [item])
    assert result["status"] == 201, result
    return result


def test_a_partial_payment_keeps_the_request_a_clearing_one_cancels_it(engine, halls):
    ready(engine)
    r = request(engine)
    step(engine, stop_supply.approve, r["id"])
    _bank_pay(engine, "3301000001", 5000)  # part of the oldest bill: still in arrears
    with engine.connect() as c:
        assert stop_supply.get_request(c, H, r["id"])["status"] == "approved"
    _bank_pay(engine, "3301000001", 50000)  # everything, the rest is credit
    with engine.connect() as c:
        got = stop_supply.get_request(c, H, r["id"])
        pending = notices.list_notices(c, H, account_no="3301000001", status="pending")
        acts = [a.action for a in actions_for(c, H, subject="3301000001")]
    assert got["status"] == "cancelled" and got["cancelled_by"] == "system"
    assert got["cancel_reason"] == "arrears paid"
    assert pending == []
    assert "stop_supply.cancelled" in acts


def test_stopped_customer_paying_opens_a_reconnection_task(engine, halls):
    ready(engine)
    r = request(engine)
    step(engine, stop_supply.approve, r["id"])
    step(engine, stop_supply.renotified, r["id"], now=PLANNED - timedelta(hours=1))
    step(engine, stop_supply.stopped, r["id"], now=PLANNED)
    with engine.begin() as c:
        done = stop_supply.on_payments_booked(c, H, ["3301000001"], PLANNED + timedelta(hours=3))
    assert done["reconnections"] == []  # still in arrears: nothing
    _bank_pay(engine, "3301000001", 20000)
    with engine.connect() as c:
        [task] = stop_supply.list_reconnections(c, H, open_only=True)
    assert task["account_no"] == "3301000001" and task["request_id"] == r["id"]
    opened, due = (datetime.fromisoformat(task[k]) for k in ("opened_at", "due_at"))
    assert due - opened == timedelta(hours=24)
    with engine.connect() as c:  # the supervisor sees it overdue after the deadline
        [late] = stop_supply.list_reconnections(c, H, open_only=True,
                                                now=due + timedelta(minutes=1))
    assert late["overdue"] is True
    with engine.begin() as c:  # another payment does not open a second task
        stop_supply.on_payments_booked(c, H, ["3301000001"], due)
    assert count(engine, ReconnectionTask) == 1
    closed = step(engine, stop_supply.close_reconnection, task["id"], actor="4001",
                  now=opened + timedelta(hours=5))
    assert closed["open"] is False and closed["closed_by"] == "4001"
    with engine.connect() as c:
        assert stop_supply.get_request(c, H, r["id"])["status"] == "reconnected"
        assert stop_supply.list_reconnections(c, H, open_only=True) == []
    with pytest.raises(notices.NoticeError):
        step(engine, stop_supply.close_reconnection, task["id"], actor="4001")


def test_reconnection_deadline_is_a_setting(engine, halls):
    with engine.begin() as c:
        notices.change_settings(c, H, actor="9001", terminal_id=None, now=NOW,
                                changes={"reconnect_hours": 12})
    ready(engine)
    r = request(engine)
    step(engine, stop_supply.approve, r["id"])
    step(engine, stop_supply.renotified, r["id"], now=PLANNED - timedelta(hours=1))
    step(engine, stop_supply.stopped, r["id"], now=PLANNED)
    with engine.begin() as c:
        c.execute(update(notices.Bill).where(notices.Bill.account_no == "3301000001")
                  .values(status="paid", principal_paid_fen=notices.Bill.amount_fen))
        done = stop_supply.on_payments_booked(c, H, ["3301000001"], PLANNED + timedelta(hours=1))
    [task_id] = done["reconnections"]
    with engine.connect() as c:
        row = c.execute(select(ReconnectionTask).where(ReconnectionTask.task_id == task_id)).one()
    assert row.due_at - row.opened_at == timedelta(hours=12)
    assert json.loads(json.dumps(done))  # plain data


def test_the_dunning_sink_issues_notices_and_skips_accounts_paid_meanwhile(engine, halls):
    sink = notices.NoticeSink()
    with engine.begin() as c:
        n = sink.notice(c, H, "3301000001", "R1", 2, "reminder", AS_OF)
        w = sink.notice(c, H, "3301000001", "R1", 3, "stop_warning", AS_OF)
        assert sink.notice(c, H, "3301000001", "R2", 2, "reminder", date(2026, 2, 1)) is None
        sink.stop_request(c, H, "3301000001", "R1", 4, AS_OF)
        assert sink.sms(c, H, "3301000001", "R1", 1, AS_OF) is None
    assert n["source"] == "dunning run R1 level 2" and w["kind"] == "stop_warning"
    with engine.connect() as c:
        acts = [a.action for a in actions_for(c, H)]
    assert acts[0] == "stop_supply.proposed" and acts.count("notices.issued") == 2
