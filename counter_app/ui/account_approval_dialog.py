"""The supervisor screens that look an account up, pick one row of it and do one approved
thing to that row (refund prepaid credit, waive a late fee): one dialog, the screens differ
only in their table, their extra fields and the service call (refund_dialog.py,
waiver_dialog.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

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

from hall_domain.security import User

from .approval_flow import ApprovalFlow
from .error_text import error_message
from .table_model import RowTableModel
from .widgets import label, set_up_table
from .worker import Op


class AccountApprovalDialog(QDialog):
    """Account field and Find, the account's rows, a reason, the action button, a status line.

    A subclass makes its table model, the action button and its form rows, hands them to
    `build(...)`, and implements `load_rows(account_no)` (an Op, not yet started), `rows_loaded(result)` and
    `update_button()`, and starts the approved call with `run_approved(...)`.
    """

    def __init__(self, *, store, terminal_id: str, user: User, clock: Callable[[], datetime],
                 account_no: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._terminal, self._user, self._clock = store, terminal_id, user, clock
        self.approval_dialog = None  # set by ApprovalFlow while the supervisor is asked
        self.account = QLineEdit(account_no)
        self.account.setPlaceholderText(self.tr("Account number"))
        self.account.returnPressed.connect(self.on_find_button_clicked)
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.clicked.connect(self.on_find_button_clicked)
        self.table = QTableView()
        self.status = label("errorText", wrap=True, selectable=True)
        self.model: RowTableModel | None = None
        self.action_button: QPushButton | None = None

    def build(self, *, model: RowTableModel, action_button: QPushButton,
              form_rows: list[tuple[str, QWidget]], note: str = "",
              size: tuple[int, int] = (640, 420)) -> None:
        """Called once at the end of the subclass's constructor: lays the screen out and looks
        up the account it was opened with."""
        self.model = model
        self.table.setModel(model)
        set_up_table(self.table, stretch_column=0)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.on_row_selected())
        self.action_button = action_button
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.account)
        top.addWidget(self.find_button)
        form = QFormLayout()
        for caption, field in form_rows:
            form.addRow(caption, field)
        box = QVBoxLayout(self)
        if note:
            box.addWidget(label(wrap=True, text=note))
        box.addLayout(top)
        box.addWidget(self.table)
        box.addLayout(form)
        box.addWidget(action_button)
        box.addWidget(self.status)
        box.addWidget(buttons)
        self.resize(*size)
        self.update_button()
        if self.account.text():
            self.on_find_button_clicked()

    # --- the subclass's part -------------------------------------------------------------
    def load_rows(self, account_no: str) -> Op:
        raise NotImplementedError

    def rows_loaded(self, result: Any) -> None:
        raise NotImplementedError

    def update_button(self) -> None:
        raise NotImplementedError

    def on_row_selected(self) -> None:
        self.update_button()

    # --- shared --------------------------------------------------------------------------
    def on_find_button_clicked(self) -> None:
        self.status.setText("")
        self.reload()

    def reload(self) -> None:
        self.load_rows(self.account.text().strip()) \
            .success(self.rows_loaded).failure(self.on_failed).run_in_background()

    def select_first(self, rows: list, *, where: Callable[[Any], bool] = bool,
                     empty_text: str) -> None:
        """Show `rows`, select the first one matching `where`, else say `empty_text`."""
        self.model.set_rows(rows)
        first = next((i for i, row in enumerate(rows) if where(row)), None)
        if first is not None:
            self.table.selectRow(first)
        elif not self.status.text():
            self.status.setText(empty_text)
        self.on_row_selected()

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def run_approved(self, work: Callable[[Any], Any], *, prompt: str, reason: str,
                     succeeded: Callable[[Any], None]) -> None:
        """`work(approval)` on the store thread; a supervisor approves on this screen."""
        self.action_button.setEnabled(False)
        self.status.setText("")
        flow = ApprovalFlow(
            self, store=self._store, initiator=self._user, terminal_id=self._terminal,
            clock=self._clock, succeeded=succeeded, failed=self.on_failed,
            cancelled=self.on_row_selected, reason=reason, prompt=prompt)
        flow.run(work)

    def on_failed(self, exc: Exception) -> None:
        self.status.setText(error_message(exc))
        self.update_button()
