"""The customer being served: who, where, phone (with a prompt when missing), prepaid credit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QPushButton, QWidget

from hall_domain.accounts import Customer, UserType
from hall_domain.money import format_fen

from .widgets import ElidedLabel, Retranslating, label


class CustomerPanel(Retranslating, QGroupBox):
    phoneEditRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customer: Customer | None = None
        self._captions = [label("infoText") for _ in range(7)]
        self.account = label("amountBig", selectable=True)
        self.name = label(selectable=True)
        self.address = ElidedLabel()
        self.user_type = label()
        self.area = label()
        self.phone = label(selectable=True)
        self.credit = label()
        self.phone_warning = ElidedLabel()
        self.phone_warning.setObjectName("phoneWarning")
        self.phone_button = QPushButton()
        self.phone_button.setAutoDefault(False)
        self.phone_button.clicked.connect(self.phoneEditRequested)

        grid = QGridLayout(self)
        values = [self.account, self.name, self.address, self.user_type, self.area, self.phone,
                  self.credit]
        for i, (caption, value) in enumerate(zip(self._captions, values, strict=True)):
            grid.addWidget(caption, i, 0)
            grid.addWidget(value, i, 1)
        # The prompt gets the panel's full width: one line in either language at 1280 px.
        grid.addWidget(self.phone_warning, len(values), 0, 1, 2)
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.phone_button)
        grid.addLayout(button_row, len(values) + 1, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        self.retranslate()
        self.show_customer(None)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Customer"))
        for caption, text in zip(self._captions, (
            self.tr("Account"), self.tr("Name"), self.tr("Address"), self.tr("User type"),
            self.tr("Area"), self.tr("Phone"), self.tr("Prepaid credit"),
        ), strict=True):
            caption.setText(text)
        self.phone_button.setText(self.tr("Record phone (F8)"))
        self.show_customer(self.customer)

    def needs_phone(self) -> bool:
        return self.customer is not None and not self.customer.phone_valid

    def show_customer(self, customer: Customer | None) -> None:
        self.customer = customer
        if customer is None:
            for w in (self.account, self.name, self.address, self.user_type, self.area,
                      self.phone, self.credit):
                w.setText("—")
            self.phone_warning.hide()
            self.phone_button.hide()
            return
        self.account.setText(customer.account_no)
        self.name.setText(customer.name)
        self.address.setText(customer.address)
        self.user_type.setText(
            self.tr("Residential") if customer.user_type == UserType.RESIDENTIAL
            else self.tr("Non-residential"))
        self.area.setText(customer.area)
        self.phone.setText(customer.phone or "—")
        self.credit.setText(format_fen(customer.credit_fen))
        if customer.phone_valid:
            self.phone_warning.hide()
            self.phone_button.hide()
        else:
            self.phone_warning.setText(
                self.tr("No phone number on file. Ask the customer for a mobile number.")
                if not customer.phone else
                self.tr("“{phone}” is not a valid mobile number. Ask the customer for the current one.")
                .format(phone=customer.phone))
            self.phone_warning.show()
            self.phone_button.show()
