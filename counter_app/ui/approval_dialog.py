"""The approver types their own id and PIN on the cashier's screen (dual control)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.services import approvals
from hall_domain.security import Action, User

from .error_text import error_message
from .session import approval_policy_of
from .widgets import fit_to_content
from .worker import Op


class ApprovalDialog(QDialog):
    """Ask another person to approve `action` on `target`; `approval` is set when accepted.

    Catch `approvals.ApprovalRequired` from a service, show this dialog with the error's
    `action` and `target` params, and on `exec() == Accepted` retry with `dialog.approval`.
    """

    def __init__(self, parent: QWidget | None, *, store, action: Action, initiator: User,
                 target: str, terminal_id: str, clock: Callable[[], datetime],
                 prompt: str = "", reason: str = "", ask_reason: bool = False,
                 policy: approvals.ApprovalPolicy | None = None) -> None:
        super().__init__(parent)
        # Who may approve besides a supervisor: the hall's setting, via the counter window.
        self._policy = policy or approval_policy_of(parent)
        self.setWindowTitle(self.tr("值班长审批 Supervisor approval"))
        self.approval: approvals.Approval | None = None
        self._store, self._action, self._initiator = store, Action(action), initiator
        self._target, self._terminal_id, self._clock, self._reason = target, terminal_id, clock, reason

        self.prompt = QLabel(prompt or self.tr("请值班长输入工号和密码"), self)
        self.prompt.setWordWrap(True)
        # The reason is typed on this screen when the action has no other place for it.
        self.reason = QLineEdit(reason, self) if ask_reason else None
        self.approver_id = QLineEdit(self)
        self.approver_id.setObjectName("approver_id")
        self.pin = QLineEdit(self)
        self.pin.setObjectName("approver_pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel("", self)
        self.error.setObjectName("approval_error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        if self.reason is not None:
            self.reason.setObjectName("approval_reason")
            form.addRow(self.tr("原因 Reason"), self.reason)
        form.addRow(self.tr("审批人工号"), self.approver_id)
        form.addRow(self.tr("密码 PIN"), self.pin)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        fit_to_content(self)

    def on_buttons_accepted(self) -> None:
        approver_id, pin = self.approver_id.text().strip(), self.pin.text()
        if self.reason is not None:
            self._reason = self.reason.text().strip()
            if not self._reason:
                self.error.setText(self.tr("请填写原因 Give a reason."))
                self.reason.setFocus()
                return
        self.pin.clear()  # never kept on screen or in the widget after the attempt
        self.buttons.setEnabled(False)
        self.error.setText("")
        store, action, initiator, policy = self._store, self._action, self._initiator, self._policy
        target, terminal_id, reason, now = self._target, self._terminal_id, self._reason, self._clock()
        Op(self, lambda: approvals.approve(
            store, action=action, initiator=initiator, approver_id=approver_id, approver_pin=pin,
            target=target, reason=reason, now=now, terminal_id=terminal_id, policy=policy,
        )).success(self.on_approve_succeeded).failure(self.on_approve_failed).finally_(
            lambda: self.buttons.setEnabled(True)).run_in_background()

    def on_approve_succeeded(self, approval: approvals.Approval) -> None:
        self.approval = approval
        self.accept()

    def on_approve_failed(self, exc: Exception) -> None:
        self.error.setText(error_message(exc))
        self.pin.setFocus()
