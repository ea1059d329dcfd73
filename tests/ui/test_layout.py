"""The counter window fits a 1280×720 screen and up with its status bar in view, starts
maximised, and dialogs take their size from their content (no clipped digits or text)."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLabel, QLineEdit, QWidget

from counter_app.services import auth
from counter_app.ui.approval_dialog import ApprovalDialog
from counter_app.ui.main_window import MainWindow
from hall_domain.security import Action
from tests.helpers.ui import drain, open_customer, pick, sign_in, sign_in_to_counter

pytestmark = pytest.mark.gui


def status_fields(window):
    s = window.status
    return {"ledger": s.ledger, "printer": s.printer, "reader": s.card_reader,
            "shift": s.shift_label, "cashier": s.user_label, "clock": s.clock}


def clipped(root: QWidget) -> list[tuple]:
    """Line edits narrower than their text or placeholder, one-line labels narrower than
    their text."""
    out = []
    for w in root.findChildren(QLineEdit):
        if not w.isVisibleTo(root) or isinstance(w.parentWidget(), QAbstractSpinBox):
            continue
        text = w.text() or w.placeholderText()
        need = w.fontMetrics().horizontalAdvance(text)
        if text and w.width() < need + 8:
            out.append(("edit", text, w.width(), need))
    for w in root.findChildren(QAbstractSpinBox):
        if w.isVisibleTo(root) and w.width() < w.minimumSizeHint().width():
            out.append(("spin", w.text(), w.width(), w.minimumSizeHint().width()))
    for w in root.findChildren(QLabel):
        if not w.isVisibleTo(root) or w.wordWrap() or not w.text() or "<" in w.text():
            continue
        need = w.fontMetrics().horizontalAdvance(w.text())
        if w.width() < need:
            out.append(("label", w.text(), w.width(), need))
    return out


def test_at_1280x720_every_status_field_is_on_screen(qtbot, window, demo_customers):
    sign_in_to_counter(qtbot, window, "2001", "2222")  # the longest role and name
    open_customer(qtbot, window, pick(demo_customers, min_open=3).account_no)
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.size().width() == 1280 and window.size().height() == 720)
    assert window.minimumSizeHint().height() <= 720 and window.minimumSizeHint().width() <= 1280
    visible = QRect(QPoint(0, 0), window.size())
    for name, field in status_fields(window).items():
        assert field.isVisible(), name
        top_left = field.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left, field.size())
        assert visible.contains(rect), (name, rect, visible)
        need = field.fontMetrics().horizontalAdvance(field.text())
        assert field.width() >= need, (name, field.text(), field.width(), need)
    assert "李值班" in window.status.user_label.text()
    assert "班次" in window.status.shift_label.text()


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768), (1920, 1080)])
def test_the_window_fits_common_counter_screens(qtbot, window, size):
    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    assert window.statusBar().geometry().bottom() < window.height()


def test_run_gui_shows_the_window_maximised(qtbot, ctx, monkeypatch):
    import dataclasses

    from counter_app.ledger_link import LedgerLink
    from counter_app.ui import app as app_module
    from counter_app.ui.status_sources import LedgerStatus

    class Quiet:
        def ledger_status(self):
            return LedgerStatus(configured=False, online=False, queued=0)

    # No relay thread in this test: the app's ledger link is one that only reports.
    ctx = dataclasses.replace(
        ctx, ledger_link_factory=lambda _app: LedgerLink(configured=False, status=Quiet()))
    seen = {}

    def fake_exec():
        [window] = [w for w in QApplication.topLevelWidgets()
                    if isinstance(w, MainWindow) and w.isVisible()]
        seen["state"] = window.windowState()
        window.idle.disarm()
        QApplication.instance().removeEventFilter(window.idle)
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication.instance(), "exec", fake_exec)
    try:
        assert app_module.run_gui(ctx, []) == 0
    finally:
        gc.unfreeze()
    assert seen["state"] & Qt.WindowState.WindowMaximized
    drain()


def test_dialogs_size_from_their_content(qtbot, window):
    """The 交班 count dialog clipped digits and its placeholder at 353 px."""
    sign_in_to_counter(qtbot, window, "2001", "2222")
    menus = window.supervisor_menus
    for action in (menus.act_close_shift, menus.act_cash_in, menus.act_cash_out,
                   menus.act_void, menus.act_waiver):
        action.trigger()
    drain()
    qtbot.waitUntil(lambda: menus.dialogs["close_shift"].submit.isEnabled())
    close = menus.dialogs["close_shift"]
    for spin in close.spins.values():
        spin.setValue(spin.maximum())  # the widest digits a count can have
    for key in ("close_shift", "cash_in", "cash_out", "void", "waiver"):
        d = menus.dialogs[key]
        assert d.isVisible(), key
        assert d.width() >= d.minimumSizeHint().width(), key
        assert clipped(d) == [], key
    assert close.width() > 353


def test_open_shift_and_approval_dialogs_do_not_clip(qtbot, window, ctx):
    sign_in(qtbot, window, "1001", "1111")
    qtbot.waitUntil(lambda: window._shift_dialog is not None and window._shift_dialog.isVisible())
    dialog = window._shift_dialog
    dialog.set_counts({d: spin.maximum() for d, spin in dialog.spins.items()})
    assert clipped(dialog) == []
    cashier = next(u for u in auth.list_users(ctx.store) if u.user_id == "1001")
    approval = ApprovalDialog(window, store=ctx.store, action=Action.OPEN_DRAWER_NO_SALE,
                              initiator=cashier, target="drawer:T01", terminal_id="T01",
                              clock=ctx.clock, reason="顾客换零钱", ask_reason=True)
    qtbot.addWidget(approval)
    approval.show()
    qtbot.waitExposed(approval)
    assert clipped(approval) == []
