"""The 班次 (Shift) and 管理 (Admin) menus of the counter window: cash control, reports,
reconciliation, voids, refunds, waivers, the audit trail and user management, each action
shown only to a user whose role may start it (domain.security.can)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QWidget

from counter_app.services import cash_control as cc
from counter_app.services.approvals import APPROVALS
from counter_app.services.print_jobs import queue_slip
from counter_app.services.shift_reports import report_slip
from hall_domain.receipts import Receipt, ReceiptContext, slip_receipt
from hall_domain.security import Action, Role, User, can
from hall_domain.shift_totals import MovementKind
from hall_domain.shifts import Shift

from .error_text import error_message
from .session import CounterSession
from .widgets import fit_to_content
from .worker import Op


@dataclass(frozen=True, slots=True)
class _Entry:
    action: QAction
    allowed: Callable[[Role], bool]
    needs_shift: bool


def _any(*actions: Action) -> Callable[[Role], bool]:
    return lambda role: any(can(role, a) for a in actions)


class SupervisorMenus(QObject):
    """Owns the two menus; `refresh()` after the user or the shift changed.

    `shiftClosed(ShiftReport)` when the close dialog closed the shift; `accountChanged(account_no)`
    after a void, refund or waiver changed an account (the counter page may look it up again).
    """

    shiftClosed = Signal(object)
    accountChanged = Signal(str)

    def __init__(self, window: QMainWindow, ctx, *, current_user: Callable[[], User | None],
                 current_shift: Callable[[], Shift | None],
                 on_print_receipt: Callable[[object], None],
                 session: CounterSession | None = None,
                 may_use_shift: Callable[[], bool] | None = None) -> None:
        super().__init__(window)
        # False while the open shift is another cashier's that this hall hands over with a
        # count: only closing it is offered then.
        self._may_use_shift = may_use_shift or (lambda: True)
        self.window, self.ctx = window, ctx
        # Every screen opened here belongs to the signed-in session: closed when it ends,
        # and its background work refused after that (ui/session.py).
        self.session = session if session is not None else CounterSession(self)
        self._user, self._shift, self._print = current_user, current_shift, on_print_receipt
        self.dialogs: dict[str, QWidget] = {}  # the last one opened per kind (tests read them)

        def act(slot: Callable[[], None], name: str) -> QAction:
            a = QAction(window)
            a.setObjectName(name)
            a.triggered.connect(lambda _checked=False: slot())
            return a

        self.act_close_shift = act(self.open_close_shift, "act_close_shift")
        self.act_cash_in = act(lambda: self.open_cash_movement(MovementKind.CASH_IN), "act_cash_in")
        self.act_cash_out = act(lambda: self.open_cash_movement(MovementKind.CASH_OUT), "act_cash_out")
        self.act_x_report = act(self.print_x_report, "act_x_report")
        self.act_shift_reports = act(self.open_shift_reports, "act_shift_reports")
        self.act_reconcile = act(self.open_reconciliation, "act_reconcile")
        self.act_void = act(self.open_void, "act_void")
        self.act_refund = act(self.open_refund, "act_refund")
        self.act_waiver = act(self.open_waiver, "act_waiver")
        self.act_audit = act(self.open_audit, "act_audit")
        self.act_users = act(self.open_user_admin, "act_users")
        self.act_collections = act(self.open_collections, "act_collections")
        self.act_collections.setShortcut("Ctrl+Shift+C")
        self.shift_entries = [
            _Entry(self.act_close_shift, _any(Action.COUNT_CASH), True),
            _Entry(self.act_cash_in, _any(Action.CASH_IN), True),
            _Entry(self.act_cash_out, _any(APPROVALS[Action.CASH_OUT]), True),
            _Entry(self.act_x_report, _any(Action.X_REPORT), True),
            _Entry(self.act_shift_reports, _any(Action.X_REPORT, Action.Z_REPORT), False),
            _Entry(self.act_reconcile, _any(Action.RECONCILE), False),
        ]
        # Voids, refunds and waivers are started by whoever takes payments and approved by
        # another person (services/approvals.APPROVALS): a cashier sees them too.
        self.admin_entries = [
            _Entry(self.act_void, _any(APPROVALS[Action.VOID_PAYMENT]), True),
            _Entry(self.act_refund, _any(APPROVALS[Action.REFUND_CREDIT]), True),
            _Entry(self.act_waiver, _any(APPROVALS[Action.WAIVE_LATE_FEE]), False),
            _Entry(self.act_audit, _any(Action.VIEW_AUDIT), False),
            _Entry(self.act_users, _any(Action.MANAGE_USERS), False),
            _Entry(self.act_collections, _any(Action.WORK_COLLECTIONS), False),
        ]
        bar = window.menuBar()
        before = getattr(window, "menu_language", None)
        self.menu_shift, self.menu_admin = QMenu(bar), QMenu(bar)
        self.menu_shift.setObjectName("menu_shift")
        self.menu_admin.setObjectName("menu_admin")
        for menu, entries, split in ((self.menu_shift, self.shift_entries, (1, 4)),
                                     (self.menu_admin, self.admin_entries, (3, 5))):
            for i, entry in enumerate(entries):
                if i in split:
                    menu.addSeparator()
                menu.addAction(entry.action)
            menu.aboutToShow.connect(self.refresh)
            if before is not None:
                bar.insertMenu(before.menuAction(), menu)
            else:
                bar.addMenu(menu)
        window.installEventFilter(self)
        self.retranslate()
        self.refresh()

    # --- state ---------------------------------------------------------------------------
    def refresh(self) -> None:
        user = self._user()
        role = user.role if user is not None and user.active else None
        has_shift = self._shift() is not None
        usable = has_shift and self._may_use_shift()
        for menu, entries in ((self.menu_shift, self.shift_entries),
                              (self.menu_admin, self.admin_entries)):
            shown = 0
            for e in entries:
                allowed = role is not None and e.allowed(role)
                e.action.setVisible(allowed)
                ok = (has_shift if e.action is self.act_close_shift else usable)
                e.action.setEnabled(allowed and (ok or not e.needs_shift))
                shown += allowed
            menu.menuAction().setVisible(shown > 0)

    def visible_actions(self) -> list[QAction]:
        return [e.action for e in self.shift_entries + self.admin_entries if e.action.isVisible()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.menu_shift.setTitle(self.tr("&Shift"))
        self.menu_admin.setTitle(self.tr("&Admin"))
        for a, text in (
            (self.act_close_shift, self.tr("Close shift…")),
            (self.act_cash_in, self.tr("Cash in…")),
            (self.act_cash_out, self.tr("Cash out…")),
            (self.act_x_report, self.tr("Print X report")),
            (self.act_shift_reports, self.tr("Shift reports…")),
            (self.act_reconcile, self.tr("Reconcile with the ledger…")),
            (self.act_void, self.tr("Void a payment…")),
            (self.act_refund, self.tr("Refund prepaid credit…")),
            (self.act_waiver, self.tr("Waive a late fee…")),
            (self.act_audit, self.tr("Audit trail…")),
            (self.act_users, self.tr("Users…")),
            (self.act_collections, self.tr("Collections (arrears and dunning)…")),
        ):
            a.setText(text)

    # --- collaborators (from bootstrap.CounterApp) --------------------------------------
    @property
    def cash_store(self):
        return self.ctx.cash_store

    def _receipt_ctx(self, user: User) -> ReceiptContext:
        cfg = self.ctx.config
        return ReceiptContext(hall_name=cfg["terminal.hall_name"],
                              hall_address=cfg["terminal.hall_address"], cashier_name=user.name,
                              footer=cfg["printer.footer"])

    def _signed_in(self) -> User | None:
        user = self._user()
        if user is None:
            self.refresh()
        elif self.session.user is None or self.session.user.user_id != user.user_id:
            self.session.begin(user)  # a window without its own session handling
        return user

    def _show(self, key: str, widget: QWidget, *, window: bool = False) -> QWidget:
        old = self.dialogs.get(key)
        if old is not None:
            old.close()
        widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if window:  # a view, not a dialog: its own window, owned by the counter window
            widget.setParent(self.window, Qt.WindowType.Window)
        widget.destroyed.connect(lambda _obj=None, key=key, w=widget: self._forget(key, w))
        self.dialogs[key] = widget
        self.session.track(widget)
        fit_to_content(widget)  # no clipped digits or placeholders
        widget.show()
        return widget

    def _forget(self, key: str, widget: QWidget) -> None:
        if self.dialogs.get(key) is widget:
            del self.dialogs[key]
        # Back to the counter window: where no window manager does it (a kiosk X session),
        # the menus' Alt keys and the F-keys would stop working after a supervisor window.
        if shiboken6.isValid(self.window) and self.window.isVisible() and not self.dialogs:
            self.window.activateWindow()

    def _print_slip(self, receipt: Receipt, token=None) -> None:
        """Store the slip as a print job and print it, only while the session lasts."""
        token = token or self.session.token()
        if not token.alive:
            return
        store, uri, now = self.ctx.store, self.ctx.config["printer.uri"], self.ctx.clock()
        Op(self, lambda: queue_slip(store, receipt, printer_uri=uri, now=now)).guarded_by(token) \
            .success(self._print).failure(self._warn).run_in_background()

    def _warn(self, exc: Exception) -> None:
        QMessageBox.warning(self.window, self.tr("Not done"), error_message(exc))

    # --- shift menu ----------------------------------------------------------------------
    def open_close_shift(self) -> None:
        from .shift_close_dialog import ShiftCloseDialog

        if (user := self._signed_in()) is None:
            return
        d = ShiftCloseDialog(store=self.cash_store, terminal_id=self.ctx.terminal_id, user=user,
                             clock=self.ctx.clock, hall_id=self.ctx.config["terminal.hall_id"],
                             parent=self.window)
        d.shiftClosed.connect(self.on_close_dialog_shift_closed)
        self._show("close_shift", d)

    def on_close_dialog_shift_closed(self, report) -> None:
        user = self._user()
        if user is not None:
            self._print_slip(slip_receipt(report_slip(report), self._receipt_ctx(user)))
        self.shiftClosed.emit(report)
        self.refresh()

    def open_cash_movement(self, kind: MovementKind) -> None:
        from .cash_movement_dialog import CashMovementDialog

        if (user := self._signed_in()) is None:
            return
        d = CashMovementDialog(kind=kind, store=self.cash_store, terminal_id=self.ctx.terminal_id,
                               user=user, clock=self.ctx.clock, parent=self.window)
        rctx, terminal = self._receipt_ctx(user), self.ctx.terminal_id
        d.movementRecorded.connect(lambda m: self._print_slip(
            slip_receipt(cc.movement_slip(m, terminal_id=terminal), rctx)))
        self._show(f"cash_{kind.value}", d)

    def print_x_report(self) -> None:
        user, shift = self._signed_in(), self._shift()
        if user is None or shift is None:
            return
        cash, now, rctx = self.cash_store, self.ctx.clock(), self._receipt_ctx(user)
        token = self.session.token()
        Op(self, lambda: cc.x_report(cash, shift_id=shift.shift_id, user=user, now=now)) \
            .guarded_by(token) \
            .success(lambda report: self._print_slip(slip_receipt(report_slip(report), rctx),
                                                     token)) \
            .failure(self._warn).run_in_background()

    def open_shift_reports(self) -> None:
        from .shift_reports_view import ShiftReportsView

        if (user := self._signed_in()) is None:
            return
        cfg = self.ctx.config
        v = ShiftReportsView(store=self.cash_store, terminal_id=self.ctx.terminal_id, user=user,
                             hall_name=cfg["terminal.hall_name"],
                             hall_address=cfg["terminal.hall_address"],
                             reports_dir=self.ctx.data_dir / "reports", clock=self.ctx.clock,
                             documents=self.ctx.documents)
        v.printSlip.connect(self._print_slip)
        self._show("shift_reports", v, window=True)

    def open_reconciliation(self) -> None:
        from .reconciliation_view import ReconciliationView

        if (user := self._signed_in()) is None:
            return
        v = ReconciliationView(store=self.cash_store, ledger=self.ctx.ledger,
                               terminal_id=self.ctx.terminal_id, user=user,
                               today=self.ctx.clock().date())
        self._show("reconcile", v, window=True)

    # --- admin menu ----------------------------------------------------------------------
    def open_void(self) -> None:
        from .void_dialog import VoidDialog

        if (user := self._signed_in()) is None:
            return
        d = VoidDialog(store=self.ctx.store, cash_store=self.cash_store,
                       terminal_id=self.ctx.terminal_id, user=user, clock=self.ctx.clock,
                       receipt_ctx=self._receipt_ctx(user),
                       printer_uri=self.ctx.config["printer.uri"], parent=self.window)
        d.printJob.connect(self._print)
        d.voided.connect(lambda r: self.accountChanged.emit(r.payment.account_no))
        self._show("void", d)

    def open_refund(self, account_no: str = "") -> None:
        from .refund_dialog import RefundDialog

        if (user := self._signed_in()) is None:
            return
        d = RefundDialog(store=self.ctx.store, cash_store=self.cash_store,
                         terminal_id=self.ctx.terminal_id, user=user, clock=self.ctx.clock,
                         receipt_ctx=self._receipt_ctx(user),
                         printer_uri=self.ctx.config["printer.uri"], account_no=account_no,
                         parent=self.window)
        d.printJob.connect(self._print)
        d.refunded.connect(lambda r: self.accountChanged.emit(r.account_no))
        self._show("refund", d)

    def open_waiver(self, account_no: str = "") -> None:
        from .waiver_dialog import WaiverDialog

        if (user := self._signed_in()) is None:
            return
        d = WaiverDialog(store=self.ctx.store, terminal_id=self.ctx.terminal_id, user=user,
                         clock=self.ctx.clock, rules=self.ctx.rules, account_no=account_no,
                         parent=self.window)
        d.waived.connect(lambda account, _fen: self.accountChanged.emit(account))
        self._show("waiver", d)

    def open_audit(self) -> None:
        from .audit_view import AuditView

        if (user := self._signed_in()) is None:
            return
        self._show("audit", AuditView(store=self.ctx.store, user=user, clock=self.ctx.clock),
                   window=True)

    def open_user_admin(self) -> None:
        from .user_admin_dialog import UserAdminDialog

        if (user := self._signed_in()) is None:
            return
        self._show("users", UserAdminDialog(store=self.ctx.store, terminal_id=self.ctx.terminal_id,
                                            actor=user, clock=self.ctx.clock, parent=self.window))


    def open_collections(self) -> None:
        from .collections_view import AVAILABLE_TABS, CollectionsWorkspace

        if (user := self._signed_in()) is None:
            return
        v = CollectionsWorkspace(
            service=self.ctx.collections(), user=user, today=self.ctx.clock().date(),
            store=self.ctx.store, terminal_id=self.ctx.terminal_id, clock=self.ctx.clock,
            reports_dir=self.ctx.data_dir / "reports", receipt_ctx=self._receipt_ctx(user),
            print_receipt=self._print_slip, tabs=AVAILABLE_TABS)
        self._show("collections", v, window=True)


def install_supervisor_menus(window: QMainWindow, ctx, *, current_user: Callable[[], User | None],
                             current_shift: Callable[[], Shift | None],
                             on_print_receipt: Callable[[object], None],
                           session: CounterSession | None = None,
                           may_use_shift: Callable[[], bool] | None = None) -> SupervisorMenus:
    """Add the 班次 and 管理 menus to `window` (before its language menu when it has one).

    `on_print_receipt(job_id: int)` gets the id of a print job already stored (void slip,
    refund slip, X/Z slips): the window prints it, e.g. `print_desk.print_job`.
    """
    return SupervisorMenus(window, ctx, current_user=current_user, current_shift=current_shift,
                           on_print_receipt=on_print_receipt, session=session,
                           may_use_shift=may_use_shift)
