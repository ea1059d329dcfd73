"""The supervisor's 催费 workspace (from the 管理 menu, no shift needed): the arrears list, the
aging chart and the recovery-rate trend, dunning runs, notices, SMS templates and log,
stop-supply requests with their gates, and reconnection tasks.

Everything comes from the ledger's `/v1/collections` API through services.collections, on a
thread pool of its own (the ledger may be slow; the cashier's store thread never waits on it).
When the ledger cannot be asked, a tab shows what the counter last synced and says so.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.collections import Collections
from counter_app.services.ports import ArrearsFilter, ArrearsLine, ArrearsPage, Recovery, Synced
from hall_domain.money import format_fen
from hall_domain.receipts import Receipt, ReceiptContext, Slip, SlipLine, slip_receipt
from hall_domain.security import User

from .approval_flow import ApprovalFlow
from .charts import BarChart, LineChart
from .error_text import error_message
from .worker import Op

_pool: QThreadPool | None = None


def collections_pool() -> QThreadPool:
    """The ledger's collections calls: two threads of their own, never the store's."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(2)
    return _pool


def synced_text(synced: Synced) -> str:
    """「离线，显示 YYYY-MM-DD HH:MM 同步的数据」 (empty when the answer is fresh)."""
    if not synced.offline:
        return ""
    return QCoreApplication.translate(
        "CollectionsWorkspace", "Offline: showing data synced at {when}").format(
            when=synced.synced_at.strftime("%Y-%m-%d %H:%M"))


def yuan_short(fen: int) -> str:
    """A bar's tag: ¥12.3万 for big sums, ¥1,234 below (the table has the exact figure)."""
    if abs(fen) >= 1_000_000:  # ¥10,000.00
        return QCoreApplication.translate("CollectionsWorkspace", "¥{n} ten-thousand").format(
            n=f"{fen / 1_000_000:.1f}")
    return f"¥{fen // 100:,}"


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    value: Callable[[Any], str]
    align_right: bool = False


class RowsTable(QTableWidget):
    """A read-only table of dict or dataclass rows; `selected()` is the row under the cursor."""

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(0, len(columns), parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.setHorizontalHeaderLabels([c.header for c in self.columns])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def set_rows(self, rows: Sequence[Any]) -> None:
        keep = self.currentRow()
        self.rows = list(rows)
        self.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, col in enumerate(self.columns):
                try:
                    text = col.value(row)
                except (KeyError, TypeError, ValueError, AttributeError):
                    text = ""
                item = QTableWidgetItem(text)
                if len(text) > 24:  # cut to the column: the whole text on hover
                    item.setToolTip(text)
                if col.align_right:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)
        self.resizeColumnsToContents()
        if self.rows:
            self.selectRow(min(max(keep, 0), len(self.rows) - 1))

    def selected(self) -> Any | None:
        r = self.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None


def g(key: str, default: str = "") -> Callable[[Any], str]:
    """A column of a dict row: the value at `key` as text."""
    def get(row: Any) -> str:
        value = row.get(key) if isinstance(row, dict) else getattr(row, key, None)
        return default if value in (None, "") else str(value)
    return get


def money(key: str) -> Callable[[Any], str]:
    def get(row: Any) -> str:
        value = row.get(key) if isinstance(row, dict) else getattr(row, key, None)
        return "" if value is None else format_fen(int(value))
    return get


def when(key: str) -> Callable[[Any], str]:
    """An ISO date-time shown to the minute."""
    def get(row: Any) -> str:
        value = str((row.get(key) if isinstance(row, dict) else getattr(row, key, "")) or "")
        return value.replace("T", " ")[:16]
    return get


class _Tab(QWidget):
    """A tab of the workspace: a toolbar row, its content, and `refresh()`."""

    def __init__(self, ws: CollectionsWorkspace) -> None:
        super().__init__(ws)
        self.ws = ws
        self.box = QVBoxLayout(self)
        self.tools = QHBoxLayout()
        self.box.addLayout(self.tools)

    def button(self, text: str, slot: Callable[[], None], *, name: str = "",
               shortcut: str = "") -> QPushButton:
        b = QPushButton(text)
        b.setAutoDefault(False)
        if name:
            b.setObjectName(name)
        if shortcut:
            b.setShortcut(QKeySequence(shortcut))
            b.setToolTip(QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText))
        b.clicked.connect(lambda _=False: slot())
        return b

    def refresh(self) -> None:  # pragma: no cover - every tab has its own
        raise NotImplementedError


# --- 欠费清单 -------------------------------------------------------------------------------


class ArrearsTab(_Tab):
    def __init__(self, ws: CollectionsWorkspace) -> None:
        super().__init__(ws)
        self.page: ArrearsPage | None = None
        self.lines: list[ArrearsLine] = []
        self.as_of = QDateEdit(QDate(ws.today.year, ws.today.month, ws.today.day))
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.area = QLineEdit()
        self.area.setPlaceholderText(self.tr("any area"))
        self.area.setMaxLength(40)
        self.bucket = QComboBox()
        self.bucket.addItem(self.tr("any age"), None)
        self.user_type = QComboBox()
        for text, value in ((self.tr("any user type"), None), (self.tr("Residential"),
                                                                "residential"),
                            (self.tr("Non-residential"), "other")):
            self.user_type.addItem(text, value)
        self.level = QSpinBox()
        self.level.setRange(-1, 9)
        self.level.setSpecialValueText(self.tr("any level"))
        self.level.setValue(-1)
        self.query_button = self.button(self.tr("Query (F5)"), self.refresh, name="arrears_query")
        self.more_button = self.button(self.tr("Next page"), self.next_page, name="arrears_more")
        self.more_button.setEnabled(False)
        self.export_button = self.button(self.tr("Export CSV… (Ctrl+E)"), self.export,
                                         name="arrears_export", shortcut="Ctrl+E")
        for caption, w in ((self.tr("As of"), self.as_of), (self.tr("Area"), self.area),
                           (self.tr("Age"), self.bucket), (self.tr("User type"), self.user_type),
                           (self.tr("Level"), self.level)):
            self.tools.addWidget(QLabel(caption))
            self.tools.addWidget(w)
        self.tools.addWidget(self.query_button)
        self.tools.addStretch(1)
        self.table = RowsTable([
            Column(self.tr("Account"), g("account_no")),
            Column(self.tr("Name"), g("name")),
            Column(self.tr("Type"), lambda r: ws.user_type_text(r.user_type)),
            Column(self.tr("Area"), g("area")),
            Column(self.tr("Phone"), lambda r: r.phone + ws.phone_status_text(r.phone_status)),
            Column(self.tr("Oldest due"), g("oldest_due_date")),
            Column(self.tr("Days overdue"), g("overdue_days"), True),
            Column(self.tr("Bills"), g("bills"), True),
            Column(self.tr("Principal"), money("principal_fen"), True),
            Column(self.tr("Late fee"), money("late_fee_fen"), True),
            Column(self.tr("Total"), money("total_fen"), True),
            Column(self.tr("Age"), g("bucket")),
            Column(self.tr("Level"), g("dunning_level"), True),
            Column(self.tr("Lock / promise"), lambda r: ws.lock_text(r.lock, r.promise)),
            Column(self.tr("Repeat defaulter"),
                   lambda r: self.tr("Repeat defaulter") if r.repeat_defaulter else ""),
        ])
        self.table.setObjectName("arrears_table")
        self.totals = QLabel()
        self.totals.setObjectName("arrears_totals")
        self.totals.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals, 1)
        bottom.addWidget(self.more_button)
        bottom.addWidget(self.export_button)
        self.box.addWidget(self.table, 1)
        self.box.addLayout(bottom)
        self.area.returnPressed.connect(self.refresh)

    def current_filter(self) -> ArrearsFilter:
        d = self.as_of.date()
        return ArrearsFilter(as_of=date(d.year(), d.month(), d.day()),
                             area=self.area.text().strip() or None,
                             bucket=self.bucket.currentData(), user_type=self.user_type.currentData(),
                             level=None if self.level.value() < 0 else self.level.value())

    def refresh(self) -> None:
        flt, user, svc = self.current_filter(), self.ws.user, self.ws.service
        self.ws.run(lambda: svc.arrears(user, flt), self.on_page, self.tr("Fetching arrears…"))

    def next_page(self) -> None:
        if self.page is None or not self.page.next_cursor:
            return
        flt, user, svc, cursor = self.current_filter(), self.ws.user, self.ws.service, \
            self.page.next_cursor
        self.ws.run(lambda: svc.arrears(user, flt, cursor=cursor),
                    lambda s: self.on_page(s, append=True), self.tr("Fetching arrears…"))

    def on_page(self, synced: Synced[ArrearsPage], *, append: bool = False) -> None:
        page = synced.value
        self.ws.show_synced(synced)
        self.page = page
        self.lines = (self.lines if append else []) + list(page.accounts)
        self.table.set_rows(self.lines)
        known = {self.bucket.itemData(i) for i in range(self.bucket.count())}
        for b in page.by_bucket:  # the ledger's own bucket names, as it answers them
            if b.key and b.key not in known:
                self.bucket.addItem(b.key, b.key)
        t = page.total
        self.totals.setText(self.tr(
            "{n} accounts (showing {shown}); principal {principal}, late fees {late}, total "
            "{total}; this year {current}, earlier years {prior}").format(
                n=t.accounts, shown=len(self.lines), principal=format_fen(t.principal_fen),
                late=format_fen(t.late_fee_fen), total=format_fen(t.total_fen),
                current=format_fen(page.current_year_fen), prior=format_fen(page.prior_year_fen)))
        self.more_button.setEnabled(bool(page.next_cursor) and not synced.offline)
        self.ws.arrearsLoaded.emit(page)

    def export(self) -> None:
        default = str(self.ws.reports_dir / f"arrears-{self.current_filter().as_of}.csv")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the arrears list"), default,
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Every page of the filter (not just those on screen) to a CSV file Excel opens."""
        flt, user, svc = self.current_filter(), self.ws.user, self.ws.service
        headers = [c.header for c in self.table.columns]
        columns = self.table.columns

        def work() -> int:
            lines = svc.arrears_all(user, flt)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8-sig", newline="") as f:
                out = csv.writer(f)
                out.writerow(headers + [self.tr("Total (fen)")])
                for line in lines:
                    out.writerow([c.value(line) for c in columns] + [line.total_fen])
            return len(lines)

        self.ws.run(work, lambda n: self.ws.say(self.tr("{n} accounts written to {file}").format(
            n=n, file=path)), self.tr("Exporting…"))


# --- 账龄与回收率 ----------------------------------------------------------------------------


class ChartsTab(_Tab):
    def __init__(self, ws: CollectionsWorkspace) -> None:
        super().__init__(ws)
        self.recovery: Recovery | None = None
        start = (ws.today.replace(day=1) - timedelta(days=330)).replace(day=1)
        self.start = QDateEdit(QDate(start.year, start.month, 1))
        self.end = QDateEdit(QDate(ws.today.year, ws.today.month, 1))
        for d in (self.start, self.end):
            d.setDisplayFormat("yyyy-MM")
        self.refresh_button = self.button(self.tr("Refresh (F5)"), self.refresh,
                                          name="charts_refresh")
        self.tools.addWidget(QLabel(self.tr("Recovery from")))
        self.tools.addWidget(self.start)
        self.tools.addWidget(QLabel(self.tr("to")))
        self.tools.addWidget(self.end)
        self.tools.addWidget(self.refresh_button)
        self.tools.addStretch(1)
        self.aging = BarChart()
        self.aging.setObjectName("aging_chart")
        self.aging.empty_text = self.tr("Query the arrears list to see its aging.")
        self.trend = LineChart()
        self.trend.setObjectName("recovery_chart")
        self.trend.empty_text = self.tr("No billing in these months.")
        self.by_area = RowsTable([
            Column(self.tr("Area"), g("key")),
            Column(self.tr("Billed"), money("billed_fen"), True),
            Column(self.tr("Collected"), money("collected_fen"), True),
            Column(self.tr("Recovery rate"), lambda r: f"{r.rate:.2%}", True),
        ])
        self.top = RowsTable([
            Column(self.tr("Account"), g("account_no")), Column(self.tr("Name"), g("name")),
            Column(self.tr("Area"), g("area")),
            Column(self.tr("Owes"), money("total_fen"), True),
        ])
        charts = QHBoxLayout()
        charts.addWidget(self.aging, 1)
        charts.addWidget(self.trend, 1)
        tables = QHBoxLayout()
        tables.addWidget(self.by_area, 1)
        tables.addWidget(self.top, 1)
        self.box.addLayout(charts, 3)
        self.box.addLayout(tables, 2)
        ws.arrearsLoaded.connect(self.on_arrears)

    def on_arrears(self, page: ArrearsPage) -> None:
        buckets = [b for b in page.by_bucket]
        self.aging.set_data([b.key for b in buckets], [b.total_fen for b in buckets],
                            tags=[yuan_short(b.total_fen) for b in buckets],
                            title=self.tr("Arrears by age as of {day} ({n} accounts)").format(
                                day=page.as_of, n=page.total.accounts))

    def refresh(self) -> None:
        s, e = self.start.date(), self.end.date()
        start, end = f"{s.year():04d}-{s.month():02d}", f"{e.year():04d}-{e.month():02d}"
        user, svc = self.ws.user, self.ws.service
        self.ws.run(lambda: svc.recovery(user, start=start, end=end), self.on_recovery,
                    self.tr("Fetching the recovery rate…"))
        if self.aging.values == [] and self.ws.arrears_tab is not None:
            self.ws.arrears_tab.refresh()

    def on_recovery(self, synced: Synced[Recovery]) -> None:
        self.ws.show_synced(synced)
        r = self.recovery = synced.value
        # a month with nothing billed has no rate: left out, not drawn as 0 %
        billed = [p for p in r.periods if p.billed_fen > 0]
        self.trend.set_data([p.key[2:] if len(p.key) == 7 else p.key for p in billed],
                            [p.rate for p in billed],
                            tags=[f"{p.rate:.0%}" for p in billed],
                            title=self.tr("Recovery rate by month"))
        self.by_area.set_rows(r.by_area)
        self.top.set_rows(r.top_debtors)


# --- 催费批次 -------------------------------------------------------------------------------


class RunsTab(_Tab):
    def __init__(self, ws: CollectionsWorkspace) -> None:
        super().__init__(ws)
        self.run: dict | None = None
        self.as_of = QDateEdit(QDate(ws.today.year, ws.today.month, ws.today.day))
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.customer_class = QComboBox()
        for text, value in ((self.tr("every class"), None),
                            (self.tr("Residential"), "residential"),
                            (self.tr("Non-residential"), "non_residential"),
                            (self.tr("Important users"), "important")):
            self.customer_class.addItem(text, value)
        self.new_button = self.button(self.tr("Propose a run (Ctrl+N)"), self.create,
                                      name="run_new", shortcut="Ctrl+N")
        self.refresh_button = self.button(self.tr("Refresh (F5)"), self.refresh)
        for w in (QLabel(self.tr("As of")), self.as_of, QLabel(self.tr("Class")),
                  self.customer_class, self.new_button, self.refresh_button):
            self.tools.addWidget(w)
        self.tools.addStretch(1)
        self.runs = RowsTable([
            Column(self.tr("Run"), g("run_id")), Column(self.tr("As of"), g("as_of")),
            Column(self.tr("Class"), lambda r: ws.class_text(r.get("customer_class"))),
            Column(self.tr("Status"), lambda r: ws.run_status_text(r.get("status"))),
            Column(self.tr("Proposed by"), g("created_by")),
            Column(self.tr("Executed by"), g("executed_by")),
        ])
        self.runs.setObjectName("runs_table")
        self.runs.itemSelectionChanged.connect(self.on_run_chosen)
        self.lines = RowsTable([
            Column(self.tr("Account"), g("account_no")), Column(self.tr("Name"), g("name")),
            Column(self.tr("Area"), g("area")),
            Column(self.tr("Days overdue"), g("overdue_days"), True),
            Column(self.tr("Owes"), money("total_fen"), True),
            Column(self.tr("Now"), g("current_level"), True),
            Column(self.tr("Proposed"), g("proposed_level"), True),
            Column(self.tr("Final"), g("final_level"), True),
            Column(self.tr("Action"), lambda r: ws.action_text(r.get("action"))),
            Column(self.tr("Blocked"), lambda r: self.tr("blocked") if r.get("blocked") else ""),
            Column(self.tr("Note"), g("note")),
        ])
        self.lines.setObjectName("run_lines")
        self.raise_button = self.button(self.tr("Raise one level (+)"), lambda: self.step(1),
                                        name="line_raise", shortcut="+")
        self.lower_button = self.button(self.tr("Lower one level (-)"), lambda: self.step(-1),
                                        name="line_lower", shortcut="-")
        self.block_button = self.button(self.tr("Block / unblock (B)"), self.toggle_block,
                                        name="line_block", shortcut="B")
        self.execute_button = self.button(self.tr("Execute the run…"), self.execute,
                                          name="run_execute")
        self.reverse_button = self.button(self.tr("Reverse the run…"), self.reverse,
                                          name="run_reverse")
        self.summary = QLabel()
        actions = QHBoxLayout()
        for w in (self.raise_button, self.lower_button, self.block_button):
            actions.addWidget(w)
        actions.addWidget(self.summary, 1)
        actions.addWidget(self.execute_button)
        actions.addWidget(self.reverse_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.runs)
        split.addWidget(self.lines)
        split.setSizes([160, 400])
        self.box.addWidget(split, 1)
        self.box.addLayout(actions)
        self._enable()

    def _enable(self) -> None:
        status = (self.run or {}).get("status")
        editable = status == "proposal"
        for b in (self.raise_button, self.lower_button, self.block_button, self.execute_button):
            b.setEnabled(editable)
        self.reverse_button.setEnabled(status == "executed")

    def refresh(self) -> None:
        user, svc = self.ws.user, self.ws.service
        self.ws.run(lambda: svc.list_of(user, "dunning/runs", "runs"), self.on_runs,
                    self.tr("Fetching dunning runs…"))

    def on_runs(self, synced: Synced[list[dict]]) -> None:
        self.ws.show_synced(synced)
        self.runs.set_rows(sorted(synced.value, key=lambda r: str(r.get("as_of", "")),
                                  reverse=True))

    def on_run_chosen(self) -> None:
        run = self.runs.selected()
        if run is None:
            return
        self.load_run(str(run.get("run_id")))

    def load_run(self, run_id: str) -> None:
        user, svc = self.ws.user, self.ws.service
        self.ws.run(lambda: svc.run(user, run_id), self.on_run, self.tr("Fetching the run…"))

    def on_run(self, synced: Synced[dict]) -> None:
        self.ws.show_synced(synced)
        self.show_run(synced.value)

    def show_run(self, run: dict) -> None:
        self.run = run
        lines = list(run.get("lines") or [])
        self.lines.set_rows(lines)
        dunned = sum(1 for x in lines if not x.get("blocked") and x.get("action"))
        self.summary.setText(self.tr("Run {run}: {n} lines, {d} to be dunned ({status})").format(
            run=run.get("run_id", ""), n=len(lines), d=dunned,
            status=self.ws.run_status_text(run.get("status"))))
        self._enable()

    def create(self) -> None:
        d = self.as_of.date()
        as_of = date(d.year(), d.month(), d.day())
        cls, user, svc = self.customer_class.currentData(), self.ws.user, self.ws.service
        self.ws.run(lambda: svc.create_run(user, as_of=as_of, customer_class=cls),
                    self.on_created, self.tr("Proposing a run…"))

    def on_created(self, run: dict) -> None:
        self.ws.say(self.tr("Run {run} proposed: review its lines, then execute it.").format(
            run=run.get("run_id", "")))
        if run.get("run_id") is not None:
            self.load_run(str(run["run_id"]))
        self.refresh()

    def _line_call(self, line: dict, **change) -> None:
        run_id, account = str(self.run.get("run_id")), str(line.get("account_no"))
        user, svc = self.ws.user, self.ws.service
        self.ws.run(lambda: svc.edit_line(user, run_id, account, **change),
                    lambda _r: self.load_run(run_id), self.tr("Changing the line…"))

    def step(self, delta: int) -> None:
        line = self.lines.selected()
        if self.run is None or line is None:
            return
        level = int(line.get("final_level") or line.get("proposed_level") or 0) + delta
        self._line_call(line, level=max(0, level))

    def toggle_block(self) -> None:
        line = self.lines.selected()
        if self.run is None or line is None:
            return
        self._line_call(line, blocked=not line.get("blocked"))

    def execute(self) -> None:
        if self.run is None:
            return
        run_id, user, svc = str(self.run.get("run_id")), self.ws.user, self.ws.service
        def go() -> None:
            self.ws.run(lambda: svc.execute_run(user, run_id),
                        lambda _r: (self.ws.say(self.tr("Run {run} executed.").format(run=run_id)),
                                    self.load_run(run_id), self.refresh()),
                        self.tr("Executing the run…"))
        self.ws.confirm(self.tr("Execute run {run}? Its notices and reminders go out and it can "
                                "then only be reversed.").format(run=run_id), go)

    def reverse(self) -> None:
        if self.run is None:
            return
        run_id, user, svc = str(self.run.get("run_id")), self.ws.user, self.ws.service
        def go(reason: str) -> None:
            self.ws.run(lambda: svc.reverse_run(user, run_id, reason=reason),
                        lambda _r: (self.ws.say(self.tr("Run {run} reversed.").format(run=run_id)),
                                    self.load_run(run_id), self.refresh()),
                        self.tr("Reversing the run…"))
        self.ws.ask_text(self.tr("Reverse run {run}").format(run=run_id),
                         self.tr("Reason for the reversal:"), go)


# --- 通知单 ---------------------------------------------------------------------------------


class DeliveryDialog(QDialog):
    """How a notice reached the customer: method, who signed, when."""

    METHODS = ("in_person", "posted", "left_at_door", "refused")

    def __init__(self, parent: QWidget, number: str, now: datetime) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Delivery of notice {number}").format(number=number))
        self.method = QComboBox()
        for m, text in zip(self.METHODS, (self.tr("Handed over"), self.tr("By post"),
                                          self.tr("Left at the door"),
                                          self.tr("Refused by the customer")), strict=True):
            self.method.addItem(text, m)
        self.signed_by = QLineEdit()
        self.signed_by.setMaxLength(60)
        self.at = QDateTimeEdit(QDateTime(QDate(now.year, now.month, now.day),
                                          QDateTime.currentDateTime().time()))
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        form = QFormLayout(self)
        form.addRow(self.tr("How"), self.method)
        form.addRow(self.tr("Signed by"), self.signed_by)
        form.addRow(self.tr("When"), self.at)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def delivered_at(self) -> datetime:
        return self.at.dateTime().toPython().replace(second=0, microsecond=0)


class NoticesTab(_Tab):
    def __init__(self, ws: CollectionsWorkspace) -> None:
        super().__init__(ws)
        self.kind = QComboBox()
        for text, value in ((self.tr("every kind"), None), (self.tr("Reminder notice"), "reminder"),
                            (self.tr("Stop-supply notice"), "stop_warning")):
            self.kind.addItem(text, value)
        self.status = QComboBox()
        for text, value in ((self.tr("pending"), "pending"), (self.tr("delivered"), "delivered"),
                            (self.tr("settled"), "settled"), (self.tr("superseded"), "superseded"),
                            (self.tr("any status"), None)):
            self.status.addItem(text, value)
        self.area = QLineEdit()
        self.area.setPlaceholderText(self.tr("any area"))
        self.area.setMaxLength(40)
        self.area.returnPressed.connect(self.refresh)
        for w in (QLabel(self.tr("Kind")), self.kind, QLabel(self.tr("Status")), self.status,
                  QLabel(self.tr("Area")), self.area,
                  self.button(self.tr("Refresh (F5)"), self.refresh)):
            self.tools.addWidget(w)
        self.tools.addStretch(1)
        self.table = RowsTable([
            Column(self.tr("Number"), g("notice_no")),
            Column(self.tr("Kind"), lambda r: ws.notice_kind_text(r.get("kind"))),
            Column(self.tr("Account"), g("account_no")), Column(self.tr("Name"), g("name")),
            Column(self.tr("Area"), g("area")), Column(self.tr("Issued"), g("issued_on")),
            Column(self.tr("Pay by"), g("deadline")),
            Column(self.tr("Owes"), money("total_fen"), True),
            Column(self.tr("Status"), lambda r: ws.notice_status_text(r.get("status"))),
            Column(self.tr("Delivered"), when("delivered_at")),
        ])
        self.table.setObjectName("notices_table")
        self.pdf_button = self.button(self.tr("Open PDF (Ctrl+O)"), self.open_pdf,
                                      name="notice_pdf", shortcut="Ctrl+O")
        self.slip_button = self.button(self.tr("Print on the receipt printer (Ctrl+P)"),
                                       self.print_slip, name="notice_slip", shortcut="Ctrl+P")
        self.batch_button = self.button(self.tr("Batch PDF of the area…"), self.batch_pdf,
                                        name="notice_batch")
        self.delivery_button = self.button(self.tr("Record delivery… (Ctrl+D)"),
                                           self.record_delivery, name="notice_delivery",
                                           shortcut="Ctrl+D")
        self.slip_button.setVisible(ws.print_receipt is not None)
        actions = QHBoxLayout()
        for b in (self.pdf_button, self.slip_button, self.batch_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.delivery_button)
        self.box.addWidget(self.table, 1)
        self.box.addLayout(actions)

    def refresh(self) -> None:
        params = {"kind": self.kind.currentData(), "status": self.status.currentData(),
                  "area": self.area.text().strip() or None}
        user, svc = self.ws.user, self.ws.service
        self.ws.run(lambda: svc.list_of(user, "notices", "notices", params),
                    lambda s: (self.ws.show_synced(s), self.table.set_rows(s.value)),
                    self.tr("Fetching notices…"))

    def _save_pdf(self, name: str, data: bytes) -> Path:
        folder = self.ws.reports_dir / "notices"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(data)
        return path

    def open_pdf(self) -> None:
        row = self.table.selected()
        if row is None:
            return
        number, user, svc = str(row.get("notice_no")), self.ws.user, self.ws.service
        self.ws.run(lambda: self._save_pdf(f"{number}.pdf", svc.notice_pdf(user, number)),
                    self.ws.open_file, self.tr("Fetching the notice…"))

    def batch_pdf(self) -> None:
        area = self.area.text().strip() or str((self.table.selected() or {}).get("area") or "")
        kind = self.kind.currentData() or "reminder"
        if not area:
            self.ws.say(self.tr("Type the area first."), error=True)
            return
        user, svc = self.ws.user, self.ws.service
        self.ws.run(lambda: self._save_pdf(f"{kind}-{area}.pdf",
                                           svc.notices_batch_pdf(user, kind=kind, area=area)),
                    self.ws.open_file, self.tr("Making the batch PDF…"))

    def print_slip(self) -> None:
        row = self.table.selected()
        if row is None or self.ws.print_receipt is None:
            return
        number, user, svc = str(row.get("notice_no")), self.ws.user, self.ws.service

        def printed(notice: dict) -> None:
            self.ws.print_receipt(self.ws.notice_slip(notice))
            self.ws.say(self.tr("Notice {number} sent to the receipt printer.").format(
                number=number))
        self.ws.run(lambda: svc.notice(user, number), printed, self.tr("Fetching the notice…"))

    def record_delivery(self) -> None:
        row = self.table.selected()
        if row is None:
            return
        number = str(row.get("notice_no"))
        dialog = DeliveryDialog(self, number, self.ws.clock())
        dialog.setObjectName("delivery_dialog")
        self.delivery_dialog = dialog

        def done(result: int) -> None:
            if result != QDialog.DialogCode.Accepted:
                return
            method, signed, at = (dialog.method.currentData(), dialog.signed_by.text(),
                                  dialog.delivered_at())
            user, svc = self.ws.user, self.ws.service
            self.ws.run(lambda: svc.record_delivery(user, number, method=method, signed_by=signed,
                                                    delivered_at=at),
                        lambda _r: (self.ws.say(self.tr("Delivery of {number} recorded.").format(
                            number=number)), self.refresh()),
                        self.tr("Recording the delivery…"))
        dialog.finished.connect(done)
        dialog.open()


# --- 短信 -----------------------------------------------------------------------------------


class SmsTab(_Tab):
    def __init__(self, ws: CollectionsWorkspace) -> None:
        super().__init__(ws)
        self.tools.addWidget(QLabel(self.tr("Templates (drafted by one person, approved by "
                                            "another)")))
        self.tools.addStretch(1)
        self.tools.addWidget(self.button(self.tr("Refresh (F5)"), self.refresh))
        self.templates = RowsTable([
            Column(self.tr("Template"), g("template_id")), Column(self.tr("Name"), g("name")),
            Column(self.tr("Status"), lambda r: ws.template_status_text(r.get("status"))),
            Column(self.tr("Drafted by"), g("drafted_by")),
            Column(self.tr("Approved by"), g("approved_by")),
            Column(self.tr("Text"), g("text")),
        ])
        self.templates.setObjectName("sms_templates")
        self.draft_button = self.button(self.tr("Draft a template…"), self.draft,
                                        name="sms_draft")
        self.approve_button = self.button(self.tr("Approve the template"), self.approve,
                                          name="sms_approve")
        t_actions = QHBoxLayout()
        t_actions.addWidget(self.draft_button)
        t_actions.addWidget(self.approve_button)
        t_actions.addStretch(1)
        self.msg_status = QComboBox()
        self.msg_status.addItem(self.tr("any status"), None)
        for value in ("queued", "sending", "unknown", "sent", "delivered", "failed", "vacant",
                      "opted_out", "no_phone", "expired", "refused"):
            self.msg_status.addItem(ws.sms_status_text(value), value)
        self.msg_account = QLineEdit()
        self.msg_account.setPlaceholderText(self.tr("any account"))
        self.msg_account.setMaxLength(20)
        self.msg_account.returnPressed.connect(self.refresh_messages)
        m_tools = QHBoxLayout()
        for w in (QLabel(self.tr("SMS log")), self.msg_status, self.msg_account,
                  self.button(self.tr("Show"), self.refresh_messages)):
            m_tools.addWidget(w)
        m_tools.addStretch(1)
        self.messages = RowsTable([
            Column(self.tr("Created"), when("queued_at")),
            Column(self.tr("Account"), g("account_no")), Column(self.tr("Phone"), g("phone")),
            Column(self.tr("Status"), lambda r: ws.sms_status_text(r.get("status"))),
            Column(self.tr("Receipt"), when("receipt_at")),
            Column(self.tr("Parts"), g("parts"), True), Column(self.tr("Text"), g("text")),
        ])
        self.messages.setObjectName("sms_messages")
        self.box.addWidget(self.templates, 2)
        self.box.addLayout(t_actions)
        self.box.addLayout(m_tools)
        self.box.addWidget(self.messages, 3)

    def refresh(self) -> None:
        user, svc = self.ws.user, self.ws.service
        self.ws.run(lambda: svc.list_of(user, "sms/templates", "templates"),
                    lambda s: (self.ws.show_synced(s), self.templates.set_rows(s.value)),
                    self.tr("Fetching templates…"))
        self.refresh_messages()

    def refresh_messages(self) -> None:
        params = {"status": self.msg_status.currentData(),
                  "account_no": self.msg_account.text().strip() or None}
        user, svc = self.ws.user, self.ws.service
        self.ws.run(lambda: svc.list_of(user, "sms/messages", "messages", params),
                    lambda s: (self.ws.show_synced(s), self.messages.set_rows(s.value)),
                    self.tr("Fetching the SMS log…"))

    def draft(self) -> None:
        dialog = QDialog(self)
        dialog.setObjectName("sms_draft_dialog")
        dialog.setWindowTitle(self.tr("Draft an SMS template"))
        name, text = QLineEdit(), QPlainTextEdit()
        name.setMaxLength(60)
        text.setPlaceholderText(self.tr("Payment-reminder wording, with variables such "
                                        "as ${name} ${amount}"))
        form = QFormLayout(dialog)
        form.addRow(self.tr("Name"), name)
        form.addRow(self.tr("Text"), text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        self.draft_dialog = dialog
        dialog.name_edit, dialog.text_edit = name, text  # type: ignore[attr-defined]

        def done(result: int) -> None:
            if result != QDialog.DialogCode.Accepted:
                return
            n, t, user, svc = name.text(), text.toPlainText(), self.ws.user, self.ws.service
            self.ws.run(lambda: svc.draft_template(user, name=n, text=t),
                        lambda _r: (self.ws.say(self.tr("Template drafted: another supervisor "
                                                        "approves it.")), self.refresh()),
                        self.tr("Saving the draft…"))
        dialog.finished.connect(done)
        dialog.open()

    def approve(self) -> None:
        row = self.templates.selected()
        if row is None:
            return
        tid, user, svc = str(row.get("template_id")), self.ws.user, self.ws.service
        self.ws.run(lambda: svc.approve_template(user, tid),
                    lambda _r: (self.ws.say(self.tr("Template {t} approved.").format(t=tid)),
                                self.refresh()),
                    self.tr("Approving…"))


# --- 停电申请 -------------------------------------------------------------------------------


class StopSupplyTab(_Tab):
    def __init__(self, ws: CollectionsWorkspace) -> None:
        super().__init__(ws)
        self.status = QComboBox()
        for text, value in ((self.tr("any status"), None), (self.tr("requested"), "requested"),
                            (self.tr("approved"), "approved"), (self.tr("stopped"), "stopped"),
                            (self.tr("cancelled"), "cancelled"),
                            (self.tr("reconnected"), "reconnected")):
            self.status.addItem(text, value)
        for w in (QLabel(self.tr("Status")), self.status,
                  self.button(self.tr("Refresh (F5)"), self.refresh)):
            self.tools.addWidget(w)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.tools.addStretch(1)
        self.table = RowsTable([
            Column(self.tr("Request"), g("id")), Column(self.tr("Account"), g("account_no")),
            Column(self.tr("Class"), lambda r: ws.class_text(r.get("customer_class"))),
            Column(self.tr("Planned"), when("planned_at")),
            Column(self.tr("Notice"), g("notice_no")),
            Column(self.tr("Status"), lambda r: ws.stop_status_text(r.get("status"))),
            Column(self.tr("Requested by"), g("requested_by")),
            Column(self.tr("Approved by"), g("approved_by")),
            Column(self.tr("Conditions"), lambda r: ws.gates_summary(r.get("gates"))),
        ])
        self.table.setObjectName("stop_table")
        self.table.itemSelectionChanged.connect(self.show_gates)
        self.table.itemSelectionChanged.connect(self._enable)
        self.gates = RowsTable([
            Column(self.tr("Condition"), lambda x: ("✓ " if x.get("ok") else "✗ ")
                   + ws.gate_text(x.get("gate"))),
            Column(self.tr("Detail"), g("detail")), Column(self.tr("Basis"), g("basis")),
        ])
        self.gates.setObjectName("stop_gates")
        self.approve_button = self.button(self.tr("Approve (second supervisor)…"), self.approve,
                                          name="stop_approve")
        self.cancel_button = self.button(self.tr("Cancel the request…"), self.cancel,
                                         name="stop_cancel")
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.approve_button)
        actions.addWidget(self.cancel_button)
        self._enable()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.gates)
        split.setSizes([300, 200])
        self.box.addWidget(split, 1)
        self.box.addLayout(actions)

    def _enable(self) -> None:
        status = (self.table.selected() or {}).get("status")
        self.approve_button.setEnabled(status == "requested")
        self.cancel_button.setEnabled(status in ("requested", "approved"))

    def refresh(self) -> None:
        params = {"status": self.status.currentData()}
        user, svc = self.ws.user, self.ws.service
        self.ws.run(lambda: svc.list_of(user, "stop-supply", "requests", params), self.on_rows,
                    self.tr("Fetching stop-supply requests…"))

    def on_rows(self, synced: Synced[list[dict]]) -> None:
        self.ws.show_synced(synced)
        self.table.set_rows(synced.value)
        self.show_gates()
        self._enable()

    def show_gates(self) -> None:
        row = self.table.selected() or {}
        self.gates.set_rows(list(row.get("gates") or []))

    def approve(self) -> None:
        row = self.table.selected()
        if row is None:
            return
        rid = row.get("id")
        svc, user = self.ws.service, self.ws.user
        self.approval_flow = ApprovalFlow(
            self.ws, store=self.ws.store, initiator=user, terminal_id=self.ws.terminal_id,
            clock=self.ws.clock,
            succeeded=lambda _r: (self.ws.say(self.tr("Stop-supply request {id} approved.")
                                              .format(id=rid)), self.refresh()),
            failed=lambda exc: self.ws.say(error_message(exc), error=True),
            cancelled=lambda: self.ws.say(self.tr("Not approved.")),
            prompt=self.tr("A second supervisor approves stopping supply to account {account}.")
            .format(account=row.get("account_no", "")),
            reason=str(rid))
        self.approval_flow.run(lambda approval: svc.approve_stop_supply(user, rid,
                                                                         approval=approval))

    def cancel(self) -> None:
        row = self.table.selected()
        if row is None:
            return
        rid, user, svc = row.get("id"), self.ws.user, self.ws.service
        def go(reason: str) -> None:
            self.ws.run(lambda: svc.cancel_stop_supply(user, rid, reason=reason),
                        lambda _r: (self.ws.say(self.tr("Request {id} cancelled.").format(id=rid)),
                                    self.refresh()),
                        self.tr("Cancelling…"))
        self.ws.ask_text(self.tr("Cancel stop-supply request {id}").format(id=rid),
                         self.tr("Reason:"), go)


# --- 复电任务 -------------------------------------------------------------------------------


class ReconnectionsTab(_Tab):
    def __init__(self, ws: CollectionsWorkspace) -> None:
        super().__init__(ws)
        self.tools.addWidget(QLabel(self.tr("Open reconnection tasks: supply back within the "
                                            "deadline after the arrears were paid.")))
        self.tools.addStretch(1)
        self.tools.addWidget(self.button(self.tr("Refresh (F5)"), self.refresh))
        self.table = RowsTable([
            Column(self.tr("Task"), g("id")), Column(self.tr("Account"), g("account_no")),
            Column(self.tr("Request"), g("request_id")),
            Column(self.tr("Opened"), when("opened_at")),
            Column(self.tr("Deadline"), when("due_at")),
            Column(self.tr("Time left"), lambda r: ws.time_left(r.get("due_at"))
                   if r.get("open", True) else ""),
            Column(self.tr("Status"), lambda r: ws.reconnection_status_text(
                "overdue" if r.get("overdue") else "open" if r.get("open", True) else "closed")),
        ])
        self.table.setObjectName("reconnections_table")
        self.close_button = self.button(self.tr("Close the task (supply is back)"),
                                        self.close_task, name="reconnection_close")
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        self.box.addWidget(self.table, 1)
        self.box.addLayout(actions)

    def refresh(self) -> None:
        user, svc = self.ws.user, self.ws.service
        self.ws.run(lambda: svc.list_of(user, "reconnections", "tasks", {"open": "true"}),
                    lambda s: (self.ws.show_synced(s), self.table.set_rows(s.value)),
                    self.tr("Fetching reconnection tasks…"))

    def close_task(self) -> None:
        row = self.table.selected()
        if row is None:
            return
        tid, user, svc = row.get("id"), self.ws.user, self.ws.service
        self.ws.run(lambda: svc.close_reconnection(user, tid),
                    lambda _r: (self.ws.say(self.tr("Task {id} closed.").format(id=tid)),
                                self.refresh()),
                    self.tr("Closing…"))


# --- the window -----------------------------------------------------------------------------

TABS = ("arrears", "charts", "runs", "notices", "sms", "stop", "reconnections")
# The tabs whose ledger side is in this build (the others are left out, not faked).
AVAILABLE_TABS = TABS


class CollectionsWorkspace(QWidget):
    """The 催费 window. `tabs`: which of TABS to show (those whose ledger side is there)."""

    arrearsLoaded = Signal(object)  # ArrearsPage

    def __init__(self, *, service: Collections, user: User, today: date, store, terminal_id: str,
                 clock: Callable[[], datetime], reports_dir: Path,
                 receipt_ctx: ReceiptContext | None = None,
                 print_receipt: Callable[[Receipt], None] | None = None,
                 tabs: Sequence[str] = TABS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service, self.user, self.today = service, user, today
        self.store, self.terminal_id, self.clock = store, terminal_id, clock
        self.reports_dir, self.receipt_ctx = reports_dir, receipt_ctx
        self.print_receipt = print_receipt
        self.busy = 0
        self._busy_texts: set[str] = set()
        self.prompt: QWidget | None = None  # the open question (tests answer it)
        self.setWindowTitle(self.tr("Collections"))
        self.banner = QLabel()
        self.banner.setObjectName("offlineBanner")
        self.banner.setStyleSheet("background:#fff3cd;color:#6b4e00;padding:4px;")
        self.banner.hide()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("collections_tabs")
        self.arrears_tab: ArrearsTab | None = None
        self.pages: dict[str, _Tab] = {}
        makers = {
            "arrears": (ArrearsTab, self.tr("Arrears list")),
            "charts": (ChartsTab, self.tr("Aging and recovery")),
            "runs": (RunsTab, self.tr("Dunning runs")),
            "notices": (NoticesTab, self.tr("Notices")),
            "sms": (SmsTab, self.tr("SMS")),
            "stop": (StopSupplyTab, self.tr("Stop supply")),
            "reconnections": (ReconnectionsTab, self.tr("Reconnections")),
        }
        for key in TABS:
            if key not in tabs:
                continue
            cls, title = makers[key]
            page = cls(self)
            self.pages[key] = page
            n = self.tabs.addTab(page, title)
            self.tabs.setTabToolTip(n, f"Ctrl+{n + 1}")
        self.arrears_tab = self.pages.get("arrears")  # type: ignore[assignment]
        self.status = QLabel()
        self.status.setObjectName("collections_status")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the ledger's answer is on its way
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        box = QVBoxLayout(self)
        box.addWidget(self.banner)
        box.addWidget(self.tabs, 1)
        box.addLayout(bottom)
        for i in range(self.tabs.count()):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self,
                      activated=lambda i=i: self.tabs.setCurrentIndex(i))
        QShortcut(QKeySequence("F5"), self, activated=self.refresh_current)
        self._loaded: set[int] = set()
        self.tabs.currentChanged.connect(self.on_tab_changed)
        self.resize(1280, 680)
        if not service.connected:
            self.say(error_message_code("collections.no_ledger"), error=True)

    # --- running work ---------------------------------------------------------------------
    def run(self, fn: Callable[[], Any], done: Callable[[Any], Any], busy_text: str) -> None:
        """`fn` on the collections pool; `done(result)` back on the GUI thread; progress and
        errors shown in the status line."""
        self.busy += 1
        self.progress.show()
        if not self.status.text() or self.status.text() in self._busy_texts:
            self.status.setStyleSheet("")  # a message said before stays until the next one
            self.status.setText(busy_text)
        self._busy_texts.add(busy_text)

        def finished() -> None:
            self.busy -= 1
            self.progress.setVisible(self.busy > 0)

        def ok(result: Any) -> None:
            if self.status.text() == busy_text:
                self.status.setText("")
            done(result)

        Op(self, fn).success(ok).failure(lambda exc: self.say(error_message(exc), error=True)) \
            .finally_(finished).run_in_background(collections_pool())

    def say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet("color:#b00020;" if error else "")
        self.status.setText(text)

    def show_synced(self, synced: Synced) -> None:
        text = synced_text(synced)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def refresh_current(self) -> None:
        page = self.tabs.currentWidget()
        if isinstance(page, _Tab):
            page.refresh()

    def on_tab_changed(self, index: int) -> None:
        if self.busy == 0:
            self.say("")  # the last tab's message does not belong to this one
        if index not in self._loaded:
            self._loaded.add(index)
            self.refresh_current()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.on_tab_changed(self.tabs.currentIndex())

    def confirm(self, text: str, then: Callable[[], None]) -> None:
        """Ask Yes/No without blocking the event loop; `then()` on Yes (`self.prompt`)."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Collections"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setObjectName("collections_confirm")
        self.prompt = box
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.finished.connect(lambda _result: then() if box.clickedButton() is yes else None)
        box.open()

    def ask_text(self, title: str, prompt: str, then: Callable[[str], None]) -> None:
        """Ask for a line of text (a reason) without blocking; `then(text)` when given."""
        dialog = QInputDialog(self)
        dialog.setObjectName("collections_ask")
        dialog.setWindowTitle(title)
        dialog.setLabelText(prompt)
        dialog.setTextValue("")
        dialog.setOkButtonText(self.tr("OK"))
        dialog.setCancelButtonText(self.tr("Cancel"))
        self.prompt = dialog

        def done(result: int) -> None:
            text = dialog.textValue().strip()
            if result == QDialog.DialogCode.Accepted and text:
                then(text)
        dialog.finished.connect(done)
        dialog.open()

    def open_file(self, path: Path) -> None:
        self.say(self.tr("Saved as {file}").format(file=path))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # --- words ----------------------------------------------------------------------------
    def user_type_text(self, value: str | None) -> str:
        return {"residential": self.tr("Residential"), "other": self.tr("Non-residential")}.get(
            value or "", value or "")

    def class_text(self, value: str | None) -> str:
        return {"residential": self.tr("Residential"),
                "non_residential": self.tr("Non-residential"),
                "important": self.tr("Important users"), None: self.tr("every class"),
                "": self.tr("every class"), "all": self.tr("every class")}.get(value, value or "")

    def phone_status_text(self, value: str | None) -> str:
        text = {"ok": "", "unverified": self.tr(" (unverified)"), "vacant": self.tr(" (vacant)"),
                "invalid": self.tr(" (invalid)"), "none": self.tr("none")}.get(value or "", "")
        return text

    def lock_text(self, lock: dict | None, promise: dict | None) -> str:
        parts = []
        if lock:
            parts.append(self.tr("locked until {day}").format(day=lock.get("until", "")))
        if promise:
            parts.append(self.tr("promise {day}").format(day=promise.get("due_date")
                                                          or promise.get("date", "")))
        return "; ".join(parts)

    def run_status_text(self, value: str | None) -> str:
        return {"proposal": self.tr("proposal"), "executed": self.tr("executed"),
                "reversed": self.tr("reversed")}.get(value or "", value or "")

    def action_text(self, value: str | None) -> str:
        return {"sms": self.tr("SMS reminder"), "reminder": self.tr("Reminder notice"),
                "notice": self.tr("Reminder notice"), "stop_warning": self.tr("Stop-supply notice"),
                "stop_request": self.tr("stop-supply request"), "none": "", None: ""}.get(
            value, value or "")

    def notice_kind_text(self, value: str | None) -> str:
        return {"reminder": self.tr("Reminder notice"), "stop_warning": self.tr("Stop-supply notice")}.get(
            value or "", value or "")

    def notice_status_text(self, value: str | None) -> str:
        return {"pending": self.tr("pending"), "delivered": self.tr("delivered"),
                "settled": self.tr("settled"), "superseded": self.tr("superseded")}.get(
            value or "", value or "")

    def template_status_text(self, value: str | None) -> str:
        return {"draft": self.tr("draft"), "approved": self.tr("approved"),
                "retired": self.tr("retired")}.get(value or "", value or "")

    def sms_status_text(self, value: str | None) -> str:
        return {"queued": self.tr("queued"), "sent": self.tr("sent"),
                "delivered": self.tr("delivered"), "failed": self.tr("failed"),
                "unknown": self.tr("unknown (being asked)"), "vacant": self.tr("vacant number"),
                "sending": self.tr("sending"), "opted_out": self.tr("opted out"),
                "no_phone": self.tr("no phone"), "expired": self.tr("expired"),
                "refused": self.tr("refused by the provider")}.get(value or "", value or "")

    def stop_status_text(self, value: str | None) -> str:
        return {"requested": self.tr("requested"), "approved": self.tr("approved"),
                "reconnected": self.tr("reconnected"),
                "stopped": self.tr("stopped"), "cancelled": self.tr("cancelled")}.get(
            value or "", value or "")

    def reconnection_status_text(self, value: str | None) -> str:
        return {"open": self.tr("open"), "closed": self.tr("closed"),
                "overdue": self.tr("overdue")}.get(value or "", value or "")

    def gate_text(self, gate: str | None) -> str:
        return {"overdue": self.tr("Overdue more than 30 days"),
                "reminder_delivered": self.tr("A reminder was delivered"),
                "notice_window": self.tr("Written notice delivered within the notice window"),
                "regulator_notified": self.tr("Regulator notified (important user)"),
                "four_eyes": self.tr("Approved by a second person"),
                "renotice": self.tr("Customer told again before the stop")}.get(gate or "",
                                                                               gate or "")

    def gates_summary(self, gates: list | None) -> str:
        gates = gates or []
        ok = sum(1 for x in gates if x.get("ok"))
        return f"{ok}/{len(gates)} ✓" if gates else ""

    def time_left(self, deadline: str | None) -> str:
        if not deadline:
            return ""
        try:
            end = datetime.fromisoformat(str(deadline).replace("Z", "+00:00"))
        except ValueError:
            return ""
        if end.tzinfo is not None:
            end = end.astimezone().replace(tzinfo=None)
        left = end - self.clock()
        if left.total_seconds() < 0:
            return self.tr("overdue by {h} h").format(h=int(-left.total_seconds() // 3600))
        return self.tr("{h} h {m} min").format(h=int(left.total_seconds() // 3600),
                                               m=int(left.total_seconds() % 3600 // 60))

    def notice_slip(self, notice: dict) -> Receipt:
        ctx = self.receipt_ctx or ReceiptContext(hall_name="", hall_address="",
                                                 cashier_name=self.user.name, footer="")
        return notice_receipt(notice, ctx)


def notice_receipt(notice: dict, ctx: ReceiptContext) -> Receipt:
    """A notice on the receipt printer, for the customer at the counter: the ledger's own
    `print_lines` (the notice's words, its first line the title), under this hall's header."""
    lines = [str(x) for x in notice.get("print_lines") or []]
    title = lines[0] if lines else str(notice.get("notice_no") or "")
    return slip_receipt(Slip(title, tuple(SlipLine(x) for x in lines[1:])), ctx)


def error_message_code(code: str) -> str:
    from .error_text import message_for_code

    return message_for_code(code)
