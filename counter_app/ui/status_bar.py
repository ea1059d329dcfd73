"""Status bar: ledger online/offline with queued count and last sync, devices, shift, user, clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from hall_domain.security import User
from hall_domain.shifts import Shift

from .login_page import role_text
from .status_sources import LedgerStatus
from .widgets import Retranslating, label

DEVICE_STATES = {
    # printer
    "preview": QT_TRANSLATE_NOOP("DeviceState", "Screen preview"),
    "ready": QT_TRANSLATE_NOOP("DeviceState", "Ready"),
    "online": QT_TRANSLATE_NOOP("DeviceState", "Online"),
    "paper_near_end": QT_TRANSLATE_NOOP("DeviceState", "Paper near end"),
    "unknown": QT_TRANSLATE_NOOP("DeviceState", "Status unknown"),
    "printing": QT_TRANSLATE_NOOP("DeviceState", "Printing"),
    "paper_out": QT_TRANSLATE_NOOP("DeviceState", "Out of paper"),
    "cover_open": QT_TRANSLATE_NOOP("DeviceState", "Cover open"),
    # card reader
    "connecting": QT_TRANSLATE_NOOP("DeviceState", "Connecting"),
    "connected": QT_TRANSLATE_NOOP("DeviceState", "Connected"),
    "reading": QT_TRANSLATE_NOOP("DeviceState", "Reading"),
    "disconnected": QT_TRANSLATE_NOOP("DeviceState", "Disconnected"),
    # both
    "not_configured": QT_TRANSLATE_NOOP("DeviceState", "Not set up"),
    "offline": QT_TRANSLATE_NOOP("DeviceState", "Offline"),
    "error": QT_TRANSLATE_NOOP("DeviceState", "Error"),
}


def device_state_text(state: str) -> str:
    text = DEVICE_STATES.get(state)
    return QCoreApplication.translate("DeviceState", text) if text else state


class CounterStatusBar(Retranslating, QStatusBar):
    def __init__(self, *, clock: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self._clock = clock
        self.ledger_status: LedgerStatus | None = None
        self.printer_state = "preview"
        self.printer_waiting = 0  # receipts pending or failed
        self.card_reader_state = "not_configured"
        self.shift: Shift | None = None
        self.user: User | None = None
        self.ledger = label()
        self.printer = label()
        self.card_reader = label()
        self.shift_label = label()
        self.user_label = label()
        self.clock = label()
        for w in (self.ledger, self.printer, self.card_reader, self.shift_label, self.user_label):
            # May shrink below its text: the bar must never force the window wider than a
            # 1280-pixel counter screen (the full text stays in the tooltip).
            w.setMinimumWidth(48)
            self.addWidget(w)
        self.addPermanentWidget(self.clock)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.on_timer_timeout)
        self._timer.start()
        self.retranslate()

    def retranslate(self) -> None:
        self._show_ledger()
        printer = self.tr("Printer: {state}").format(state=device_state_text(self.printer_state))
        if self.printer_waiting:
            printer += " · " + self.tr("%n waiting to print", "", self.printer_waiting)
        _set_text(self.printer, printer)
        _set_name(self.printer, "statusOffline" if self.printer_waiting or self.printer_state in (
            "paper_out", "offline", "error", "cover_open") else "")
        _set_text(self.card_reader, self.tr("Reader: {state}").format(
            state=device_state_text(self.card_reader_state)))
        _set_text(
            self.shift_label,
            self.tr("Shift #{id}").format(id=self.shift.shift_id) if self.shift
            else self.tr("No shift open"))
        _set_text(
            self.user_label,
            self.tr("{role}: {id} {name}").format(role=role_text(self.user.role.value),
                                                 id=self.user.user_id, name=self.user.name)
            if self.user else self.tr("Not signed in"))
        self.on_timer_timeout()

    def _show_ledger(self) -> None:
        s = self.ledger_status
        if s is None:
            text, online = self.tr("Ledger: checking…"), False
        else:
            when = s.last_sync.strftime("%m-%d %H:%M") if s.last_sync else self.tr("never")
            if s.online:
                state = self.tr("online")
            elif s.configured:
                state = self.tr("offline")
            else:
                state = self.tr("offline (not set up)")
            text = self.tr("● Ledger {state} · queued {queued} · last sync {when}").format(
                state=state, queued=s.queued, when=when)
            online = s.online
        self.ledger.setText(text)
        self.ledger.setToolTip("\n".join(t for t in (text, s.detail if s else "") if t))
        _set_name(self.ledger, "statusOnline" if online else "statusOffline")

    # --- slots (connect device and ledger signals here) --------------------------------
    def on_ledger_status(self, status: LedgerStatus) -> None:
        self.ledger_status = status
        self._show_ledger()

    def on_printer_state(self, state: str) -> None:
        self.printer_state = state
        self.retranslate()

    def on_print_queue(self, waiting: int) -> None:
        self.printer_waiting = waiting
        self.retranslate()

    def on_card_reader_state(self, state: str) -> None:
        self.card_reader_state = state
        self.retranslate()

    def set_session(self, *, user: User | None, shift: Shift | None) -> None:
        self.user, self.shift = user, shift
        self.retranslate()

    def on_timer_timeout(self) -> None:
        self.clock.setText(self._clock().strftime("%Y-%m-%d %H:%M:%S"))


def _set_text(w: QLabel, text: str) -> None:
    w.setText(text)
    w.setToolTip(text)


def _set_name(w: QLabel, name: str) -> None:
    if w.objectName() != name:
        w.setObjectName(name)
        w.style().unpolish(w)
        w.style().polish(w)
