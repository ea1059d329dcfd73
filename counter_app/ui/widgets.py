"""Small shared widget helpers: retranslation on language change, labels, table set-up."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)


class Retranslating:
    """Mixin for widgets: `retranslate()` runs again whenever the language changes."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]


def label(object_name: str = "", *, text: str = "", selectable: bool = False,
          wrap: bool = False) -> QLabel:
    w = QLabel(text)
    if object_name:
        w.setObjectName(object_name)
    if selectable:
        w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    w.setWordWrap(wrap)
    return w


def set_up_table(view: QTableView, *, stretch_column: int | None = None) -> None:
    """Row selection, no editing, no row numbers, readable row height."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    view.setWordWrap(False)


def form_row(form: QFormLayout, field: QWidget) -> QLabel:
    """Add `field` with a caption label whose text `retranslate()` sets later."""
    caption = QLabel()
    caption.setBuddy(field)
    form.addRow(caption, field)
    return caption


class ElidedLabel(QLabel):
    """One line that ends in '…' when too long for its width; the full text is the tooltip.

    Unlike a word-wrapped label it has no height-for-width, which box layouts handle badly.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        self._full = text
        self.setToolTip(text if text != "—" else "")
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 4, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width() - 2))
        super().setText(shown)


def fit_to_content(window: QWidget, *, min_width: int = 0) -> None:
    """Size a dialog or window from its content, never clipping a field's text.

    Each line edit is at least as wide as its placeholder (or text), and the window takes
    its size hint (a wrapped label otherwise lets Qt pick a width that cuts fields off),
    kept inside the screen.
    """
    for edit in window.findChildren(QLineEdit):
        if isinstance(edit.parentWidget(), QAbstractSpinBox):
            continue  # a spin box sizes itself from its range
        text = edit.placeholderText() or edit.text()
        if text:
            need = edit.fontMetrics().horizontalAdvance(text) + 24  # frame and text margins
            edit.setMinimumWidth(max(edit.minimumWidth(), need))
    layout = window.layout()
    if layout is not None:
        layout.activate()
    hint = window.sizeHint().expandedTo(window.minimumSizeHint())
    sized = window.isVisible() or window.testAttribute(Qt.WidgetAttribute.WA_Resized)
    width = max(hint.width(), min_width, window.width() if sized else 0)
    height = max(hint.height(), window.height() if sized else 0)
    screen = window.screen()
    if screen is not None:
        area = screen.availableGeometry()
        width, height = min(width, area.width()), min(height, area.height())
    window.resize(width, height)
