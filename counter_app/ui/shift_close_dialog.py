"""Close a shift blind: count by denomination and type the POS settlement total first; only
then are the expected cash, the card total and over/short shown; a supervisor signs off with
their own id and PIN (with an override reason when payments are still queued); then close.

The dialog never holds an expected figure before the count is stored: it gets them only as
the result of `submit_blind_count`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.services import cash_control as cc
from counter_app.services.shift_reports import CashStore, ShiftReport, over_short_text
from hall_domain.errors import DomainError
from hall_domain.money import format_fen, parse_yuan
from hall_domain.security import User
from hall_domain.shift_totals import CloseFigures
from hall_domain.shifts import DENOMINATIONS_FEN, DenominationCount

from .error_text import error_message
from .shift_dialog import denomination_text, grid_place
from .widgets import label
from .worker import Op

MAX_PIECES = 99999


class ShiftCloseDialog(QDialog):
    """Three pages: count (blind) → figures and sign-off → closed (Z report ready)."""

    shiftClosed = Signal(object)  # ShiftReport (kind "Z")

    def __init__(self, *, store: CashStore, terminal_id: str, user: User,
                 clock: Callable[[], datetime], hall_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._terminal, self._user, self._clock = store, terminal_id, user, clock
        self._hall = hall_id
        self.shift_id: int | None = None
        self.figures: CloseFigures | None = None
        self.report: ShiftReport | None = None
        self.setWindowTitle(self.tr("Close shift"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._count_page())
        self.pages.addWidget(self._figures_page())
        self.pages.addWidget(self._closed_page())
        self.error = label("errorText", wrap=True)
        box = QVBoxLayout(self)
        box.addWidget(self.pages)
        box.addWidget(self.error)
        self._begin()

    # -- pages ----------------------------------------------------------------------------
    def _count_page(self) -> QWidget:
        page = QWidget()
        self.intro = label(wrap=True, text=self.tr("Starting the close…"))
        grid = QGridLayout()
        self.spins: dict[int, QSpinBox] = {}
        self.values: dict[int, object] = {}
        grid.setHorizontalSpacing(12)
        for i, denom in enumerate(DENOMINATIONS_FEN):  # notes, and coins beside them
            row, col = grid_place(i)
            spin = QSpinBox()
            spin.setRange(0, MAX_PIECES)
            spin.valueChanged.connect(self.on_spin_value_changed)
            value = label()
            # As wide as the largest amount it can show: no relayout, no clipping, no jumping.
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance(format_fen(denom * MAX_PIECES)))
            grid.addWidget(label(text=denomination_text(denom)), row, col)
            grid.addWidget(spin, row, col + 1)
            grid.addWidget(value, row, col + 2)
            self.spins[denom], self.values[denom] = spin, value
        self.counted_total = label("amountBig")
        self.settlement = QLineEdit()
        self.settlement.setPlaceholderText(self.tr("Card total on the bank terminal's settlement slip"))
        form = QFormLayout()
        form.addRow(self.tr("POS settlement (¥)"), self.settlement)
        self.submit = QPushButton(self.tr("Enter count"))
        self.submit.setEnabled(False)
        self.submit.clicked.connect(self.on_submit_clicked)
        box = QVBoxLayout(page)
        box.addWidget(self.intro)
        box.addLayout(grid)
        box.addWidget(self.counted_total)
        box.addLayout(form)
        box.addWidget(self.submit)
        self.on_spin_value_changed(0)
        return page

    def _figures_page(self) -> QWidget:
        page = QWidget()
        self.figure_labels = {k: label(selectable=True) for k in (
            "cash_expected", "cash_counted", "cash_over_short", "card_expected", "card_counted",
            "card_over_short")}
        form = QFormLayout()
        form.addRow(self.tr("Expected cash"), self.figure_labels["cash_expected"])
        form.addRow(self.tr("Counted cash"), self.figure_labels["cash_counted"])
        form.addRow(self.tr("Cash over/short"), self.figure_labels["cash_over_short"])
        form.addRow(self.tr("Card total"), self.figure_labels["card_expected"])
        form.addRow(self.tr("POS settlement"), self.figure_labels["card_counted"])
        form.addRow(self.tr("Card difference"), self.figure_labels["card_over_short"])
        self.supervisor_id = QLineEdit()
        self.supervisor_pin = QLineEdit()
        self.supervisor_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.override = QLineEdit()
        self.override.setPlaceholderText(self.tr("Reason to close with payments not yet at the ledger"))
        self.override_label = label(wrap=True)
        self.override.setVisible(False)
        form.addRow(self.tr("Supervisor id"), self.supervisor_id)
        form.addRow(self.tr("Supervisor PIN"), self.supervisor_pin)
        form.addRow(self.override_label, self.override)
        self.sign_off = QPushButton(self.tr("Sign off and close"))
        self.sign_off.setAutoDefault(False)  # Enter in the fields below signs off, once
        self.sign_off.clicked.connect(self.on_sign_off_clicked)
        # Enter: id → PIN → sign off (→ the override reason when it is asked for).
        self.supervisor_id.returnPressed.connect(self.supervisor_pin.setFocus)
        self.supervisor_pin.returnPressed.connect(self.on_sign_off_clicked)
        self.override.returnPressed.connect(self.on_sign_off_clicked)
        box = QVBoxLayout(page)
        box.addLayout(form)
        box.addWidget(self.sign_off)
        return page

    def _closed_page(self) -> QWidget:
        page = QWidget()
        self.closed_text = label(wrap=True, selectable=True)
        self.done_button = QPushButton(self.tr("Done"))
        self.done_button.clicked.connect(self.accept)
        box = QVBoxLayout(page)
        box.addWidget(self.closed_text)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.done_button)
        box.addLayout(row)
        return page

    # -- steps ----------------------------------------------------------------------------
    def _run(self, fn, ok) -> None:
        self.error.setText("")
        Op(self, fn).success(ok).failure(self.on_operation_failed).run_in_background()

    def _begin(self) -> None:
        store, terminal, user, now = self._store, self._terminal, self._user, self._clock()
        self._run(lambda: cc.begin_close(store, terminal_id=terminal, user=user, now=now),
                  self.on_close_begun)

    def counts(self) -> DenominationCount:
        return DenominationCount({d: s.value() for d, s in self.spins.items() if s.value()})

    def on_close_begun(self, started: cc.BlindCount) -> None:
        self.shift_id = started.shift_id
        if started.state != "counting":  # counted earlier (dialog reopened): show the figures
            self.intro.setText(self.tr("The count of shift {shift} was already entered.")
                               .format(shift=started.shift_id))
            return
        self.intro.setText(self.tr(
            "Shift {shift} on counter {terminal}, opened by {user} at {at}. Count the drawer "
            "by note and coin and type the bank terminal's settlement total. The expected "
            "amounts are shown after the count is entered.").format(
                shift=started.shift_id, terminal=started.terminal_id, user=started.opened_by,
                at=f"{started.opened_at:%H:%M}"))
        self._fit_height()
        self.submit.setEnabled(True)

    def _fit_height(self) -> None:
        """Grow to the height the wrapped intro needs at this width (it arrives after the
        dialog was sized, and a page of a stack would otherwise be squeezed under it); again
        once shown, as showing sizes the dialog from its hint."""
        self._grow()
        QTimer.singleShot(0, self, self._grow)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        QTimer.singleShot(0, self, self._grow)

    def _grow(self) -> None:
        layout = self.layout()
        layout.activate()
        need = layout.totalHeightForWidth(self.width())
        screen = self.screen()
        if screen is not None:
            need = min(need, screen.availableGeometry().height())
        if need > self.height():
            self.resize(self.width(), need)

    def on_spin_value_changed(self, _value: int) -> None:
        for denom, spin in self.spins.items():
            self.values[denom].setText(format_fen(denom * spin.value()))
        self.counted_total.setText(self.tr("Counted {total}").format(
            total=format_fen(self.counts().total_fen)))

    def on_submit_clicked(self) -> None:
        try:
            settlement = parse_yuan(self.settlement.text() or "0", allow_zero=True)
        except DomainError as exc:
            self.error.setText(error_message(exc))
            return
        store, shift_id, user, now, counted = (self._store, self.shift_id, self._user,
                                               self._clock(), self.counts())
        self.submit.setEnabled(False)
        Op(self, lambda: cc.submit_blind_count(store, shift_id=shift_id, user=user,
                                               counted=counted, bank_settlement_fen=settlement,
                                               now=now)) \
            .success(self.on_count_stored).failure(self.on_operation_failed) \
            .finally_(lambda: self.submit.setEnabled(self.figures is None)).run_in_background()

    def on_count_stored(self, figures: CloseFigures) -> None:
        self.figures = figures
        f = self.figure_labels
        f["cash_expected"].setText(format_fen(figures.cash.expected_fen))
        f["cash_counted"].setText(format_fen(figures.cash.counted_fen))
        f["cash_over_short"].setText(over_short_text(figures.cash.over_short_fen))
        f["card_expected"].setText(format_fen(figures.card.expected_fen))
        f["card_counted"].setText(format_fen(figures.card.counted_fen))
        f["card_over_short"].setText(over_short_text(figures.card.over_short_fen))
        self.pages.setCurrentIndex(1)
        self.supervisor_id.setFocus()

    def on_sign_off_clicked(self) -> None:
        if not self.sign_off.isEnabled() or self.figures is None:
            return  # already signing off
        store, shift_id, now = self._store, self.shift_id, self._clock()
        sup, pin = self.supervisor_id.text().strip(), self.supervisor_pin.text()
        reason = self.override.text().strip() or None
        closer, hall_id = self._user, self._hall
        self.supervisor_pin.clear()
        self.sign_off.setEnabled(False)

        def work() -> ShiftReport:
            close = cc.supervisor_sign_off(store, shift_id=shift_id, supervisor_id=sup, pin=pin,
                                           now=now, override_reason=reason)
            # The supervisor who signed closes it; the record carries both names.
            with store.read() as tx:
                supervisor = tx.users.get_user(close.signed_off_by)
            return cc.close_shift(store, shift_id=shift_id, user=supervisor or closer, now=now,
                                  hall_id=hall_id)

        Op(self, work).success(self.on_shift_closed).failure(self.on_operation_failed) \
            .finally_(lambda: self.sign_off.setEnabled(self.report is None)).run_in_background()

    def on_shift_closed(self, report: ShiftReport) -> None:
        self.report = report
        c = report.close
        self.closed_text.setText(self.tr(
            "Shift {shift} is closed. Counted by {counter}, signed off by {supervisor}. "
            "The Z report is ready to print and is queued for the ledger.").format(
                shift=report.shift.shift_id, counter=c.counted_by, supervisor=c.signed_off_by))
        self.pages.setCurrentIndex(2)
        self.shiftClosed.emit(report)

    def on_operation_failed(self, exc: Exception) -> None:
        if getattr(exc, "code", "") == "shift.payments_unsent":
            n = exc.params.get("count", "?")
            self.override_label.setText(self.tr("{n} payment(s) are not yet at the ledger. "
                                                "Override reason").format(n=n))
            self.override.setVisible(True)
            self.override.setFocus()
            self.error.setText(self.tr("{n} payment(s) of this shift are still queued for the "
                                       "ledger. Wait for the sync, or give a reason to close "
                                       "anyway.").format(n=n))
            return
        self.error.setText(error_message(exc))
