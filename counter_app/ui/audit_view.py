"""The audit trail for supervisors and admins: newest first, filtered by dates, user and action;
"Verify chain" re-hashes the whole chain and names the first bad entry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.audit_query import AuditFilter, list_audit
from counter_app.services.audit_service import verify_audit
from hall_domain.audit import AuditEntry
from hall_domain.security import User

from .audit_text import action_name, family_name, name_of, sentence
from .error_text import error_message
from .table_model import RIGHT, RowTableModel
from .widgets import label, set_up_table
from .worker import Op

# Action families offered in the filter (free text is allowed too: "payment.void", ...).
ACTION_FAMILIES = ("", "payment", "approval", "auth", "user", "drawer", "shift", "credit",
                   "late_fee", "report", "contact", "import", "sync")
_BAD = QBrush(QColor("#b00020"))


class AuditModel(RowTableModel[AuditEntry]):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.bad_seq: int | None = None

    def headers(self) -> list[str]:
        return [self.tr("No."), self.tr("Time"), self.tr("Counter"), self.tr("User"),
                self.tr("Action"), self.tr("What happened"), self.tr("Outcome")]

    def display(self, row: AuditEntry, column: int) -> str:
        # Sentences in the user's language (audit_text), not codes and JSON.
        if column == 4:
            return action_name(row.action)
        if column == 5:
            return sentence(row)
        if column == 6:
            return name_of(row.outcome)
        return [str(row.seq), f"{row.at:%Y-%m-%d %H:%M:%S}", row.terminal_id, row.user_id or ""][column]

    def alignment(self, column: int):
        return RIGHT if column == 0 else super().alignment(column)

    def foreground(self, row: AuditEntry, column: int):
        return _BAD if row.seq == self.bad_seq else None

    def tooltip(self, row: AuditEntry, column: int) -> str | None:
        return sentence(row) if column == 5 else None

    def mark_bad(self, seq: int | None) -> None:
        self.bad_seq = seq
        self.retranslate()  # repaints every cell


class AuditView(QWidget):
    """`verified(seq or None)` after each chain check (None: the chain holds)."""

    verified = Signal(object)

    def __init__(self, *, store, user: User, clock: Callable[[], datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._user = store, user
        self.setWindowTitle(self.tr("Audit trail"))
        today = clock().date()
        self.use_dates = QCheckBox(self.tr("Dates"))
        self.since = QDateEdit(QDate(today.year, today.month, today.day))
        self.until = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.use_dates.toggled.connect(self.since.setEnabled)
        self.use_dates.toggled.connect(self.until.setEnabled)
        self.user_filter = QLineEdit()
        self.user_filter.setPlaceholderText(self.tr("User ID"))
        self.action_filter = QComboBox()
        self.action_filter.setEditable(True)
        for family in ACTION_FAMILIES:  # shown by name; a code typed in ("payment.void") works too
            self.action_filter.addItem(family_name(family) if family else "", family)
        self.action_filter.lineEdit().setPlaceholderText(self.tr("Action"))
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.clicked.connect(self.reload)
        self.user_filter.returnPressed.connect(self.reload)
        self.verify_button = QPushButton(self.tr("Verify chain"))
        self.verify_button.setObjectName("verify_button")
        self.verify_button.clicked.connect(self.on_verify_button_clicked)
        self.model = AuditModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_table(self.table, stretch_column=5)
        self.count = label()
        self.verify_result = label("verifyResult", wrap=True, selectable=True)
        self.status = label("errorText", wrap=True)
        top = QHBoxLayout()
        for w in (self.use_dates, self.since, label(text="–"), self.until, self.user_filter,
                  self.action_filter, self.search_button):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.verify_button)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.table)
        box.addWidget(self.count)
        box.addWidget(self.verify_result)
        box.addWidget(self.status)
        self.resize(1000, 560)
        self.reload()

    def filters(self) -> AuditFilter:
        since = until = None
        if self.use_dates.isChecked():
            d1, d2 = self.since.date(), self.until.date()
            since = datetime.combine(date(d1.year(), d1.month(), d1.day()), time())
            until = datetime.combine(date(d2.year(), d2.month(), d2.day()), time()) + timedelta(days=1)
        typed = self.action_filter.currentText().strip()
        index = self.action_filter.findText(typed) if typed else -1
        action = self.action_filter.itemData(index) if index >= 0 else typed
        return AuditFilter(user_id=self.user_filter.text().strip() or None,
                           action=action or None,
                           since=since, until=until)

    def reload(self) -> None:
        store, user, filters = self._store, self._user, self.filters()
        self.search_button.setEnabled(False)
        self.status.setText("")
        Op(self, lambda: list_audit(store, user=user, filters=filters)) \
            .success(self.on_entries_loaded).failure(self.on_failed) \
            .finally_(lambda: self.search_button.setEnabled(True)).run_in_background()

    def on_entries_loaded(self, entries: list[AuditEntry]) -> None:
        self.model.set_rows(entries)
        self.count.setText(self.tr("{count} entries").format(count=len(entries)))

    def on_verify_button_clicked(self) -> None:
        store = self._store
        self.verify_button.setEnabled(False)
        self.verify_result.setText(self.tr("Checking every entry…"))
        Op(self, lambda: verify_audit(store)).success(self.on_verified) \
            .failure(self.on_failed).finally_(lambda: self.verify_button.setEnabled(True)) \
            .run_in_background()

    def on_verified(self, bad_seq: int | None) -> None:
        self.model.mark_bad(bad_seq)
        if bad_seq is None:
            self.verify_result.setStyleSheet("color: #1b5e20")
            self.verify_result.setText(self.tr("The audit chain is intact."))
        else:
            self.verify_result.setStyleSheet("color: #b00020")
            self.verify_result.setText(self.tr(
                "The audit chain is broken at entry {seq}: it was changed, deleted or moved "
                "after it was written.").format(seq=bad_seq))
            for i, row in enumerate(self.model.rows()):
                if row.seq == bad_seq:
                    self.table.selectRow(i)
                    self.table.scrollTo(self.model.index(i, 0))
                    break
        self.verified.emit(bad_seq)

    def on_failed(self, exc: Exception) -> None:
        self.status.setText(error_message(exc))
