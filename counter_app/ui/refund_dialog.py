"""Refund prepaid credit (退预存) of a payment from a closed shift: its own receipt number, paid
in cash from this shift's drawer, approved by a supervisor on this screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.services import voids
from counter_app.services.shift_payments import RefundablePayment, list_refundable_payments
from hall_domain.errors import DomainError
from hall_domain.money import format_fen, parse_yuan
from hall_domain.receipts import ReceiptContext
from hall_domain.security import User

from .approval_flow import ApprovalFlow
from .error_text import error_message
from .table_model import RIGHT, RowTableModel
from .widgets import label, set_up_table
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


class RefundDialog(QDialog):
    """`refunded(RefundResult)` after the commit; `printJob(job_id)`: the refund slip."""

    refunded = Signal(object)
    printJob = Signal(int)

    def __init__(self, *, store, cash_store, terminal_id: str, user: User,
                 clock: Callable[[], datetime], receipt_ctx: ReceiptContext, printer_uri: str,
                 account_no: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._cash, self._terminal, self._user = store, cash_store, terminal_id, user
        self._clock, self._receipt_ctx, self._printer_uri = clock, receipt_ctx, printer_uri
        self.approval_dialog = None
        self.result_: voids.RefundResult | None = None
        self.setWindowTitle(self.tr("Refund prepaid credit"))
        self.account = QLineEdit(account_no)
        self.account.setPlaceholderText(self.tr("Account number"))
        self.account.returnPressed.connect(self.on_find_button_clicked)
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.clicked.connect(self.on_find_button_clicked)
        self.model = RefundableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_table(self.table, stretch_column=0)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.on_row_selected())
        self.amount = QLineEdit()
        self.reason = QLineEdit()
        self.refund_button = QPushButton(self.tr("Refund"))
        self.refund_button.setObjectName("refund_button")
        self.refund_button.clicked.connect(self.on_refund_button_clicked)
        self.status = label("errorText", wrap=True, selectable=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.account)
        top.addWidget(self.find_button)
        form = QFormLayout()
        form.addRow(self.tr("Amount (¥)"), self.amount)
        form.addRow(self.tr("Reason"), self.reason)
        box = QVBoxLayout(self)
        box.addWidget(label(wrap=True, text=self.tr(
            "Only prepaid credit of payments from closed shifts is refunded here; a payment of "
            "the open shift is voided instead. The cash comes out of this shift's drawer.")))
        box.addLayout(top)
        box.addWidget(self.table)
        box.addLayout(form)
        box.addWidget(self.refund_button)
        box.addWidget(self.status)
        box.addWidget(buttons)
        self.resize(680, 460)
        self.refund_button.setEnabled(False)
        if account_no:
            self.on_find_button_clicked()

    def on_find_button_clicked(self) -> None:
        self.status.setText("")
        self._load()

    def _load(self) -> None:
        cash, user, account = self._cash, self._user, self.account.text().strip()
        Op(self, lambda: list_refundable_payments(cash, account_no=account, user=user)) \
            .success(self.on_payments_loaded).failure(self.on_refund_failed).run_in_background()

    def on_payments_loaded(self, rows: list[RefundablePayment]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
        elif not self.status.text():
            self.status.setText(self.tr("No prepaid credit to refund on this account."))
        self.on_row_selected()

    def selected(self) -> RefundablePayment | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def on_row_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.amount.setText(f"{row.refundable_fen // 100}.{row.refundable_fen % 100:02d}")
        self.refund_button.setEnabled(row is not None)

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
        self.refund_button.setEnabled(False)
        self.status.setText("")
        flow = ApprovalFlow(
            self, store=store, initiator=user, terminal_id=terminal, clock=self._clock,
            succeeded=self.on_refund_succeeded, failed=self.on_refund_failed,
            cancelled=self.on_row_selected, reason=reason,
            prompt=self.tr("Supervisor: approve refunding {amount} of prepaid credit on account "
                           "{account}.").format(amount=format_fen(amount),
                                                account=row.line.account_no))
        flow.run(lambda approval: voids.refund_credit(
            store, terminal_id=terminal, user=user, payment_uuid=uuid_, amount_fen=amount,
            reason=reason, approval=approval, now=now, receipt_ctx=ctx, printer_uri=uri))

    def on_refund_succeeded(self, result: voids.RefundResult) -> None:
        self.result_ = result
        self.status.setText(self.tr("Refunded {amount} on receipt {receipt}.").format(
            amount=format_fen(result.amount_fen), receipt=result.receipt_no))
        self.reason.clear()
        self.printJob.emit(result.print_job_id)
        self.refunded.emit(result)
        self._load()

    def on_refund_failed(self, exc: Exception) -> None:
        self.status.setText(error_message(exc))
        self.refund_button.setEnabled(self.selected() is not None)
