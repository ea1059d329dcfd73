"""Void a payment of this counter's open shift: pick it, give a reason, a supervisor approves
on this screen; the void receipt is queued in the same transaction and handed on to print."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.services import voids
from counter_app.services.shift_payments import list_shift_payments
from hall_domain.money import format_fen
from hall_domain.receipts import ReceiptContext
from hall_domain.security import User
from hall_domain.shift_totals import PaymentLine

from .approval_flow import ApprovalFlow
from .error_text import error_message
from .table_model import RIGHT, RowTableModel
from .widgets import label, set_up_table
from .worker import Op


class ShiftPaymentsModel(RowTableModel[PaymentLine]):
    def headers(self) -> list[str]:
        return [self.tr("Receipt"), self.tr("Time"), self.tr("Account"), self.tr("Customer"),
                self.tr("Amount"), self.tr("Cash"), self.tr("Card"), self.tr("Status")]

    def display(self, row: PaymentLine, column: int) -> str:
        return [
            row.receipt_no, f"{row.taken_at:%H:%M:%S}", row.account_no, row.customer_name,
            format_fen(row.amount_fen),
            format_fen(row.cash_fen) if row.cash_fen else "",
            format_fen(row.card_fen) if row.card_fen else "",
            self.tr("void") if row.voided else self.tr("paid"),
        ][column]

    def alignment(self, column: int):
        return RIGHT if column in (4, 5, 6) else super().alignment(column)


class VoidDialog(QDialog):
    """`voided(VoidResult)` after the commit; `printJob(job_id)`: the void receipt to print."""

    voided = Signal(object)
    printJob = Signal(int)

    def __init__(self, *, store, cash_store, terminal_id: str, user: User,
                 clock: Callable[[], datetime], receipt_ctx: ReceiptContext, printer_uri: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._cash, self._terminal, self._user = store, cash_store, terminal_id, user
        self._clock, self._receipt_ctx, self._printer_uri = clock, receipt_ctx, printer_uri
        self.approval_dialog = None
        self.result_: voids.VoidResult | None = None
        self.setWindowTitle(self.tr("Void a payment"))
        self.model = ShiftPaymentsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_table(self.table, stretch_column=3)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_button())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Why is this payment void? (printed on the slip)"))
        self.reason.textChanged.connect(lambda _t: self._update_button())
        self.void_button = QPushButton(self.tr("Void payment"))
        self.void_button.setObjectName("void_button")
        self.void_button.clicked.connect(self.on_void_button_clicked)
        self.status = label("errorText", wrap=True, selectable=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        box = QVBoxLayout(self)
        box.addWidget(label(wrap=True, text=self.tr(
            "Payments of this shift on this counter. A supervisor approves the void with their "
            "own ID and PIN; the bills and prepaid credit are put back as they were.")))
        box.addWidget(self.table)
        box.addLayout(form)
        box.addWidget(self.void_button)
        box.addWidget(self.status)
        box.addWidget(buttons)
        self.resize(760, 480)
        self._update_button()
        self.reload()

    def reload(self) -> None:
        cash, terminal, user = self._cash, self._terminal, self._user
        Op(self, lambda: list_shift_payments(cash, terminal_id=terminal, user=user)) \
            .success(self.on_payments_loaded).failure(self.on_void_failed).run_in_background()

    def on_payments_loaded(self, lines: list[PaymentLine]) -> None:
        self.model.set_rows(lines)
        if not lines:
            self.status.setText(self.tr("No payments in this shift."))
        self._update_button()

    def selected(self) -> PaymentLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def select_receipt(self, receipt_no: str) -> bool:
        for i, row in enumerate(self.model.rows()):
            if row.receipt_no == receipt_no:
                self.table.selectRow(i)
                return True
        return False

    def _update_button(self) -> None:
        line = self.selected()
        self.void_button.setEnabled(line is not None and not line.voided
                                    and bool(self.reason.text().strip()))

    def on_void_button_clicked(self) -> None:
        line = self.selected()
        if line is None or line.voided:
            return
        store, terminal, user, reason = self._store, self._terminal, self._user, self.reason.text()
        ctx, uri, now = self._receipt_ctx, self._printer_uri, self._clock()
        self.void_button.setEnabled(False)
        self.status.setText("")
        flow = ApprovalFlow(
            self, store=store, initiator=user, terminal_id=terminal, clock=self._clock,
            succeeded=self.on_void_succeeded, failed=self.on_void_failed,
            cancelled=self._update_button, reason=reason,
            prompt=self.tr("Supervisor: approve voiding receipt {receipt} ({amount}).").format(
                receipt=line.receipt_no, amount=format_fen(line.amount_fen)))
        flow.run(lambda approval: voids.void_payment(
            store, terminal_id=terminal, user=user, payment_uuid=line.payment_uuid, reason=reason,
            approval=approval, now=now, receipt_ctx=ctx, printer_uri=uri))

    def on_void_succeeded(self, result: voids.VoidResult) -> None:
        self.result_ = result
        self.status.setText(self.tr("Receipt {receipt} is void (approved by {approver}).").format(
            receipt=result.payment.receipt_no, approver=result.approved_by))
        self.reason.clear()
        self.printJob.emit(result.print_job_id)
        self.voided.emit(result)
        self.reload()

    def on_void_failed(self, exc: Exception) -> None:
        self.status.setText(error_message(exc))
        self._update_button()
