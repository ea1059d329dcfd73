"""The receipt on screen after a payment or reprint: change on top, the receipt as laid out for
the paper (adapters.printer.render_text of the domain receipt), and what the printer did."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from hall_domain.money import format_fen

from .widgets import label


class ReceiptPreviewDialog(QDialog):
    """Enter or Esc closes it; the counter is already reset for the next customer.

    After a payment (not a reprint) the cashier may simply start typing the next customer's
    account number, phone or name: the first character closes the preview and goes to the
    search field (`typedAhead`), so no Enter is spent on "next customer". Not when the
    printer failed: that message stays until it was read (Enter or Esc).
    """

    typedAhead = Signal(str)

    def __init__(self, *, text: str, change_fen: int, reprint: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.receipt_text = text
        self.reprint = reprint
        self.type_ahead = not reprint
        self.setWindowTitle(self.tr("Receipt (reprint)") if reprint else self.tr("Receipt"))
        box = QVBoxLayout(self)
        if reprint:
            box.addWidget(label("reprintMark", text=self.tr("REPRINT — not a new payment")))
        elif change_fen:
            box.addWidget(label("changeBig", text=self.tr("Change {amount}").format(
                amount=format_fen(change_fen))))
        else:
            box.addWidget(label("sectionTitle", text=self.tr("Payment saved")))
        self.view = QPlainTextEdit()
        self.view.setObjectName("receiptText")
        self.view.setReadOnly(True)
        self.view.setPlainText(text)
        font = _receipt_font(self.font().pointSize())
        self.view.setFont(font)
        metrics = QFontMetrics(font)
        # 48 columns of half-width characters plus the frame and scroll bar.
        self.view.setMinimumWidth(metrics.horizontalAdvance("0" * 48) + 48)
        lines = text.count("\n") + 1
        # At most 24 lines high: with the change on top it fits an 800-pixel counter screen.
        self.view.setMinimumHeight((min(lines, 24) + 1) * metrics.lineSpacing() + 16)
        box.addWidget(self.view, 1)
        self.print_state = label("infoText", wrap=True)
        self.print_state.setVisible(False)
        box.addWidget(self.print_state)
        buttons = QDialogButtonBox()
        close = buttons.addButton(self.tr("Next customer (Enter)"), QDialogButtonBox.ButtonRole.AcceptRole)
        close.setDefault(True)
        buttons.accepted.connect(self.accept)
        box.addWidget(buttons)
        close.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        text = event.text()
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                         | Qt.KeyboardModifier.AltModifier
                                         | Qt.KeyboardModifier.MetaModifier)
        if self.type_ahead and plain and len(text) == 1 and text.isprintable() \
                and not text.isspace():
            self.accept()
            self.typedAhead.emit(text)
            event.accept()
            return
        super().keyPressEvent(event)

    def set_print_state(self, text: str, *, error: bool = False) -> None:
        self.print_state.setText(text)
        self.print_state.setObjectName("errorText" if error else "infoText")
        self.print_state.style().unpolish(self.print_state)
        self.print_state.style().polish(self.print_state)
        self.print_state.setVisible(bool(text))
        if error:
            self.type_ahead = False  # the cashier reads this before the next customer


def _receipt_font(point_size: int) -> QFont:
    """Monospace with CJK glyphs exactly two columns wide, as on the printer."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    available = set(QFontDatabase.families())
    families = [f for f in ("Noto Sans Mono CJK SC", "Sarasa Mono SC", "NSimSun", "SimSun")
                if f in available]
    if families:
        font.setFamilies(families)
    font.setPointSize(max(9, point_size - 2))
    return font
