"""Sign-in (wrong PIN, lockout), opening a shift with its float, locking and switching cashier."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from counter_app.services.shifts import current_shift
from counter_app.ui.error_text import message_for_code
from hall_domain.security import MAX_FAILED_PINS
from tests.helpers.ui import (
    NOW,
    open_customer,
    pick,
    press,
    sign_in,
    sign_in_to_counter,
    type_into,
)

pytestmark = pytest.mark.gui


def on_login_page(window) -> bool:
    return window.pages.currentWidget() is window.login


def wait_for_login_answer(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.login.pin.isEnabled() or not on_login_page(window))


def test_demo_mode_lists_the_demo_users(qtbot, window):
    qtbot.waitUntil(lambda: window.login.users.rowCount() == 4)
    rows = window.login.users.rows()
    assert [(r.user_id, r.name, r.demo_pin) for r in rows] == [
        ("1001", "张收费", "1111"), ("2001", "李值班", "2222"), ("3001", "王运维", "3333"),
        ("9001", "系统管理员", "9999")]
    assert window.login.users_view.isVisible()
    assert window.login.users.data(window.login.users.index(0, 2)) == "收费员"


def test_no_user_list_outside_demo_mode(qtbot, make_ctx, make_window):
    window = make_window(make_ctx(demo=False))
    assert not window.login.users_view.isVisible()


def test_wrong_pin_then_lockout(qtbot, window, clock):
    for attempt in range(1, MAX_FAILED_PINS):
        sign_in(qtbot, window, "1001", "0000")
        wait_for_login_answer(qtbot, window)
        assert window.login.error.text() == message_for_code(
            "auth.wrong_pin", {"attempts_left": MAX_FAILED_PINS - attempt})
        assert "密码错误" in window.login.error.text()
        assert window.login.pin.text() == ""  # cleared for the next try
        assert on_login_page(window)
    sign_in(qtbot, window, "1001", "0000")  # the fifth wrong PIN locks
    wait_for_login_answer(qtbot, window)
    locked = message_for_code("auth.locked", {"until": NOW + timedelta(minutes=15)})
    assert window.login.error.text() == locked and "锁定" in locked
    sign_in(qtbot, window, "1001", "1111")  # even the right PIN, while locked
    wait_for_login_answer(qtbot, window)
    assert window.login.error.text() == locked and on_login_page(window)

    clock.advance(minutes=16)
    sign_in_to_counter(qtbot, window, "1001", "1111")
    assert window.user.user_id == "1001"


def test_unknown_user(qtbot, window):
    sign_in(qtbot, window, "4242", "1111")
    wait_for_login_answer(qtbot, window)
    assert window.login.error.text() == message_for_code("auth.unknown_user")


def test_opening_a_shift_counts_the_float_by_denomination(qtbot, window, ctx):
    sign_in(qtbot, window, "1001", "1111")
    qtbot.waitUntil(lambda: window._shift_dialog is not None and window._shift_dialog.isVisible())
    dialog = window._shift_dialog
    dialog.spins[10000].setFocus()
    qtbot.keyClicks(dialog.spins[10000].lineEdit(), "3")  # 3 × ¥100
    dialog.set_counts({1000: 5, 50: 4, 5: 2, 1: 3})  # 5 × ¥10, 4 × ¥0.5, 2 × ¥0.05, 3 × ¥0.01
    assert dialog.total.text() == "备用金 ¥352.13"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirm is not None and dialog.confirm.isVisible())
    assert "¥352.13" in dialog.confirm.text()
    assert current_shift(ctx.store, terminal_id=ctx.terminal_id) is None  # not before the answer
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)  # the default answer opens it
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.counter)
    shift = current_shift(ctx.store, terminal_id=ctx.terminal_id)
    assert shift.opened_by == "1001"
    assert dict(shift.opening_float.counts) == {10000: 3, 1000: 5, 50: 4, 5: 2, 1: 3}
    assert window.status.shift_label.text() == f"班次 #{shift.shift_id}"


def test_esc_on_the_shift_dialog_signs_out(qtbot, window, ctx):
    sign_in(qtbot, window, "1001", "1111")
    qtbot.waitUntil(lambda: window._shift_dialog is not None and window._shift_dialog.isVisible())
    qtbot.keyClick(window._shift_dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window._shift_dialog.isVisible())
    assert on_login_page(window)
    assert current_shift(ctx.store, terminal_id=ctx.terminal_id) is None


def test_lock_and_switch_cashier_keeps_the_shift(qtbot, window, ctx, demo_customers):
    sign_in_to_counter(qtbot, window, "1001", "1111")
    shift = window.shift
    open_customer(qtbot, window, pick(demo_customers).account_no)
    press(qtbot, window, Qt.Key.Key_F12)
    assert on_login_page(window)
    assert f"#{shift.shift_id}" in window.login.lock_banner.text()
    assert window.login.user_id.text() == "1001"  # the same cashier only types the PIN
    assert window.counter.quote is None  # the customer's data left the screen
    assert not window.act_cash.isEnabled()

    sign_in(qtbot, window, "2001", "2222")  # a supervisor takes over the counter
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.counter)
    assert window._shift_dialog is None or not window._shift_dialog.isVisible()
    assert window.shift.shift_id == shift.shift_id
    assert current_shift(ctx.store, terminal_id=ctx.terminal_id).shift_id == shift.shift_id
    assert window.status.user_label.text() == "值班长：2001 李值班"


def test_idle_auto_lock_keeps_the_shift(qtbot, make_window, ctx):
    window = make_window(ctx, idle_lock_ms=400)
    sign_in_to_counter(qtbot, window, "1001", "1111")
    shift = window.shift
    type_into(qtbot, window.counter.search.field, "31")  # activity restarts the timer
    qtbot.waitUntil(lambda: on_login_page(window), timeout=3000)
    assert "已锁定" in window.login.lock_banner.text()
    assert current_shift(ctx.store, terminal_id=ctx.terminal_id).shift_id == shift.shift_id
    sign_in(qtbot, window, "1001", "1111")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.counter)
    assert window.shift.shift_id == shift.shift_id


def test_idle_timeout_comes_from_the_setting(make_ctx, make_window):
    from counter_app.config import Config

    window = make_window(make_ctx(Config({"ui.idle_lock_minutes": 7})), idle_lock_ms=None)
    assert window.idle.timeout_ms == 7 * 60_000


def test_technician_looks_up_but_cannot_take_payments(qtbot, window, demo_customers):
    sign_in(qtbot, window, "3001", "3333")  # may not open a shift: no float dialog
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.counter)
    open_customer(qtbot, window, pick(demo_customers).account_no)
    assert not window.counter.payment.isEnabled()
    assert window.counter.message.full_text().startswith("仅可查询")


def wait_for_float_confirmation(qtbot, window):
    qtbot.waitUntil(lambda: window._shift_dialog is not None and window._shift_dialog.isVisible())
    dialog = window._shift_dialog
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirm is not None and dialog.confirm.isVisible())
    return dialog


def test_enter_on_an_empty_float_does_not_open_a_shift(qtbot, window, ctx):
    sign_in(qtbot, window, "1001", "1111")
    dialog = wait_for_float_confirmation(qtbot, window)  # nothing counted, Enter
    box = dialog.confirm
    assert "¥0.00" in box.text()
    assert box.defaultButton() is not dialog.confirm_open_button  # Enter means "count again"
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirm is None)
    assert dialog.isVisible() and on_login_page(window)  # still counting
    assert current_shift(ctx.store, terminal_id=ctx.terminal_id) is None
    # Counted after all: Enter, Enter opens it with that float.
    dialog.set_counts({10000: 1})
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirm is not None and dialog.confirm.isVisible())
    assert dialog.confirm.defaultButton() is dialog.confirm_open_button
    assert "¥100.00" in dialog.confirm_open_button.text()
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.counter)
    assert current_shift(ctx.store, terminal_id=ctx.terminal_id).opening_float.total_fen == 10000


def test_an_empty_float_opens_only_when_chosen_on_purpose(qtbot, window, ctx):
    sign_in(qtbot, window, "1001", "1111")
    dialog = wait_for_float_confirmation(qtbot, window)
    dialog.confirm_open_button.click()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.counter)
    assert current_shift(ctx.store, terminal_id=ctx.terminal_id).opening_float.total_fen == 0


def test_a_cashier_has_no_way_past_the_float(qtbot, window):
    sign_in(qtbot, window, "1001", "1111")
    qtbot.waitUntil(lambda: window._shift_dialog is not None and window._shift_dialog.isVisible())
    assert window._shift_dialog.skip_button is None


def test_a_supervisor_reaches_reports_without_opening_a_shift(qtbot, window, ctx):
    sign_in(qtbot, window, "2001", "2222")
    qtbot.waitUntil(lambda: window._shift_dialog is not None and window._shift_dialog.isVisible())
    dialog = window._shift_dialog
    assert dialog.skip_button is not None and dialog.skip_button.isVisible()
    assert not dialog.skip_button.isDefault()
    dialog.skip_button.click()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.counter)
    assert window.user.user_id == "2001" and window.shift is None
    assert current_shift(ctx.store, terminal_id=ctx.terminal_id) is None
    menus = window.supervisor_menus
    menus.refresh()
    for action in (menus.act_shift_reports, menus.act_reconcile, menus.act_audit,
                   menus.act_waiver):
        assert action.isVisible() and action.isEnabled(), action.objectName()
    assert not menus.act_close_shift.isEnabled()  # nothing to close
    menus.act_shift_reports.trigger()
    qtbot.waitUntil(lambda: "shift_reports" in menus.dialogs
                    and menus.dialogs["shift_reports"].isVisible())
    assert window.status.shift_label.text() == "未开班"


def test_ctrl_q_with_an_open_shift_warns_and_enter_stays(qtbot, window, ctx):
    sign_in_to_counter(qtbot, window, "1001", "1111")
    window.act_quit.trigger()  # Ctrl+Q
    box = window.quit_box
    qtbot.waitUntil(box.isVisible)
    assert f"#{window.shift.shift_id}" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the default answer: stay
    qtbot.waitUntil(lambda: not box.isVisible())
    assert window.isVisible()
    window.act_quit.trigger()
    box = window.quit_box
    qtbot.waitUntil(box.isVisible)
    [quit_button] = [b for b in box.buttons() if b is not box.defaultButton()
                     and box.buttonRole(b) == box.ButtonRole.DestructiveRole]
    quit_button.click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert current_shift(ctx.store, terminal_id=ctx.terminal_id) is not None  # still open


def test_another_cashiers_shift_is_handed_over_with_a_count_by_default(
        qtbot, window, ctx, demo_customers):
    sign_in_to_counter(qtbot, window, "1001", "1111")
    shift = window.shift
    window.lock()
    assert "清点交班" in window.login.lock_banner.text()
    sign_in(qtbot, window, "2001", "2222")  # someone else
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.counter)
    assert window.shift.shift_id == shift.shift_id and not window.may_use_shift
    open_customer(qtbot, window, pick(demo_customers).account_no)
    assert not window.counter.payment.isEnabled()  # no payments into 1001's shift
    menus = window.supervisor_menus
    menus.refresh()
    assert menus.act_close_shift.isEnabled()  # the hand-over: count and close it
    assert not menus.act_cash_in.isEnabled() and not menus.act_void.isEnabled()


def test_a_hall_may_let_any_cashier_continue_the_shift(qtbot, make_ctx, make_window,
                                                       demo_customers):
    from counter_app.config import Config

    ctx = make_ctx(Config({"shift.others_may_continue": True}))
    window = make_window(ctx)
    sign_in_to_counter(qtbot, window, "1001", "1111")
    window.lock()
    assert "任一收费员" in window.login.lock_banner.text()
    sign_in(qtbot, window, "2001", "2222")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.counter)
    assert window.may_use_shift
    open_customer(qtbot, window, pick(demo_customers).account_no)
    assert window.counter.payment.isEnabled()
