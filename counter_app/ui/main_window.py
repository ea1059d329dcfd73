"""The counter window: sign-in/lock page and counter page, menus and keys, session and status."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QStackedWidget, QWidget

from counter_app.domain.accounts import Customer
from counter_app.domain.payments import Payment
from counter_app.domain.security import Action, User, can
from counter_app.domain.shifts import DenominationCount, Shift
from counter_app.services import auth, lookup, payments, shifts

from . import i18n
from .counter_page import CounterPage
from .error_text import error_message
from .idle import IdleWatcher
from .login_page import LoginPage
from .payment_panel import TenderMode
from .receipt_dialog import ReceiptPreviewDialog
from .receipt_text import ReceiptHeader, render_receipt
from .rows import UserRow
from .shift_dialog import OpenShiftDialog
from .status_bar import CounterStatusBar
from .status_sources import LedgerStatus, LedgerStatusSource, ledger_status_source
from .widgets import Retranslating
from .worker import Op

LEDGER_POLL_MS = 10_000


@dataclass(frozen=True, slots=True)
class ReceiptJob:
    """A committed payment's receipt, for the printing service (on screen until it exists)."""

    payment: Payment
    customer: Customer | None
    text: str  # as laid out for the configured paper width
    reprint: bool


class MainWindow(Retranslating, QMainWindow):
    """`on_card_read(account_no)` is the slot for the card reader's `cardRead` signal."""

    receiptReady = Signal(object)  # ReceiptJob, after the payment is committed
    signedIn = Signal(object)  # User
    locked = Signal()

    def __init__(self, ctx, *, ledger_source: LedgerStatusSource | None = None,
                 idle_lock_ms: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user: User | None = None
        self.shift: Shift | None = None
        self.last_user_id = ""
        self.ledger_source = ledger_source or ledger_status_source(ctx)
        self.ledger_online = False
        self._status_pool = QThreadPool(self)  # the ledger may be slow: never queue payments behind it
        self._status_pool.setMaxThreadCount(1)
        self._status_busy = False
        self._shift_dialog: OpenShiftDialog | None = None
        self.receipt_dialog: ReceiptPreviewDialog | None = None

        cfg = ctx.config
        self.login = LoginPage(hall_name=cfg["terminal.hall_name"], terminal_id=ctx.terminal_id,
                               demo=ctx.demo)
        self.counter = CounterPage(ctx)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.login)
        self.pages.addWidget(self.counter)
        self.setCentralWidget(self.pages)
        self.status = CounterStatusBar(clock=ctx.clock)
        self.setStatusBar(self.status)
        if cfg["card_reader.port"]:
            self.status.on_card_reader_state("disconnected")

        self._make_actions()
        self.idle = IdleWatcher(idle_lock_ms or cfg["ui.idle_lock_minutes"] * 60_000, self)
        self.idle.idle.connect(self.on_idle_idle)
        app = QApplication.instance()
        if app is not None:  # sees every key and mouse event; removed when `idle` is deleted
            app.installEventFilter(self.idle)

        self.login.loginRequested.connect(self.on_login_login_requested)
        self.counter.paymentTaken.connect(self.on_counter_payment_taken)
        self._ledger_timer = QTimer(self)
        self._ledger_timer.setInterval(LEDGER_POLL_MS)
        self._ledger_timer.timeout.connect(self.refresh_ledger_status)
        self._ledger_timer.start()

        self.retranslate()
        self._show_login()
        self.refresh_ledger_status()
        if ctx.demo:
            self._load_demo_users()
        self.resize(1280, 800)

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
        self.act_lock = act("F12", lambda: self.lock(reason="manual"))
        self.act_clear = act("Esc", self.counter.clear_or_back)
        self.act_quit = act("Ctrl+Q", self.close)
        self.counter_actions = [self.act_search, self.act_cash, self.act_card, self.act_split,
                                self.act_phone, self.act_reprint, self.act_lock, self.act_clear]
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
                  self.act_reprint, None, self.act_lock, self.act_quit):
            if a is None:
                self.menu_counter.addSeparator()
            else:
                self.menu_counter.addAction(a)
        self.menu_language = bar.addMenu("")
        for a in self.act_languages.values():
            self.menu_language.addAction(a)
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_keys)

    def retranslate(self) -> None:
        title = self.tr("Hall Counter — {hall} — counter {terminal}").format(
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
            "Esc  back / clear for the next customer\n"
            "F5  cash · F6  bank card · F7  cash + card\n"
            "F8  record phone number\n"
            "F9  reprint last receipt\n"
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
        self.login.reset(user_id=self.last_user_id)

    def _load_demo_users(self) -> None:
        from counter_app.demo.users import DEMO_USERS
        pins = {u.user_id: u.pin for u in DEMO_USERS}
        store = self.ctx.store
        Op(self, lambda: auth.list_users(store)) \
            .success(lambda users: self.login.set_users([
                UserRow(u.user_id, u.name, u.role.value, pins.get(u.user_id, ""))
                for u in users if u.active])) \
            .run_in_background()

    @Slot(str, str)
    def on_login_login_requested(self, user_id: str, pin: str) -> None:
        ctx, now = self.ctx, self.ctx.clock()
        Op(self, lambda: auth.login(ctx.store, user_id=user_id, pin=pin, now=now,
                                    terminal_id=ctx.terminal_id)) \
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
            dialog = OpenShiftDialog(user_name=user.name, terminal_id=self.ctx.terminal_id, parent=self)
            dialog.floatCounted.connect(lambda counts: self._open_shift(dialog, user, counts))
            dialog.rejected.connect(lambda: self.login.reset(user_id=user.user_id))
            self._shift_dialog = dialog
            dialog.open()
            return
        self._enter_counter(user, shift)

    def _open_shift(self, dialog: OpenShiftDialog, user: User, counts: DenominationCount) -> None:
        ctx, now = self.ctx, self.ctx.clock()
        Op(dialog, lambda: shifts.open_shift(ctx.store, terminal_id=ctx.terminal_id, user=user,
                                             opening_float=counts, now=now)) \
            .success(lambda shift: (dialog.accept(), self._enter_counter(user, shift))) \
            .failure(lambda e: dialog.show_error(error_message(e))) \
            .run_in_background()

    def _enter_counter(self, user: User, shift: Shift | None) -> None:
        self.user, self.shift = user, shift
        self.last_user_id = user.user_id
        self.login.set_locked("")
        self.counter.set_user(user, shift_open=shift is not None)
        self.counter.reset()
        self.status.set_session(user=user, shift=shift)
        self.pages.setCurrentWidget(self.counter)
        for a in self.counter_actions:
            a.setEnabled(True)
        self.idle.arm()
        self.counter.focus_search()
        if shift is None and can(user.role, Action.TAKE_PAYMENT):
            self.counter.message.setText(self.tr("No shift is open: look-up only."))
        self.signedIn.emit(user)

    def _lock_text(self) -> str:
        if self.shift is None:
            return self.tr("Counter locked.")
        return self.tr("Counter locked. Shift #{id} stays open; any cashier may sign in to "
                       "continue it.").format(id=self.shift.shift_id)

    def lock(self, *, reason: str = "manual") -> None:
        """Back to sign-in; the open shift stays open. Waits while a payment is being saved."""
        if self.pages.currentWidget() is self.login:
            return
        if self.counter.busy:
            QTimer.singleShot(500, lambda: self.lock(reason=reason))
            return
        self.counter.close_dialog()
        if self.receipt_dialog is not None and self.receipt_dialog.isVisible():
            self.receipt_dialog.reject()
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
    @Slot(str)
    def on_card_read(self, account_no: str) -> None:
        """A card was read: open that customer, unless signed out or in the middle of something.

        The receipt preview of the previous customer is closed: that payment is committed.
        """
        if self.pages.currentWidget() is not self.counter or self.counter.busy:
            return
        if self.counter.has_dialog():
            return
        if self.receipt_dialog is not None and self.receipt_dialog.isVisible():
            self.receipt_dialog.accept()
        self.idle.poke()
        self.counter.open_account(account_no.strip())

    # --- receipts ------------------------------------------------------------------------
    def _header(self, cashier_name: str) -> ReceiptHeader:
        cfg = self.ctx.config
        return ReceiptHeader(hall_name=cfg["terminal.hall_name"],
                             hall_address=cfg["terminal.hall_address"],
                             footer=cfg["printer.footer"], cashier_name=cashier_name)

    def on_counter_payment_taken(self, payment, customer) -> None:
        name = self.user.name if self.user else ""
        self._deliver_receipt(payment, customer, reprint=False, cashier_name=name)
        self.refresh_ledger_status()

    def _deliver_receipt(self, payment, customer, *, reprint: bool, cashier_name: str) -> None:
        text = render_receipt(payment, customer, self._header(cashier_name), reprint=reprint,
                              width_mm=self.ctx.config["printer.width"])
        self.receiptReady.emit(ReceiptJob(payment=payment, customer=customer, text=text,
                                          reprint=reprint))
        dialog = ReceiptPreviewDialog(text=text, change_fen=payment.change_fen, reprint=reprint,
                                      parent=self)
        dialog.finished.connect(lambda _r: self.counter.focus_search())
        self.receipt_dialog = dialog
        dialog.open()

    def reprint_last_receipt(self) -> None:
        if self.counter.busy or self.user is None:
            return
        ctx = self.ctx

        def fetch():
            payment = payments.last_payment(ctx.store, terminal_id=ctx.terminal_id)
            if payment is None:
                return None, None, ""
            found = lookup.find_customers(ctx.store, payment.account_no, limit=1,
                                          account_length=ctx.account_length)
            names = {u.user_id: u.name for u in auth.list_users(ctx.store)}
            return payment, (found[0] if found else None), names.get(payment.cashier_id, "")

        def show(result) -> None:
            payment, customer, cashier_name = result
            if payment is None:
                self.counter.message.setText(self.tr("No receipt on this counter yet."))
                return
            self._deliver_receipt(payment, customer, reprint=True, cashier_name=cashier_name)

        Op(self, fetch).success(show) \
            .failure(lambda e: self.counter.message.setText(error_message(e))) \
            .run_in_background()

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

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.counter.busy:
            # A confirmed payment is being written: let it finish (it takes milliseconds).
            QTimer.singleShot(200, self.close)
            event.ignore()
            return
        self._ledger_timer.stop()
        self.idle.disarm()
        super().closeEvent(event)
