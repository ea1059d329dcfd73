"""Late-fee waiver: approved by a supervisor, the fee is gone from the quote, audited."""

from __future__ import annotations

import json

import pytest

from counter_app.services import waivers
from counter_app.services.approvals import ApprovalRequired
from counter_app.services.payments import quote_account
from hall_domain.security import Action
from tests.helpers.approvals import LATE, TERMINAL, approve, later
from tests.helpers.cash_fixtures import RULES

ACCOUNT = "3301000001"


def test_waiver_with_approval_removes_the_late_fee(counter):
    c = counter
    q = quote_account(c.store, ACCOUNT, on=LATE.date(), rules=RULES)
    [line] = q.lines
    assert line.late_fee_fen > 0
    target = waivers.waiver_target(ACCOUNT, line.bill.bill_id)
    kw = dict(terminal_id=TERMINAL, user=c.cashier, account_no=ACCOUNT, bill_id=line.bill.bill_id,
              reason="困难户", now=later(1), rules=RULES)
    with pytest.raises(ApprovalRequired):
        waivers.waive_late_fee(c.store, approval=None, **kw)
    ok = approve(c, Action.WAIVE_LATE_FEE, target)
    assert waivers.waive_late_fee(c.store, approval=ok, **kw) == line.late_fee_fen
    after = quote_account(c.store, ACCOUNT, on=later(60 * 24 * 30).date(), rules=RULES)
    assert after.late_fee_total_fen == 0 and after.principal_total_fen == line.principal_fen
    with c.store.read() as tx:
        [entry] = [e for e in tx.audit.audit_entries() if e.action == "late_fee.waive"]
    assert json.loads(entry.detail)["waived_fen"] == line.late_fee_fen
    assert json.loads(entry.detail)["approved_by"] == "2001"
