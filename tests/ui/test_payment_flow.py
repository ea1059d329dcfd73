"""Whole payments from sign-in to receipt preview: cash with change, card, split, partial, prepaid."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from counter_app.config import Config
from counter_app.services.lookup import find_customers
from counter_app.services.payments import last_payment, quote_account
from counter_app.ui.error_text import message_for_code
from hall_domain.money import fen_to_plain, format_fen
from hall_domain.tenders import TenderKind
from tests.helpers.ui import (
    drain,
    no_new_payments,
    open_customer,
    pick,
    press,
    sign_in_to_counter,
    type_into,
)

pytestmark = pytest.mark.gui

CARD = {"reference": "123456789012", "auth": "A1B2C3", "masked": "622848******1234"}


def confirm_and_wait_for_receipt(qtbot, window):
    page = window.counter
    qtbot.waitUntil(page.has_dialog)
    dialog = page._dialog
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.receipt_dialog is not None and window.receipt_dialog.isVisible())
    return dialog, window.receipt_dialog


def assert_reset_for_next_customer(qtbot, window):
    page = window.counter
    assert page.quote is None
    assert page.search.field.text() == ""
    assert page.customer.account.text() == "—"
    assert page.bills.bills.rowCount() == 0
    assert page.payment.amount.text() == ""
    qtbot.keyClick(window.receipt_dialog, Qt.Key.Key_Return)  # Enter: next customer
    qtbot.waitUntil(lambda: not window.receipt_dialog.isVisible())
    qtbot.waitUntil(lambda: window.focusWidget() is page.search.field)


def test_cash_with_change(qtbot, window, ctx, demo_customers):
    customer = pick(demo_customers, min_open=2)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    page = window.counter
    total = page.quote.total_due_fen
    assert page.quote.late_fee_total_fen > 0  # in arrears: the late fee is charged
    assert page.payment.amount.text() == fen_to_plain(total)
    assert page.bills.total.text() == format_fen(total)
    assert page.bills.bills.rowCount() == len(customer.open_bills)

    tendered = (total // 10_000 + 1) * 10_000  # the next ¥100 note
    change = tendered - total
    type_into(qtbot, page.payment.cash_tendered, fen_to_plain(tendered))
    assert page.payment.change.text() == format_fen(change)  # shown while typing
    qtbot.keyClick(page.payment.cash_tendered, Qt.Key.Key_Return)

    qtbot.waitUntil(page.has_dialog)
    dialog = page._dialog
    rows = dialog.allocations.rows()
    assert [r.period for r in rows] == [b.period for b in customer.open_bills]
    assert all(r.settles_bill for r in rows)
    assert sum(r.total_fen for r in rows) == total
    _, receipt = confirm_and_wait_for_receipt(qtbot, window)

    payment = last_payment(ctx.store, terminal_id=ctx.terminal_id)
    assert payment.account_no == customer.account_no
    assert payment.amount_fen == total and payment.change_fen == change
    assert payment.credit_fen == 0
    text = receipt.receipt_text.replace("￥", "¥")  # the printer layout uses the full-width sign
    assert payment.receipt_no in text and "找零" in text and format_fen(change) in text
    assert "重打" not in text
    assert format_fen(change) in receipt.findChild(QLabel, "changeBig").text()  # large, on top
    assert quote_account(ctx.store, customer.account_no, on=window.ctx.clock().date(),
                         rules=ctx.rules).lines == ()
    assert_reset_for_next_customer(qtbot, window)


def test_card(qtbot, window, ctx, demo_customers):
    customer = pick(demo_customers, min_open=1)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    page = window.counter
    total = page.quote.total_due_fen
    press(qtbot, window, Qt.Key.Key_F6)  # card tab, focus on the reference
    assert page.payment.mode().name == "CARD"
    assert window.focusWidget() is page.payment.card_reference
    type_into(qtbot, page.payment.card_reference, CARD["reference"])
    type_into(qtbot, page.payment.card_auth, CARD["auth"].lower())
    type_into(qtbot, page.payment.card_masked, CARD["masked"], enter=True)
    confirm_and_wait_for_receipt(qtbot, window)

    payment = last_payment(ctx.store, terminal_id=ctx.terminal_id)
    (card,) = payment.tenders
    assert card.kind == TenderKind.CARD and card.amount_fen == total
    assert (card.reference, card.auth_code, card.masked_card) == (
        CARD["reference"], CARD["auth"], CARD["masked"])
    assert CARD["masked"] in window.receipt_dialog.receipt_text
    assert_reset_for_next_customer(qtbot, window)


def test_split_cash_and_card(qtbot, window, ctx, demo_customers):
    customer = pick(demo_customers, min_open=2)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    page = window.counter
    total = page.quote.total_due_fen
    cash_part = total // 2
    press(qtbot, window, Qt.Key.Key_F7)
    assert window.focusWidget() is page.payment.split_cash
    type_into(qtbot, page.payment.split_cash, fen_to_plain(cash_part))
    type_into(qtbot, page.payment.split_tendered, fen_to_plain(cash_part + 1000))
    assert page.payment.split_card_part.text() == format_fen(total - cash_part)
    assert page.payment.change.text() == format_fen(1000)
    type_into(qtbot, page.payment.split_reference, CARD["reference"])
    type_into(qtbot, page.payment.split_auth, CARD["auth"])
    type_into(qtbot, page.payment.split_masked, CARD["masked"], enter=True)
    confirm_and_wait_for_receipt(qtbot, window)

    payment = last_payment(ctx.store, terminal_id=ctx.terminal_id)
    cash, card = payment.tenders
    assert (cash.kind, cash.amount_fen, cash.change_fen) == (TenderKind.CASH, cash_part, 1000)
    assert (card.kind, card.amount_fen) == (TenderKind.CARD, total - cash_part)
    assert payment.amount_fen == total
    assert_reset_for_next_customer(qtbot, window)


def test_partial_payment_leaves_the_newer_bills_open(qtbot, window, ctx, demo_customers):
    customer = pick(demo_customers, min_open=3)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    page = window.counter
    first = page.quote.lines[0]
    type_into(qtbot, page.payment.amount, fen_to_plain(first.total_fen), enter=True)
    qtbot.waitUntil(page.has_dialog)
    rows = page._dialog.allocations.rows()
    assert len(rows) == 1 and rows[0].period == first.bill.period and rows[0].settles_bill
    confirm_and_wait_for_receipt(qtbot, window)

    payment = last_payment(ctx.store, terminal_id=ctx.terminal_id)
    assert payment.amount_fen == first.total_fen and payment.credit_fen == 0
    left = quote_account(ctx.store, customer.account_no, on=window.ctx.clock().date(),
                         rules=ctx.rules)
    assert [line.bill.period for line in left.lines] == [b.period for b in customer.open_bills[1:]]
    assert_reset_for_next_customer(qtbot, window)


def test_prepayment_without_open_bills_becomes_credit(qtbot, window, ctx, demo_customers):
    customer = pick(demo_customers, min_open=0, max_open=0, credit=None)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    page = window.counter
    assert page.quote.total_due_fen == 0
    assert page.payment.amount.text() == "" and window.focusWidget() is page.payment.amount
    assert "预存" in page.bills.note.full_text()
    type_into(qtbot, page.payment.amount, "200", enter=True)
    qtbot.waitUntil(page.has_dialog)
    rows = page._dialog.allocations.rows()
    assert len(rows) == 1 and rows[0].is_credit and rows[0].total_fen == 20_000
    confirm_and_wait_for_receipt(qtbot, window)

    payment = last_payment(ctx.store, terminal_id=ctx.terminal_id)
    assert payment.credit_fen == 20_000 and payment.allocations == ()
    (after,) = find_customers(ctx.store, customer.account_no)
    assert after.credit_fen == customer.credit_fen + 20_000
    assert format_fen(20_000) in window.receipt_dialog.receipt_text.replace("￥", "¥")
    assert_reset_for_next_customer(qtbot, window)


def test_overpayment_pays_all_bills_and_keeps_the_rest_as_credit(qtbot, window, ctx, demo_customers):
    customer = pick(demo_customers, min_open=1)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    page = window.counter
    total = page.quote.total_due_fen
    type_into(qtbot, page.payment.amount, fen_to_plain(total + 5_000), enter=True)
    qtbot.waitUntil(page.has_dialog)
    assert page._dialog.allocations.rows()[-1].is_credit
    confirm_and_wait_for_receipt(qtbot, window)
    payment = last_payment(ctx.store, terminal_id=ctx.terminal_id)
    assert payment.credit_fen == 5_000 and sum(a.total_fen for a in payment.allocations) == total


def test_reprint_is_marked(qtbot, window, ctx, demo_customers):
    customer = pick(demo_customers, min_open=1)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    qtbot.keyClick(window.counter.payment.cash_tendered, Qt.Key.Key_Return)
    confirm_and_wait_for_receipt(qtbot, window)
    first = window.receipt_dialog
    qtbot.keyClick(first, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not first.isVisible())
    jobs = []
    window.receiptReady.connect(jobs.append)
    press(qtbot, window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: window.receipt_dialog is not first and window.receipt_dialog.isVisible())
    again = window.receipt_dialog
    assert again.reprint and "重打" in again.receipt_text and "REPRINT" in again.receipt_text
    assert first.receipt_text.split("\n")[4:] == [
        line for line in again.receipt_text.split("\n") if "重打" not in line][4:]
    assert len(jobs) == 1 and jobs[0].reprint


def test_dialog_esc_goes_back_and_nothing_is_saved(qtbot, window, ctx, demo_customers):
    customer = pick(demo_customers, min_open=1)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    page = window.counter
    with no_new_payments(ctx):
        qtbot.keyClick(page.payment.cash_tendered, Qt.Key.Key_Return)
        qtbot.waitUntil(page.has_dialog)
        qtbot.keyClick(page._dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not page.has_dialog())
    assert page.quote is not None  # still serving the same customer


LIMIT_FEN = 100_000  # ¥1,000.00 in these tests


@pytest.mark.parametrize(("typed", "code", "params"), [
    ("", "money.empty", {}),
    ("-1", "money.negative", {"text": "-1"}),
    ("1e3", "money.exponent", {"text": "1e3"}),
    ("12.345", "money.too_precise", {"text": "12.345"}),
    ("NaN", "money.not_a_number", {"text": "NaN"}),
    ("0", "money.zero", {"text": "0"}),
    ("abc", "money.format", {"text": "abc"}),
    ("1,23", "money.grouping", {"text": "1,23"}),
    ("1000.01", "money.over_limit", {"limit_fen": LIMIT_FEN}),
])
def test_invalid_amount_is_refused_with_its_message(qtbot, make_ctx, make_window, demo_customers,
                                                     typed, code, params):
    ctx = make_ctx(Config({"counter.max_payment_fen": LIMIT_FEN}))
    window = make_window(ctx)
    customer = pick(demo_customers, min_open=1)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    page = window.counter
    with no_new_payments(ctx):
        type_into(qtbot, page.payment.amount, typed, enter=True)
        expected = message_for_code(code, params)
        assert page.payment.error.text() == expected
        assert any("\u4e00" <= ch <= "\u9fff" for ch in expected)  # in the UI language
        assert not page.has_dialog()
        assert window.focusWidget() is page.payment.amount
    if code == "money.over_limit":
        assert "¥1,000.00" in expected


@pytest.mark.parametrize(("mode", "fill", "code"), [
    ("cash", {"cash_tendered": "1"}, "tender.cash_short"),
    ("card", {"card_reference": "123456789012", "card_auth": "A1B2C3",
              "card_masked": "6228480000000001234"}, "tender.full_card_number"),
    ("card", {"card_reference": "12", "card_auth": "A1B2C3", "card_masked": "622848******1234"},
     "tender.card_reference"),
])
def test_invalid_tender_is_refused(qtbot, window, ctx, demo_customers, mode, fill, code):
    customer = pick(demo_customers, min_open=1)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    page = window.counter
    press(qtbot, window, Qt.Key.Key_F5 if mode == "cash" else Qt.Key.Key_F6)
    with no_new_payments(ctx):
        for name, text in fill.items():
            type_into(qtbot, getattr(page.payment, name), text)
        qtbot.keyClick(page.payment.amount, Qt.Key.Key_Return)
        assert page.payment.error.text() == message_for_code(code, {
            "tendered_fen": 100, "amount_fen": page.quote.total_due_fen})
        assert not page.has_dialog()
    drain()


def test_a_hall_that_rounds_change_to_jiao_shows_and_records_the_change_given(
        qtbot, make_ctx, make_window, demo_customers):
    """counter.change_rounding = "jiao": ¥91.07 paid with ¥100 shows ¥8.90 (not ¥8.93) while
    typing, in the confirmation and on the receipt; the 3 fen are stored with the payment."""
    ctx = make_ctx(Config({"counter.change_rounding": "jiao"}))
    window = make_window(ctx)
    customer = pick(demo_customers, min_open=1)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    page = window.counter
    page.payment.amount.clear()
    type_into(qtbot, page.payment.amount, "91.07")
    type_into(qtbot, page.payment.cash_tendered, "100")
    assert page.payment.change.text() == "¥8.90"
    qtbot.keyClick(page.payment.cash_tendered, Qt.Key.Key_Return)
    dialog, receipt = confirm_and_wait_for_receipt(qtbot, window)
    assert "¥8.90" in [w.text() for w in dialog.findChildren(QLabel)]
    payment = last_payment(ctx.store, terminal_id=ctx.terminal_id)
    assert (payment.amount_fen, payment.change_fen, payment.change_rounding_fen) == (9107, 890, 3)
    text = receipt.receipt_text.replace("￥", "¥")
    assert "应找" in text and "¥8.93" in text and "-¥0.03" in text and "¥8.90" in text
    assert "¥8.90" in receipt.findChild(QLabel, "changeBig").text()
