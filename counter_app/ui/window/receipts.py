"""Receipts: after a payment the drawer, the printer and the receipt on screen; F9 reprint
(a supervisor approves past the limit); Ctrl+P the print queue; Ctrl+D the drawer without
a sale (a supervisor approves)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from hall_domain.accounts import Customer
from hall_domain.payments import Payment
from hall_domain.security import Action
from hall_domain.tenders import TenderKind

from ..approval_dialog import ApprovalDialog
from ..counter_page import QueuedReceipt
from ..error_text import error_message
from ..operations import receipts as ops
from ..operations import session as session_ops
from ..operations.receipts import PrintedReceipt
from ..printer_text import printer_error_text
from ..receipt_dialog import ReceiptPreviewDialog
from .base import WindowPart

if TYPE_CHECKING:
    from ..main_window import MainWindow


@dataclass(frozen=True, slots=True)
class ReceiptJob:
    """A committed payment's receipt, for the printing service (on screen until it exists)."""

    payment: Payment
    customer: Customer | None
    text: str  # as laid out for the configured paper width
    reprint: bool
    job_id: int = 0  # the durable print job


class ReceiptsPart(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        window.counter.receiptQueued.connect(self.on_counter_receipt_queued)

    # --- after a payment -----------------------------------------------------------------
    def on_counter_receipt_queued(self, q: QueuedReceipt) -> None:
        """After COMMIT: drawer for cash, the stored job to the printer, the receipt on screen."""
        desk = self.w.print_desk
        if any(t.kind == TenderKind.CASH for t in q.payment.tenders):
            desk.open_drawer(q.payment)  # first: the cash goes in while it prints
        dialog = self.show_receipt(q.payment, q.customer, q.receipt, reprint=False, job_id=q.job_id)
        desk.print_job(q.job_id, then=lambda r: self._on_printed(dialog, r))

    def show_receipt(self, payment, customer, receipt, *, reprint: bool,
                     job_id: int) -> ReceiptPreviewDialog:
        w = self.w
        text = w.print_desk.preview_text(receipt)
        w.receiptReady.emit(ReceiptJob(payment=payment, customer=customer, text=text,
                                       reprint=reprint, job_id=job_id))
        if w.receipt_dialog is not None and w.receipt_dialog.isVisible():
            w.receipt_dialog.accept()
        dialog = ReceiptPreviewDialog(text=text, change_fen=payment.change_fen, reprint=reprint,
                                      parent=w)
        if w.print_desk.uri:
            dialog.set_print_state(self.tr("Printing…"))
        dialog.finished.connect(lambda _r: w.counter.focus_search())
        dialog.typedAhead.connect(w.counter.type_ahead)
        w.receipt_dialog = dialog
        dialog.open()
        return dialog

    def _on_printed(self, dialog: ReceiptPreviewDialog, result: PrintedReceipt) -> None:
        if not self.w.print_desk.uri and result.outcome.printed:
            return  # shown on screen only
        if result.outcome.printed:
            dialog.set_print_state(self.tr("Printed."))
        else:
            dialog.set_print_state(self.tr(
                "NOT printed: {error} The payment is saved; the receipt waits in "
                "Ctrl+P to be printed again.").format(
                    error=printer_error_text(result.outcome.error)), error=True)
            dialog.print_state.setToolTip(result.outcome.error)  # the printer's own words

    # --- Ctrl+P --------------------------------------------------------------------------
    def show_print_queue(self) -> None:
        w = self.w
        if w.user is None:
            return
        from ..print_queue_dialog import PrintQueueDialog

        dialog = PrintQueueDialog(w.print_desk, parent=w)
        w.print_queue_dialog = w.session.track(dialog)
        dialog.open()

    # --- F9 ------------------------------------------------------------------------------
    def reprint_last_receipt(self) -> None:
        """F9: a copy marked 重打 through the print jobs; past the limit a supervisor approves."""
        w = self.w
        if w.counter.busy or w.user is None:
            return
        ctx, user, token = self.ctx, w.user, w.session.token()

        def reprint(result) -> None:
            payment, customer = result
            if payment is None:
                w.counter.message.setText(self.tr("No receipt on this counter yet."))
                return
            w.print_desk.request_reprint(
                payment.payment_uuid, user=user,
                then=lambda r: token.alive and self._on_reprinted(payment, customer, r),
                refused=lambda e: token.alive and self._on_reprint_refused(e, payment, customer))

        ops.last_receipt(w, ctx.store, terminal_id=ctx.terminal_id,
                         account_length=ctx.account_length) \
            .guarded_by(token).success(reprint) \
            .failure(lambda e: w.counter.message.setText(error_message(e))) \
            .run_in_background()

    def _on_reprinted(self, payment, customer, result: PrintedReceipt) -> None:
        dialog = self.show_receipt(payment, customer, result.receipt, reprint=True,
                                   job_id=result.outcome.job_id)
        self._on_printed(dialog, result)

    def _on_reprint_refused(self, exc: Exception, payment=None, customer=None) -> None:
        w = self.w
        if getattr(exc, "code", "") == "permission.reprint_limit" and payment is not None \
                and w.user is not None:
            self._approve_reprint(payment, customer)
            return
        text = error_message(exc)
        w.counter.message.setText(text)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Reprint"), text,
                          QMessageBox.StandardButton.Ok, w)
        w.notice = box
        box.open()

    def _approve_reprint(self, payment, customer) -> None:
        """Past the reprint limit a supervisor types their own credential on this screen."""
        w, ctx, user = self.w, self.ctx, self.w.user
        dialog, token = self._approval_dialog(
            Action.REPRINT_BEYOND_LIMIT, target=f"reprint:{payment.payment_uuid}",
            prompt=self.tr("This receipt has been reprinted the allowed number of times. A "
                           "supervisor must approve another copy."))

        def approved() -> None:
            approval = dialog.approval
            if approval is None or not token.alive:
                return
            session_ops.list_users(w, ctx.store).guarded_by(token) \
                .success(lambda users: w.print_desk.request_reprint(
                    payment.payment_uuid, user=user,
                    supervisor=next(u for u in users if u.user_id == approval.approver_id),
                    then=lambda r: token.alive and self._on_reprinted(payment, customer, r),
                    refused=lambda e: token.alive and self._on_reprint_refused(e))) \
                .failure(lambda e: w.counter.message.setText(error_message(e))) \
                .run_in_background()

        dialog.accepted.connect(approved)
        dialog.open()

    # --- Ctrl+D --------------------------------------------------------------------------
    def open_drawer_without_sale(self) -> None:
        """Ctrl+D: no sale, so a supervisor approves on this screen and a reason is audited."""
        w = self.w
        if w.user is None or w.counter.busy:
            return
        if not w.print_desk.uri:
            w.counter.message.setText(self.tr("No receipt printer is set up, so there is "
                                              "no cash drawer to open."))
            return
        user = w.user
        dialog, token = self._approval_dialog(
            Action.OPEN_DRAWER_NO_SALE, target=f"drawer:{self.ctx.terminal_id}",
            prompt=self.tr("Opening the cash drawer without a sale needs a supervisor. Reason, "
                           "then the supervisor's user ID and PIN:"),
            reason=self.tr("change for a customer"), ask_reason=True)

        def approved() -> None:
            approval = dialog.approval
            if approval is None or not token.alive:
                return
            w.print_desk.open_drawer_without_sale(
                cashier=user, approver_id=approval.approver_id, reason=approval.reason,
                then=lambda outcome: w.counter.message.setText(
                    self.tr("Cash drawer opened.") if outcome.opened
                    else self.tr("The cash drawer did not open: {reason}").format(
                        reason=outcome.reason)),
                failed=lambda e: w.counter.message.setText(error_message(e)))

        dialog.accepted.connect(approved)
        dialog.open()

    def _approval_dialog(self, action: Action, *, target: str, prompt: str, **options):
        """A supervisor's approval on this screen, bound to the signed-in session."""
        w, ctx = self.w, self.ctx
        dialog = ApprovalDialog(w, store=ctx.store, action=action, initiator=w.user,
                                target=target, terminal_id=ctx.terminal_id, clock=ctx.clock,
                                prompt=prompt, **options)
        w.approval_dialog = dialog
        token = w.session.token()
        w.session.track(dialog, token)
        return dialog, token
