"""Open bills of the customer (model and panel): period, kWh, amounts, late fee, overdue days."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QTableView, QVBoxLayout, QWidget

from hall_domain.accounts import BillStatus
from hall_domain.allocation import Quote
from hall_domain.money import format_fen

from .rows import BillRow, bill_rows
from .table_model import CENTER, LEFT, RIGHT, RowTableModel
from .widgets import ElidedLabel, Retranslating, label, set_up_table

PERIOD, KWH, AMOUNT, LATE_FEE, DUE, DAYS, STATUS = range(7)
_OVERDUE = QBrush(QColor("#b00020"))


class BillsTableModel(RowTableModel[BillRow]):
    """While the ledger is unreachable, late fees are marked provisional (it may re-assess)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.provisional = True

    def set_provisional(self, provisional: bool) -> None:
        if provisional != self.provisional:
            self.provisional = provisional
            self.retranslate()

    def headers(self) -> list[str]:
        return [self.tr("Period"), self.tr("kWh"), self.tr("Amount"), self.tr("Late fee"),
                self.tr("Due date"), self.tr("Days overdue"), self.tr("Status")]

    def display(self, row: BillRow, column: int) -> str:
        if column == PERIOD:
            return row.period
        if column == KWH:
            return f"{row.kwh:,}"
        if column == AMOUNT:
            return format_fen(row.principal_fen)
        if column == LATE_FEE:
            fee = format_fen(row.late_fee_fen)
            return f"{fee} *" if self.provisional and row.late_fee_fen else fee
        if column == DUE:
            return row.due_date.isoformat()
        if column == DAYS:
            return str(row.days_overdue)
        if row.status == BillStatus.PARTIAL:
            return self.tr("Part paid")
        if row.status == BillStatus.PAID:
            return self.tr("Paid")
        return self.tr("Unpaid")

    def alignment(self, column: int) -> Qt.AlignmentFlag:
        if column in (KWH, AMOUNT, LATE_FEE, DAYS):
            return RIGHT
        if column == STATUS:
            return CENTER
        return LEFT

    def foreground(self, row: BillRow, column: int):
        if column in (DAYS, LATE_FEE) and row.days_overdue > 0:
            return _OVERDUE
        return None

    def tooltip(self, row: BillRow, column: int) -> str | None:
        if column == AMOUNT and row.principal_fen != row.amount_fen:
            return self.tr("Bill {amount}, of which {owed} still owed").format(
                amount=format_fen(row.amount_fen), owed=format_fen(row.principal_fen))
        if column == LATE_FEE and self.provisional and row.late_fee_fen:
            return self.tr("Provisional: the central ledger is offline and may re-assess it")
        return None


class BillsPanel(Retranslating, QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quote: Quote | None = None
        self.bills = BillsTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.bills)
        set_up_table(self.view)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard stays in search/payment
        self.total_caption = label("sectionTitle")
        self.total = label("totalDue")
        self.note = ElidedLabel()  # no word wrap: see ElidedLabel
        self.note.setObjectName("infoText")
        totals = QHBoxLayout()
        totals.addWidget(self.total_caption)
        totals.addWidget(self.total)
        totals.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.view, 1)
        box.addLayout(totals)
        box.addWidget(self.note)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Open bills"))
        self.total_caption.setText(self.tr("Total due"))
        self.bills.retranslate()
        self._update_note()

    def set_provisional(self, provisional: bool) -> None:
        self.bills.set_provisional(provisional)
        self._update_note()

    def show_quote(self, quote: Quote | None) -> None:
        self.quote = quote
        self.bills.set_rows(bill_rows(quote) if quote else [])
        self.total.setText(format_fen(quote.total_due_fen) if quote else "—")
        self._update_note()

    def _update_note(self) -> None:
        if self.quote is not None and not self.quote.lines:
            self.note.setText(self.tr("No open bills. A payment now is kept as prepaid credit."))
        elif self.quote is not None and self.bills.provisional and self.quote.late_fee_total_fen:
            self.note.setText(self.tr("* Late fees are provisional while the central ledger is offline."))
        else:
            self.note.setText("")
