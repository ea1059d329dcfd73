"""Past the offline limits card payments stop; a supervisor may approve one on the cashier's
screen (never the cashier), and cash goes on regardless."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.config import Config
from counter_app.ledger_link import start_ledger_link
from counter_app.services.payments import last_payment
from tests.helpers.ui import open_customer, press, sign_in_to_counter, type_into

pytestmark = pytest.mark.gui

CARD = ("123456789012", "A1B2C3", "622848******1234")


def confirm(qtbot, window):
    page = window.counter
    qtbot.waitUntil(page.has_dialog)
    before = window.receipt_dialog
    qtbot.keyClick(page._dialog, Qt.Key.Key_Return)
    return before


def test_card_past_the_offline_limit_needs_a_supervisor(qtbot, make_ctx, make_window,
                                                        demo_customers):
    # A ledger that never answers (nothing listens on port 9) and a limit of one queued payment.
    ctx = make_ctx(Config({"ledger.url": "http://127.0.0.1:9", "ledger.token": "hcl_x",
                           "ledger.offline_max_queued": 1}))
    link = start_ledger_link(ctx, idle_seconds=30)
    try:
        window = make_window(ctx, ledger_link=link)
        sign_in_to_counter(qtbot, window)
        customers = [c for c in demo_customers if c.open_bills][:2]
        open_customer(qtbot, window, customers[0].account_no)  # cash: always accepted
        qtbot.keyClick(window.counter.payment.cash_tendered, Qt.Key.Key_Return)
        before = confirm(qtbot, window)
        qtbot.waitUntil(lambda: window.receipt_dialog is not before
                        and window.receipt_dialog is not None)
        qtbot.keyClick(window.receipt_dialog, Qt.Key.Key_Return)
        first = last_payment(ctx.store, terminal_id=ctx.terminal_id)

        open_customer(qtbot, window, customers[1].account_no)
        page = window.counter
        press(qtbot, window, Qt.Key.Key_F6)
        type_into(qtbot, page.payment.card_reference, CARD[0])
        type_into(qtbot, page.payment.card_auth, CARD[1])
        type_into(qtbot, page.payment.card_masked, CARD[2], enter=True)
        confirm(qtbot, window)
        qtbot.waitUntil(lambda: getattr(page, "offline_dialog", None) is not None
                        and page.offline_dialog.isVisible())
        dialog = page.offline_dialog
        dialog.approver_id.setText("1001")  # the cashier cannot wave their own card through
        dialog.pin.setText("1111")
        dialog.on_buttons_accepted()
        qtbot.waitUntil(lambda: bool(dialog.error.text()))
        assert last_payment(ctx.store, terminal_id=ctx.terminal_id) == first
        dialog.approver_id.setText("2001")
        dialog.pin.setText("2222")
        dialog.on_buttons_accepted()
        qtbot.waitUntil(lambda: last_payment(ctx.store, terminal_id=ctx.terminal_id) != first,
                        timeout=10_000)
        paid = last_payment(ctx.store, terminal_id=ctx.terminal_id)
        assert paid.account_no == customers[1].account_no
        assert paid.tenders[0].kind.value == "card"
        with ctx.store.read() as tx:
            actions = [e.action for e in tx.audit.audit_entries(limit=1000)]
        assert "approval.grant" in actions
    finally:
        link.stop()
