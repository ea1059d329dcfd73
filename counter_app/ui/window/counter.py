"""The counter page's wiring in the window: a card read opens its account (asking first
during a payment), a payment wakes the relay, the ledger's state reaches the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QThreadPool, QTimer, Slot
from PySide6.QtWidgets import QMessageBox

from ..operations import ledger as ledger_ops
from ..status_sources import LedgerStatus
from .base import WindowPart

if TYPE_CHECKING:
    from ..main_window import MainWindow

LEDGER_POLL_MS = 10_000


class CounterPart(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._status_pool = QThreadPool(self)  # the ledger may be slow: never queue payments behind it
        self._status_pool.setMaxThreadCount(1)
        self._status_busy = False
        window.counter.paymentTaken.connect(self.on_counter_payment_taken)
        self.ledger_timer = QTimer(self)
        self.ledger_timer.setInterval(LEDGER_POLL_MS)
        self.ledger_timer.timeout.connect(self.refresh_ledger_status)
        self.ledger_timer.start()

    # --- card reader ---------------------------------------------------------------------
    def payment_in_progress(self) -> bool:
        """The cashier is part-way through a payment: fields typed in, or a dialog open."""
        counter = self.w.counter
        return counter.quote is not None and (counter.payment.edited or counter.has_dialog())

    @Slot(str)
    def on_card_read(self, account_no: str) -> None:
        """A card was read: open that customer, unless signed out or saving a payment.

        During a payment the cashier is asked first (No keeps the current customer). The
        receipt preview of the previous customer is closed: that payment is committed.
        """
        w, counter = self.w, self.w.counter
        account_no = account_no.strip()
        if w.pages.currentWidget() is not counter or counter.busy:
            return
        if w.notice is not None and w.notice.isVisible():
            return  # already asking
        current = counter.quote.customer.account_no if counter.quote else None
        if current == account_no and not counter.has_dialog():
            return
        w.idle.poke()
        if self.payment_in_progress():
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Card read"), self.tr(
                "A card for account {new} was read while the payment for {current} is open.\n"
                "Switch to {new}? What was typed for {current} is dropped.").format(
                    new=account_no, current=current),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, w)
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.finished.connect(lambda result: self._on_switch_answer(result, account_no))
            w.notice = box
            box.open()
            return
        self.open_card_account(account_no)

    def _on_switch_answer(self, result: int, account_no: str) -> None:
        if result != QMessageBox.StandardButton.Yes or self.w.counter.busy:
            return
        self.w.counter.close_dialog()
        self.open_card_account(account_no)

    def open_card_account(self, account_no: str) -> None:
        w = self.w
        if w.receipt_dialog is not None and w.receipt_dialog.isVisible():
            w.receipt_dialog.accept()
        w.counter.open_account(account_no)

    # --- after a payment -----------------------------------------------------------------
    def on_counter_payment_taken(self, payment, customer) -> None:
        link = self.w.ledger_link
        if link is not None:
            link.poke()  # the relay sends it now rather than at its next idle wake-up
        self.refresh_ledger_status()

    # --- ledger status -------------------------------------------------------------------
    def refresh_ledger_status(self) -> None:
        if self._status_busy:
            return
        self._status_busy = True
        ledger_ops.ledger_status(self.w, self.w.ledger_source) \
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
        w = self.w
        w.status.on_ledger_status(status)
        w.counter.bills.set_provisional(not status.online)
