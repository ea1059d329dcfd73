"""Keys per payment (issue 13): every payment here is driven by key presses to the focused
widget only (bench/keys_per_payment.py's driver), and the keys are counted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bench.keys_per_payment import MAX_KEYS_AFTER_CARD_READ, MAX_KEYS_CASH_EXACT, KeyDriver
from counter_app.services.payments import quote_account
from counter_app.ui.receipt_dialog import ReceiptPreviewDialog
from hall_domain.tenders import TenderKind
from tests.helpers.ui import sign_in_to_counter

pytestmark = pytest.mark.gui


@pytest.fixture
def accounts(demo_customers):
    """Customers owing at least ¥20 (before late fees), one per payment."""
    return iter([c.account_no for c in demo_customers
                 if sum(b.amount_fen for b in c.open_bills) >= 2000])


@pytest.fixture
def driver(qtbot, window):
    sign_in_to_counter(qtbot, window)
    return KeyDriver(window, timeout_s=20)


def due(ctx, account_no: str) -> int:
    return quote_account(ctx.store, account_no, on=ctx.clock().date(), rules=ctx.rules).total_due_fen


def test_cash_exact_with_the_account_typed_takes_at_most_13_keys(driver, ctx, accounts):
    first, second = next(accounts), next(accounts)
    owed = due(ctx, first), due(ctx, second)
    done = [driver.pay("cash_exact", first), driver.pay("cash_exact", second)]
    # The second began with the first one's receipt on screen: its digits closed it.
    assert [d.keys for d in done] == [13, 13]
    assert all(d.keys <= MAX_KEYS_CASH_EXACT for d in done)
    assert done[1].typed == [second, "Enter", "Enter", "Enter"]
    assert [(d.amount_fen, d.change_fen) for d in done] == [(owed[0], 0), (owed[1], 0)]
    assert due(ctx, first) == 0 and due(ctx, second) == 0


def test_cash_exact_after_a_card_read_takes_at_most_3_keys(driver, ctx, accounts):
    account = next(accounts)
    owed = due(ctx, account)
    done = driver.pay("cash_exact_card_read", account)
    assert done.keys <= MAX_KEYS_AFTER_CARD_READ
    assert done.typed == ["Enter", "Enter"]
    assert (done.amount_fen, done.change_fen) == (owed, 0)


def test_part_payment_without_the_mouse(driver, ctx, accounts):
    """F3 reaches the amount (本次收款); the rest stays owed."""
    account = next(accounts)
    owed = due(ctx, account)
    done = driver.pay("partial", account)
    part = max(1, owed // 200) * 100
    assert done.typed == [account, "Enter", "F3", str(part // 100), "Enter", "Enter"]
    assert done.keys == 16
    assert (done.amount_fen, done.change_fen) == (part, 0)
    assert due(ctx, account) == owed - part


def test_note_keys_add_notes_and_open_the_confirmation_once_covered(qtbot, driver, ctx,
                                                                     accounts):
    page = driver.page
    account = next(a for a in accounts if 10_000 < due(ctx, a) < 15_000)
    owed = due(ctx, account)
    driver.open_by_keys(account)
    assert "F4" in page.payment.exact_button.text()  # the keys are shown on the buttons
    assert [("50" in b.text(), "100" in b.text(), b.text()[-4:-1])
            for b in page.payment.note_buttons.values()] == [(True, False, "F10"),
                                                             (False, True, "F11")]
    driver.key(Qt.Key.Key_F11, "F11")  # ¥100 does not cover it yet: no confirmation
    assert page.payment.cash_tendered.text() == "100.00"
    assert not page.has_dialog()
    driver.key(Qt.Key.Key_F10, "F10")  # ¥150 does
    qtbot.waitUntil(page.has_dialog)
    driver.key(Qt.Key.Key_Escape, "Esc")  # back: the notes are kept
    qtbot.waitUntil(lambda: not page.has_dialog())
    assert page.payment.cash_tendered.text() == "150.00"
    driver.key(Qt.Key.Key_F11, "F11")  # the customer adds another ¥100
    payment = driver.confirm()
    assert (payment.amount_fen, payment.change_fen) == (owed, 25_000 - owed)
    assert [t.tendered_fen for t in payment.tenders] == [25_000]


def test_exact_cash_key_from_the_card_tab_pays_cash(qtbot, driver, ctx, accounts):
    account = next(accounts)
    owed = due(ctx, account)
    driver.open_by_keys(account)
    driver.key(Qt.Key.Key_F6, "F6")
    driver.key(Qt.Key.Key_F4, "F4")
    payment = driver.confirm()
    assert [t.kind for t in payment.tenders] == [TenderKind.CASH]
    assert (payment.amount_fen, payment.change_fen) == (owed, 0)


def test_card_and_split_by_keys_alone(driver, ctx, accounts):
    """Enter in a card field moves on to the next empty one, without an error."""
    card_account, split_account = next(accounts), next(accounts)
    owed = due(ctx, card_account), due(ctx, split_account)
    card = driver.pay("bank_card", card_account)
    assert card.keys == 10 + 1 + 1 + 12 + 1 + 6 + 1 + 16 + 1 + 1
    split = driver.pay("split", split_account)
    cash = max(1, owed[1] // 200) * 100
    assert card.amount_fen == owed[0]
    assert split.amount_fen == owed[1] and split.change_fen == 0
    payment = driver.taken[-1]
    assert [(t.kind, t.amount_fen) for t in payment.tenders] == [
        (TenderKind.CASH, cash), (TenderKind.CARD, owed[1] - cash)]


def test_typing_closes_the_receipt_unless_the_printer_failed(qtbot):
    dialog = ReceiptPreviewDialog(text="receipt", change_fen=0, reprint=False)
    qtbot.addWidget(dialog)
    typed: list[str] = []
    dialog.typedAhead.connect(typed.append)
    dialog.show()
    QTest.keyClick(dialog, Qt.Key.Key_3)
    assert typed == ["3"] and not dialog.isVisible()

    failed = ReceiptPreviewDialog(text="receipt", change_fen=0, reprint=False)
    qtbot.addWidget(failed)
    failed.typedAhead.connect(typed.append)
    failed.show()
    failed.set_print_state("NOT printed", error=True)
    QTest.keyClick(failed, Qt.Key.Key_3)
    assert failed.isVisible() and typed == ["3"]

    reprint = ReceiptPreviewDialog(text="receipt", change_fen=0, reprint=True)
    qtbot.addWidget(reprint)
    reprint.show()
    QTest.keyClick(reprint, Qt.Key.Key_3)
    assert reprint.isVisible()
