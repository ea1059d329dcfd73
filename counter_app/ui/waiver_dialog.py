"""Waive the late fee (电费违约金减免) of one open bill, with a reason, approved by a supervisor
on this screen; the counter window looks the account up again afterwards (`waived`)."""

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

from counter_app.services import waivers
from counter_app.services.payments import quote_account
from hall_domain.allocation import BillLine
from hall_domain.late_fees import LateFeeRuleSet
from hall_domain.money import format_fen
from hall_domain.security import User

from .approval_flow import ApprovalFlow
from .error_text import error_message
from .table_model import RIGHT, RowTableModel
from .widgets import label, set_up_table
from .worker import Op


class LateFeeModel(RowTableModel[BillLine]):
    def headers(self) -> list[str]:
        return [self.tr("Period"), self.tr("Amount due"), self.tr("Days overdue"),
                self.tr("Late fee"), self.tr("Waived")]

    def display(self, row: BillLine, column: int) -> str:
        return [row.bill.period, format_fen(row.principal_fen), str(row.days_overdue),
                format_fen(row.late_fee_fen),
                self.tr("yes") if row.bill.late_fee_waived else ""][column]

    def alignment(self, column: int):
        return RIGHT if column in (1, 2, 3) else super().alignment(column)


class WaiverDialog(QDialog):
    """`waived(account_no, fen)` after the commit."""

    waived = Signal(str, int)

    def __init__(self, *, store, terminal_id: str, user: User, clock: Callable[[], datetime],
                 rules: LateFeeRuleSet, account_no: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._terminal, self._user = store, terminal_id, user
        self._clock, self._rules = clock, rules
        self.approval_dialog = None
        self.waived_fen: int | None = None
        self.setWindowTitle(self.tr("Waive a late fee"))
        self.account = QLineEdit(account_no)
        self.account.setPlaceholderText(self.tr("Account number"))
        self.account.returnPressed.connect(self.on_find_button_clicked)
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.clicked.connect(self.on_find_button_clicked)
        self.model = LateFeeModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_table(self.table, stretch_column=0)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_button())
        self.reason = QLineEdit()
        self.reason.textChanged.connect(lambda _t: self._update_button())
        self.waive_button = QPushButton(self.tr("Waive late fee"))
        self.waive_button.setObjectName("waive_button")
        self.waive_button.clicked.connect(self.on_waive_button_clicked)
        self.status = label("errorText", wrap=True, selectable=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.account)
        top.addWidget(self.find_button)
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.table)
        box.addLayout(form)
        box.addWidget(self.waive_button)
        box.addWidget(self.status)
        box.addWidget(buttons)
        self.resize(640, 420)
        self._update_button()
        if account_no:
            self.on_find_button_clicked()

    def on_find_button_clicked(self) -> None:
        self.status.setText("")
        self._load()

    def _load(self) -> None:
        store, rules, account, on = self._store, self._rules, self.account.text().strip(), self._clock().date()
        Op(self, lambda: quote_account(store, account, on=on, rules=rules)) \
            .success(self.on_quote_loaded).failure(self.on_waive_failed).run_in_background()

    def on_quote_loaded(self, quote) -> None:
        lines = [line for line in quote.lines if line.late_fee_fen or line.bill.late_fee_waived]
        self.model.set_rows(lines)
        first = next((i for i, line in enumerate(lines) if line.late_fee_fen), None)
        if first is not None:
            self.table.selectRow(first)
        elif not self.status.text():
            self.status.setText(self.tr("No late fee to waive on this account."))
        self._update_button()

    def selected(self) -> BillLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def _update_button(self) -> None:
        line = self.selected()
        self.waive_button.setEnabled(line is not None and line.late_fee_fen > 0
                                     and bool(self.reason.text().strip()))

    def on_waive_button_clicked(self) -> None:
        line = self.selected()
        if line is None:
            return
        store, terminal, user, rules = self._store, self._terminal, self._user, self._rules
        account, bill_id, reason, now = line.bill.account_no, line.bill.bill_id, self.reason.text(), self._clock()
        self.waive_button.setEnabled(False)
        self.status.setText("")
        flow = ApprovalFlow(
            self, store=store, initiator=user, terminal_id=terminal, clock=self._clock,
            succeeded=lambda fen: self.on_waive_succeeded(account, fen),
            failed=self.on_waive_failed, cancelled=self._update_button, reason=reason,
            prompt=self.tr("Supervisor: approve waiving the late fee of {amount} on bill "
                           "{period} of account {account}.").format(
                amount=format_fen(line.late_fee_fen), period=line.bill.period, account=account))
        flow.run(lambda approval: waivers.waive_late_fee(
            store, terminal_id=terminal, user=user, account_no=account, bill_id=bill_id,
            reason=reason, approval=approval, now=now, rules=rules))

    def on_waive_succeeded(self, account_no: str, fen: int) -> None:
        self.waived_fen = fen
        self.status.setText(self.tr("Late fee of {amount} waived.").format(amount=format_fen(fen)))
        self.reason.clear()
        self.waived.emit(account_no, fen)
        self._load()

    def on_waive_failed(self, exc: Exception) -> None:
        self.status.setText(error_message(exc))
        self._update_button()
