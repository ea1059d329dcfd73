"""Record the customer's mobile number (saved through the services, which audit it)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hall_domain.accounts import Customer, is_valid_mobile, normalize_phone

from .widgets import label


class PhoneDialog(QDialog):
    """Checks the number locally, then asks its owner to save it; closes once saved."""

    phoneEntered = Signal(str)  # normalised mobile number

    def __init__(self, customer: Customer, parent: QWidget | None = None, *,
                 verify: bool = False) -> None:
        super().__init__(parent)
        self.original = customer.phone
        self.verify = verify  # the counter asked to check the number (#14)
        self.setWindowTitle(self.tr("Verify phone number") if verify
                            else self.tr("Record phone number"))
        self.field = QLineEdit(customer.phone or "")
        self.field.setMaxLength(20)
        self.field.setPlaceholderText(self.tr("11-digit mobile number, e.g. 13812345678"))
        self.error = label("errorText", wrap=True)
        form = QFormLayout()
        form.addRow(self.tr("Customer"), label(text=f"{customer.account_no}  {customer.name}"))
        form.addRow(self.tr("Mobile"), self.field)
        self.buttons = buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("Save (Enter)"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        ok.setDefault(True)
        buttons.accepted.connect(self.on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        if verify:
            self.hint = label("infoText", wrap=True, text=self.tr(
                "Read the number to the customer. Saving it unchanged records it as verified "
                "today; correct it if the customer has a new one."))
            box.addWidget(self.hint)
        box.addLayout(form)
        box.addWidget(self.error)
        box.addWidget(buttons)
        self.field.setFocus()
        self.field.selectAll()

    def phone(self) -> str:
        return normalize_phone(self.field.text())

    def show_error(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(text)
        self.field.setFocus()
        self.field.selectAll()

    def on_buttons_accepted(self) -> None:
        if not is_valid_mobile(self.field.text()):
            self.show_error(self.tr("A mainland mobile number has 11 digits and starts with 13 to 19."))
            return
        self.error.setText(self.tr("Saving…"))
        self.buttons.setEnabled(False)
        self.phoneEntered.emit(self.phone())
