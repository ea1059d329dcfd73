"""The counter window: sign-in/lock page and counter page, menus and keys, session and status."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLayout,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from counter_app.services import auth, lookup, payments, shifts
from hall_domain.accounts import Customer
from hall_domain.payments import Payment
from hall_domain.security import Action, User, can
from hall_domain.shifts import DenominationCount, Shift
from hall_domain.tenders import TenderKind

from . import i18n
from .approval_dialog import ApprovalDialog
from .counter_page import CounterPage, QueuedReceipt
from .error_text import error_message
from .idle import IdleWatcher
from .login_page import LoginPage
from .payment_panel import TenderMode
from .print_desk import PrintDesk, PrintedReceipt
from .printer_text import printer_error_text
from .receipt_dialog import ReceiptPreviewDialog
from .rows import UserRow
from .session import CounterSession, approval_policy_from_config
from .shift_dialog import OpenShiftDialog
from .status_bar import CounterStatusBar
from .status_sources import LedgerStatus, LedgerStatusSource, ledger_status_source
from .supervisor_menu import install_supervisor_menus
from .widgets import Retranslating
from .worker import Op

LEDGER_POLL_MS = 10_000
MIN_SCREEN = QSize(1280, 720)  # the smallest counter screen the window is laid out for


class _Pages(QStackedWidget):
    """Only the page on screen counts toward the window's minimum size: the sign-in page
    never scrolls because the counter page needs more height."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()


@dataclass(frozen=True, slots=True)
class ReceiptJob:
    """A committed payment's receipt, for the printing service (on screen until it exists)."""

    payment: Payment
    customer: Customer | None
    text: str  # as laid out for the configured paper width
    reprint: bool
    job_id: int = 0  # the durable print job


INTEGRITY_CHECKING, INTEGRITY_OK, INTEGRITY_FAILED = "checking", "ok", "failed"


class MainWindow(Retranslating, QMainWindow):
    """`on_card_read(account_no)` is the slot for the card reader's `cardRead` signal."""

    receiptReady = Signal(object)  # ReceiptJob, after the payment is committed
    signedIn = Signal(object)  # User
    locked = Signal()

    def __init__(self, ctx, *, ledger_link=None, ledger_source: LedgerStatusSource | None = None,
                 idle_lock_ms: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx  # bootstrap.CounterApp
        self.ledger_link = ledger_link  # ledger_link.LedgerLink (relay, status), or None
        self.user: User | None = None
        self.shift: Shift | None = None
        # Who is signed in, as a generation: locking stales every action started before it
        # and closes every window the session opened (ui/session.py).
        self.session = CounterSession(self)
        self.approval_policy = approval_policy_from_config(ctx.config)  # read by approval dialogs
        self.may_use_shift = False  # the signed-in user may take payments in `shift`
        self.last_user_id = ""
        self.ledger_source = ledger_source or (
            ledger_link.status if ledger_link is not None else ledger_status_source(ctx))
        self.ledger_online = False
        self._status_pool = QThreadPool(self)  # the ledger may be slow: never queue payments behind it
        self._status_pool.setMaxThreadCount(1)
        self._status_busy = False
        self._shift_dialog: OpenShiftDialog | None = None
        self.receipt_dialog: ReceiptPreviewDialog | None = None
        self.notice: QMessageBox | None = None  # the last message box shown (tests read it)
        self.card_reader = None  # CardReaderBridge, set by app.connect_card_reader
        self.setup_dialog = None  # printer or card reader setup (technicians)
        self.print_queue_dialog = None
        self.integrity = INTEGRITY_OK
        self._integrity_error: Exception | None = None

        cfg = ctx.config
        self.login = LoginPage(hall_name=cfg["terminal.hall_name"], terminal_id=ctx.terminal_id,
                               demo=ctx.demo)
        self.counter = CounterPage(
            ctx, offline_limits=ledger_link.limits if ledger_link is not None else None)
        self.pages = _Pages()
        self.pages.addWidget(self.login)
        self.pages.addWidget(self.counter)
        # On a short screen (1280×720, 1366×768 with a taskbar) the pages scroll rather than
        # push the status bar off the screen.
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.pages)
        self.setCentralWidget(self.scroll)
        self.status = CounterStatusBar(clock=ctx.clock)
        self.setStatusBar(self.status)
        if cfg["card_reader.port"]:
            self.status.on_card_reader_state("disconnected")
        self.print_desk = PrintDesk(ctx, parent=self)
        self.print_desk.stateChanged.connect(self.status.on_printer_state)
        self.print_desk.queueChanged.connect(self.status.on_print_queue)
        self.status.on_printer_state(self.print_desk.state)

        self._make_actions()
        # 班次 (shift, cash, reports, reconciliation) and 管理 (voids, refunds, waivers, audit,
        # users): shown per permission of whoever is signed in.
        self.supervisor_menus = install_supervisor_menus(
            self, ctx, current_user=lambda: self.user, current_shift=lambda: self.shift,
            on_print_receipt=self.print_desk.print_job, session=self.session,
            may_use_shift=lambda: self.may_use_shift)
        self.supervisor_menus.shiftClosed.connect(self.on_supervisor_menus_shift_closed)
        self.supervisor_menus.accountChanged.connect(self.on_supervisor_menus_account_changed)
        self.idle = IdleWatcher(idle_lock_ms or cfg["ui.idle_lock_minutes"] * 60_000, self)
        self.idle.idle.connect(self.on_idle_idle)
        self.idle.lockKeyPressed.connect(lambda: self.lock(reason="manual"))
        app = QApplication.instance()
        if app is not None:  # sees every key and mouse event; removed when `idle` is deleted
            app.installEventFilter(self.idle)

        self.login.loginRequested.connect(self.on_login_login_requested)
        self.counter.paymentTaken.connect(self.on_counter_payment_taken)
        self.counter.receiptQueued.connect(self.on_counter_receipt_queued)
        self._ledger_timer = QTimer(self)
        self._ledger_timer.setInterval(LEDGER_POLL_MS)
        self._ledger_timer.timeout.connect(self.refresh_ledger_status)
        self._ledger_timer.start()

        self.retranslate()
        self._show_login()
        if ctx.integrity_check_deferred:
            self._check_integrity()  # queued first on the store thread: sign-in waits for it
        self.refresh_ledger_status()
        self.print_desk.refresh_queue()
        self.print_desk.poll_status()
        if ctx.demo:
            self._load_demo_users()
        self.resize(MIN_SCREEN)  # run_gui shows it maximised on the counter's screen

    # --- actions and menus ---------------------------------------------------------------
    def _make_actions(self) -> None:
        def act(key: str | QKeySequence.StandardKey, slot) -> QAction:
            a = QAction(self)
            a.setShortcut(QKeySequence(key))
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.act_search = act("F2", self.counter.focus_search)
        self.act_cash = act("F5", lambda: self.counter.set_tender_mode(TenderMode.CASH))
        self.act_card = act("F6", lambda: self.counter.set_tender_mode(TenderMode.CARD))
        self.act_split = act("F7", lambda: self.counter.set_tender_mode(TenderMode.SPLIT))
        self.act_phone = act("F8", self.counter.edit_phone)
        self.act_reprint = act("F9", self.reprint_last_receipt)
        self.act_print_queue = act("Ctrl+P", self.show_print_queue)
        self.act_drawer = act("Ctrl+D", self.open_drawer_without_sale)
        self.act_lock = act("F12", lambda: self.lock(reason="manual"))
        # F12 locks from any window of the counter (a supervisor's report window has the focus).
        self.act_lock.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.act_clear = act("Esc", self.counter.clear_or_back)
        self.act_quit = act("Ctrl+Q", self.request_quit)
        self.counter_actions = [self.act_search, self.act_cash, self.act_card, self.act_split,
                                self.act_phone, self.act_reprint, self.act_print_queue,
                                self.act_drawer, self.act_lock, self.act_clear]
        self.act_languages: dict[str, QAction] = {}
        group = QActionGroup(self)
        for lang in i18n.LANGUAGES:
            a = QAction(self)
            a.setCheckable(True)
            a.setChecked(lang == i18n.current_language())
            a.triggered.connect(lambda _checked=False, lang=lang: self.set_language(lang))
            group.addAction(a)
            self.act_languages[lang] = a
        self.act_keys = QAction(self)
        self.act_keys.triggered.connect(self.show_keys)

        bar = self.menuBar()
        self.menu_counter = bar.addMenu("")
        for a in (self.act_search, self.act_cash, self.act_card, self.act_split, self.act_phone,
                  self.act_reprint, self.act_print_queue, self.act_drawer, None, self.act_lock,
                  self.act_quit):
            if a is None:
                self.menu_counter.addSeparator()
            else:
                self.menu_counter.addAction(a)
        self.menu_devices = bar.addMenu("")  # technicians and admins only
        self.act_printer_setup = QAction(self)
        self.act_printer_setup.triggered.connect(self.open_printer_setup)
        self.act_reader_setup = QAction(self)
        self.act_reader_setup.triggered.connect(self.open_card_reader_setup)
        self.menu_devices.addAction(self.act_printer_setup)
        self.menu_devices.addAction(self.act_reader_setup)
        self.menu_devices.menuAction().setVisible(False)
        self.menu_language = bar.addMenu("")
        for a in self.act_languages.values():
            self.menu_language.addAction(a)
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_keys)

    def retranslate(self) -> None:
        # The window system adds « — 营业厅柜台收费» (the application display name, i18n.py).
        title = self.tr("{hall} — counter {terminal}").format(
            hall=self.ctx.config["terminal.hall_name"], terminal=self.ctx.terminal_id)
        if self.ctx.demo:
            title += " " + self.tr("[DEMO]")
        self.setWindowTitle(title)
        self.menu_counter.setTitle(self.tr("&Counter"))
        self.menu_language.setTitle(self.tr("&Language"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.act_search.setText(self.tr("Search"))
        self.act_cash.setText(self.tr("Cash"))
        self.act_card.setText(self.tr("Bank card"))
        self.act_split.setText(self.tr("Cash + card"))
        self.act_phone.setText(self.tr("Record phone number"))
        self.act_reprint.setText(self.tr("Reprint last receipt"))
        self.act_print_queue.setText(self.tr("Receipts waiting to print…"))
        self.act_drawer.setText(self.tr("Open cash drawer (no sale)…"))
        self.menu_devices.setTitle(self.tr("&Devices"))
        self.act_printer_setup.setText(self.tr("Printer setup…"))
        self.act_reader_setup.setText(self.tr("Card reader setup…"))
        self.act_lock.setText(self.tr("Lock / switch cashier"))
        self.act_quit.setText(self.tr("Quit"))
        self.act_languages["zh_CN"].setText("中文")  # language names in their own language
        self.act_languages["en"].setText("English")
        self.act_keys.setText(self.tr("Keyboard shortcuts"))
        if self.pages.currentWidget() is self.login and self.shift is not None:
            self.login.set_locked(self._lock_text())

    def show_keys(self) -> None:
        QMessageBox.information(self, self.tr("Keyboard shortcuts"), self.tr(
            "F2  search (account, phone, name, address)\n"
            "Enter  open customer / confirm\n"
            "F3  amount (part payment) · F4  exact cash · F10  +¥50 · F11  +¥100\n"
            "Esc  back / clear for the next customer\n"
            "F5  cash · F6  bank card · F7  cash + card\n"
            "F8  record phone number\n"
            "F9  reprint last receipt\n"
            "Ctrl+P  receipts waiting to print\n"
            "F12  lock / switch cashier (the shift stays open)"))

    def set_language(self, language: str) -> None:
        if not i18n.install_language(language):
            QMessageBox.warning(self, "Language", f"No translation for {language}.")
            return
        self.act_languages[language].setChecked(True)
        cfg = self.ctx.config
        cfg.set("ui.language", language)
        if cfg.path is not None:
            Op(self, cfg.save).run_in_background()

    # --- sign-in, shift, lock ------------------------------------------------------------
    def _show_login(self) -> None:
        self.pages.setCurrentWidget(self.login)
        for a in self.counter_actions:
            a.setEnabled(False)
        self.menu_devices.menuAction().setVisible(False)
        self.supervisor_menus.refresh()
        self.login.reset(user_id=self.last_user_id)
        if self.integrity != INTEGRITY_OK:
            self.login.set_integrity(self.integrity, self._integrity_text())

    def _load_demo_users(self) -> None:
        from counter_app.demo.users import DEMO_USERS
        pins = {u.user_id: u.pin for u in DEMO_USERS}
        store = self.ctx.store
        Op(self, lambda: auth.list_users(store)) \
            .success(lambda users: self.login.set_users([
                UserRow(u.user_id, u.name, u.role.value, pins.get(u.user_id, ""))
                for u in users if u.active])) \
            .run_in_background()

    # --- integrity of the store (deferred from open: seconds on a large store) ---------------
    def _check_integrity(self) -> None:
        self.integrity = INTEGRITY_CHECKING
        self.login.set_integrity(self.integrity, self._integrity_text())
        store = self.ctx.store

        def check() -> None:
            try:
                store.check_integrity()
            except Exception as exc:
                self._integrity_error = exc  # read by a sign-in queued behind this check
                raise

        Op(self, check).success(lambda _r: self._on_integrity(None)) \
            .failure(self._on_integrity).run_in_background()

    def _on_integrity(self, error: Exception | None) -> None:
        self.integrity = INTEGRITY_OK if error is None else INTEGRITY_FAILED
        self.login.set_integrity(self.integrity, self._integrity_text())

    def _integrity_text(self) -> str:
        if self.integrity == INTEGRITY_CHECKING:
            return self.tr("Checking the data…")
        if self.integrity == INTEGRITY_FAILED and self._integrity_error is not None:
            return self.tr("Sign-in is not possible: {reason}").format(
                reason=error_message(self._integrity_error))
        return ""

    def _login_checked(self, user_id: str, pin: str, now):
        """Worker side: runs after the integrity check (same single store thread)."""
        if self._integrity_error is not None:
            raise self._integrity_error
        return auth.login(self.ctx.store, user_id=user_id, pin=pin, now=now,
                          terminal_id=self.ctx.terminal_id)

    @Slot(str, str)
    def on_login_login_requested(self, user_id: str, pin: str) -> None:
        if self.integrity == INTEGRITY_FAILED:
            self.login.set_integrity(self.integrity, self._integrity_text())
            return
        now = self.ctx.clock()
        Op(self, lambda: self._login_checked(user_id, pin, now)) \
            .success(self._on_signed_in) \
            .failure(lambda e: self.login.show_error(error_message(e))) \
            .run_in_background()

    def _on_signed_in(self, user: User) -> None:
        ctx = self.ctx
        Op(self, lambda: shifts.current_shift(ctx.store, terminal_id=ctx.terminal_id)) \
            .success(lambda shift: self._on_shift_known(user, shift)) \
            .failure(lambda e: self.login.show_error(error_message(e))) \
            .run_in_background()

    def _on_shift_known(self, user: User, shift: Shift | None) -> None:
        if shift is None and can(user.role, Action.OPEN_SHIFT):
            # A supervisor may go on without a shift: reports, approvals, arrears screens.
            dialog = OpenShiftDialog(user_name=user.name, terminal_id=self.ctx.terminal_id,
                                     may_skip=can(user.role, Action.Z_REPORT), parent=self)
            dialog.floatCounted.connect(lambda counts: self._open_shift(dialog, user, counts))
            dialog.withoutShift.connect(lambda: self._enter_counter(user, None))
            dialog.rejected.connect(lambda: self.login.reset(user_id=user.user_id))
            self._shift_dialog = dialog
            dialog.open()
            return
        if shift is not None and not self._may_continue(user, shift):
            self._enter_counter(user, shift, may_use_shift=False)
            self.counter.message.setText(self.tr(
                "Shift #{id} was opened by {opener}. This hall hands a shift over with a count: "
                "close it (Shift ▸ Close shift…), then open your own. Look-up only until "
                "then.").format(id=shift.shift_id, opener=shift.opened_by))
            return
        self._enter_counter(user, shift)

    def _may_continue(self, user: User, shift: Shift) -> bool:
        """Another cashier's open shift: continued only where the hall allows it."""
        return shift.opened_by == user.user_id or self.ctx.config["shift.others_may_continue"]

    def _open_shift(self, dialog: OpenShiftDialog, user: User, counts: DenominationCount) -> None:
        ctx, now = self.ctx, self.ctx.clock()
        Op(dialog, lambda: shifts.open_shift(ctx.store, terminal_id=ctx.terminal_id, user=user,
                                             opening_float=counts, now=now)) \
            .success(lambda shift: (dialog.accept(), self._enter_counter(user, shift))) \
            .failure(lambda e: dialog.show_error(error_message(e))) \
            .run_in_background()

    def _enter_counter(self, user: User, shift: Shift | None, *, may_use_shift: bool = True) -> None:
        self.user, self.shift = user, shift
        self.may_use_shift = may_use_shift and shift is not None
        self.session.begin(user)
        self.last_user_id = user.user_id
        self.login.set_locked("")
        self.counter.set_user(user, shift_open=self.may_use_shift)
        self.counter.reset()
        self.status.set_session(user=user, shift=shift)
        self.pages.setCurrentWidget(self.counter)
        for a in self.counter_actions:
            a.setEnabled(True)
        self.menu_devices.menuAction().setVisible(can(user.role, Action.CONFIGURE_DEVICES))
        self.supervisor_menus.refresh()
        self.idle.arm()
        self.counter.focus_search()
        if shift is None and can(user.role, Action.TAKE_PAYMENT):
            self.counter.message.setText(self.tr("No shift is open: look-up only."))
        self.signedIn.emit(user)

    def _lock_text(self) -> str:
        if self.shift is None:
            return self.tr("Counter locked.")
        if self.ctx.config["shift.others_may_continue"]:
            return self.tr("Counter locked. Shift #{id} stays open; any cashier may sign in to "
                           "continue it.").format(id=self.shift.shift_id)
        return self.tr("Counter locked. Shift #{id} stays open; its cashier signs in to "
                       "continue it, anyone else hands it over with a count.").format(
                           id=self.shift.shift_id)

    def lock(self, *, reason: str = "manual") -> None:
        """Back to sign-in; the open shift stays open. Waits while a payment is being saved."""
        if self.pages.currentWidget() is self.login:
            return
        if self.counter.busy:
            QTimer.singleShot(500, lambda: self.lock(reason=reason))
            return
        self.counter.close_dialog()
        # Every window of the session goes (supervisor views, dialogs, message boxes), and
        # nothing started under this user may run or deliver any more.
        self.session.end(owner=self)
        self.idle.disarm()
        self.counter.reset()
        self.counter.set_user(None, shift_open=False)
        self.user = None
        self.status.set_session(user=None, shift=self.shift)
        self.login.set_locked(self._lock_text())
        self._show_login()
        self.locked.emit()

    def on_idle_idle(self) -> None:
        self.lock(reason="idle")

    # --- card reader ---------------------------------------------------------------------
    def payment_in_progress(self) -> bool:
        """The cashier is part-way through a payment: fields typed in, or a dialog open."""
        return self.counter.quote is not None and (
            self.counter.payment.edited or self.counter.has_dialog())

    @Slot(str)
    def on_card_read(self, account_no: str) -> None:
        """A card was read: open that customer, unless signed out or saving a payment.

        During a payment the cashier is asked first (No keeps the current customer). The
        receipt preview of the previous customer is closed: that payment is committed.
        """
        account_no = account_no.strip()
        if self.pages.currentWidget() is not self.counter or self.counter.busy:
            return
        if self.notice is not None and self.notice.isVisible():
            return  # already asking
        current = self.counter.quote.customer.account_no if self.counter.quote else None
        if current == account_no and not self.counter.has_dialog():
            return
        self.idle.poke()
        if self.payment_in_progress():
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Card read"), self.tr(
                "A card for account {new} was read while the payment for {current} is open.\n"
                "Switch to {new}? What was typed for {current} is dropped.").format(
                    new=account_no, current=current),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.finished.connect(lambda result: self._on_switch_answer(result, account_no))
            self.notice = box
            box.open()
            return
        self._open_card_account(account_no)

    def _on_switch_answer(self, result: int, account_no: str) -> None:
        if result != QMessageBox.StandardButton.Yes or self.counter.busy:
            return
        self.counter.close_dialog()
        self._open_card_account(account_no)

    def _open_card_account(self, account_no: str) -> None:
        if self.receipt_dialog is not None and self.receipt_dialog.isVisible():
            self.receipt_dialog.accept()
        self.counter.open_account(account_no)

    # --- devices (technicians) -----------------------------------------------------------
    def _may_configure(self) -> bool:
        return self.user is not None and can(self.user.role, Action.CONFIGURE_DEVICES)

    def open_printer_setup(self) -> None:
        if not self._may_configure():
            return
        from .printer_setup import PrinterSetupDialog

        dialog = PrinterSetupDialog(self.ctx.config, driver=self.ctx.printers, parent=self)
        dialog.settingsSaved.connect(self._on_printer_settings_saved)
        self.setup_dialog = self.session.track(dialog)
        dialog.open()

    def _on_printer_settings_saved(self) -> None:
        self.print_desk.poll_status(force=True)
        self.print_desk.refresh_queue()

    def open_card_reader_setup(self) -> None:
        """The setup screen tests the port itself: the counter's reader stops meanwhile."""
        if not self._may_configure():
            return
        from .card_reader_setup import CardReaderSetupDialog

        if self.card_reader is not None:
            self.card_reader.stop()
        dialog = CardReaderSetupDialog(self.ctx.config, driver=self.ctx.card_readers, parent=self)
        dialog.finished.connect(lambda _r: self.restart_card_reader())
        self.setup_dialog = self.session.track(dialog)
        dialog.open()

    def restart_card_reader(self) -> None:
        cfg = self.ctx.config
        if not cfg["card_reader.port"]:
            if self.card_reader is not None:
                self.card_reader.stop()
            self.status.on_card_reader_state("not_configured")
            return
        readers = self.ctx.card_readers
        if self.card_reader is None:
            from .app import connect_card_reader
            from .card_reader_bridge import CardReaderBridge

            connect_card_reader(self, CardReaderBridge.from_config(cfg, parent=self,
                                                                   driver=readers))
        self.card_reader.start(readers.settings_from_config(cfg))

    # --- receipts ------------------------------------------------------------------------
    def on_counter_payment_taken(self, payment, customer) -> None:
        link = self.ledger_link
        if link is not None:
            link.poke()  # the relay sends it now rather than at its next idle wake-up
        self.refresh_ledger_status()

    def on_supervisor_menus_shift_closed(self, _report) -> None:
        self.shift = None
        if self.user is not None:
            self.counter.set_user(self.user, shift_open=False)
            self.status.set_session(user=self.user, shift=None)
            self.counter.message.setText(self.tr("No shift is open: look-up only."))
        self.supervisor_menus.refresh()

    def on_supervisor_menus_account_changed(self, account_no: str) -> None:
        if self.pages.currentWidget() is self.counter and account_no:
            self._open_card_account(account_no)  # show the bills as they are now

    def on_counter_receipt_queued(self, q: QueuedReceipt) -> None:
        """After COMMIT: drawer for cash, the stored job to the printer, the receipt on screen."""
        if any(t.kind == TenderKind.CASH for t in q.payment.tenders):
            self.print_desk.open_drawer(q.payment)  # first: the cash goes in while it prints
        dialog = self._show_receipt(q.payment, q.customer, q.receipt, reprint=False, job_id=q.job_id)
        self.print_desk.print_job(q.job_id, then=lambda r: self._on_printed(dialog, r))

    def _show_receipt(self, payment, customer, receipt, *, reprint: bool,
                      job_id: int) -> ReceiptPreviewDialog:
        text = self.print_desk.preview_text(receipt)
        self.receiptReady.emit(ReceiptJob(payment=payment, customer=customer, text=text,
                                          reprint=reprint, job_id=job_id))
        if self.receipt_dialog is not None and self.receipt_dialog.isVisible():
            self.receipt_dialog.accept()
        dialog = ReceiptPreviewDialog(text=text, change_fen=payment.change_fen, reprint=reprint,
                                      parent=self)
        if self.print_desk.uri:
            dialog.set_print_state(self.tr("Printing…"))
        dialog.finished.connect(lambda _r: self.counter.focus_search())
        dialog.typedAhead.connect(self.counter.type_ahead)
        self.receipt_dialog = dialog
        dialog.open()
        return dialog

    def _on_printed(self, dialog: ReceiptPreviewDialog, result: PrintedReceipt) -> None:
        if not self.print_desk.uri and result.outcome.printed:
            return  # shown on screen only
        if result.outcome.printed:
            dialog.set_print_state(self.tr("Printed."))
        else:
            dialog.set_print_state(self.tr(
                "NOT printed: {error} The payment is saved; the receipt waits in "
                "Ctrl+P to be printed again.").format(
                    error=printer_error_text(result.outcome.error)), error=True)
            dialog.print_state.setToolTip(result.outcome.error)  # the printer's own words

    def show_print_queue(self) -> None:
        if self.user is None:
            return
        from .print_queue_dialog import PrintQueueDialog

        dialog = PrintQueueDialog(self.print_desk, parent=self)
        self.print_queue_dialog = self.session.track(dialog)
        dialog.open()

    def reprint_last_receipt(self) -> None:
        """F9: a copy marked 重打 through the print jobs; past the limit a supervisor approves."""
        if self.counter.busy or self.user is None:
            return
        ctx, user, token = self.ctx, self.user, self.session.token()

        def fetch():
            payment = payments.last_payment(ctx.store, terminal_id=ctx.terminal_id)
            if payment is None:
                return None, None
            found = lookup.find_customers(ctx.store, payment.account_no, limit=1,
                                          account_length=ctx.account_length)
            return payment, (found[0] if found else None)

        def reprint(result) -> None:
            payment, customer = result
            if payment is None:
                self.counter.message.setText(self.tr("No receipt on this counter yet."))
                return
            self.print_desk.request_reprint(
                payment.payment_uuid, user=user,
                then=lambda r: token.alive and self._on_reprinted(payment, customer, r),
                refused=lambda e: token.alive and self._on_reprint_refused(e, payment, customer))

        Op(self, fetch).guarded_by(token).success(reprint) \
            .failure(lambda e: self.counter.message.setText(error_message(e))) \
            .run_in_background()

    def _on_reprinted(self, payment, customer, result: PrintedReceipt) -> None:
        dialog = self._show_receipt(payment, customer, result.receipt, reprint=True,
                                    job_id=result.outcome.job_id)
        self._on_printed(dialog, result)

    def _on_reprint_refused(self, exc: Exception, payment=None, customer=None) -> None:
        if getattr(exc, "code", "") == "permission.reprint_limit" and payment is not None \
                and self.user is not None:
            self._approve_reprint(payment, customer)
            return
        text = error_message(exc)
        self.counter.message.setText(text)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Reprint"), text,
                          QMessageBox.StandardButton.Ok, self)
        self.notice = box
        box.open()

    def open_drawer_without_sale(self) -> None:
        """Ctrl+D: no sale, so a supervisor approves on this screen and a reason is audited."""
        if self.user is None or self.counter.busy:
            return
        if not self.print_desk.uri:
            self.counter.message.setText(self.tr("No receipt printer is set up, so there is "
                                                 "no cash drawer to open."))
            return
        ctx, user = self.ctx, self.user
        dialog = ApprovalDialog(self, store=ctx.store, action=Action.OPEN_DRAWER_NO_SALE,
                                initiator=user, target=f"drawer:{ctx.terminal_id}",
                                terminal_id=ctx.terminal_id, clock=ctx.clock,
                                prompt=self.tr("Opening the cash drawer without a sale needs a "
                                               "supervisor. Reason, then the supervisor's "
                                               "user ID and PIN:"),
                                reason=self.tr("change for a customer"), ask_reason=True)
        self.approval_dialog = dialog
        token = self.session.token()
        self.session.track(dialog, token)

        def approved() -> None:
            approval = dialog.approval
            if approval is None or not token.alive:
                return
            self.print_desk.open_drawer_without_sale(
                cashier=user, approver_id=approval.approver_id, reason=approval.reason,
                then=lambda outcome: self.counter.message.setText(
                    self.tr("Cash drawer opened.") if outcome.opened
                    else self.tr("The cash drawer did not open: {reason}").format(
                        reason=outcome.reason)),
                failed=lambda e: self.counter.message.setText(error_message(e)))

        dialog.accepted.connect(approved)
        dialog.open()

    def _approve_reprint(self, payment, customer) -> None:
        """Past the reprint limit a supervisor types their own credential on this screen."""
        ctx, user = self.ctx, self.user
        dialog = ApprovalDialog(self, store=ctx.store, action=Action.REPRINT_BEYOND_LIMIT,
                                initiator=user, target=f"reprint:{payment.payment_uuid}",
                                terminal_id=ctx.terminal_id, clock=ctx.clock,
                                prompt=self.tr("This receipt has been reprinted the allowed "
                                               "number of times. A supervisor must approve "
                                               "another copy."))
        self.approval_dialog = dialog
        token = self.session.token()
        self.session.track(dialog, token)

        def approved() -> None:
            approval = dialog.approval
            if approval is None or not token.alive:
                return
            Op(self, lambda: auth.list_users(ctx.store)).guarded_by(token) \
                .success(lambda users: self.print_desk.request_reprint(
                    payment.payment_uuid, user=user,
                    supervisor=next(u for u in users if u.user_id == approval.approver_id),
                    then=lambda r: token.alive and self._on_reprinted(payment, customer, r),
                    refused=lambda e: token.alive and self._on_reprint_refused(e))) \
                .failure(lambda e: self.counter.message.setText(error_message(e))) \
                .run_in_background()

        dialog.accepted.connect(approved)
        dialog.open()

    # --- ledger status -------------------------------------------------------------------
    def refresh_ledger_status(self) -> None:
        if self._status_busy:
            return
        self._status_busy = True
        Op(self, self.ledger_source.ledger_status) \
            .success(self.on_ledger_status) \
            .failure(lambda e: self.on_ledger_status(LedgerStatus(
                configured=bool(self.ctx.config["ledger.url"]), online=False, queued=0,
                detail=str(e)))) \
            .finally_(self._ledger_status_done) \
            .run_in_background(self._status_pool)

    def _ledger_status_done(self) -> None:
        self._status_busy = False

    @Slot(object)
    def on_ledger_status(self, status: LedgerStatus) -> None:
        """Also the slot for a ledger client that pushes its state."""
        self.ledger_online = status.online
        self.status.on_ledger_status(status)
        self.counter.bills.set_provisional(not status.online)

    def request_quit(self) -> None:
        """Ctrl+Q: with a shift open on this counter, ask first (the default answer stays)."""
        if self.shift is None:
            self.close()
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Quit"), self.tr(
            "Shift #{id} is still open on this counter. Quit anyway? The shift stays open "
            "and the cash stays counted to it; close the shift first to hand the drawer "
            "over.").format(id=self.shift.shift_id),
            QMessageBox.StandardButton.NoButton, self)
        quit_button = box.addButton(self.tr("Quit, shift stays open"),
                                    QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(self.tr("Stay"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.finished.connect(lambda _r: box.clickedButton() is quit_button and self.close())
        self.notice = self.quit_box = box
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.counter.busy:
            # A confirmed payment is being written: let it finish (it takes milliseconds).
            QTimer.singleShot(200, self.close)
            event.ignore()
            return
        self._ledger_timer.stop()
        self.print_desk.stop()
        self.idle.disarm()
        super().closeEvent(event)
