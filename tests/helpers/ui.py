"""Driving the counter window like a cashier, and choosing demo customers, for tests/ui."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
)

from counter_app.demo import DemoCustomer
from tests.helpers.waiting import wait_until

DEMO_CUSTOMERS, DEMO_SEED = 300, 1
# The demo bills run to February 2026 (due in March): on this date several are overdue.
NOW = datetime(2026, 3, 20, 10, 0, 0)


class Clock:
    """The hall's clock in tests: fixed, moved on by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def pick(customers: list[DemoCustomer], *, min_open: int = 1, max_open: int = 99,
         residential: bool | None = True, phone: str = "valid", credit: bool | None = False
         ) -> DemoCustomer:
    """The first demo customer with these traits (phone: valid | missing | any)."""
    from hall_domain.accounts import UserType, is_valid_mobile

    for c in customers:
        if not min_open <= len(c.open_bills) <= max_open:
            continue
        if residential is not None and (c.user_type == UserType.RESIDENTIAL) != residential:
            continue
        if phone == "valid" and not is_valid_mobile(c.phone):
            continue
        if phone == "missing" and c.phone:
            continue
        if credit is not None and bool(c.credit_fen) != credit:
            continue
        return c
    raise LookupError("no demo customer fits")


def drain(timeout_ms: int = 10_000) -> None:
    """Let background operations finish and deliver (so none outlives its test's store)."""
    from counter_app.ui.worker import pending, store_pool

    store_pool().waitForDone(timeout_ms)
    wait_until(lambda: not pending(), timeout_ms / 1000, 0.005,
               on_poll=QApplication.processEvents)


def settle(timeout_ms: int = 10_000) -> None:
    """Before asserting that something did NOT happen: wait until no background operation is
    pending, then deliver every event already posted (instead of waiting a fixed time)."""
    drain(timeout_ms)
    for _ in range(3):  # an event handler may post another event
        QApplication.processEvents()


# --- driving the window like a cashier ------------------------------------------------------


def type_into(qtbot, widget, text: str, *, enter: bool = False) -> None:
    widget.setFocus()
    widget.selectAll()
    if not text:
        widget.clear()
    elif text.isascii():
        qtbot.keyClicks(widget, text)
    else:  # QTest types ASCII only; Chinese arrives committed by the input method
        widget.insert(text)
    if enter:
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def sign_in(qtbot, window, user_id: str = "1001", pin: str = "1111") -> None:
    type_into(qtbot, window.login.user_id, user_id, enter=True)
    type_into(qtbot, window.login.pin, pin, enter=True)


def open_shift_if_asked(qtbot, window, counts: dict[int, int] | None = None) -> None:
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.counter
                    or (window._shift_dialog is not None and window._shift_dialog.isVisible()))
    dialog = window._shift_dialog
    if window.pages.currentWidget() is not window.counter and dialog is not None:
        dialog.set_counts(counts or {10000: 2, 1000: 5, 100: 10, 50: 4})
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.confirm is not None and dialog.confirm.isVisible())
        qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)  # the float total, confirmed
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.counter)


def sign_in_to_counter(qtbot, window, user_id: str = "1001", pin: str = "1111") -> None:
    sign_in(qtbot, window, user_id, pin)
    open_shift_if_asked(qtbot, window)


def open_customer(qtbot, window, query: str) -> None:
    type_into(qtbot, window.counter.search.field, query, enter=True)
    qtbot.waitUntil(lambda: window.counter.quote is not None
                    and window.counter.quote.customer.account_no == query)


@contextmanager
def no_new_payments(ctx) -> Iterator[None]:
    from counter_app.services.payments import last_payment

    before = last_payment(ctx.store, terminal_id=ctx.terminal_id)
    yield
    drain()
    assert last_payment(ctx.store, terminal_id=ctx.terminal_id) == before


def press(qtbot, window, key: Qt.Key) -> None:
    """A window shortcut (F-keys). Offscreen Qt does not hand activation back to the window
    when a dialog closes, as a window manager would, so activate it first."""
    activate(qtbot, window)
    qtbot.keyClick(window, key)


def activate(qtbot, window) -> None:
    if not window.isActiveWindow():
        with qtbot.waitActive(window):
            window.activateWindow()


def visible_texts(root) -> list[str]:
    texts = [root.windowTitle()]
    for w in root.findChildren(QLabel):
        if w.isVisibleTo(root):
            texts.append(w.text())
    for w in root.findChildren(QAbstractButton):
        if w.isVisibleTo(root):
            texts.append(w.text())
    for w in root.findChildren(QLineEdit):
        texts.append(w.placeholderText())
    for w in root.findChildren(QGroupBox):
        texts.append(w.title())
    for w in root.findChildren(QTabWidget):
        texts += [w.tabText(i) for i in range(w.count())]
    for w in root.findChildren(QTableView):
        model = w.model()
        texts += [model.headerData(c, Qt.Orientation.Horizontal) or "" for c in range(model.columnCount())]
    for w in root.findChildren(QMenu):
        texts.append(w.title())
        texts += [a.text() for a in w.actions()]
    return texts
