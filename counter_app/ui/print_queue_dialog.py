"""Receipts not yet printed (pending or failed): retry, or send to another printer (Ctrl+P)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.print_jobs import PrintJob

from .print_desk import PrintDesk, PrintedReceipt
from .printer_text import printer_error_text
from .session import token_of


class PrintQueueDialog(QDialog):
    def __init__(self, desk: PrintDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.jobs: list[PrintJob] = []
        self.setWindowTitle(self.tr("Receipts waiting to print"))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([
            self.tr("Receipt"), self.tr("Kind"), self.tr("State"), self.tr("Attempts"),
            self.tr("Printer / last error")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.clicked.connect(self.on_retry_button_clicked)
        self.other_uri = QLineEdit()
        self.other_uri.setPlaceholderText("tcp://192.168.1.50:9100")
        self.send_button = QPushButton(self.tr("Send to this printer"))
        self.send_button.clicked.connect(self.on_send_button_clicked)
        self.message = QLabel()
        self.message.setWordWrap(True)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        other = QHBoxLayout()
        other.addWidget(QLabel(self.tr("Another printer:")))
        other.addWidget(self.other_uri, 1)
        other.addWidget(self.send_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        box = QVBoxLayout(self)
        box.addWidget(self.table, 1)
        box.addLayout(other)
        box.addWidget(self.message)
        box.addLayout(buttons)
        self.resize(820, 420)
        desk.queueChanged.connect(self.on_desk_queue_changed)
        self.show_jobs(desk.unprinted)
        desk.refresh_queue()

    def on_desk_queue_changed(self, _count: int) -> None:
        self.show_jobs(self.desk.unprinted)

    def show_jobs(self, jobs: list[PrintJob]) -> None:
        selected = self.selected_job()
        self.jobs = list(jobs)
        self.table.setRowCount(len(self.jobs))
        kinds = {"receipt": self.tr("Receipt"), "reprint": self.tr("Reprint"),
                 "void": self.tr("Void slip"), "test": self.tr("Test page")}
        states = {"pending": self.tr("Waiting"), "failed": self.tr("Failed")}
        for row, job in enumerate(self.jobs):
            cells = (job.receipt.receipt_no or f"#{job.id}", kinds.get(job.kind.value, job.kind.value),
                     states.get(job.state.value, job.state.value), str(job.attempts),
                     " · ".join(t for t in (job.printer_uri or self.tr("screen"),
                                           printer_error_text(job.last_error) if job.last_error else "")
                              if t))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, job.id)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        if self.jobs:
            ids = [j.id for j in self.jobs]
            self.table.selectRow(ids.index(selected.id) if selected and selected.id in ids else 0)
        else:
            self.message.setText(self.tr("Every receipt has been printed."))
        self.retry_button.setEnabled(bool(self.jobs))
        self.send_button.setEnabled(bool(self.jobs))

    def selected_job(self) -> PrintJob | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.jobs):
            return None
        return self.jobs[rows[0].row()]

    def on_retry_button_clicked(self) -> None:
        self._print(None)

    def on_send_button_clicked(self) -> None:
        uri = self.other_uri.text().strip()
        problem = self.desk.uri_problem(uri)
        if problem is not None:
            self.message.setText(self.tr("Not a printer address: {error}").format(error=problem))
            return
        self._print(uri)

    def _print(self, uri: str | None) -> None:
        job = self.selected_job()
        token = token_of(self)
        if job is None or (token is not None and not token.alive):  # the counter was locked
            return
        self.message.setText(self.tr("Printing {receipt}…").format(
            receipt=job.receipt.receipt_no or f"#{job.id}"))
        self.desk.print_job(job.id, printer_uri=uri, then=self._on_printed)

    def _on_printed(self, result: PrintedReceipt) -> None:
        o = result.outcome
        if o.printed:
            self.message.setText(self.tr("Printed {receipt}.").format(receipt=result.receipt.receipt_no))
        else:
            self.message.setText(self.tr("Not printed: {error}").format(
                error=printer_error_text(o.error)))
            self.message.setToolTip(o.error)  # the printer's own words
