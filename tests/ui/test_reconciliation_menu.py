"""The supervisor's reconciliation (对账) opened from the menu of a running window connected to a
real ledger (uvicorn on 127.0.0.1) shows that ledger's figures.

It used to read a ledger client nobody wired, so it always said that no ledger was connected.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.adapters.ledger_client import LedgerClient
from counter_app.config import Config
from counter_app.services.reconciliation import DiffKind
from hall_domain.money import format_fen
from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine
from tests.helpers.ledger import payment, seed_halls
from tests.helpers.ui import NOW, sign_in_to_counter

LEDGER_FEN = 12_345  # a payment only the ledger holds (booked by another counter's record)


@pytest.fixture
def served_ledger(tmp_path):
    """A ledger with hall H001 (terminal T01) holding one payment of T01 on the test's day."""
    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    migrate.upgrade(engine)
    token = seed_halls(engine)["H001"].tokens["T01"]
    server = ThreadedServer(create_app(engine)).start()
    try:
        with LedgerClient(server.url, token) as client:
            [result] = client.post_payments([payment(
                "3301000002", terminal_id="T01", amount_fen=LEDGER_FEN, allocations=[],
                credit_fen=LEDGER_FEN, receipt_number=7, shift_id=1,
                business_date=NOW.date().isoformat())])
            assert result.acknowledged, (result.error_code, result.error_message)
        yield server.url, token
    finally:
        server.stop()
        engine.dispose()


def test_reconciliation_from_the_menu_shows_the_connected_ledgers_figures(
        qtbot, make_ctx, make_window, served_ledger):
    url, token = served_ledger
    ctx = make_ctx(Config({"ledger.url": url, "ledger.token": token}), demo=False)
    assert ctx.ledger is not None  # bootstrap wired the ledger port
    window = make_window(ctx)
    sign_in_to_counter(qtbot, window, "2001", "2222")  # the supervisor, shift opened
    menus = window.supervisor_menus
    qtbot.waitUntil(lambda: menus.act_reconcile.isVisible() and menus.act_reconcile.isEnabled())
    assert menus.act_reconcile in menus.menu_shift.actions()  # the 班次 menu's entry

    menus.menu_shift.aboutToShow.emit()  # as when the menu opens
    menus.act_reconcile.trigger()
    view = menus.dialogs["reconcile"]
    qtbot.waitUntil(view.isVisible)
    assert view.run_button.isEnabled(), view.status.text()  # not "No ledger is connected"

    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.result is not None, timeout=15_000)
    r = view.result
    [shift] = [s for s in r.shifts if s.shift_id == 1]
    assert (shift.ledger.count, shift.ledger.amount_fen) == (1, LEDGER_FEN)
    assert [(d.kind, d.receipt_number) for d in r.diffs] == [(DiffKind.EXTRA, 7)]
    # ... and the screen shows them.
    row = next(i for i in range(view.shifts.rowCount()) if view.shifts.item(i, 0).text() == "1")
    assert view.shifts.item(row, 2).text() == "1"
    assert view.shifts.item(row, 4).text() == format_fen(LEDGER_FEN)
    assert view.diffs.rowCount() == 1
    assert view.diffs.item(0, 2).text() == "T01-00000007"

