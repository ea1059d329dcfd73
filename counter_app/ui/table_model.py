"""A read-only table model over a list of plain row dataclasses; subclasses name the columns."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from .qt_compat import no_value

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Subclasses implement `headers()`, `display(row, column)` and may override the rest."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    # --- to override -------------------------------------------------------------------
    def headers(self) -> list[str]:
        raise NotImplementedError

    def display(self, row: R, column: int) -> str:
        raise NotImplementedError

    def alignment(self, column: int) -> Qt.AlignmentFlag:
        return LEFT

    def foreground(self, row: R, column: int) -> Any:
        return None

    def tooltip(self, row: R, column: int) -> str | None:
        return None

    # --- rows --------------------------------------------------------------------------
    def set_rows(self, rows: list[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, index: Index) -> R | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def retranslate(self) -> None:
        """Headers and translated cells change with the language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
            )

    # --- QAbstractTableModel -----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    # Both are called by the views from C++ for every cell, role and repaint: "no value" is
    # no_value(), never a bare None (see qt_compat).
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        value = None
        if row is not None:
            if role == Qt.ItemDataRole.DisplayRole:
                value = self.display(row, index.column())
            elif role == Qt.ItemDataRole.TextAlignmentRole:
                value = self.alignment(index.column())
            elif role == Qt.ItemDataRole.ForegroundRole:
                value = self.foreground(row, index.column())
            elif role == Qt.ItemDataRole.ToolTipRole:
                value = self.tooltip(row, index.column())
        return no_value() if value is None else value

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt override)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = None
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                headers = self.headers()
                value = headers[section] if 0 <= section < len(headers) else None
            elif role == Qt.ItemDataRole.TextAlignmentRole:
                value = self.alignment(section)
        return no_value() if value is None else value
