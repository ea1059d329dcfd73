"""Cash in / cash out of the drawer with a reason; a cash out needs a supervisor's own id and PIN."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.domain.money import parse_yuan
from counter_app.domain.security import User
from counter_app.domain.shift_totals import CashMovement, MovementKind
from counter_app.services import cash_control as cc
from counter_app.services.shift_reports import CashStore

from .error_text import error_message
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
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.error)
        box.addWidget(self.buttons)

    def on_buttons_accepted(self) -> None:
        try:
            amount = parse_yuan(self.amount.text())
        except DomainError as exc:
            self.error.setText(error_message(exc))
            return
        store, terminal, user, now = self._store, self._terminal, self._user, self._clock()
        reason = self.reason.text()
        if self._kind == MovementKind.CASH_OUT:
            approver, pin = self.approver_id.text().strip(), self.approver_pin.text()
            self.approver_pin.clear()

            def work() -> CashMovement:
                return cc.cash_out(store, terminal_id=terminal, user=user, amount_fen=amount,
                                   reason=reason, approver_id=approver, approver_pin=pin, now=now)
        else:
            def work() -> CashMovement:
                return cc.cash_in(store, terminal_id=terminal, user=user, amount_fen=amount,
                                  reason=reason, now=now)
        self.buttons.setEnabled(False)
        Op(self, work).success(self.on_movement_recorded).failure(self.on_movement_failed) \
            .finally_(lambda: self.buttons.setEnabled(True)).run_in_background()

    def on_movement_recorded(self, movement: CashMovement) -> None:
        self.movement = movement
        self.movementRecorded.emit(movement)
        self.accept()

    def on_movement_failed(self, exc: Exception) -> None:
        self.error.setText(error_message(exc))
