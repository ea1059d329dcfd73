"""The counter window: the frame (sign-in and counter pages, menus and keys, status bar).
What happens behind it is in its parts, ui/window/ (session, counter, receipts, devices,
supervisor); background work in ui/operations/."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QLayout,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from hall_domain.security import User
from hall_domain.shifts import Shift

from . import i18n
from .counter_page import CounterPage
from .login_page import LoginPage
from .operations import session as session_ops
from .payment_panel import TenderMode
from .print_desk import PrintDesk
from .receipt_dialog import ReceiptPreviewDialog
from .session import CounterSession, approval_policy_from_config
from .shift_dialog import OpenShiftDialog
from .status_bar import CounterStatusBar
from .status_sources import LedgerStatus, LedgerStatusSource, ledger_status_source
from .widgets import Retranslating
from .window.backups import BackupsPart
from .window.counter import CounterPart
from .window.devices import DevicesPart
from .window.dunning import DunningPart
from .window.receipts import ReceiptsPart
from .window.session import SessionPart
from .window.supervisor import SupervisorPart

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


class MainWindow(Retranslating, QMainWindow):
    """`on_card_read(account_no)` is the slot for the card reader's `cardRead` signal."""

    receiptReady = Signal(object)  # window.receipts.ReceiptJob, after the payment is committed
    signedIn = Signal(object)  # User
    locked = Signal()

    def __init__(self, ctx, *, ledger_link=None, ledger_source: LedgerStatusSource | None = None,
                 idle_lock_ms: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx  # bootstrap.CounterApp
        self.ledger_link = ledger_link  # ledger_link.LedgerLink (relay, status), or None
        # Shared by the parts (ui/window/): who is signed in, the open shift, what is on screen.
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
        self.receipt_dialog: ReceiptPreviewDialog | None = None
        self.notice: QMessageBox | None = None  # the last message box shown (tests read it)
        self.card_reader = None  # CardReaderBridge, set by app.connect_card_reader
        self.setup_dialog = None  # printer or card reader setup (technicians)
        self.print_queue_dialog = None

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

        # The parts (ui/window/): the menus and keys below call them.
        self.receipts = ReceiptsPart(self)
        self.devices = DevicesPart(self)
        self.supervisor = SupervisorPart(self)
        self._make_actions()
        # 班次 (shift, cash, reports, reconciliation) and 管理 (voids, refunds, waivers, audit,
        # users): shown per permission of whoever is signed in.
        self.supervisor_menus = self.supervisor.install()
        self.session_part = SessionPart(
            self, idle_lock_ms=idle_lock_ms or cfg["ui.idle_lock_minutes"] * 60_000)
        self.idle = self.session_part.idle
        self.counter_part = CounterPart(self)
        self.dunning_part = DunningPart(self)  # the account's 催费 state beside its bills
        self.backups_part = BackupsPart(self)
        self.counter.paymentTaken.connect(self.backups_part.on_payment_taken)

        self.retranslate()
        self.session_part.show_login()
        if ctx.integrity_check_deferred:
            self._check_integrity()  # queued first on the store thread: sign-in waits for it
        self.refresh_ledger_status()
        self.print_desk.refresh_queue()
        self.print_desk.poll_status()
        if ctx.demo:
            self.session_part.load_demo_users()
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
        self.act_reprint = act("F9", self.receipts.reprint_last_receipt)
        self.act_print_queue = act("Ctrl+P", self.receipts.show_print_queue)
        self.act_drawer = act("Ctrl+D", self.receipts.open_drawer_without_sale)
        self.act_lock = act("F12", lambda: self.session_part.lock(reason="manual"))
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
        self.act_about = QAction(self)
        self.act_about.triggered.connect(self.show_about)

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
        self.act_printer_setup.triggered.connect(self.devices.open_printer_setup)
        self.act_reader_setup = QAction(self)
        self.act_reader_setup.triggered.connect(self.devices.open_card_reader_setup)
        self.act_ledger_connect = QAction(self)
        self.act_ledger_connect.triggered.connect(self.devices.open_ledger_connect)
        self.menu_devices.addAction(self.act_printer_setup)
        self.menu_devices.addAction(self.act_reader_setup)
        self.menu_devices.addAction(self.act_ledger_connect)
        self.menu_devices.menuAction().setVisible(False)
        self.menu_language = bar.addMenu("")
        for a in self.act_languages.values():
            self.menu_language.addAction(a)
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_keys)
        self.menu_help.addAction(self.act_about)

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
        self.act_ledger_connect.setText(self.tr("Central ledger connection…"))
        self.act_lock.setText(self.tr("Lock / switch cashier"))
        self.act_quit.setText(self.tr("Quit"))
        self.act_languages["zh_CN"].setText("中文")  # language names in their own language
        self.act_languages["en"].setText("English")
        self.act_keys.setText(self.tr("Keyboard shortcuts"))
        self.act_about.setText(self.tr("About Hall Counter"))
        if self.pages.currentWidget() is self.login and self.shift is not None:
            self.login.set_locked(self.session_part.lock_text())

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

    def show_about(self) -> None:
        """Version, where this counter keeps its data, and what it runs on: what the
        technician reads out on the phone to support."""
        import platform

        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        from counter_app import __version__

        cfg = self.ctx.config
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About Hall Counter"))
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        name = self.tr("Hall Counter")
        box.setText(f"<b>{name}</b> {__version__}")
        box.setInformativeText(self.tr(
            "Hall {hall} · terminal {terminal}\nData folder: {data}\n"
            "Qt {qt} · PySide6 {pyside} · Python {python}").format(
                hall=cfg["terminal.hall_id"], terminal=self.ctx.terminal_id,
                data=str(self.ctx.data_dir), qt=qVersion(), pyside=pyside_version,
                python=platform.python_version()))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.notice = box
        box.open()

    def set_language(self, language: str) -> None:
        if not i18n.install_language(language):
            QMessageBox.warning(self, "Language", f"No translation for {language}.")
            return
        self.act_languages[language].setChecked(True)
        cfg = self.ctx.config
        cfg.set("ui.language", language)
        if cfg.path is not None:
            session_ops.save_settings(self, cfg).run_in_background()

    # --- delegated to the parts (ui/window/); kept on the window for callers and tests ---
    @property
    def integrity(self) -> str:
        return self.session_part.integrity

    @property
    def _shift_dialog(self) -> OpenShiftDialog | None:
        return self.session_part.shift_dialog

    def _check_integrity(self) -> None:
        self.session_part.check_integrity()

    def on_login_login_requested(self, user_id: str, pin: str) -> None:
        self.session_part.on_login_login_requested(user_id, pin)

    def lock(self, *, reason: str = "manual") -> None:
        self.session_part.lock(reason=reason)

    def on_card_read(self, account_no: str) -> None:
        self.counter_part.on_card_read(account_no)

    def refresh_ledger_status(self) -> None:
        self.counter_part.refresh_ledger_status()

    def on_ledger_status(self, status: LedgerStatus) -> None:
        self.counter_part.on_ledger_status(status)

    def show_print_queue(self) -> None:
        self.receipts.show_print_queue()

    def reprint_last_receipt(self) -> None:
        self.receipts.reprint_last_receipt()

    def open_drawer_without_sale(self) -> None:
        self.receipts.open_drawer_without_sale()

    def open_printer_setup(self) -> None:
        self.devices.open_printer_setup()

    def open_card_reader_setup(self) -> None:
        self.devices.open_card_reader_setup()

    def restart_card_reader(self) -> None:
        self.devices.restart_card_reader()

    # --- quit ----------------------------------------------------------------------------
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
        self.counter_part.ledger_timer.stop()
        self.backups_part.stop()
        self.print_desk.stop()
        self.idle.disarm()
        super().closeEvent(event)
