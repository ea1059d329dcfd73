"""The one search field (F2): account number, phone, or name/address text."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from .widgets import Retranslating, label


class SearchBar(Retranslating, QWidget):
    searchRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = label("sectionTitle")
        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setClearButtonEnabled(True)
        self.field.setMaxLength(64)
        self.button = QPushButton()
        self.button.setAutoDefault(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.caption)
        row.addWidget(self.field, 1)
        row.addWidget(self.button)
        self.field.returnPressed.connect(self.on_field_return_pressed)
        self.button.clicked.connect(self.on_field_return_pressed)
        self.retranslate()

    def retranslate(self) -> None:
        self.caption.setText(self.tr("Search (F2)"))
        self.field.setPlaceholderText(self.tr("Account number, phone, name or address"))
        self.button.setText(self.tr("Search"))

    def focus(self) -> None:
        self.field.setFocus()
        self.field.selectAll()

    def set_text(self, text: str) -> None:
        self.field.setText(text)

    def text(self) -> str:
        return self.field.text().strip()

    def clear(self) -> None:
        self.field.clear()

    def on_field_return_pressed(self) -> None:
        text = self.text()
        if text:
            self.searchRequested.emit(text)
