"""Shift reports for the supervisor: the day's shifts of this counter; X slip, Z report PDF,
deposit slip (解款单) PDF. Printing goes through the owner (`printSlip`); a PDF is saved where
the supervisor chooses (the save dialog starts in `reports_dir`) and can be opened from here.
Esc or the Close button closes the window."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.adapters.reports import deposit_slip_pdf, z_report_pdf
from counter_app.services import cash_control as cc
from counter_app.services.shift_reports import CashStore, report_slip
from hall_domain.receipts import ReceiptContext, slip_receipt
from hall_domain.security import Action, User, can

from .error_text import error_message
from .widgets import label
from .worker import Op


class ShiftReportsView(QWidget):
    printSlip = Signal(object)  # domain.receipts.Receipt (kind SLIP), for the print queue
    fileSaved = Signal(object)  # Path of a PDF written

    def __init__(self, *, store: CashStore, terminal_id: str, user: User, hall_name: str,
                 hall_address: str, reports_dir: Path, clock: Callable[[], datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._terminal, self._user, self._clock = store, terminal_id, user, clock
        self._ctx = ReceiptContext(hall_name=hall_name, hall_address=hall_address,
                                   cashier_name=user.name)
        self._reports_dir = reports_dir
        self.rows: list[tuple] = []
        self.file_dialog: QFileDialog | None = None  # the save dialog while it is open
        self.saved_path: Path | None = None
        self.setWindowTitle(self.tr("Shift reports"))
        today = clock().date()
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.dateChanged.connect(self.on_day_date_changed)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Shift"), self.tr("Opened by"),
                                              self.tr("Opened at"), self.tr("Status"),
                                              self.tr("Closed at")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.x_button = QPushButton(self.tr("Print X report"))
        self.z_button = QPushButton(self.tr("Save Z report (PDF)"))
        self.z_slip_button = QPushButton(self.tr("Print Z slip"))
        self.deposit_button = QPushButton(self.tr("Save deposit slip (PDF)"))
        self.x_button.clicked.connect(self.on_x_button_clicked)
        self.z_button.clicked.connect(self.on_z_button_clicked)
        self.z_slip_button.clicked.connect(lambda: self._z(pdf=False))
        self.deposit_button.clicked.connect(self.on_deposit_button_clicked)
        self.status = label(wrap=True, selectable=True)
        self.open_button = QPushButton(self.tr("Open the PDF"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.on_open_button_clicked)
        self.close_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_buttons.rejected.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(self.day)
        top.addStretch(1)
        buttons = QHBoxLayout()
        for b in (self.x_button, self.z_button, self.z_slip_button, self.deposit_button):
            buttons.addWidget(b)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.table)
        box.addLayout(buttons)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.close_buttons)
        box.addLayout(bottom)
        self.refresh()

    def _selected_day(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())

    def refresh(self) -> None:
        store, terminal, day = self._store, self._terminal, self._selected_day()
        Op(self, lambda: cc.list_shifts(store, terminal_id=terminal, day=day)) \
            .success(self.on_shifts_loaded).failure(self.on_failed).run_in_background()

    def on_day_date_changed(self, _date: QDate) -> None:
        self.refresh()

    def on_shifts_loaded(self, rows: list) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, (shift, close) in enumerate(rows):
            state = close.state.value if close is not None else shift.status.value
            cells = (str(shift.shift_id), shift.opened_by, f"{shift.opened_at:%H:%M}",
                     {"open": self.tr("open"), "counting": self.tr("counting"),
                      "counted": self.tr("counted"), "signed_off": self.tr("signed off"),
                      "closed": self.tr("closed")}.get(state, state),
                     "" if shift.closed_at is None else f"{shift.closed_at:%H:%M}")
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if rows:
            self.table.selectRow(len(rows) - 1)

    def selected_shift_id(self) -> int | None:
        row = self.table.currentRow()
        return self.rows[row][0].shift_id if 0 <= row < len(self.rows) else None

    def on_x_button_clicked(self) -> None:
        shift_id = self.selected_shift_id()
        if shift_id is None:
            return
        store, user, now, ctx = self._store, self._user, self._clock(), self._ctx
        Op(self, lambda: slip_receipt(report_slip(cc.x_report(store, shift_id=shift_id,
                                                               user=user, now=now)), ctx)) \
            .success(self.on_slip_ready).failure(self.on_failed).run_in_background()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:  # a window, not a dialog: Esc by hand
            self.close()
            return
        super().keyPressEvent(event)

    # --- PDFs: where to save them is asked each time ------------------------------------
    def ask_save_path(self, suggested: str, then) -> QFileDialog:
        """Qt's own save dialog (not the platform's: the same on every desk, and testable)."""
        self._reports_dir.mkdir(parents=True, exist_ok=True)
        dialog = QFileDialog(self, self.tr("Save PDF"), str(self._reports_dir / suggested),
                             self.tr("PDF files (*.pdf)"))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(suggested)

        def chosen(path: str) -> None:
            self.file_dialog = None
            if path:
                then(Path(path))

        dialog.fileSelected.connect(chosen)
        dialog.rejected.connect(lambda: setattr(self, "file_dialog", None))
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def on_z_button_clicked(self) -> None:
        shift_id = self.selected_shift_id()
        if shift_id is None:
            return
        if not can(self._user.role, Action.Z_REPORT):  # say so before asking for a file
            self._z(pdf=True)
            return
        self.ask_save_path(f"Z-{self._terminal}-{shift_id}.pdf",
                           lambda out: self._z(pdf=True, out=out))

    def on_open_button_clicked(self) -> None:
        if self.saved_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_path)))

    def _z(self, *, pdf: bool, out: Path | None = None) -> None:
        shift_id = self.selected_shift_id()
        if shift_id is None:
            return
        store, user, now, ctx = self._store, self._user, self._clock(), self._ctx
        out = out or self._reports_dir / f"Z-{self._terminal}-{shift_id}.pdf"

        def work():
            report = cc.z_report(store, shift_id=shift_id, user=user, now=now)
            if pdf:
                with store.read() as tx:
                    names = {u.user_id: u.name for u in tx.users.list_users()}
                z_report_pdf(report, hall_name=ctx.hall_name, out=out, names=names)
                return out
            return slip_receipt(report_slip(report), ctx)

        Op(self, work).success(self.on_file_saved if pdf else self.on_slip_ready) \
            .failure(self.on_failed).run_in_background()

    def on_deposit_button_clicked(self) -> None:
        shift_id = self.selected_shift_id()
        if shift_id is None:
            return
        self.ask_save_path(f"deposit-{self._terminal}-{shift_id}.pdf",
                           lambda out: self._deposit(shift_id, out))

    def _deposit(self, shift_id: int, out: Path) -> None:
        store, user, now, hall = self._store, self._user, self._clock(), self._ctx.hall_name

        def work() -> Path:
            deposit_slip_pdf(cc.z_report(store, shift_id=shift_id, user=user, now=now),
                             hall_name=hall, out=out)
            return out

        Op(self, work).success(self.on_file_saved).failure(self.on_failed).run_in_background()

    def on_slip_ready(self, receipt) -> None:
        self.status.setText(self.tr("Slip ready for the receipt printer."))
        self.printSlip.emit(receipt)

    def on_file_saved(self, path: Path) -> None:
        self.status.setText(self.tr("Saved {path}").format(path=path))
        self.saved_path = path
        self.open_button.setEnabled(True)
        self.fileSaved.emit(path)

    def on_failed(self, exc: Exception) -> None:
        self.status.setText(error_message(exc))
