"""The counter asks the cashier to check a phone unverified for 12 months (#14): a prompt in
the customer panel when the account is looked up or its card read, never in the way of the
payment; its button opens the phone dialog, and the same number saved is a verification."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from counter_app.services.lookup import find_customers
from counter_app.ui.app import connect_card_reader
from hall_domain.phones import add_months
from tests.helpers.ui import open_customer, pick, press, sign_in_to_counter, type_into
from tests.ui.test_lookup_and_card import FakeCardReaderBridge

pytestmark = pytest.mark.gui

PROMPT = "该户手机号超过12个月未核实，请向客户核实"


def set_phone_state(ctx, account_no, *, status, verified_on):
    """As a reference pull from the ledger would leave it."""
    (c,) = find_customers(ctx.store, account_no)
    row = {"account_no": c.account_no, "name": c.name, "address": c.address, "phone": c.phone,
           "user_type": c.user_type.value, "area": c.area, "credit_fen": c.credit_fen,
           "phone_status": status,
           "phone_verified_on": verified_on.isoformat() if verified_on else None}
    with ctx.store.write() as tx:
        tx.reference.apply_reference([row], [], now=ctx.clock())


def outbox_items(ctx):
    with ctx.store.read() as tx:
        return [(r[0], json.loads(r[1])) for r in tx._raw.execute(
            "SELECT kind, payload_json FROM outbox ORDER BY id")]


def test_a_card_read_prompts_and_confirming_the_number_verifies_it(qtbot, window, ctx,
                                                                   demo_customers):
    customer = pick(demo_customers, phone="valid")
    today = ctx.clock().date()
    set_phone_state(ctx, customer.account_no, status="ok", verified_on=add_months(today, -12))
    bridge = FakeCardReaderBridge()
    connect_card_reader(window, bridge)
    sign_in_to_counter(qtbot, window)

    bridge.cardRead.emit(customer.account_no)
    qtbot.waitUntil(lambda: window.counter.quote is not None)
    page, panel = window.counter, window.counter.customer
    assert panel.phone_warning.isVisible()
    assert PROMPT in panel.phone_warning.full_text()
    assert panel.phone_button.isVisible() and "核实" in panel.phone_button.text()
    assert page.payment.isEnabled()  # not blocking: the payment can go on

    qtbot.mouseClick(panel.phone_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.has_dialog)
    dialog = page._dialog
    assert dialog.verify and dialog.field.text() == customer.phone
    assert "核实" in dialog.windowTitle()
    type_into(qtbot, dialog.field, customer.phone, enter=True)  # the same number
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert not panel.phone_warning.isVisible()
    assert page.message.full_text() == "手机号已核实。"
    (stored,) = find_customers(ctx.store, customer.account_no)
    assert (stored.phone_status, stored.phone_verified_on) == ("ok", today)
    [(kind, payload)] = [i for i in outbox_items(ctx) if i[0] == "contact_change"]
    assert payload["account_no"] == customer.account_no and payload["new"] == customer.phone


def test_a_day_short_of_twelve_months_is_not_prompted(qtbot, window, ctx, demo_customers):
    customer = pick(demo_customers, phone="valid")
    verified = add_months(ctx.clock().date(), -12) + timedelta(days=1)
    set_phone_state(ctx, customer.account_no, status="unverified", verified_on=verified)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    assert not window.counter.customer.phone_warning.isVisible()


@pytest.mark.parametrize(("status", "words"), [("vacant", "空号"), ("invalid", "不是有效")])
def test_vacant_or_invalid_by_the_ledgers_word_is_prompted(qtbot, window, ctx, demo_customers,
                                                           status, words):
    customer = pick(demo_customers, phone="valid")
    set_phone_state(ctx, customer.account_no, status=status, verified_on=ctx.clock().date())
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    panel = window.counter.customer
    assert panel.phone_warning.isVisible() and words in panel.phone_warning.full_text()
    press(qtbot, window, Qt.Key.Key_F8)  # F8 opens the same dialog
    qtbot.waitUntil(window.counter.has_dialog)
    assert window.counter._dialog.verify


def test_no_word_from_the_ledger_no_prompt(qtbot, window, ctx, demo_customers):
    """A customer only the counter knows (imported here, never synced) is not nagged about."""
    customer = pick(demo_customers, phone="valid")
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    assert not window.counter.customer.phone_warning.isVisible()
