"""Cash out and the close-with-queued override go through services/approvals (one approval, used
once, in the movement's or sign-off's own transaction); refunds paid out of the drawer lower the
expected cash, voided payments stay out of it."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from counter_app.services import approvals, voids
from counter_app.services import cash_control as cc
from counter_app.services.approvals import ApprovalRequired
from counter_app.services.shifts import open_shift
from hall_domain.errors import PermissionDenied
from hall_domain.receipts import ReceiptContext
from hall_domain.security import Action
from hall_domain.shifts import DenominationCount
from tests.helpers.cash_fixtures import FLOAT, SUP_PIN, T0, TERMINAL, pay, start_shift

AT = T0 + timedelta(hours=8)
CTX = ReceiptContext(hall_name="城东供电营业厅", hall_address="人民路100号", cashier_name="甲")


def rows(c, sql, *params):
    con = sqlite3.connect(c.store.path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def grant(c, action, target, *, initiator=None, at=AT):
    return approvals.approve(c.store, action=action, initiator=initiator or c.cashier,
                             approver_id="2001", approver_pin=SUP_PIN, target=target,
                             reason="r", now=at, terminal_id=TERMINAL)


def test_cash_out_without_an_approval_asks_for_one(counter):
    c = counter
    shift = start_shift(c)
    with pytest.raises(ApprovalRequired) as e:
        cc.cash_out(c.cash, terminal_id=TERMINAL, user=c.cashier, amount_fen=100, reason="解款",
                    now=AT)
    assert e.value.params == {"action": "cash_out", "target": cc.cash_out_target(shift.shift_id)}
    assert rows(c, "SELECT count(*) FROM cash_movements") == [(0,)]


def test_cash_out_consumes_the_approval_once_and_records_the_approver(counter):
    c = counter
    shift = start_shift(c)
    ok = grant(c, Action.CASH_OUT, cc.cash_out_target(shift.shift_id))
    m = cc.cash_out(c.cash, terminal_id=TERMINAL, user=c.cashier, amount_fen=5000,
                    reason="中途解款", approval=ok, now=AT)
    assert m.approved_by == "2001"
    assert rows(c, "SELECT action, initiator_id, approver_id, used_at IS NOT NULL FROM approvals") \
        == [("cash_out", "1001", "2001", 1)]
    with pytest.raises(ApprovalRequired) as e:  # the same approval again
        cc.cash_out(c.cash, terminal_id=TERMINAL, user=c.cashier, amount_fen=5000,
                    reason="中途解款", approval=ok, now=AT)
    assert e.value.code == "approval.used"
    assert rows(c, "SELECT count(*), sum(amount_fen) FROM cash_movements") == [(1, 5000)]


def test_an_approval_for_something_else_is_refused(counter):
    c = counter
    start_shift(c)
    other = grant(c, Action.VOID_PAYMENT, "payment:x")
    with pytest.raises(ApprovalRequired) as e:
        cc.cash_out(c.cash, terminal_id=TERMINAL, user=c.cashier, amount_fen=100, reason="r",
                    approval=other, now=AT)
    assert e.value.code == "approval.mismatch"
    assert rows(c, "SELECT used_at FROM approvals") == [(None,)]


def test_override_is_an_approval_used_by_the_sign_off(counter):
    c = counter
    shift = start_shift(c)
    pay(c, 1, cash=10100)  # still queued for the ledger
    cc.begin_close(c.cash, terminal_id=TERMINAL, user=c.cashier, now=AT)
    cc.submit_blind_count(c.cash, shift_id=shift.shift_id, user=c.cashier,
                          counted=DenominationCount({10000: 3, 1000: 5, 100: 11}),
                          bank_settlement_fen=0, now=AT)
    close = cc.supervisor_sign_off(c.cash, shift_id=shift.shift_id, supervisor_id="2001",
                                   pin=SUP_PIN, now=AT, override_reason="网络中断")
    assert (close.override_by, close.signed_off_by, close.unsent_at_sign_off) == ("2001", "2001", 1)
    assert rows(c, "SELECT action, initiator_id, approver_id, target, used_at IS NOT NULL "
                   "FROM approvals") == [("close_with_queued", "1001", "2001",
                                          cc.close_target(shift.shift_id), 1)]
    actions = [r[0] for r in rows(c, "SELECT action FROM audit_log ORDER BY seq")]
    assert actions[-3:] == ["auth.login", "approval.grant", "shift.sign_off"]


def test_override_by_the_counter_is_refused(counter):
    c = counter
    shift = start_shift(c)
    pay(c, 1, cash=10100)
    cc.begin_close(c.cash, terminal_id=TERMINAL, user=c.supervisor, now=AT)
    cc.submit_blind_count(c.cash, shift_id=shift.shift_id, user=c.supervisor,
                          counted=DenominationCount({10000: 3}), bank_settlement_fen=0, now=AT)
    with pytest.raises(PermissionDenied) as e:
        cc.supervisor_sign_off(c.cash, shift_id=shift.shift_id, supervisor_id="2001",
                               pin=SUP_PIN, now=AT, override_reason="网络中断")
    assert e.value.code == "approval.self"
    assert rows(c, "SELECT count(*) FROM approvals") == [(0,)]


def test_refund_paid_out_lowers_expected_cash_and_a_void_is_left_out(counter):
    c = counter
    first = start_shift(c)
    credit_payment = pay(c, 0, cash=20000)  # bill ¥101.00: ¥99.00 becomes prepaid credit
    assert credit_payment.credit_fen == 9900
    with c.store.write() as tx:  # end the first shift the short way
        tx.raw.execute("UPDATE shifts SET status = 'closed', closed_at = ? WHERE id = ?",
                       ((T0 + timedelta(hours=1)).isoformat(), first.shift_id))
    at = T0 + timedelta(hours=2)
    second = open_shift(c.store, terminal_id=TERMINAL, user=c.cashier, opening_float=FLOAT, now=at)
    kept = pay(c, 1, cash=10200, at=at)
    voided = pay(c, 2, cash=10300, at=at + timedelta(minutes=1))
    ok = grant(c, Action.VOID_PAYMENT, voids.void_target(voided.payment_uuid), at=at)
    voids.void_payment(c.store, terminal_id=TERMINAL, user=c.cashier,
                       payment_uuid=voided.payment_uuid, reason="收错", approval=ok,
                       now=at + timedelta(minutes=2), receipt_ctx=CTX, printer_uri="")
    target = f"refund:{credit_payment.payment_uuid}"
    ok = grant(c, Action.REFUND_CREDIT, target, at=at)
    refund = voids.refund_credit(c.store, terminal_id=TERMINAL, user=c.cashier,
                                 payment_uuid=credit_payment.payment_uuid, amount_fen=4000,
                                 reason="客户销户", approval=ok, now=at + timedelta(minutes=3),
                                 receipt_ctx=CTX, printer_uri="")
    x = cc.x_report(c.cash, shift_id=second.shift_id, user=c.cashier, now=at + timedelta(hours=1))
    t = x.totals
    assert (t.refund_count, t.refund_fen) == (1, 4000)
    assert (t.payment_count, t.void_count, t.void_total_fen) == (1, 1, 10300)
    assert t.expected_cash_fen == FLOAT.total_fen + kept.amount_fen - 4000
    assert [r.receipt_no for r in x.refunds] == [refund.receipt_no]
    # The first shift pays nothing back: its refund is the second shift's cash.
    first_x = cc.shift_report(c.cash, shift_id=first.shift_id, now=at)
    assert first_x.totals.refund_fen == 0
    # Blind close of the second shift: the refund is in the expected figure.
    cc.begin_close(c.cash, terminal_id=TERMINAL, user=c.cashier, now=at + timedelta(hours=2))
    fig = cc.submit_blind_count(c.cash, shift_id=second.shift_id, user=c.cashier,
                                counted=DenominationCount({10000: 2, 1000: 5, 100: 10}),
                                bank_settlement_fen=0, now=at + timedelta(hours=2))
    assert fig.cash.expected_fen == 26000 + 10200 - 4000
    assert fig.cash.over_short_fen == 26000 - (26000 + 10200 - 4000)
