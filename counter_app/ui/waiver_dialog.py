"""Waive the late fee (电费违约金减免) of one open bill, with a reason, approved by a supervisor
on this screen; the counter window looks the account up again afterwards (`waived`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from counter_app.services import waivers
from counter_app.services.payments import quote_account
from hall_domain.allocation import BillLine
from hall_domain.late_fees import LateFeeRuleSet
from hall_domain.money import format_fen
from hall_domain.security import User

from .account_approval_dialog import AccountApprovalDialog
from .table_model import RIGHT, RowTableModel
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


class WaiverDialog(AccountApprovalDialog):
    """`waived(account_no, fen)` after the commit."""

    waived = Signal(str, int)

    def __init__(self, *, store, terminal_id: str, user: User, clock: Callable[[], datetime],
                 rules: LateFeeRuleSet, account_no: str = "", parent: QWidget | None = None) -> None:
        super().__init__(store=store, terminal_id=terminal_id, user=user, clock=clock,
                         account_no=account_no, parent=parent)
        self._rules = rules
        self.setWindowTitle(self.tr("Waive a late fee"))
        self.reason = QLineEdit()
        self.reason.textChanged.connect(lambda _t: self.update_button())
        self.waive_button = QPushButton(self.tr("Waive late fee"))
        self.waive_button.setObjectName("waive_button")
        self.waive_button.clicked.connect(self.on_waive_button_clicked)
        self.build(model=LateFeeModel(self), action_button=self.waive_button,
                   form_rows=[(self.tr("Reason"), self.reason)], size=(640, 420))

    def load_rows(self, account_no: str) -> Op:
        store, rules, on = self._store, self._rules, self._clock().date()
        return Op(self, lambda: quote_account(store, account_no, on=on, rules=rules))

    def rows_loaded(self, quote) -> None:
        lines = [line for line in quote.lines if line.late_fee_fen or line.bill.late_fee_waived]
        self.select_first(lines, where=lambda line: bool(line.late_fee_fen),
                          empty_text=self.tr("No late fee to waive on this account."))

    def update_button(self) -> None:
        line = self.selected()
        self.waive_button.setEnabled(line is not None and line.late_fee_fen > 0
                                     and bool(self.reason.text().strip()))

    def on_waive_button_clicked(self) -> None:
        line = self.selected()
        if line is None:
            return
        store, terminal, user, rules = self._store, self._terminal, self._user, self._rules
        account, bill_id, reason, now = line.bill.account_no, line.bill.bill_id, self.reason.text(), self._clock()
        self.run_approved(
            lambda approval: waivers.waive_late_fee(
                store, terminal_id=terminal, user=user, account_no=account, bill_id=bill_id,
                reason=reason, approval=approval, now=now, rules=rules),
            succeeded=lambda fen: self.on_waive_succeeded(account, fen), reason=reason,
            prompt=self.tr("Supervisor: approve waiving the late fee of {amount} on bill "
                           "{period} of account {account}.").format(
                amount=format_fen(line.late_fee_fen), period=line.bill.period, account=account))

    def on_waive_succeeded(self, account_no: str, fen: int) -> None:
        self.status.setText(self.tr("Late fee of {amount} waived.").format(amount=format_fen(fen)))
        self.reason.clear()
        self.waived.emit(account_no, fen)
        self.reload()
