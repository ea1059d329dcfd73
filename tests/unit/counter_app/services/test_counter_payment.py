"""The counter's payment (services.counter_payment): past the offline limits a card payment
needs a supervisor's approval, used up in the payment's OWN transaction: a payment that fails
leaves the approval unused."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from counter_app.adapters.storage.sync_repo import SqliteSyncStore
from counter_app.services.approvals import ApprovalRequired, approve
from counter_app.services.counter_payment import offline_target, take_counter_payment
from counter_app.services.ports import OfflineLimits
from hall_domain.errors import AccountError, PaymentError
from hall_domain.receipts import ReceiptContext
from hall_domain.security import Action
from hall_domain.tenders import CardTender, CashTender
from tests.helpers.services import (
    NOW,
    PIN,
    RULES,
    TERMINAL,
    add_bill,
    add_customer,
    count,
    open_test_shift,
)

ACC, OTHER = "3101000001", "3101000002"
CONTEXT = ReceiptContext(hall_name="城东供电营业厅", hall_address="人民路88号",
                         cashier_name="张收费", footer="")
LIMITS = OfflineLimits(max_hours=24, max_queued=1, terminal_id=TERMINAL)  # one queued: cards stop


def card(fen: int) -> CardTender:
    return CardTender(fen, "123456789012", "A1B2C3", "622848******1234")


def pay(store, user, account_no, tenders, *, limits=LIMITS, approval=None):
    return take_counter_payment(
        store, sync_store=SqliteSyncStore(store), limits=limits, terminal_id=TERMINAL,
        user=user, account_no=account_no, amount_fen=sum(t.amount_fen for t in tenders),
        tenders=tenders, now=NOW, rules=RULES, receipt_context=CONTEXT,
        offline_approval=approval)


def used_at(store, approval_id: int):
    con = sqlite3.connect(store.path)
    try:
        return con.execute("SELECT used_at FROM approvals WHERE id = ?",
                           (approval_id,)).fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def offline(store, cashier):
    """One cash payment queued and no ledger answer: card payments are past the limit."""
    for acc, name in ((ACC, "张伟"), (OTHER, "李娜")):
        add_customer(store, acc, name)
        add_bill(store, acc, "2026-02", 12000, date(2026, 3, 15))
    open_test_shift(store, cashier)
    done = pay(store, cashier, ACC, [CashTender(5000, 5000)])
    assert done.receipt.payment_uuid == done.payment.payment_uuid and done.job_id > 0
    return store


def test_card_past_the_limit_is_refused_without_approval(offline, cashier):
    with pytest.raises(PaymentError) as e:
        pay(offline, cashier, OTHER, [card(3000)])
    assert e.value.code == "payment.offline_card_refused"
    assert count(offline, "payments") == 1
    # Without a ledger link there are no limits: the card goes through.
    assert pay(offline, cashier, OTHER, [card(3000)], limits=None).payment.amount_fen == 3000


def test_a_failed_payment_leaves_the_approval_unused(offline, cashier, users):
    approval = approve(offline, action=Action.EXCEED_OFFLINE_LIMIT, initiator=cashier,
                       approver_id=users["supervisor"].user_id, approver_pin=PIN,
                       target=offline_target(TERMINAL), now=NOW, terminal_id=TERMINAL)
    with pytest.raises(AccountError):  # fails inside the payment's transaction
        pay(offline, cashier, "3109999999", [card(3000)], approval=approval)
    assert used_at(offline, approval.approval_id) is None  # still there for the next try
    assert count(offline, "payments") == 1

    done = pay(offline, cashier, OTHER, [card(3000)], approval=approval)
    assert done.payment.amount_fen == 3000
    assert used_at(offline, approval.approval_id) is not None  # used with the payment
    with pytest.raises(ApprovalRequired) as e:  # once only
        pay(offline, cashier, OTHER, [card(1000)], approval=approval)
    assert e.value.code == "approval.used"
    assert count(offline, "payments") == 2
