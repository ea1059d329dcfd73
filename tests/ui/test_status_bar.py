"""Status bar: ledger offline/online (with queued count and last sync), late fees provisional."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.config import Config
from counter_app.ui.bills_table import LATE_FEE
from counter_app.ui.status_sources import LedgerStatus, LedgerStatusSource, OfflineLedgerStatus
from tests.helpers.ui import NOW, open_customer, pick, sign_in_to_counter

pytestmark = pytest.mark.gui


class OnlineLedger:
    def ledger_status(self) -> LedgerStatus:
        return LedgerStatus(configured=True, online=True, queued=0, last_sync=NOW)


class UnreachableLedger:
    def ledger_status(self) -> LedgerStatus:
        raise ConnectionRefusedError("[Errno 111] Connection refused")


def late_fee_cells(window) -> list[str]:
    model = window.counter.bills.bills
    return [model.data(model.index(r, LATE_FEE)) for r in range(model.rowCount())]


def test_offline_by_default_with_queued_count_and_provisional_late_fees(qtbot, window, ctx,
                                                                         demo_customers):
    assert isinstance(window.ledger_source, OfflineLedgerStatus)
    assert isinstance(window.ledger_source, LedgerStatusSource)
    qtbot.waitUntil(lambda: window.status.ledger_status is not None)
    text = window.status.ledger.text()
    assert "离线（未配置）" in text and "待上传 0 笔" in text and "上次同步 无" in text
    assert window.status.ledger.objectName() == "statusOffline"

    customer = pick(demo_customers, min_open=2)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, customer.account_no)
    cells = late_fee_cells(window)
    assert cells and all(c.endswith(" *") for c in cells if c != "¥0.00")
    assert "暂估" in window.counter.bills.note.full_text()

    qtbot.keyClick(window.counter.payment.cash_tendered, Qt.Key.Key_Return)
    qtbot.waitUntil(window.counter.has_dialog)
    qtbot.keyClick(window.counter._dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "待上传 1 笔" in window.status.ledger.text())  # the payment is queued


def test_configured_but_unreachable_ledger(qtbot, make_ctx, make_window):
    window = make_window(make_ctx(Config({"ledger.url": "https://ledger.example:8443"})))
    qtbot.waitUntil(lambda: window.status.ledger_status is not None)
    assert "离线" in window.status.ledger.text() and "未配置" not in window.status.ledger.text()


def test_unreachable_source_shows_offline_with_the_reason(qtbot, make_window, ctx):
    window = make_window(ctx, ledger_source=UnreachableLedger())
    qtbot.waitUntil(lambda: window.status.ledger_status is not None)
    assert "离线" in window.status.ledger.text()
    assert "Connection refused" in window.status.ledger.toolTip()
    assert window.counter.bills.bills.provisional


def test_online_ledger_makes_late_fees_final(qtbot, make_window, ctx, demo_customers):
    window = make_window(ctx, ledger_source=OnlineLedger())
    qtbot.waitUntil(lambda: window.status.ledger_status is not None)
    text = window.status.ledger.text()
    assert "在线" in text and "03-20 10:00" in text
    assert window.status.ledger.objectName() == "statusOnline"
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, pick(demo_customers, min_open=2).account_no)
    assert not any(c.endswith("*") for c in late_fee_cells(window))
    assert window.counter.bills.note.full_text() == ""

    # A ledger client may also push its state; the table follows at once.
    window.on_ledger_status(LedgerStatus(configured=True, online=False, queued=3))
    assert any(c.endswith(" *") for c in late_fee_cells(window))
    assert "待上传 3 笔" in window.status.ledger.text()


def test_device_states_and_clock(qtbot, window, clock):
    window.status.on_printer_state("paper_out")
    assert window.status.printer.text() == "打印机：缺纸"
    window.status.on_card_reader_state("something_new")  # unknown states shown as they come
    assert window.status.card_reader.text() == "读卡器：something_new"
    clock.advance(seconds=5)
    qtbot.waitUntil(lambda: window.status.clock.text() == "2026-03-20 10:00:05", timeout=2500)
