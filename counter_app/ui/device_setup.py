"""The technician's device setup screens share one frame (printer_setup.py,
card_reader_setup.py): the devices found on this machine in a table with Refresh beside the
device's settings, the screen's own test area below, and a message line with Save and Close."""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.config import Config

from .table_model import RowTableModel

R = TypeVar("R")


class FoundDevicesModel(RowTableModel[R], Generic[R]):
    """Devices found on this machine, one row each. A subclass names its translation
    `CONTEXT`, its `HEADERS` (marked with QT_TRANSLATE_NOOP) and `columns(row)`."""

    CONTEXT = ""
    HEADERS: tuple[str, ...] = ()

    def headers(self) -> list[str]:
        return [QCoreApplication.translate(self.CONTEXT, h) for h in self.HEADERS]

    def columns(self, row: R) -> tuple[str, ...]:
        raise NotImplementedError

    def display(self, row: R, column: int) -> str:
        return self.columns(row)[column]

    def row(self, i: int) -> R:
        return self._rows[i]


class DeviceSetupDialog(QDialog):
    """The shared frame. A subclass makes its widgets, then calls `build(...)` once; it
    connects `device_view.clicked` and `refresh_button.clicked` and implements `save()`."""

    settingsSaved = Signal()

    def __init__(self, config: Config, *, parent: QWidget | None = None,
                 persist: bool = True) -> None:
        super().__init__(parent)
        self._config = config
        # False in the first-run wizard: Save only changes `config`, which the wizard writes
        # with everything else once setup succeeds (nothing is saved half).
        self._persist = persist
        self.device_view = QTableView()
        self.device_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.device_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.device_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.device_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.device_view.horizontalHeader().setStretchLastSection(True)
        self.device_view.verticalHeader().hide()
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)

    def save(self) -> object:
        raise NotImplementedError

    def write_config(self):
        """The settings file written (its path), or None when the wizard keeps them."""
        return self._config.save() if self._persist else None

    def saved_text(self, path) -> str:
        if path is None:
            return self.tr("Kept: saved with the other settings when the setup finishes.")
        return self.tr("Saved to {0}.").format(path)

    def build(self, *, model: RowTableModel, found_title: str, settings_title: str,
              form_rows: list[tuple[str, QWidget]], below: QWidget, size: tuple[int, int],
              stretch_below: bool) -> None:
        """Found devices (3/5 of the width) beside the settings form, `below` under both,
        then the message line and the buttons. The stretching row is `below` when
        `stretch_below`, else the devices and settings."""
        self.device_view.setModel(model)
        found = QGroupBox(found_title)
        found_layout = QVBoxLayout(found)
        found_layout.addWidget(self.device_view)
        found_layout.addWidget(self.refresh_button, alignment=Qt.AlignmentFlag.AlignRight)

        settings = QGroupBox(settings_title)
        form = QFormLayout(settings)
        for caption, field in form_rows:
            form.addRow(caption, field)

        buttons = QHBoxLayout()
        buttons.addWidget(self.message_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        top = QHBoxLayout()
        top.addWidget(found, 3)
        top.addWidget(settings, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 0 if stretch_below else 1)
        layout.addWidget(below, 1 if stretch_below else 0)
        layout.addLayout(buttons)
        self.resize(*size)
