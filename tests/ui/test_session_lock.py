"""Locking (F12, idle), signing out and switching cashier close every window the session
opened, and nothing started under the signed-out user runs or prints afterwards."""

from __future__ import annotations

import sqlite3
import threading

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from counter_app.config import Config
from counter_app.services import auth, lookup, payments
from counter_app.ui.session import SessionEnded
from counter_app.ui.worker import Op
from hall_domain.tenders import CashTender
from tests.helpers.ui import drain, pick, press, sign_in, sign_in_to_counter

pytestmark = pytest.mark.gui


def counts(ctx) -> dict[str, int]:
    con = sqlite3.connect(ctx.store_path)
    try:
        return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("audit_log", "print_jobs", "cash_movements", "payments")}
    finally:
        con.close()


def take_a_payment(ctx, demo_customers, clock, user_id="2001"):
    user = next(u for u in auth.list_users(ctx.store) if u.user_id == user_id)
    customer = pick(demo_customers)
    [q] = lookup.lookup_with_quotes(ctx.store, customer.account_no, on=clock().date(),
                                    rules=ctx.rules)
    return payments.take_payment(
        ctx.store, terminal_id=ctx.terminal_id, user=user, account_no=customer.account_no,
        amount_fen=q.total_due_fen, tenders=[CashTender(q.total_due_fen, q.total_due_fen)],
        now=clock(), rules=ctx.rules, max_fen=ctx.max_payment_fen)


class Printed:
    """Stands in for the window's printer: every job id handed to it."""

    def __init__(self, window) -> None:
        self.jobs: list[int] = []
        window.supervisor_menus._print = self.jobs.append


def open_every_supervisor_window(qtbot, window):
    menus = window.supervisor_menus
    menus.refresh()
    for action in (menus.act_cash_in, menus.act_cash_out, menus.act_shift_reports,
                   menus.act_reconcile, menus.act_void, menus.act_refund, menus.act_waiver,
                   menus.act_audit):
        assert action.isEnabled(), action.objectName()
        action.trigger()
    keys = {"cash_in", "cash_out", "shift_reports", "reconcile", "void", "refund",
            "waiver", "audit"}
    qtbot.waitUntil(lambda: keys <= set(menus.dialogs)
                    and all(menus.dialogs[k].isVisible() for k in keys))
    window.show_print_queue()
    qtbot.waitUntil(lambda: window.print_queue_dialog.isVisible())
    return {k: menus.dialogs[k] for k in keys}


@pytest.mark.parametrize("how", ["f12", "idle"])
def test_locking_closes_every_supervisor_window_and_nothing_acts_after(
        qtbot, make_window, make_ctx, demo_customers, clock, tmp_path, how):
    ctx = make_ctx(Config({"printer.uri": f"file://{tmp_path}/printer.bin"}))
    window = make_window(ctx, idle_lock_ms=60 * 60 * 1000)
    sign_in_to_counter(qtbot, window, "2001", "2222")  # a supervisor, with a shift
    payment = take_a_payment(ctx, demo_customers, clock)
    printed = Printed(window)
    windows = open_every_supervisor_window(qtbot, window)
    queue = window.print_queue_dialog
    drain()  # the screens finished loading
    qtbot.waitUntil(lambda: windows["void"].model.rowCount() == 1)
    # A message box a screen showed goes too.
    box = QMessageBox(QMessageBox.Icon.Warning, "x", "x", QMessageBox.StandardButton.Ok,
                      windows["void"])
    box.open()

    if how == "f12":  # pressed where the cashier is: in the supervisor's message box
        qtbot.keyClick(box, Qt.Key.Key_F12)
    else:
        window.idle.idle.emit()  # what the idle timer does when it runs out
    assert window.pages.currentWidget() is window.login and window.user is None
    for key, w in [*windows.items(), ("print_queue", queue), ("box", box)]:
        assert not w.isVisible(), key
    assert window.session.open_windows(window) == []
    before = counts(ctx)
    printer = tmp_path / "printer.bin"
    printer_bytes = printer.read_bytes() if printer.exists() else b""

    # Try to act on every screen the supervisor had open (their objects still exist until
    # the event loop deletes them): nothing may run.
    windows["cash_in"].amount.setText("10")
    windows["cash_in"].reason.setText("零钱")
    windows["cash_in"].on_buttons_accepted()
    windows["cash_out"].amount.setText("10")
    windows["cash_out"].reason.setText("解款")
    windows["cash_out"].approver_id.setText("2001")
    windows["cash_out"].approver_pin.setText("2222")
    windows["cash_out"].on_buttons_accepted()
    windows["shift_reports"].on_x_button_clicked()
    windows["shift_reports"]._z(pdf=False)
    windows["void"].select_receipt(payment.receipt_no)
    windows["void"].reason.setText("收错户号")
    windows["void"].on_void_button_clicked()
    windows["reconcile"].on_run_button_clicked()
    windows["audit"].on_verify_button_clicked()
    queue.on_retry_button_clicked()
    window.supervisor_menus.print_x_report()  # the menu itself: no user any more
    drain()
    assert counts(ctx) == before  # no audit entry, movement, print job or payment
    assert printed.jobs == []
    assert (printer.read_bytes() if printer.exists() else b"") == printer_bytes  # no output
    assert windows["void"].approval_dialog is None  # not even the approval was asked


def test_a_queued_action_refuses_once_the_counter_locked(qtbot, window, ctx):
    sign_in_to_counter(qtbot, window, "2001", "2222")
    printed = Printed(window)
    gate = threading.Event()
    Op(None, lambda: gate.wait(10)).run_in_background()  # the store thread is busy
    window.supervisor_menus.print_x_report()  # queued behind it, under 2001
    window.lock()
    gate.set()
    drain()
    with ctx.store.read() as tx:
        assert not [e for e in tx.audit.audit_entries() if e.action == "report.x"]
    assert printed.jobs == []


def test_a_stale_token_refuses_on_the_worker_and_drops_the_result(qtbot, window):
    sign_in_to_counter(qtbot, window, "1001", "1111")
    token = window.session.token()
    assert token.alive
    ran, failed, delivered = [], [], []
    Op(None, lambda: ran.append(1)).guarded_by(token).success(delivered.append) \
        .failure(failed.append).run_in_background()
    drain()
    assert ran == [1] and delivered == [None]
    window.lock()
    assert not token.alive
    with pytest.raises(SessionEnded):
        token.check()
    Op(None, lambda: ran.append(2)).guarded_by(token).success(delivered.append) \
        .failure(failed.append).run_in_background()
    drain()
    assert ran == [1] and failed == [] and delivered == [None]


def test_switching_cashier_does_not_carry_windows_over(qtbot, window, ctx):
    sign_in_to_counter(qtbot, window, "2001", "2222")
    menus = window.supervisor_menus
    menus.act_audit.trigger()
    view = menus.dialogs["audit"]
    qtbot.waitUntil(view.isVisible)
    old = window.session.token()
    window.lock()
    sign_in(qtbot, window, "1001", "1111")  # the cashier takes the counter over
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.counter)
    assert not shiboken6.isValid(view) or not view.isVisible()
    assert "audit" not in menus.dialogs and not old.alive
    assert window.session.token().user.user_id == "1001"
    assert not menus.act_audit.isVisible()  # a cashier does not see the audit trail


@pytest.mark.parametrize(("user_id", "pin", "opener"), [
    ("3001", "3333", "open_printer_setup"),
    ("3001", "3333", "open_card_reader_setup"),
    ("9001", "9999", "users"),
])
def test_setup_and_admin_screens_close_on_lock(qtbot, window, user_id, pin, opener):
    sign_in(qtbot, window, user_id, pin)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.counter)
    if opener == "users":
        window.supervisor_menus.act_users.trigger()
        dialog = window.supervisor_menus.dialogs["users"]
    else:
        getattr(window, opener)()
        dialog = window.setup_dialog
    qtbot.waitUntil(dialog.isVisible)
    press(qtbot, window, Qt.Key.Key_F12)
    assert not dialog.isVisible()
    assert window.session.open_windows(window) == []


def test_a_cash_out_is_confirmed_on_screen_and_prints_its_slip(qtbot, window, ctx):
    sign_in_to_counter(qtbot, window, "1001", "1111")
    printed = Printed(window)
    window.supervisor_menus.act_cash_out.trigger()
    dlg = window.supervisor_menus.dialogs["cash_out"]
    qtbot.waitUntil(dlg.isVisible)
    dlg.amount.setText("150")
    dlg.reason.setText("解款")
    dlg.approver_id.setText("2001")
    dlg.approver_pin.setText("2222")
    dlg.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dlg.confirm is not None and dlg.confirm.isVisible())
    dlg.confirm.button(QMessageBox.StandardButton.No).click()  # not yet: nothing happens
    drain()
    assert dlg.movement is None and counts(ctx)["cash_movements"] == 0
    dlg.approver_pin.setText("2222")
    dlg.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dlg.confirm is not None and dlg.confirm.isVisible())
    dlg.confirm.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: len(printed.jobs) == 1, timeout=10_000)
    assert "¥150.00" in dlg.done_text.text() and dlg.isVisible()
    with ctx.store.read() as tx:
        texts = tx.print_jobs.get_print_job(printed.jobs[0]).receipt.texts()
    assert "取出现金（中途解款）" in texts and "¥150.00" in texts and "2001" in texts
