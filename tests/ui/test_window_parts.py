"""The counter window is a frame over its parts (ui/window/), its background work goes
through ui/operations, and the setup and approval screens are one shared dialog each."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from counter_app.ui import main_window
from counter_app.ui.account_approval_dialog import AccountApprovalDialog
from counter_app.ui.card_reader_setup import CardReaderSetupDialog
from counter_app.ui.device_setup import DeviceSetupDialog, FoundDevicesModel
from counter_app.ui.printer_setup import PrinterSetupDialog
from counter_app.ui.refund_dialog import RefundDialog
from counter_app.ui.waiver_dialog import WaiverDialog
from counter_app.ui.window.counter import CounterPart
from counter_app.ui.window.devices import DevicesPart
from counter_app.ui.window.receipts import ReceiptsPart
from counter_app.ui.window.session import SessionPart
from counter_app.ui.window.supervisor import SupervisorPart
from tests.helpers.ui import sign_in_to_counter

UI = Path(main_window.__file__).parent


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def test_the_window_module_builds_the_frame_and_does_no_store_work():
    tree = _tree(UI / "main_window.py")
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not any(m.startswith("counter_app.services") for m in imported)
    calls = {n.func.id for n in ast.walk(tree)
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert "Op" not in calls  # background work: ui/operations, called by the parts
    window = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "MainWindow")
    methods = [n for n in window.body if isinstance(n, ast.FunctionDef)]
    # frame, menus, keys, language, quit; the rest are one-line delegations to the parts
    long_ones = [m.name for m in methods if m.end_lineno - m.lineno > 3
                 and m.name not in {"__init__", "_make_actions", "retranslate", "show_keys", "show_about",
                                    "set_language", "request_quit", "closeEvent"}]
    assert long_ones == []


def test_the_window_composes_its_parts_and_the_keys_reach_them(qtbot, ctx, make_window):
    window = make_window(ctx)
    parts = {type(p) for p in (window.session_part, window.counter_part, window.receipts,
                               window.devices, window.supervisor)}
    assert parts == {SessionPart, CounterPart, ReceiptsPart, DevicesPart, SupervisorPart}
    assert all(p.parent() is window for p in (window.session_part, window.receipts))
    sign_in_to_counter(qtbot, window)
    assert window.user is not None and window.user.user_id == "1001"
    window.act_lock.trigger()  # F12 → the session part
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.login, timeout=5000)
    assert window.user is None


def test_setup_screens_share_one_frame():
    for dialog in (PrinterSetupDialog, CardReaderSetupDialog):
        assert issubclass(dialog, DeviceSetupDialog)
        source = (UI / f"{dialog.__module__.rsplit('.', 1)[1]}.py").read_text(encoding="utf-8")
        assert "QTableView(" not in source and "RowTableModel" not in source


def test_approval_screens_share_one_dialog():
    for dialog in (RefundDialog, WaiverDialog):
        assert issubclass(dialog, AccountApprovalDialog)
        source = (UI / f"{dialog.__module__.rsplit('.', 1)[1]}.py").read_text(encoding="utf-8")
        assert "ApprovalFlow" not in source and "QTableView(" not in source


@pytest.mark.parametrize("dialog_class", [RefundDialog, WaiverDialog])
def test_an_account_without_rows_says_so_and_offers_nothing(qtbot, ctx, dialog_class):
    from counter_app.services import auth

    user = next(u for u in auth.list_users(ctx.store) if u.user_id == "1001")
    common = dict(store=ctx.store, terminal_id=ctx.terminal_id, user=user, clock=ctx.clock)
    if dialog_class is RefundDialog:
        from counter_app.adapters.storage.cash_repo import SqliteCashStore

        dialog = RefundDialog(cash_store=SqliteCashStore(ctx.store), receipt_ctx=None,
                              printer_uri="", **common)
    else:
        dialog = WaiverDialog(rules=ctx.rules, **common)
    qtbot.addWidget(dialog)
    dialog.account.setText("9999999999")
    dialog.find_button.click()
    qtbot.waitUntil(lambda: bool(dialog.status.text()), timeout=5000)
    assert dialog.model.rowCount() == 0 and dialog.selected() is None
    assert not dialog.action_button.isEnabled()


def test_found_devices_model_columns_and_rows():
    class Model(FoundDevicesModel[tuple]):
        CONTEXT = "PortTableModel"
        HEADERS = ("Port", "Description")

        def columns(self, row: tuple) -> tuple[str, ...]:
            return row

    model = Model()
    model.set_rows([("COM3", "USB serial"), ("COM4", "reader")])
    assert len(model.headers()) == 2
    assert model.rowCount() == 2 and model.columnCount() == 2
    assert model.data(model.index(1, 1)) == "reader" and model.row(0) == ("COM3", "USB serial")
