"""Search (account, phone, name; result list), the phone prompt, and a card read opening a customer."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QObject, Qt, Signal

from counter_app.services.lookup import find_customers
from counter_app.ui.app import connect_card_reader
from hall_domain.accounts import is_valid_mobile
from tests.helpers.ui import open_customer, pick, press, settle, sign_in_to_counter, type_into

pytestmark = pytest.mark.gui


def test_phone_number_opens_the_customer(qtbot, window, demo_customers):
    customer = pick(demo_customers, phone="valid")
    sign_in_to_counter(qtbot, window)
    type_into(qtbot, window.counter.search.field, customer.phone, enter=True)
    qtbot.waitUntil(lambda: window.counter.quote is not None)
    assert window.counter.quote.customer.account_no == customer.account_no
    assert window.counter.customer.name.text() == customer.name


def test_several_matches_show_a_list_enter_opens_esc_goes_back(qtbot, window, demo_customers):
    surname, count = Counter(c.name[0] for c in demo_customers if c.name[0] != "广").most_common(1)[0]
    assert count >= 2
    sign_in_to_counter(qtbot, window)
    page = window.counter
    type_into(qtbot, page.search.field, surname, enter=True)
    qtbot.waitUntil(lambda: page.left.currentWidget() is page.results)
    rows = page.results.results.rows()
    assert len(rows) >= 2 and all(surname in r.name or surname in r.address for r in rows)
    assert str(len(rows)) in page.message.full_text()
    qtbot.keyClick(page.results, Qt.Key.Key_Down)
    chosen = rows[1].account_no
    qtbot.keyClick(page.results, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.quote is not None and page.quote.customer.account_no == chosen)
    assert page.left.currentIndex() == 0

    type_into(qtbot, page.search.field, surname, enter=True)
    qtbot.waitUntil(lambda: page.left.currentWidget() is page.results and page.quote is None)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert page.left.currentIndex() == 0 and window.focusWidget() is page.search.field


def test_no_match_says_so(qtbot, window):
    sign_in_to_counter(qtbot, window)
    type_into(qtbot, window.counter.search.field, "9999999999", enter=True)
    qtbot.waitUntil(lambda: "没有" in window.counter.message.full_text())
    assert "9999999999" in window.counter.message.full_text()
    assert window.counter.quote is None


def test_esc_clears_for_the_next_customer(qtbot, window, demo_customers):
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, pick(demo_customers).account_no)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.counter.quote is None and window.counter.search.field.text() == ""


def test_f2_focuses_the_search_field(qtbot, window, demo_customers):
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, pick(demo_customers).account_no)
    assert window.focusWidget() is not window.counter.search.field
    press(qtbot, window, Qt.Key.Key_F2)
    assert window.focusWidget() is window.counter.search.field
    assert window.counter.search.field.selectedText() == window.counter.search.field.text()


def test_missing_phone_is_prompted_and_recorded(qtbot, window, ctx, demo_customers):
    customer = pick(demo_customers, phone="missing")
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    panel = window.counter.customer
    assert panel.phone_warning.isVisible() and "未登记手机号" in panel.phone_warning.full_text()
    assert "F8" in window.counter.message.full_text()
    press(qtbot, window, Qt.Key.Key_F8)
    qtbot.waitUntil(window.counter.has_dialog)
    dialog = window.counter._dialog
    type_into(qtbot, dialog.field, "1234", enter=True)  # not a mobile number: refused here
    assert "11 位" in dialog.error.text() and dialog.isVisible()
    type_into(qtbot, dialog.field, "138 0013 8000", enter=True)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert panel.phone.text() == "13800138000" and not panel.phone_warning.isVisible()
    assert window.counter.message.full_text() == "手机号已保存。"
    (stored,) = find_customers(ctx.store, customer.account_no)
    assert stored.phone == "13800138000" and is_valid_mobile(stored.phone)


class FakeCardReaderBridge(QObject):
    """Same signals as ui/card_reader_bridge.CardReaderBridge, driven by the test."""

    cardRead = Signal(str)
    stateChanged = Signal(str)


def test_card_read_opens_the_customer(qtbot, window, demo_customers):
    bridge = FakeCardReaderBridge()
    connect_card_reader(window, bridge)
    bridge.stateChanged.emit("connected")
    assert window.status.card_reader.text() == "读卡器：已连接"
    customer = pick(demo_customers, min_open=2)

    bridge.cardRead.emit(customer.account_no)  # signed out: ignored
    assert window.pages.currentWidget() is window.login

    sign_in_to_counter(qtbot, window)
    bridge.cardRead.emit(customer.account_no)
    qtbot.waitUntil(lambda: window.counter.quote is not None)
    page = window.counter
    assert page.quote.customer.account_no == customer.account_no
    assert page.search.field.text() == customer.account_no
    assert page.bills.bills.rowCount() == len(customer.open_bills)
    assert page.payment.isEnabled()

    other = pick([c for c in demo_customers if c.account_no != customer.account_no], min_open=1)
    bridge.cardRead.emit(other.account_no)  # the next customer's card replaces the screen
    qtbot.waitUntil(lambda: page.quote.customer.account_no == other.account_no)


def test_card_read_is_ignored_while_confirming(qtbot, window, ctx, demo_customers):
    bridge = FakeCardReaderBridge()
    connect_card_reader(window, bridge)
    first, second = pick(demo_customers), pick(demo_customers[::-1])
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, first.account_no)
    qtbot.keyClick(window.counter.payment.cash_tendered, Qt.Key.Key_Return)
    qtbot.waitUntil(window.counter.has_dialog)
    bridge.cardRead.emit(second.account_no)
    settle()
    assert window.counter.quote.customer.account_no == first.account_no


def test_card_read_after_a_payment_closes_the_receipt_and_opens_the_next(qtbot, window,
                                                                         demo_customers):
    bridge = FakeCardReaderBridge()
    connect_card_reader(window, bridge)
    first = pick(demo_customers, min_open=1)
    second = pick([c for c in demo_customers if c.account_no != first.account_no], min_open=1)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, first.account_no)
    qtbot.keyClick(window.counter.payment.cash_tendered, Qt.Key.Key_Return)
    qtbot.waitUntil(window.counter.has_dialog)
    qtbot.keyClick(window.counter._dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.receipt_dialog is not None and window.receipt_dialog.isVisible())
    bridge.cardRead.emit(second.account_no)
    qtbot.waitUntil(lambda: window.counter.quote is not None
                    and window.counter.quote.customer.account_no == second.account_no)
    assert not window.receipt_dialog.isVisible()
