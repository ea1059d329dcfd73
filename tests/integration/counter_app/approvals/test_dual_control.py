"""Dual control: the approver's own credential, never the initiator, both audited, lockout counted."""

from __future__ import annotations

import json
import sqlite3

import pytest

from counter_app.services import approvals
from hall_domain.errors import AuthError, PermissionDenied
from hall_domain.security import MAX_FAILED_PINS, Action
from tests.helpers.approvals import LATE, PIN, SUP_PIN, TERMINAL, approve, later


def audit(c, action: str):
    with c.store.read() as tx:
        return [e for e in tx.audit.audit_entries() if e.action == action]


def test_approval_records_both_people(counter):
    c = counter
    ok = approve(c, Action.WAIVE_LATE_FEE, "bill:3301000001:1")
    assert (ok.initiator_id, ok.approver_id, ok.action) == ("1001", "2001", Action.WAIVE_LATE_FEE)
    [entry] = audit(c, "approval.grant")
    assert entry.user_id == "1001" and json.loads(entry.detail)["approver_id"] == "2001"
    con = sqlite3.connect(c.store.path)
    assert con.execute("SELECT initiator_id, approver_id, action FROM approvals").fetchall() == [
        ("1001", "2001", "waive_late_fee")]
    con.close()


def test_the_initiator_cannot_approve_their_own_request(counter):
    c = counter
    with pytest.raises(PermissionDenied) as err:
        approve(c, Action.VOID_PAYMENT, "payment:x", initiator=c.supervisor, approver_id="2001")
    assert err.value.code == "approval.self"
    [entry] = audit(c, "approval.refused")
    assert entry.outcome == "self" and entry.user_id == "2001"
    # the store refuses it too, whatever a caller does
    con = sqlite3.connect(c.store.path)
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO approvals (action, terminal_id, initiator_id, approver_id, "
                    "target, reason, approved_at) VALUES ('void_payment', 'T01', '2001', '2001', "
                    "'payment:x', '', '2026-05-10T09:00:00')")
    con.close()


def test_a_supervisor_needs_another_supervisor(counter):
    c = counter
    ok = approve(c, Action.VOID_PAYMENT, "payment:x", initiator=c.supervisor, approver_id="2002")
    assert ok.approver_id == "2002"


@pytest.mark.parametrize("approver_id", ["1002", "8001", "9001"])
def test_only_a_role_holding_the_action_may_approve(counter, approver_id):
    c = counter
    pin = PIN
    with pytest.raises(PermissionDenied) as err:
        approve(c, Action.VOID_PAYMENT, "payment:x", approver_id=approver_id, pin=pin)
    assert err.value.code == "approval.not_allowed"
    assert audit(c, "approval.refused")[0].outcome == "not_allowed"


def test_an_initiator_without_the_right_to_ask_is_refused(counter):
    c = counter
    with pytest.raises(PermissionDenied) as err:
        approve(c, Action.VOID_PAYMENT, "payment:x", initiator=c.tech)
    assert err.value.code == "permission.denied"


def test_wrong_approver_pin_counts_toward_lockout(counter):
    c = counter
    for i in range(MAX_FAILED_PINS - 1):
        with pytest.raises(AuthError) as err:
            approve(c, Action.CASH_OUT, "cash_out", pin="0000", at=later(i))
        assert err.value.code == "auth.wrong_pin"
    with c.store.read() as tx:
        assert tx.users.get_user("2001").failed_pins == MAX_FAILED_PINS - 1
    with pytest.raises(AuthError) as err:
        approve(c, Action.CASH_OUT, "cash_out", pin="0000", at=later(10))
    assert err.value.code == "auth.locked"
    with pytest.raises(AuthError) as err:  # even the right PIN, while locked
        approve(c, Action.CASH_OUT, "cash_out", pin=SUP_PIN, at=later(11))
    assert err.value.code == "auth.locked"
    outcomes = [e.outcome for e in audit(c, "auth.login") if e.target == "user:2001"]
    assert outcomes == ["wrong_pin"] * (MAX_FAILED_PINS - 1) + ["locked_now", "locked"]
    assert not audit(c, "approval.grant")


def test_unknown_action_is_a_programming_error(counter):
    with pytest.raises(ValueError):
        approvals.approve(counter.store, action=Action.LOOKUP_CUSTOMER, initiator=counter.cashier,
                          approver_id="2001", approver_pin=SUP_PIN, target="x", now=LATE,
                          terminal_id=TERMINAL)
