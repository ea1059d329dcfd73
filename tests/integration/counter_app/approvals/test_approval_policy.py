"""A hall with one supervisor on duty: a named second approver, or an administrator's override,
both allowed only by the hall's setting and audited as overrides; never the one asking."""

from __future__ import annotations

import json

import pytest

from counter_app.config import Config
from counter_app.services import approvals
from hall_domain.errors import PermissionDenied
from hall_domain.security import Action
from tests.helpers.approvals import LATE, PIN, TERMINAL


def ask(c, *, approver_id, policy, initiator=None, action=Action.VOID_PAYMENT):
    return approvals.approve(c.store, action=action, initiator=initiator or c.supervisor,
                             approver_id=approver_id, approver_pin=PIN, target="payment:x",
                             reason="一位值班长在岗", now=LATE, terminal_id=TERMINAL,
                             policy=policy)


def audit(c, action):
    with c.store.read() as tx:
        return [e for e in tx.audit.audit_entries() if e.action == action]


def test_without_a_policy_a_cashier_or_admin_may_not_approve(counter):
    for approver in ("1002", "9001"):
        with pytest.raises(PermissionDenied) as err:
            ask(counter, approver_id=approver, policy=approvals.STRICT)
        assert err.value.code == "approval.not_allowed"


def test_the_named_second_approver_may_approve_and_it_is_audited(counter):
    policy = approvals.ApprovalPolicy(second_approver_id="1002")
    ok = ask(counter, approver_id="1002", policy=policy)  # the only supervisor asks
    assert (ok.initiator_id, ok.approver_id) == ("2001", "1002")
    [entry] = audit(counter, "approval.override")
    detail = json.loads(entry.detail)
    assert detail["basis"] == "second_approver" and detail["approver_role"] == "cashier"
    assert audit(counter, "approval.grant") == []
    # Another cashier is not named: refused.
    with pytest.raises(PermissionDenied):
        ask(counter, approver_id="1001", policy=policy)


def test_the_named_approver_never_approves_their_own_request(counter):
    policy = approvals.ApprovalPolicy(second_approver_id="1002")
    with pytest.raises(PermissionDenied) as err:
        ask(counter, approver_id="1002", policy=policy, initiator=_user(counter, "1002"),
            action=Action.WAIVE_LATE_FEE)
    assert err.value.code == "approval.self"


def _user(c, user_id):
    with c.store.read() as tx:
        return tx.users.get_user(user_id)


def test_admin_override_only_when_the_hall_allows_it(counter):
    with pytest.raises(PermissionDenied):
        ask(counter, approver_id="9001", policy=approvals.ApprovalPolicy())
    ok = ask(counter, approver_id="9001", policy=approvals.ApprovalPolicy(admin_override=True))
    assert ok.approver_id == "9001"
    [entry] = audit(counter, "approval.override")
    assert json.loads(entry.detail)["basis"] == "admin_override"
    # A technician is neither.
    with pytest.raises(PermissionDenied):
        ask(counter, approver_id="8001",
            policy=approvals.ApprovalPolicy(second_approver_id="", admin_override=True))


def test_the_settings_exist_with_strict_defaults():
    cfg = Config()
    assert cfg["approvals.second_approver"] == "" and cfg["approvals.admin_override"] is False
    assert cfg["shift.others_may_continue"] is False
