"""Confirmation before the commit: amount, tenders, change, and how the money is allocated."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hall_domain.accounts import Customer
from hall_domain.allocation import AllocationResult
from hall_domain.money import format_fen
from hall_domain.tenders import TenderKind

from .payment_panel import PaymentDraft
from .rows import AllocationRow, allocation_rows
from .table_model import LEFT, RIGHT, RowTableModel
from .widgets import label, set_up_table


class AllocationTableModel(RowTableModel[AllocationRow]):
    def headers(self) -> list[str]:
        return [self.tr("Period"), self.tr("Late fee"), self.tr("Bill"), self.tr("Total"),
                self.tr("Result")]

    def display(self, row: AllocationRow, column: int) -> str:
        if column == 0:
            return self.tr("Prepaid credit") if row.is_credit else row.period
        if column == 1:
            return "" if row.is_credit else format_fen(row.late_fee_fen)
        if column == 2:
            return "" if row.is_credit else format_fen(row.principal_fen)
        if column == 3:
            return format_fen(row.total_fen)
        if row.is_credit:
            return self.tr("Kept as credit")
        return self.tr("Settled") if row.settles_bill else self.tr("Part paid")

    def alignment(self, column: int) -> Qt.AlignmentFlag:
        return RIGHT if column in (1, 2, 3) else LEFT


class ConfirmPaymentDialog(QDialog):
    """Enter confirms (the default button), Esc goes back to the payment panel."""

    def __init__(self, *, customer: Customer, draft: PaymentDraft, allocation: AllocationResult,
                 total_due_fen: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Confirm payment"))
        self.setModal(True)
        form = QFormLayout()
        heading = label("lockTitle", text=self.tr("Confirm payment"))
        form.addRow(heading)
        form.addRow(self.tr("Customer"), label(text=f"{customer.account_no}  {customer.name}"))
        form.addRow(self.tr("Total due"), label(text=format_fen(total_due_fen)))
        amount = label("amountBig")
        amount.setText(format_fen(draft.amount_fen))
        form.addRow(self.tr("Amount"), amount)
        for tender in draft.tenders:
            if tender.kind == TenderKind.CASH:
                text = self.tr("{amount} (tendered {tendered})").format(
                    amount=format_fen(tender.amount_fen), tendered=format_fen(tender.tendered_fen))
                form.addRow(self.tr("Cash"), label(text=text))
            else:
                text = self.tr("{amount}  card {card}  RRN {ref}  auth {auth}").format(
                    amount=format_fen(tender.amount_fen), card=tender.masked_card,
                    ref=tender.reference, auth=tender.auth_code)
                form.addRow(self.tr("Bank card"), label(text=text))
        if draft.change_fen:
            change = label("changeBig")
            change.setText(format_fen(draft.change_fen))
            form.addRow(self.tr("Change"), change)
        if draft.amount_fen < total_due_fen:
            form.addRow("", label("phoneWarning", wrap=True, text=self.tr(
                "Part payment: {left} stays owed.").format(left=format_fen(total_due_fen - draft.amount_fen))))
        if allocation.credit_fen:
            form.addRow("", label("infoText", wrap=True, text=self.tr(
                "{credit} becomes prepaid credit.").format(credit=format_fen(allocation.credit_fen))))

        self.allocations = AllocationTableModel(self)
        self.allocations.set_rows(allocation_rows(allocation))
        self.view = QTableView()
        self.view.setModel(self.allocations)
        set_up_table(self.view, stretch_column=4)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        rows = max(1, self.allocations.rowCount())
        row_height = self.fontMetrics().height() + 10
        self.view.setMinimumHeight((min(8, rows) + 1) * row_height + 6)

        self.buttons = QDialogButtonBox()
        ok = self.buttons.addButton(self.tr("Confirm (Enter)"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Back (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        ok.setDefault(True)
        ok.setObjectName("confirmButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(label("sectionTitle", text=self.tr("Allocation (oldest bill first, late fee first)")))
        box.addWidget(self.view, 1)
        box.addWidget(self.buttons)
        self.resize(760, self.sizeHint().height())
        ok.setFocus()
