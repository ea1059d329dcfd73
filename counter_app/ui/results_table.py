"""Customers matching a search, when more than one does; Enter opens the selected one."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableView, QWidget

from hall_domain.accounts import UserType
from hall_domain.money import format_fen

from .rows import CustomerRow
from .table_model import LEFT, RIGHT, RowTableModel
from .widgets import set_up_table


class CustomerResultsModel(RowTableModel[CustomerRow]):
    def headers(self) -> list[str]:
        return [self.tr("Account"), self.tr("Name"), self.tr("Owed"), self.tr("Address"),
                self.tr("Phone"), self.tr("User type"), self.tr("Credit")]

    def display(self, row: CustomerRow, column: int) -> str:
        if column == 0:
            return row.account_no
        if column == 1:
            return row.name
        if column == 2:  # bills and late fees due today: who is here to pay what
            return "—" if row.owed_fen is None else format_fen(row.owed_fen)
        if column == 3:
            return row.address
        if column == 4:
            return row.phone
        if column == 5:
            return self.tr("Residential") if row.user_type == UserType.RESIDENTIAL else self.tr("Non-residential")
        return format_fen(row.credit_fen)

    def alignment(self, column: int) -> Qt.AlignmentFlag:
        return RIGHT if column in (2, 6) else LEFT


class ResultsView(QTableView):
    """Enter or double-click chooses a customer."""

    customerChosen = Signal(str)  # account number

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results = CustomerResultsModel(self)
        self.setModel(self.results)
        set_up_table(self, stretch_column=3)
        self.doubleClicked.connect(self.on_view_double_clicked)

    def show_rows(self, rows: list[CustomerRow]) -> None:
        self.results.set_rows(rows)
        if rows:
            self.selectRow(0)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._choose(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    def on_view_double_clicked(self, index: QModelIndex) -> None:
        self._choose(index)

    def _choose(self, index: QModelIndex) -> None:
        row = self.results.row_at(index)
        if row is not None:
            self.customerChosen.emit(row.account_no)
