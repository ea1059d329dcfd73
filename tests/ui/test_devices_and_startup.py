"""Technician device menus, a card read during a payment, and the deferred integrity check at start."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from counter_app.bootstrap import STORE_FILE_NAME, bootstrap
from counter_app.config import Config
from tests.helpers.ui import (
    activate,
    open_customer,
    pick,
    settle,
    sign_in,
    sign_in_to_counter,
    type_into,
)

pytestmark = pytest.mark.gui

PAGE = 4096


class FakeBridge(QObject):
    cardRead = Signal(str)
    stateChanged = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def start(self, settings=None) -> None:
        self.calls.append("start")
        self.stateChanged.emit("connected")

    def stop(self) -> None:
        self.calls.append("stop")
        self.stateChanged.emit("disconnected")


@pytest.mark.parametrize(("user_id", "pin", "visible"),
                         [("1001", "1111", False), ("3001", "3333", True)])
def test_device_menu_only_for_technicians(qtbot, window, user_id, pin, visible):
    assert not window.menu_devices.menuAction().isVisible()  # signed out
    sign_in_to_counter(qtbot, window, user_id, pin)
    assert window.menu_devices.menuAction().isVisible() is visible
    assert window.menu_devices.title() == "设备(&D)"
    window.act_printer_setup.trigger()
    if not visible:
        assert getattr(window, "setup_dialog", None) is None  # refused in the UI as well
        return
    dialog = window.setup_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert type(dialog).__name__ == "PrinterSetupDialog"
    dialog.reject()
    window.lock()
    assert not window.menu_devices.menuAction().isVisible()


def test_card_reader_setup_stops_the_reader_and_restarts_it(qtbot, make_ctx, make_window):
    ctx = make_ctx(Config({"card_reader.port": "loop://"}))
    bridge = FakeBridge()
    window = make_window(ctx, card_reader=bridge)
    assert window.card_reader is bridge
    sign_in_to_counter(qtbot, window, "3001", "3333")
    window.act_reader_setup.trigger()
    dialog = window.setup_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert bridge.calls == ["stop"]
    assert window.status.card_reader.text() == "读卡器：已断开"
    dialog.reject()
    qtbot.waitUntil(lambda: bridge.calls == ["stop", "start"])
    assert window.status.card_reader.text() == "读卡器：已连接"


def test_card_read_during_a_payment_asks_first(qtbot, make_ctx, make_window, demo_customers):
    ctx = make_ctx()
    bridge = FakeBridge()
    window = make_window(ctx, card_reader=bridge)
    first = pick(demo_customers, min_open=1)
    second = pick([c for c in demo_customers if c.account_no != first.account_no], min_open=1)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, first.account_no)
    type_into(qtbot, window.counter.payment.cash_tendered, "500")  # a payment under way

    bridge.cardRead.emit(second.account_no)
    qtbot.waitUntil(lambda: window.notice is not None and window.notice.isVisible())
    assert second.account_no in window.notice.text() and "切换" in window.notice.text()
    window.notice.button(QMessageBox.StandardButton.No).click()
    settle()
    assert window.counter.quote.customer.account_no == first.account_no
    assert window.counter.payment.cash_tendered.text() == "500"  # nothing lost

    bridge.cardRead.emit(second.account_no)
    qtbot.waitUntil(lambda: window.notice.isVisible())
    window.notice.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.counter.quote.customer.account_no == second.account_no)


def test_card_read_with_nothing_typed_opens_at_once(qtbot, make_ctx, make_window, demo_customers):
    ctx = make_ctx()
    bridge = FakeBridge()
    window = make_window(ctx, card_reader=bridge)
    first, second = demo_customers[0], demo_customers[1]
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, first.account_no)
    bridge.cardRead.emit(second.account_no)
    qtbot.waitUntil(lambda: window.counter.quote.customer.account_no == second.account_no)
    assert window.notice is None


def corrupt_copy(template, data_dir):
    """The demo store with a page in its middle overwritten (a bad sector, a torn write)."""
    data_dir.mkdir()
    path = data_dir / STORE_FILE_NAME
    shutil.copy(template, path)
    pages = path.stat().st_size // PAGE
    with open(path, "r+b") as f:
        f.seek((pages // 2) * PAGE)
        f.write(b"\x55" * PAGE)
    return data_dir


def test_damaged_store_refuses_sign_in(qtbot, tmp_path, demo_template, clock, make_window):
    data_dir = corrupt_copy(demo_template, tmp_path / "damaged")
    ctx = bootstrap(config=Config(), data_dir=data_dir, demo=True, clock=clock,
                    defer_integrity_check=True)  # opens at once: the check comes later
    try:
        window = make_window(ctx)
        login = window.login
        assert window.pages.currentWidget() is login  # shown before the check ends
        qtbot.waitUntil(lambda: window.integrity == "failed", timeout=10_000)
        assert "无法登录" in login.error.text() and "损坏" in login.error.text()
        assert not login.pin.isEnabled() and not login.button.isEnabled()
        window.on_login_login_requested("1001", "1111")  # even if a request got through
        settle()
        assert window.user is None and window.pages.currentWidget() is login
        assert "无法登录" in login.error.text()
    finally:
        from tests.helpers.ui import drain

        drain()
        ctx.close()


def test_sign_in_typed_while_checking_waits_for_the_check(qtbot, tmp_path, demo_template, clock,
                                                          make_window):
    data_dir = tmp_path / "good"
    data_dir.mkdir()
    shutil.copy(demo_template, data_dir / STORE_FILE_NAME)
    ctx = bootstrap(config=Config(), data_dir=data_dir, demo=True, clock=clock,
                    defer_integrity_check=True)
    try:
        window = make_window(ctx)
        activate(qtbot, window)
        assert window.integrity in ("checking", "ok")
        sign_in(qtbot, window)
        qtbot.waitUntil(lambda: window.user is not None
                        or (window._shift_dialog is not None and window._shift_dialog.isVisible()))
        assert window.integrity == "ok" and not window.login.checking.isVisible()
    finally:
        from tests.helpers.ui import drain

        drain()
        ctx.close()


def test_checking_shows_progress(qtbot, window):
    window._check_integrity()
    assert window.login.checking.text() == "正在检查数据…"
    assert window.login.checking.isVisibleTo(window.login)
    qtbot.waitUntil(lambda: window.integrity == "ok")
    assert not window.login.checking.isVisibleTo(window.login)
    assert window.login.pin.isEnabled()
