"""Refund prepaid credit (退预存) of a payment from a closed shift: its own receipt number, paid
in cash from this shift's drawer, approved by a supervisor on this screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from counter_app.services import voids
from counter_app.services.shift_payments import RefundablePayment, list_refundable_payments
from hall_domain.errors import DomainError
from hall_domain.money import format_fen, parse_yuan
from hall_domain.receipts import ReceiptContext
from hall_domain.security import User

from .account_approval_dialog import AccountApprovalDialog
from .error_text import error_message
from .table_model import RIGHT, RowTableModel
from .worker import Op


class RefundableModel(RowTableModel[RefundablePayment]):
    def headers(self) -> list[str]:
        return [self.tr("Receipt"), self.tr("Paid at"), self.tr("Amount"),
                self.tr("Credit left"), self.tr("Refundable")]

    def display(self, row: RefundablePayment, column: int) -> str:
        return [row.line.receipt_no, f"{row.line.taken_at:%Y-%m-%d %H:%M}",
                format_fen(row.line.amount_fen), format_fen(row.credit_fen),
                format_fen(row.refundable_fen)][column]

    def alignment(self, column: int):
        return RIGHT if column >= 2 else super().alignment(column)


class RefundDialog(AccountApprovalDialog):
    """`refunded(RefundResult)` after the commit; `printJob(job_id)`: the refund slip."""

    refunded = Signal(object)
    printJob = Signal(int)

    def __init__(self, *, store, cash_store, terminal_id: str, user: User,
                 clock: Callable[[], datetime], receipt_ctx: ReceiptContext, printer_uri: str,
                 account_no: str = "", parent: QWidget | None = None) -> None:
        super().__init__(store=store, terminal_id=terminal_id, user=user, clock=clock,
                         account_no=account_no, parent=parent)
        self._cash, self._receipt_ctx, self._printer_uri = cash_store, receipt_ctx, printer_uri
        self.result_: voids.RefundResult | None = None
        self.setWindowTitle(self.tr("Refund prepaid credit"))
        self.amount = QLineEdit()
        self.reason = QLineEdit()
        self.refund_button = QPushButton(self.tr("Refund"))
        self.refund_button.setObjectName("refund_button")
        self.refund_button.clicked.connect(self.on_refund_button_clicked)
        self.build(
            model=RefundableModel(self), action_button=self.refund_button,
            form_rows=[(self.tr("Amount (¥)"), self.amount), (self.tr("Reason"), self.reason)],
            note=self.tr(
                "Only prepaid credit of payments from closed shifts is refunded here; a payment of "
                "the open shift is voided instead. The cash comes out of this shift's drawer."),
            size=(680, 460))

    def load_rows(self, account_no: str) -> Op:
        cash, user = self._cash, self._user
        return Op(self, lambda: list_refundable_payments(cash, account_no=account_no, user=user))

    def rows_loaded(self, rows: list[RefundablePayment]) -> None:
        self.select_first(rows, where=lambda _row: True,
                          empty_text=self.tr("No prepaid credit to refund on this account."))

    def update_button(self) -> None:
        self.refund_button.setEnabled(self.selected() is not None)

    def on_row_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.amount.setText(f"{row.refundable_fen // 100}.{row.refundable_fen % 100:02d}")
        self.update_button()

    def on_refund_button_clicked(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            amount = parse_yuan(self.amount.text())
        except DomainError as exc:
            self.status.setText(error_message(exc))
            return
        store, terminal, user, reason = self._store, self._terminal, self._user, self.reason.text()
        ctx, uri, now, uuid_ = self._receipt_ctx, self._printer_uri, self._clock(), row.line.payment_uuid
        self.run_approved(
            lambda approval: voids.refund_credit(
                store, terminal_id=terminal, user=user, payment_uuid=uuid_, amount_fen=amount,
                reason=reason, approval=approval, now=now, receipt_ctx=ctx, printer_uri=uri),
            succeeded=self.on_refund_succeeded, reason=reason,
            prompt=self.tr("Supervisor: approve refunding {amount} of prepaid credit on account "
                           "{account}.").format(amount=format_fen(amount),
                                                account=row.line.account_no))

    def on_refund_succeeded(self, result: voids.RefundResult) -> None:
        self.result_ = result
        self.status.setText(self.tr("Refunded {amount} on receipt {receipt}.").format(
            amount=format_fen(result.amount_fen), receipt=result.receipt_no))
        self.reason.clear()
        self.printJob.emit(result.print_job_id)
        self.refunded.emit(result)
        self.reload()
