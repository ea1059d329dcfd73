"""PySide6 6.12.0 drops references to True (every Signal.emit from Python) and to None (every
None a model returns to a view); counter_app.ui.qt_compat makes up for both. Thousands of
calls here would otherwise take None or True towards zero references and abort the process."""

from __future__ import annotations

import sys
from datetime import date

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QTableView

from counter_app.ui import qt_compat
from counter_app.ui.bills_table import BillsTableModel
from counter_app.ui.rows import BillRow
from hall_domain.accounts import BillStatus

pytestmark = pytest.mark.gui

CALLS = 3000


class Pinger(QObject):
    ping = Signal(object)


def test_emit_keeps_true_alive(qapp):
    pinger = Pinger()
    seen = []
    pinger.ping.connect(seen.append)
    before = sys.getrefcount(True)
    for i in range(CALLS):
        pinger.ping.emit(i)
    assert len(seen) == CALLS
    assert sys.getrefcount(True) >= before - 10


def test_views_reading_models_keep_none_alive(qapp, qtbot):
    model = BillsTableModel()
    model.set_rows([BillRow(i, f"2025-{i:02d}", 100, 5000, 5000, 0, date(2025, i, 15), 0,
                            BillStatus.OPEN) for i in range(1, 13)])
    view = QTableView()
    view.setModel(model)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    index = model.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        index.data(Qt.ItemDataRole.FontRole)  # through C++, as a view asks: no value
        model.headerData(0, Qt.Orientation.Vertical)
    for _ in range(20):
        view.viewport().repaint()  # every cell, every role
    assert sys.getrefcount(None) >= before - 10


def test_with_the_patch_in_place_emit_loses_nothing(qapp):
    assert not qt_compat.emit_loses_references()
