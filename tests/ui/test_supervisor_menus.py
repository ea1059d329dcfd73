"""The 班次 and 管理 menus: shown per role, and the screens behind them on a real demo store —
a void approved by another person (bills restored, void slip handed to print), the audit view's
filters and chain check (a tampered copy names its bad entry), and user management."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from counter_app.adapters.storage import open_store
from counter_app.services import auth, lookup, payments
from counter_app.services.shifts import current_shift, open_shift
from counter_app.ui import i18n
from counter_app.ui.supervisor_menu import install_supervisor_menus
from hall_domain.errors import AuthError
from hall_domain.security import Role
from hall_domain.shifts import DenominationCount
from hall_domain.tenders import CashTender
from tests.helpers.ui import drain, pick

pytestmark = pytest.mark.gui

SHIFT_NAMES = {"act_close_shift", "act_cash_in", "act_cash_out", "act_x_report",
               "act_shift_reports", "act_reconcile"}
MONEY = {"act_close_shift", "act_cash_in", "act_cash_out", "act_x_report", "act_void",
         "act_refund", "act_waiver"}


def users_by_id(ctx):
    return {u.user_id: u for u in auth.list_users(ctx.store)}


class Harness:
    """A main window stand-in with a language menu, the menus installed, and what they print."""

    def __init__(self, qtbot, ctx, user=None):
        self.ctx, self.user, self.printed = ctx, user, []
        self.window = QMainWindow()
        self.menu_language = self.window.menuBar().addMenu("Language")
        self.window.menu_language = self.menu_language
        qtbot.addWidget(self.window)
        self.menus = install_supervisor_menus(
            self.window, ctx, current_user=lambda: self.user,
            current_shift=lambda: current_shift(ctx.store, terminal_id=ctx.terminal_id),
            on_print_receipt=self.printed.append)

    def visible(self) -> set[str]:
        return {a.objectName() for a in self.menus.visible_actions()}

    def set_user(self, user):
        self.user = user
        self.menus.refresh()


@pytest.mark.parametrize(("user_id", "expected"), [
    ("1001", {"act_close_shift", "act_cash_in", "act_cash_out", "act_x_report",
              "act_shift_reports", "act_void", "act_refund", "act_waiver"}),
    ("2001", SHIFT_NAMES | {"act_void", "act_refund", "act_waiver", "act_audit",
                            "act_collections"}),
    ("3001", set()),
    ("9001", {"act_audit", "act_users"}),
])
def test_menus_show_what_the_role_may_start(qtbot, ctx, user_id, expected):
    h = Harness(qtbot, ctx)
    assert h.visible() == set()
    assert not h.menus.menu_shift.menuAction().isVisible()
    h.set_user(users_by_id(ctx)[user_id])
    assert h.visible() == expected
    assert h.menus.menu_shift.menuAction().isVisible() == bool(expected & SHIFT_NAMES)
    assert h.menus.menu_admin.menuAction().isVisible() == bool(expected - SHIFT_NAMES)
    if h.user.role == Role.TECHNICIAN:
        assert not h.visible() & MONEY
    # The two menus sit before the language menu.
    titles = [a.menu().objectName() for a in h.window.menuBar().actions() if a.menu()]
    assert titles.index("menu_shift") < titles.index("menu_admin") < len(titles) - 1
    h.set_user(None)
    assert h.visible() == set()


def test_shift_bound_actions_wait_for_an_open_shift_and_titles_translate(qtbot, ctx):
    users = users_by_id(ctx)
    h = Harness(qtbot, ctx, users["1001"])
    h.menus.refresh()
    assert not h.menus.act_void.isEnabled() and h.menus.act_waiver.isEnabled()
    open_shift(ctx.store, terminal_id=ctx.terminal_id, user=users["1001"],
               opening_float=DenominationCount({10000: 1}), now=ctx.clock())
    h.menus.refresh()
    assert h.menus.act_void.isEnabled() and h.menus.act_cash_out.isEnabled()
    i18n.install_language("zh_CN")
    qtbot.waitUntil(lambda: h.menus.menu_shift.title() != "&Shift", timeout=5000)
    assert h.menus.menu_shift.title() == "班次(&S)" and h.menus.menu_admin.title() == "管理(&A)"
    assert h.menus.act_void.text() == "作废收款…"


def _bills(ctx, account_no):
    con = sqlite3.connect(ctx.store_path)
    try:
        bills = con.execute("SELECT * FROM bills WHERE account_no = ? ORDER BY id",
                            (account_no,)).fetchall()
        credit = con.execute("SELECT credit_fen FROM customers WHERE account_no = ?",
                             (account_no,)).fetchone()[0]
        return bills, credit
    finally:
        con.close()


def test_void_through_the_dialog_with_another_persons_approval(qtbot, ctx, demo_customers, clock):
    users = users_by_id(ctx)
    cashier = users["1001"]
    open_shift(ctx.store, terminal_id=ctx.terminal_id, user=cashier,
               opening_float=DenominationCount({10000: 2}), now=clock())
    customer = pick(demo_customers, min_open=2)
    before = _bills(ctx, customer.account_no)
    [q] = lookup.lookup_with_quotes(ctx.store, customer.account_no, on=clock().date(),
                                    rules=ctx.rules)
    amount = q.total_due_fen + 1234  # pays every bill and leaves prepaid credit
    payment = payments.take_payment(
        ctx.store, terminal_id=ctx.terminal_id, user=cashier, account_no=customer.account_no,
        amount_fen=amount, tenders=[CashTender(amount, amount)], now=clock(), rules=ctx.rules,
        max_fen=ctx.max_payment_fen)
    assert _bills(ctx, customer.account_no) != before
    clock.advance(minutes=3)

    h = Harness(qtbot, ctx, cashier)
    h.menus.refresh()
    h.menus.act_void.trigger()
    dlg = h.menus.dialogs["void"]
    qtbot.waitUntil(lambda: dlg.model.rowCount() == 1, timeout=5000)
    # The list names the customer beside the account number, so the right payment is picked.
    headers = [dlg.model.headerData(i, Qt.Orientation.Horizontal) for i in range(dlg.model.columnCount())]
    shown = [dlg.model.index(0, i).data() for i in range(dlg.model.columnCount())]
    assert headers[2:4] in (["户号", "户名"], ["Account", "Customer"])
    assert shown[2:4] == [customer.account_no, customer.name]
    assert dlg.select_receipt(payment.receipt_no)
    assert not dlg.void_button.isEnabled()  # no reason yet
    dlg.reason.setText("收错户号")
    assert dlg.void_button.isEnabled()
    dlg.void_button.click()
    qtbot.waitUntil(lambda: dlg.approval_dialog is not None, timeout=5000)
    approval = dlg.approval_dialog
    approval.approver_id.setText("2001")
    approval.pin.setText("2222")
    with qtbot.waitSignal(dlg.printJob, timeout=10_000) as printed:
        approval.buttons.accepted.emit()
    job_id = printed.args[0]
    assert dlg.result_.approved_by == "2001"
    assert h.printed == [job_id]
    assert _bills(ctx, customer.account_no) == before  # bills and credit exactly as before
    with ctx.store.read() as tx:
        job = tx.print_jobs.get_print_job(job_id)
        status = tx.approvals.payment_status(payment.payment_uuid)
        [entry] = [e for e in tx.audit.audit_entries() if e.action == "payment.void"]
    assert job.kind.value == "void" and status[0] == "void"
    assert json.loads(entry.detail)["approved_by"] == "2001" and entry.user_id == "1001"
    qtbot.waitUntil(lambda: dlg.model.rows() and dlg.model.rows()[0].voided, timeout=5000)
    assert not dlg.void_button.isEnabled()  # a void payment cannot be voided again


def test_void_cancelled_approval_changes_nothing(qtbot, ctx, demo_customers, clock):
    users = users_by_id(ctx)
    cashier = users["1001"]
    open_shift(ctx.store, terminal_id=ctx.terminal_id, user=cashier,
               opening_float=DenominationCount({10000: 2}), now=clock())
    customer = pick(demo_customers)
    [q] = lookup.lookup_with_quotes(ctx.store, customer.account_no, on=clock().date(),
                                    rules=ctx.rules)
    payments.take_payment(
        ctx.store, terminal_id=ctx.terminal_id, user=cashier, account_no=customer.account_no,
        amount_fen=q.total_due_fen, tenders=[CashTender(q.total_due_fen, q.total_due_fen)],
        now=clock(), rules=ctx.rules, max_fen=ctx.max_payment_fen)
    after_payment = _bills(ctx, customer.account_no)
    h = Harness(qtbot, ctx, cashier)
    h.menus.refresh()
    h.menus.act_void.trigger()
    dlg = h.menus.dialogs["void"]
    qtbot.waitUntil(lambda: dlg.model.rowCount() == 1, timeout=5000)
    dlg.table.selectRow(0)
    dlg.reason.setText("x")
    dlg.void_button.click()
    qtbot.waitUntil(lambda: dlg.approval_dialog is not None, timeout=5000)
    dlg.approval_dialog.reject()
    qtbot.waitUntil(lambda: dlg.void_button.isEnabled(), timeout=5000)
    assert h.printed == [] and dlg.result_ is None
    assert _bills(ctx, customer.account_no) == after_payment


def test_audit_view_filters_and_verifies_and_names_a_tampered_entry(qtbot, ctx, clock, tmp_path):
    users = users_by_id(ctx)
    for uid, pin in (("1001", "1111"), ("2001", "2222")):
        auth.login(ctx.store, user_id=uid, pin=pin, now=clock(), terminal_id=ctx.terminal_id)
    with pytest.raises(AuthError):
        auth.login(ctx.store, user_id="1001", pin="0000", now=clock(), terminal_id=ctx.terminal_id)
    h = Harness(qtbot, ctx, users["2001"])
    h.menus.refresh()
    h.menus.act_audit.trigger()
    view = h.menus.dialogs["audit"]
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=5000)
    everything = view.model.rowCount()
    view.user_filter.setText("1001")
    view.action_filter.setCurrentText("auth")
    view.search_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() < everything, timeout=5000)
    rows = view.model.rows()
    assert [(r.user_id, r.action, r.outcome) for r in rows][:2] == [
        ("1001", "auth.login", "wrong_pin"), ("1001", "auth.login", "ok")]  # newest first
    assert all(r.user_id == "1001" and r.action.startswith("auth.") for r in rows)
    view.use_dates.setChecked(True)
    view.since.setDate(view.since.date().addDays(1))  # tomorrow onwards: nothing
    view.until.setDate(view.since.date())
    view.search_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=5000)
    with qtbot.waitSignal(view.verified, timeout=10_000) as sig:
        view.verify_button.click()
    assert sig.args == [None] and view.model.bad_seq is None

    # A copy of the store whose triggers were dropped and one entry edited.
    drain()
    copy = tmp_path / "tampered.db"
    shutil.copy(ctx.store_path, copy)
    for suffix in ("-wal", "-shm"):
        side = ctx.store_path.with_name(ctx.store_path.name + suffix)
        if side.exists():
            shutil.copy(side, copy.with_name(copy.name + suffix))
    con = sqlite3.connect(copy)
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                               "AND tbl_name = 'audit_log'").fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    seq = con.execute("SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1 OFFSET 2").fetchone()[0]
    con.execute("UPDATE audit_log SET user_id = '9999' WHERE seq = ?", (seq,))
    con.commit()
    con.close()
    tampered = open_store(copy)
    try:
        from counter_app.ui.audit_view import AuditView

        bad_view = AuditView(store=tampered, user=users["2001"], clock=clock)
        qtbot.addWidget(bad_view)
        qtbot.waitUntil(lambda: bad_view.model.rowCount() > 0, timeout=5000)
        with qtbot.waitSignal(bad_view.verified, timeout=10_000) as sig:
            bad_view.verify_button.click()
        assert sig.args == [seq] and bad_view.model.bad_seq == seq
        assert str(seq) in bad_view.verify_result.text()
        [selected] = bad_view.table.selectionModel().selectedRows()
        assert bad_view.model.row_at(selected).seq == seq
        drain()
    finally:
        tampered.close()


def test_user_admin_adds_disables_resets_and_re_roles(qtbot, ctx, clock):
    users = users_by_id(ctx)
    h = Harness(qtbot, ctx, users["9001"])
    h.menus.refresh()
    h.menus.act_users.trigger()
    dlg = h.menus.dialogs["users"]
    qtbot.waitUntil(lambda: dlg.model.rowCount() == len(users), timeout=5000)

    dlg.new_id.setText("1009")
    dlg.new_name.setText("新收费员")
    dlg.new_role.setCurrentIndex(dlg.new_role.findData("cashier"))
    dlg.new_pin.setText("4321")
    with qtbot.waitSignal(dlg.changed, timeout=10_000):
        dlg.add_button.click()
    assert dlg.new_pin.text() == ""
    qtbot.waitUntil(lambda: dlg.model.rowCount() == len(users) + 1, timeout=5000)
    assert auth.login(ctx.store, user_id="1009", pin="4321", now=clock(),
                      terminal_id=ctx.terminal_id).role == Role.CASHIER

    assert dlg.select_user("1009")
    with qtbot.waitSignal(dlg.changed, timeout=10_000) as sig:
        dlg.active_button.click()
    assert sig.args[0].active is False
    with pytest.raises(AuthError):  # disabled: refused, whatever the PIN
        auth.login(ctx.store, user_id="1009", pin="4321", now=clock(), terminal_id=ctx.terminal_id)
    qtbot.waitUntil(lambda: dlg.active_button.isEnabled()
                    and dlg.active_button.text() == "Enable", timeout=5000)
    assert dlg.model.row_at(dlg.table.selectionModel().selectedRows()[0]).active is False
    with qtbot.waitSignal(dlg.changed, timeout=10_000):
        dlg.active_button.click()

    qtbot.waitUntil(lambda: dlg.reset_button.isEnabled(), timeout=5000)
    assert dlg.select_user("1001")
    dlg.reset_pin.setText("8642")
    with qtbot.waitSignal(dlg.changed, timeout=10_000):
        dlg.reset_button.click()
    assert auth.login(ctx.store, user_id="1001", pin="8642", now=clock() + timedelta(seconds=1),
                      terminal_id=ctx.terminal_id).user_id == "1001"

    qtbot.waitUntil(lambda: dlg.role_button.isEnabled(), timeout=5000)
    assert dlg.select_user("1009")
    dlg.role.setCurrentIndex(dlg.role.findData("supervisor"))
    with qtbot.waitSignal(dlg.changed, timeout=10_000) as sig:
        dlg.role_button.click()
    assert sig.args[0].role == Role.SUPERVISOR

    # The admin cannot disable themself: the refusal is shown, nothing changes.
    qtbot.waitUntil(lambda: dlg.active_button.isEnabled(), timeout=5000)
    assert dlg.select_user("9001")
    dlg.active_button.click()
    qtbot.waitUntil(lambda: dlg.status.text() != "" and dlg.active_button.isEnabled(), timeout=5000)
    assert users_by_id(ctx)["9001"].active
    with ctx.store.read() as tx:
        actions = [e.action for e in tx.audit.audit_entries(limit=100_000) if e.action.startswith("user.")]
    assert actions[-5:] == ["user.create", "user.disable", "user.enable", "user.reset_pin",
                            "user.set_role"]


def _approve_in(qtbot, dlg, approver="2001", pin="2222"):
    qtbot.waitUntil(lambda: dlg.approval_dialog is not None, timeout=5000)
    dlg.approval_dialog.approver_id.setText(approver)
    dlg.approval_dialog.pin.setText(pin)
    dlg.approval_dialog.buttons.accepted.emit()


def test_refund_after_the_shift_then_x_report_counts_it(qtbot, ctx, demo_customers, clock):
    users = users_by_id(ctx)
    cashier = users["1001"]
    first = open_shift(ctx.store, terminal_id=ctx.terminal_id, user=cashier,
                       opening_float=DenominationCount({10000: 2}), now=clock())
    customer = pick(demo_customers)
    [q] = lookup.lookup_with_quotes(ctx.store, customer.account_no, on=clock().date(),
                                    rules=ctx.rules)
    amount = q.total_due_fen + 5000  # ¥50.00 left as prepaid credit
    paid = payments.take_payment(
        ctx.store, terminal_id=ctx.terminal_id, user=cashier, account_no=customer.account_no,
        amount_fen=amount, tenders=[CashTender(amount, amount)], now=clock(), rules=ctx.rules,
        max_fen=ctx.max_payment_fen)
    with ctx.store.write() as tx:  # the first shift ends (the close itself is tested elsewhere)
        tx.raw.execute("UPDATE shifts SET status = 'closed', closed_at = ? WHERE id = ?",
                       (clock().isoformat(), first.shift_id))
    clock.advance(hours=1)
    second = open_shift(ctx.store, terminal_id=ctx.terminal_id, user=cashier,
                        opening_float=DenominationCount({10000: 2}), now=clock())
    h = Harness(qtbot, ctx, cashier)
    h.menus.open_refund(customer.account_no)
    dlg = h.menus.dialogs["refund"]
    qtbot.waitUntil(lambda: dlg.model.rowCount() == 1 and dlg.refund_button.isEnabled(), timeout=5000)
    assert dlg.model.rows()[0].line.payment_uuid == paid.payment_uuid
    assert dlg.amount.text() == "50.00"
    dlg.amount.setText("30.00")
    dlg.reason.setText("客户要求退款")
    dlg.refund_button.click()
    with qtbot.waitSignal(dlg.printJob, timeout=10_000) as printed:
        _approve_in(qtbot, dlg)
    assert dlg.result_.amount_fen == 3000 and dlg.result_.approved_by == "2001"
    assert h.printed == [printed.args[0]]
    qtbot.waitUntil(lambda: dlg.model.rowCount() == 1
                    and dlg.model.rows()[0].refundable_fen == 2000, timeout=5000)

    h.menus.refresh()
    h.menus.act_x_report.trigger()
    qtbot.waitUntil(lambda: len(h.printed) == 2, timeout=10_000)
    with ctx.store.read() as tx:
        slip = tx.print_jobs.get_print_job(h.printed[1]).receipt
    text = repr(slip.blocks)
    assert "退预存 1 笔" in text and "¥30.00" in text
    from counter_app.adapters.storage.cash_repo import SqliteCashStore
    from counter_app.services import cash_control as cc

    x = cc.x_report(SqliteCashStore(ctx.store), shift_id=second.shift_id, user=cashier,
                    now=clock())
    assert x.totals.expected_cash_fen == 20000 - 3000


def test_waiver_through_the_dialog(qtbot, ctx, demo_customers, clock):
    users = users_by_id(ctx)
    customer = next(c for c in demo_customers
                    if lookup.lookup_with_quotes(ctx.store, c.account_no, on=clock().date(),
                                                 rules=ctx.rules)[0].late_fee_total_fen)
    h = Harness(qtbot, ctx, users["1001"])
    h.menus.open_waiver(customer.account_no)
    dlg = h.menus.dialogs["waiver"]
    qtbot.waitUntil(lambda: dlg.selected() is not None, timeout=5000)
    line = dlg.selected()
    dlg.reason.setText("困难户")
    dlg.waive_button.click()
    with qtbot.waitSignal(dlg.waived, timeout=10_000) as sig:
        _approve_in(qtbot, dlg)
    assert sig.args == [customer.account_no, line.late_fee_fen]
    with ctx.store.read() as tx:
        bill = next(b for b in tx.bills.open_bills(customer.account_no) if b.bill_id == line.bill.bill_id)
    assert bill.late_fee_waived


def test_closing_a_supervisor_window_makes_the_counter_window_active_again(qtbot, ctx):
    """Without a window manager (a kiosk X session) nothing else would, and the Alt and F
    keys of the counter window would stop working after a report or audit window."""
    h = Harness(qtbot, ctx, users_by_id(ctx)["2001"])
    h.window.show()
    h.menus.refresh()
    h.menus.act_audit.trigger()
    view = h.menus.dialogs["audit"]
    view.activateWindow()
    qtbot.waitUntil(lambda: view.isActiveWindow(), timeout=5000)
    assert not h.window.isActiveWindow()
    view.close()
    qtbot.waitUntil(lambda: "audit" not in h.menus.dialogs, timeout=5000)
    qtbot.waitUntil(lambda: h.window.isActiveWindow(), timeout=5000)
