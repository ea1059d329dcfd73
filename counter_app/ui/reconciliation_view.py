"""The supervisor's reconciliation (对账) view: this terminal's shifts against the ledger's, and
the payments the ledger is missing, holds extra, or holds with other figures."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.reconciliation import (
    DiffKind,
    LedgerReconciliation,
    Reconciliation,
    reconcile,
)
from counter_app.services.shift_reports import CashStore
from hall_domain.money import format_fen
from hall_domain.security import User

from .error_text import error_message
from .widgets import label
from .worker import Op


class ReconciliationView(QWidget):
    reconciled = Signal(object)  # Reconciliation

    def __init__(self, *, store: CashStore, ledger: LedgerReconciliation | None, terminal_id: str,
                 user: User, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._ledger, self._terminal, self._user = store, ledger, terminal_id, user
        self.result: Reconciliation | None = None
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.run_button = QPushButton(self.tr("Reconcile with the ledger"))
        self.run_button.clicked.connect(self.on_run_button_clicked)
        self.status = label(wrap=True)
        self.shifts = QTableWidget(0, 7)
        self.shifts.setHorizontalHeaderLabels([
            self.tr("Shift"), self.tr("Counter count"), self.tr("Ledger count"),
            self.tr("Counter total"), self.tr("Ledger total"), self.tr("Match"),
            self.tr("Shift report")])
        self.diffs = QTableWidget(0, 5)
        self.diffs.setHorizontalHeaderLabels([
            self.tr("Problem"), self.tr("Shift"), self.tr("Receipt"), self.tr("Counter"),
            self.tr("Ledger / note")])
        for t in (self.shifts, self.diffs):
            t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            t.verticalHeader().setVisible(False)
            t.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.day)
        top.addWidget(self.run_button)
        top.addStretch(1)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.status)
        box.addWidget(self.shifts)
        box.addWidget(self.diffs)
        self.setWindowTitle(self.tr("Reconciliation with the ledger"))
        self.resize(980, 560)  # every column readable on a 1366x768 counter screen
        if ledger is None:
            self.run_button.setEnabled(False)
            self.status.setText(self.tr("No ledger is connected (ledger.url is empty)."))

    def on_run_button_clicked(self) -> None:
        d = self.day.date()
        day = date(d.year(), d.month(), d.day())
        store, ledger, terminal, user = self._store, self._ledger, self._terminal, self._user
        self.run_button.setEnabled(False)
        self.status.setText(self.tr("Asking the ledger…"))
        Op(self, lambda: reconcile(store, ledger, terminal_id=terminal, business_date=day,
                                   user=user)) \
            .success(self.on_reconciled).failure(self.on_failed) \
            .finally_(lambda: self.run_button.setEnabled(True)).run_in_background()

    def _kind_text(self, kind: DiffKind) -> str:
        return {DiffKind.MISSING: self.tr("Missing at the ledger"),
                DiffKind.EXTRA: self.tr("Extra at the ledger"),
                DiffKind.DIFFERENT: self.tr("Different"),
                DiffKind.DUPLICATE: self.tr("Receipt number twice")}[kind]

    def on_reconciled(self, r: Reconciliation) -> None:
        self.result = r
        self.shifts.setRowCount(len(r.shifts))
        for row, s in enumerate(r.shifts):
            report = {None: "", True: self.tr("agrees"), False: self.tr("differs")}[
                s.counter_report_matches]
            for col, text in enumerate((str(s.shift_id), str(s.counter.count), str(s.ledger.count),
                                        format_fen(s.counter.amount_fen),
                                        format_fen(s.ledger.amount_fen),
                                        self.tr("yes") if s.matches else self.tr("NO"), report)):
                self.shifts.setItem(row, col, QTableWidgetItem(text))
        self.diffs.setRowCount(len(r.diffs))
        for row, d in enumerate(r.diffs):
            cells = (self._kind_text(d.kind), "" if d.shift_id is None else str(d.shift_id),
                     "" if d.receipt_number is None else f"{r.terminal_id}-{d.receipt_number:08d}",
                     "" if d.counter_amount_fen is None else format_fen(d.counter_amount_fen),
                     " ".join(x for x in ("" if d.ledger_amount_fen is None
                                          else format_fen(d.ledger_amount_fen), d.note) if x))
            for col, text in enumerate(cells):
                self.diffs.setItem(row, col, QTableWidgetItem(text))
        self.status.setText(self.tr("Counter and ledger agree.") if r.ok else self.tr(
            "{n} difference(s) found.").format(n=len(r.diffs) or sum(not s.matches for s in r.shifts)))
        self.reconciled.emit(r)

    def on_failed(self, exc: Exception) -> None:
        self.status.setText(error_message(exc))
