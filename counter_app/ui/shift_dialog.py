"""Open a shift: the opening float counted note by note and coin by coin (¥100 … ¥0.01),
with the total, confirmed on screen.

A supervisor may instead sign in without a shift (reports, approvals, arrears screens)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hall_domain.money import format_fen
from hall_domain.shifts import DENOMINATIONS_FEN, DenominationCount

from .widgets import fit_to_content, label

MAX_PIECES = 9999
# Rows per column of the count grid: notes (¥100 … ¥1) in one, coins (¥0.5 … ¥0.01) beside
# them, so all eleven denominations fit a 768-pixel-high counter screen.
GRID_ROWS = 6


def denomination_text(fen: int) -> str:
    """¥100, ¥0.5, ¥0.05: the face value in yuan, exact (integer arithmetic, no float)."""
    yuan, rest = divmod(fen, 100)
    return f"¥{yuan}" if not rest else f"¥{yuan}.{rest:02d}".rstrip("0")


def grid_place(index: int) -> tuple[int, int]:
    """(row, first column) of the index-th denomination in a count grid of three columns each."""
    return index % GRID_ROWS, (index // GRID_ROWS) * 3


class OpenShiftDialog(QDialog):
    """Enter asks to confirm the counted float (the default answer for ¥0 is "count again"),
    then opens the shift; Esc signs out again; `may_skip` offers signing in without a shift."""

    floatCounted = Signal(object)  # DenominationCount, confirmed by the user
    withoutShift = Signal()  # the supervisor goes on without opening a shift

    def __init__(self, *, user_name: str, terminal_id: str, may_skip: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.confirm: QMessageBox | None = None  # the float confirmation while it is shown
        self.confirm_open_button: QPushButton | None = None
        self.setWindowTitle(self.tr("Open shift"))
        self.spins: dict[int, QSpinBox] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for first in (0, 3):
            grid.addWidget(label("sectionTitle", text=self.tr("Note / coin")), 0, first)
            grid.addWidget(label("sectionTitle", text=self.tr("Count")), 0, first + 1)
            grid.addWidget(label("sectionTitle", text=self.tr("Value")), 0, first + 2)
        self.values: dict[int, QLabel] = {}
        for i, denom in enumerate(DENOMINATIONS_FEN):
            row, col = grid_place(i)
            spin = QSpinBox()
            spin.setRange(0, MAX_PIECES)
            spin.setAccelerated(True)
            value = label()
            # As wide as the largest amount it can show: no relayout, no clipping, no jumping.
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance(format_fen(denom * MAX_PIECES)))
            spin.valueChanged.connect(self.on_spin_value_changed)
            grid.addWidget(label(text=denomination_text(denom)), row + 1, col)
            grid.addWidget(spin, row + 1, col + 1)
            grid.addWidget(value, row + 1, col + 2)
            self.spins[denom] = spin
            self.values[denom] = value
        self.total = label("amountBig")
        self.error = label("errorText", wrap=True)
        intro = label(wrap=True, text=self.tr(
            "No shift is open on counter {terminal}. {name}, count the opening float in the "
            "drawer by note and coin.").format(terminal=terminal_id, name=user_name))
        self.buttons = QDialogButtonBox()
        ok = self.buttons.addButton(self.tr("Open shift (Enter)"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Sign out (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        ok.setDefault(True)
        self.skip_button: QPushButton | None = None
        if may_skip:
            self.skip_button = self.buttons.addButton(
                self.tr("Without a shift (reports, approvals)"),
                QDialogButtonBox.ButtonRole.ActionRole)
            self.skip_button.setAutoDefault(False)
            self.skip_button.clicked.connect(self.on_skip_button_clicked)
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addLayout(grid)
        box.addWidget(self.total)
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        self.on_spin_value_changed(0)
        self.spins[DENOMINATIONS_FEN[0]].setFocus()
        fit_to_content(self)

    def counts(self) -> DenominationCount:
        return DenominationCount({d: s.value() for d, s in self.spins.items() if s.value()})

    def set_counts(self, counts: dict[int, int]) -> None:
        for denom, n in counts.items():
            self.spins[denom].setValue(n)

    def show_error(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(text)

    def on_spin_value_changed(self, _value: int) -> None:
        for denom, spin in self.spins.items():
            self.values[denom].setText(format_fen(denom * spin.value()))
        self.total.setText(self.tr("Float {total}").format(total=format_fen(self.counts().total_fen)))

    def on_skip_button_clicked(self) -> None:
        self.withoutShift.emit()
        self.accept()

    def on_buttons_accepted(self) -> None:
        """Ask first: the float total on screen; for ¥0 the default is to count again."""
        counts = self.counts()
        total = format_fen(counts.total_fen)
        if counts.total_fen:
            text = self.tr("Open the shift with a float of {total}?").format(total=total)
        else:
            text = self.tr("The float is {total}: nothing was counted. Open the shift with an "
                           "empty drawer?").format(total=total)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Confirm the float"), text,
                          QMessageBox.StandardButton.NoButton, self)
        open_button = box.addButton(self.tr("Open shift ({total})").format(total=total),
                                    QMessageBox.ButtonRole.AcceptRole)
        again = box.addButton(self.tr("Count again"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button if counts.total_fen else again)
        box.setEscapeButton(again)
        box.finished.connect(lambda _r: self._on_confirm_finished(box, open_button, counts))
        self.confirm, self.confirm_open_button = box, open_button
        box.open()

    def confirm_open(self) -> None:
        """Answer the shown confirmation with "open" (scripts and screenshots)."""
        if self.confirm is not None:
            self.confirm_open_button.click()

    def _on_confirm_finished(self, box: QMessageBox, open_button, counts: DenominationCount) -> None:
        self.confirm = None
        opened = box.clickedButton() is open_button
        box.deleteLater()
        if not opened:
            self.activateWindow()  # back to the count (no window manager does it offscreen)
            self.spins[DENOMINATIONS_FEN[0]].setFocus()
            return
        # The owner opens the shift through the services and closes us once it is stored.
        self.error.setText(self.tr("Opening…"))
        self.buttons.setEnabled(False)
        self.floatCounted.emit(counts)
