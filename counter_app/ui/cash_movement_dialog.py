"""Cash in / cash out of the drawer with a reason; a cash out needs a supervisor's own id and PIN.

A cash out is confirmed on screen first (amount and reason); once recorded the dialog says so
and the owner prints the slip (`movementRecorded`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.services import cash_control as cc
from counter_app.services.shift_reports import CashStore
from hall_domain.errors import DomainError
from hall_domain.money import format_fen, parse_yuan
from hall_domain.security import User
from hall_domain.shift_totals import CashMovement, MovementKind

from .error_text import error_message
from .session import approval_policy_of, token_of
from .widgets import label
from .worker import Op


class CashMovementDialog(QDialog):
    movementRecorded = Signal(object)  # CashMovement

    def __init__(self, *, kind: MovementKind, store: CashStore, terminal_id: str, user: User,
                 clock: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind, self._store, self._terminal, self._user, self._clock = (
            kind, store, terminal_id, user, clock)
        self.movement: CashMovement | None = None
        self.confirm: QMessageBox | None = None  # the cash-out question while it is shown
        out = kind == MovementKind.CASH_OUT
        self.setWindowTitle(self.tr("Cash out") if out else self.tr("Cash in"))
        self.amount = QLineEdit()
        self.reason = QLineEdit()
        self.approver_id = QLineEdit()
        self.approver_pin = QLineEdit()
        self.approver_pin.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Amount (¥)"), self.amount)
        form.addRow(self.tr("Reason"), self.reason)
        if out:
            form.addRow(self.tr("Supervisor id"), self.approver_id)
            form.addRow(self.tr("Supervisor PIN"), self.approver_pin)
        self.error = label("errorText", wrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.done_text = label("infoText", wrap=True)
        self.done_text.setVisible(False)
        self.done_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.done_buttons.rejected.connect(self.accept)
        self.done_buttons.setVisible(False)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.error)
        box.addWidget(self.done_text)
        box.addWidget(self.buttons)
        box.addWidget(self.done_buttons)

    def on_buttons_accepted(self) -> None:
        token = token_of(self)
        if token is not None and not token.alive:
            return  # the counter was locked: no question, no movement
        try:
            amount = parse_yuan(self.amount.text())
        except DomainError as exc:
            self.error.setText(error_message(exc))
            return
        if self._kind != MovementKind.CASH_OUT:
            self._record(amount)
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Cash out"), self.tr(
            "Take {amount} out of the drawer?\nReason: {reason}").format(
                amount=format_fen(amount), reason=self.reason.text().strip() or "—"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.finished.connect(lambda result: self._on_confirmed(box, result, amount))
        self.confirm = box
        box.open()

    def _on_confirmed(self, box: QMessageBox, result: int, amount: int) -> None:
        self.confirm = None
        box.deleteLater()
        if result == QMessageBox.StandardButton.Yes:
            self._record(amount)
        else:
            self.approver_pin.clear()

    def _record(self, amount: int) -> None:
        store, terminal, user, now = self._store, self._terminal, self._user, self._clock()
        reason = self.reason.text()
        if self._kind == MovementKind.CASH_OUT:
            approver, pin = self.approver_id.text().strip(), self.approver_pin.text()
            self.approver_pin.clear()
            policy = approval_policy_of(self)

            def work() -> CashMovement:
                return cc.cash_out(store, terminal_id=terminal, user=user, amount_fen=amount,
                                   reason=reason, approver_id=approver, approver_pin=pin, now=now,
                                   policy=policy)
        else:
            def work() -> CashMovement:
                return cc.cash_in(store, terminal_id=terminal, user=user, amount_fen=amount,
                                  reason=reason, now=now)
        self.buttons.setEnabled(False)
        Op(self, work).success(self.on_movement_recorded).failure(self.on_movement_failed) \
            .finally_(lambda: self.buttons.setEnabled(True)).run_in_background()

    def on_movement_recorded(self, movement: CashMovement) -> None:
        """Say on screen what was recorded; the owner prints the slip."""
        self.movement = movement
        text = (self.tr("{amount} taken out of the drawer (approved by {approver}). The slip "
                        "is printing: sign it and keep it with the cash.")
                if movement.kind == MovementKind.CASH_OUT else
                self.tr("{amount} put into the drawer. The slip is printing."))
        self.done_text.setText(text.format(amount=format_fen(movement.amount_fen),
                                           approver=movement.approved_by or ""))
        self.done_text.setVisible(True)
        self.buttons.setVisible(False)
        self.done_buttons.setVisible(True)
        for w in (self.amount, self.reason, self.approver_id, self.approver_pin):
            w.setEnabled(False)
        self.done_buttons.button(QDialogButtonBox.StandardButton.Close).setFocus()
        self.movementRecorded.emit(movement)

    def on_movement_failed(self, exc: Exception) -> None:
        self.error.setText(error_message(exc))
