"""The stop-supply gates as pure rules (hall_domain.stop_supply): each gate alone, the notice
window's edges, and which gates each phase needs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from hall_domain.collections import CustomerClass
from hall_domain.stop_supply import GATES, NoticeWindow, StopFacts, evaluate, failing

PLANNED = datetime(2026, 4, 24, 10, 0)
BASIS = {g: f"basis of {g}" for g in GATES}


def facts(**over) -> StopFacts:
    """A request where every gate holds (a residential customer, stopped on time)."""
    base = StopFacts(
        customer_class=CustomerClass.RESIDENTIAL, overdue_days=40, planned_at=PLANNED,
        reminder="notice H001-CF-2026-000001", notice_no="H001-TD-2026-000001",
        notice_delivered_on=PLANNED.date() - timedelta(days=5), requested_by="2001",
        approved_by="2002", renotified_at=PLANNED - timedelta(minutes=45),
        now=PLANNED + timedelta(minutes=5))
    return replace(base, **over)


DEFAULT_WINDOW = NoticeWindow()


def by_gate(f: StopFacts, window: NoticeWindow = DEFAULT_WINDOW) -> dict[str, bool]:
    return {g.gate: g.ok for g in evaluate(f, window, BASIS)}


def test_every_gate_holds_and_carries_its_basis():
    gates = evaluate(facts(), NoticeWindow(), BASIS)
    assert [g.gate for g in gates] == list(GATES)
    assert all(g.ok for g in gates), gates
    assert [g.basis for g in gates] == [f"basis of {g}" for g in GATES]
    assert failing(gates, "stop") == []


@pytest.mark.parametrize(("over", "gate"), [
    ({"overdue_days": 30}, "overdue"),
    ({"overdue_days": None}, "overdue"),
    ({"reminder": None}, "reminder_delivered"),
    ({"notice_delivered_on": None, "notice_no": None}, "notice_window"),
    ({"approved_by": None}, "four_eyes"),
    ({"approved_by": "2001"}, "four_eyes"),
    ({"customer_class": CustomerClass.IMPORTANT}, "regulator_notified"),
    ({"renotified_at": None}, "renotice"),
    ({"renotified_at": PLANNED - timedelta(minutes=29)}, "renotice"),
    ({"now": PLANNED - timedelta(minutes=1)}, "renotice"),
])
def test_each_gate_violated_alone_fails_only_that_gate(over, gate):
    answers = by_gate(facts(**over))
    assert answers.pop(gate) is False
    assert all(answers.values()), answers


def test_overdue_edge_30_fails_31_holds():
    assert by_gate(facts(overdue_days=30))["overdue"] is False
    assert by_gate(facts(overdue_days=31))["overdue"] is True


@pytest.mark.parametrize(("days_before", "ok"), [(2, False), (3, True), (5, True), (7, True),
                                                 (8, False), (0, False), (-1, False)])
def test_notice_window_edges_default_3_to_7_days(days_before, ok):
    f = facts(notice_delivered_on=PLANNED.date() - timedelta(days=days_before))
    gate = next(g for g in evaluate(f, NoticeWindow(), BASIS) if g.gate == "notice_window")
    assert gate.ok is ok
    assert f"{days_before} days before" in gate.detail


def test_notice_window_is_a_setting():
    f = facts(notice_delivered_on=date(2026, 4, 22))  # 2 days before
    assert by_gate(f, NoticeWindow(2, 5))["notice_window"] is True
    assert by_gate(f, NoticeWindow(3, 7))["notice_window"] is False
    with pytest.raises(ValueError):
        NoticeWindow(5, 3)


def test_important_user_needs_the_regulator_notified():
    important = facts(customer_class=CustomerClass.IMPORTANT)
    assert [g.gate for g in failing(evaluate(important, NoticeWindow(), BASIS), "stop")] == [
        "regulator_notified"]
    done = replace(important, regulator_notified_at=PLANNED - timedelta(days=2))
    assert failing(evaluate(done, NoticeWindow(), BASIS), "stop") == []


def test_phases_need_their_own_gates():
    raised = facts(approved_by=None, renotified_at=None, now=PLANNED - timedelta(days=4),
                   customer_class=CustomerClass.IMPORTANT)
    gates = evaluate(raised, NoticeWindow(), BASIS)
    assert failing(gates, "request") == []  # a request may be raised ...
    assert [g.gate for g in failing(gates, "approve")] == ["four_eyes"]  # ... not yet approved
    assert {g.gate for g in failing(gates, "stop")} == {"four_eyes", "regulator_notified",
                                                        "renotice"}
