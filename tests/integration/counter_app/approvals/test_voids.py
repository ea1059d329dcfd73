"""Void within the shift (bills, credit restored exactly; receipt kept as void; void slip; outbox)
and, after the shift, refunds of prepaid credit with their own receipt number."""

from __future__ import annotations

import json

import pytest

from counter_app.services import voids
from counter_app.services.approvals import ApprovalRequired
from counter_app.services.audit_service import verify_audit
from hall_domain.security import Action
from tests.helpers.approvals import (
    CTX,
    LATE,
    PRINTER,
    TERMINAL,
    approve,
    close_shift_raw,
    do_void,
    job_bytes,
    later,
    snapshot,
)
from tests.helpers.cash_fixtures import pay, start_shift
from tests.helpers.escpos_decoder import decode

ACCOUNT = "3301000002"  # pay(c, 1, ...) pays this account; its bill is ¥102.00 due 2026-04-15


def test_void_restores_bills_and_credit_exactly_and_keeps_the_receipt_number(counter):
    c = counter
    start_shift(c, at=LATE)
    before = snapshot(c.store, ACCOUNT)
    # Over the bill and its late fee: the rest becomes prepaid credit.
    p = pay(c, 1, cash=20000, tendered=20000, at=later(1))
    assert p.credit_fen > 0 and p.allocations[0].late_fee_fen > 0
    assert snapshot(c.store, ACCOUNT) != before

    result = do_void(c, p)

    assert snapshot(c.store, ACCOUNT) == before
    with c.store.read() as tx:
        status, number = tx.raw.execute(
            "SELECT status, receipt_number FROM payments WHERE payment_uuid = ?",
            (p.payment_uuid,)).fetchone()
        outbox = tx.raw.execute("SELECT kind, item_key, payload_json FROM outbox WHERE kind = 'void'"
                                ).fetchall()
        audit = [e for e in tx.audit.audit_entries() if e.action == "payment.void"]
    assert (status, number) == ("void", p.receipt_number)
    assert [(k, key) for k, key, _ in outbox] == [("void", result.void_id)]
    payload = json.loads(outbox[0][2])
    assert payload["payment_uuid"] == p.payment_uuid and payload["approved_by"] == "2001"
    assert payload["receipt_number"] == p.receipt_number and payload["cashier_id"] == "1001"
    assert len(audit) == 1 and audit[0].user_id == "1001"
    assert json.loads(audit[0].detail)["approved_by"] == "2001"
    assert verify_audit(c.store) is None

    doc = decode(job_bytes(c, result.print_job_id), encoding="gb18030", columns=48)
    text = "\n".join(doc.texts)
    assert "作废" in text and "VOID" in text and p.receipt_no in text and "收错户号" in text


def test_the_next_payment_after_a_void_gets_the_next_number(counter):
    c = counter
    start_shift(c, at=LATE)
    p = pay(c, 1, cash=10200, at=later(1))
    do_void(c, p)
    q = pay(c, 2, cash=10300, at=later(6))
    assert q.receipt_number == p.receipt_number + 1


def test_void_needs_an_approval_and_changes_nothing_without_one(counter):
    c = counter
    start_shift(c, at=LATE)
    p = pay(c, 1, cash=20000, at=later(1))
    after_payment = snapshot(c.store, ACCOUNT)
    with pytest.raises(ApprovalRequired) as err:
        voids.void_payment(c.store, terminal_id=TERMINAL, user=c.cashier,
                           payment_uuid=p.payment_uuid, reason="x", approval=None, now=later(2),
                           receipt_ctx=CTX, printer_uri=PRINTER)
    assert err.value.code == "approval.required"
    assert err.value.params["action"] == "void_payment"
    assert snapshot(c.store, ACCOUNT) == after_payment


def test_an_approval_is_for_one_payment_and_used_once(counter):
    c = counter
    start_shift(c, at=LATE)
    p1 = pay(c, 1, cash=10200, at=later(1))
    p2 = pay(c, 2, cash=10300, at=later(2))
    ok = approve(c, Action.VOID_PAYMENT, voids.void_target(p1.payment_uuid))
    kw = dict(terminal_id=TERMINAL, user=c.cashier, reason="x", approval=ok, now=later(3),
              receipt_ctx=CTX, printer_uri=PRINTER)
    with pytest.raises(ApprovalRequired) as err:
        voids.void_payment(c.store, payment_uuid=p2.payment_uuid, **kw)
    assert err.value.code == "approval.mismatch"
    with pytest.raises(ApprovalRequired) as err:  # another cashier cannot use it either
        voids.void_payment(c.store, **{**kw, "user": c.cashier2}, payment_uuid=p1.payment_uuid)
    assert err.value.code == "approval.mismatch"
    voids.void_payment(c.store, payment_uuid=p1.payment_uuid, **kw)
    p3 = pay(c, 3, cash=10400, at=later(4))
    with pytest.raises((ApprovalRequired, voids.VoidError)):
        voids.void_payment(c.store, payment_uuid=p3.payment_uuid, **kw)


def test_void_refused_twice_after_the_shift_and_under_a_later_payment(counter):
    c = counter
    shift = start_shift(c, at=LATE)
    p1 = pay(c, 1, cash=5000, at=later(1))   # part of the bill
    p2 = pay(c, 6, cash=5000, at=later(2))   # the same account (6 % 5 + 1 == 2): later payment
    with pytest.raises(voids.VoidError) as err:
        do_void(c, p1)
    assert err.value.code == "void.later_payment"
    do_void(c, p2)
    do_void(c, p1)  # now it is the last one on the bill
    with pytest.raises(voids.VoidError) as err:
        do_void(c, p1)
    assert err.value.code == "void.already_void"
    p3 = pay(c, 3, cash=10400, at=later(10))
    close_shift_raw(c, shift.shift_id, later(20))
    start_shift(c, at=later(30))
    with pytest.raises(voids.VoidError) as err:
        do_void(c, p3, at=later(31))
    assert err.value.code == "void.other_shift"


def test_technician_and_admin_cannot_void_or_refund(counter):
    c = counter
    start_shift(c, at=LATE)
    p = pay(c, 1, cash=20000, at=later(1))
    for user in (c.tech, c.admin):
        with pytest.raises(Exception) as err:
            voids.void_payment(c.store, terminal_id=TERMINAL, user=user,
                               payment_uuid=p.payment_uuid, reason="x", approval=None,
                               now=later(2), receipt_ctx=CTX, printer_uri=PRINTER)
        assert err.value.code == "permission.denied"
        with pytest.raises(Exception) as err:
            voids.refund_credit(c.store, terminal_id=TERMINAL, user=user,
                                payment_uuid=p.payment_uuid, amount_fen=100, reason="x",
                                approval=None, now=later(2), receipt_ctx=CTX, printer_uri=PRINTER)
        assert err.value.code == "permission.denied"


def test_refund_of_credit_after_the_shift_has_its_own_receipt(counter):
    c = counter
    shift = start_shift(c, at=LATE)
    p = pay(c, 1, cash=20000, at=later(1))
    credit = p.credit_fen
    assert credit > 0
    kw = dict(terminal_id=TERMINAL, user=c.cashier, payment_uuid=p.payment_uuid, reason="客户要求退预存",
              receipt_ctx=CTX, printer_uri=PRINTER)
    with pytest.raises(voids.VoidError) as err:  # same shift: that is a void
        voids.refund_credit(c.store, amount_fen=credit, approval=None, now=later(2), **kw)
    assert err.value.code == "refund.use_void"
    close_shift_raw(c, shift.shift_id, later(10))
    start_shift(c, at=later(20))
    with pytest.raises(voids.VoidError) as err:
        voids.refund_credit(c.store, amount_fen=credit + 1, approval=None, now=later(21), **kw)
    assert err.value.code == "refund.over_credit"
    with pytest.raises(ApprovalRequired):
        voids.refund_credit(c.store, amount_fen=credit, approval=None, now=later(21), **kw)

    ok = approve(c, Action.REFUND_CREDIT, f"refund:{p.payment_uuid}", at=later(22))
    r = voids.refund_credit(c.store, amount_fen=credit, approval=ok, now=later(23), **kw)

    assert r.receipt_number == p.receipt_number + 1 and r.receipt_no == f"T01-{r.receipt_number:08d}"
    assert snapshot(c.store, ACCOUNT)[1] == 0
    assert voids.refundable_fen(c.store, p.payment_uuid) == 0
    q = pay(c, 3, cash=10400, at=later(30))
    assert q.receipt_number == r.receipt_number + 1  # gapless: the refund took its own number
    doc = decode(job_bytes(c, r.print_job_id), encoding="gb18030", columns=48)
    text = "\n".join(doc.texts)
    assert "退款" in text and r.receipt_no in text and p.receipt_no in text
    with c.store.read() as tx:
        [entry] = [e for e in tx.audit.audit_entries() if e.action == "credit.refund"]
    assert json.loads(entry.detail)["approved_by"] == "2001" and entry.user_id == "1001"
    assert verify_audit(c.store) is None
