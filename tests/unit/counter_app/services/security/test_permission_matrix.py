"""Every role × action cell, against the services where one exists; docs/security.md matches.

Run with UPDATE_SECURITY_DOC=1 to rewrite the table in the doc from the code.
"""

from __future__ import annotations

import contextlib
import os
from datetime import datetime

import pytest

from counter_app.services import approvals, audit_query, contacts, payments, shifts, users
from counter_app.services.approvals import APPROVALS
from counter_app.services.print_jobs import PrintService
from hall_domain.errors import PermissionDenied
from hall_domain.security import PERMISSIONS, Action, Role, can, require
from hall_domain.shifts import DenominationCount
from hall_domain.tenders import CashTender
from tests.helpers.cash_fixtures import PIN, RULES, SUP_PIN, TERMINAL
from tests.helpers.security_doc import BEGIN, DOC, END, doc_matrix, matrix_markdown

NOW = datetime(2026, 3, 20, 9, 0)
CELLS = [(role, action) for role in Role for action in Action]


def _pin(user) -> str:
    return SUP_PIN if user.role == Role.SUPERVISOR else PIN


def _call(c, action: Action, user) -> str:
    """Run the service guarding `action` as `user`; the name of what was called."""
    if action in APPROVALS:  # the approver side: `user` approves a cashier's request
        initiator = c.cashier2
        if not can(initiator.role, APPROVALS[action]):  # asked by a supervisor (stop supply)
            initiator = c.supervisor2 if user.user_id != c.supervisor2.user_id else c.supervisor
        approvals.approve(c.store, action=action, initiator=initiator, approver_id=user.user_id,
                          approver_pin=_pin(user), target="cell", now=NOW, terminal_id=TERMINAL)
        return "approvals.approve"
    if action == Action.TAKE_PAYMENT:
        with c.store.write() as tx:
            if tx.shifts.open_shift_for(TERMINAL) is None:
                tx.shifts.insert_shift(terminal_id=TERMINAL, opened_by="1001", opened_at=NOW,
                                       opening_float=DenominationCount({}))
        payments.take_payment(c.store, terminal_id=TERMINAL, user=user, account_no="3301000001",
                              amount_fen=100, tenders=[CashTender(100, 100)], now=NOW, rules=RULES)
        return "payments.take_payment"
    if action == Action.OPEN_SHIFT:
        shifts.open_shift(c.store, terminal_id=TERMINAL, user=user,
                          opening_float=DenominationCount({100: 1}), now=NOW)
        return "shifts.open_shift"
    if action == Action.UPDATE_CONTACT:
        contacts.update_phone(c.store, terminal_id=TERMINAL, user=user, account_no="3301000001",
                              phone="13800001234", now=NOW)
        return "contacts.update_phone"
    if action == Action.MANAGE_USERS:
        users.add_user(c.store, actor=user, user_id="new1", name="新人", role=Role.CASHIER,
                       pin="1234", now=NOW, terminal_id=TERMINAL)
        return "users.add_user"
    if action == Action.VIEW_AUDIT:
        audit_query.list_audit(c.store, user=user)
        return "audit_query.list_audit"
    if action == Action.REPRINT_RECEIPT:
        from counter_app.adapters.storage.print_jobs_repo import SqlitePrintJobStore

        svc = PrintService(SqlitePrintJobStore(c.store), printer_for=None, render=None,
                           clock=lambda: NOW)
        # LookupError: past the permission check, there is no such receipt
        with contextlib.suppress(LookupError):
            svc.request_reprint("none", user=user, supervisor=None, reprint_limit=1,
                                printer_uri="file:///dev/null", now=NOW)
        return "PrintService.request_reprint"
    if action == Action.CORRECT_SYNC_ITEM:
        from counter_app.adapters.storage.sync_repo import SqliteSyncStore
        from counter_app.services import sync

        # SyncReviewError: past the permission check, nothing is on the review list
        with contextlib.suppress(sync.SyncReviewError):
            sync.correct_card_reference(SqliteSyncStore(c.store), payment_uuid="none",
                                        reference="000000000001", reason="cell", user=user,
                                        now=NOW, terminal_id=TERMINAL)
        return "sync.correct_card_reference"
    require(user, action)  # no service of this issue guards it: the domain check services call
    return "require"


@pytest.mark.parametrize(("role", "action"), CELLS, ids=[f"{r.value}-{a.value}" for r, a in CELLS])
def test_cell(counter, role, action):
    user = counter.by_role[role]
    if can(role, action):
        _call(counter, action, user)
    else:
        with pytest.raises(PermissionDenied) as err:
            _call(counter, action, user)
        assert err.value.code in ("permission.denied", "approval.not_allowed")


def test_disabled_user_may_do_nothing(counter):
    from dataclasses import replace

    for action in PERMISSIONS[Role.SUPERVISOR]:
        with pytest.raises(PermissionDenied):
            require(replace(counter.supervisor, active=False), action)


@pytest.mark.parametrize(("role", "action"), [
    (Role.TECHNICIAN, Action.TAKE_PAYMENT), (Role.TECHNICIAN, Action.VOID_PAYMENT),
    (Role.TECHNICIAN, Action.REFUND_CREDIT), (Role.CASHIER, Action.CLOSE_SHIFT),
    (Role.CASHIER, Action.MANAGE_USERS), (Role.CASHIER, Action.VOID_PAYMENT),
    (Role.SUPERVISOR, Action.MANAGE_USERS), (Role.ADMIN, Action.TAKE_PAYMENT),
])
def test_rules_the_issue_names(role, action):
    assert not can(role, action)


def test_every_role_has_a_row_and_only_known_actions():
    assert set(PERMISSIONS) == set(Role)
    assert all(isinstance(a, Action) for acts in PERMISSIONS.values() for a in acts)


def test_doc_matrix_matches_the_code():
    text = DOC.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_SECURITY_DOC"):
        start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
        text = text[:start] + "\n" + matrix_markdown() + "\n" + text[end:]
        DOC.write_text(text, encoding="utf-8")
    assert doc_matrix(text) == matrix_markdown(), (
        "docs/security.md disagrees with PERMISSIONS; run UPDATE_SECURITY_DOC=1 pytest "
        "tests/unit/counter_app/services/security/test_permission_matrix.py -k doc and review the diff")
