"""The 设备 menu's 中心账务连接 for a counter already set up: a scanned setup code (of this
counter only) fills address and token, the connection is checked against a real ledger on
127.0.0.1, and only then saved to the settings file."""

from __future__ import annotations

import pytest

from counter_app.config import Config
from hall_domain.setup_code import SetupCode
from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine
from tests.helpers.ledger import seed_halls
from tests.helpers.ui import sign_in, type_into


@pytest.fixture
def served_ledger(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    migrate.upgrade(engine)
    tokens = seed_halls(engine)["H001"].tokens
    server = ThreadedServer(create_app(engine)).start()
    try:
        yield server.url, tokens
    finally:
        server.stop()
        engine.dispose()


def test_a_new_token_is_checked_then_saved(qtbot, make_ctx, make_window, served_ledger,
                                           tmp_path):
    url, tokens = served_ledger
    settings = tmp_path / "config.toml"
    ctx = make_ctx(Config({"ledger.url": "http://127.0.0.1:1", "ledger.token": "old"},
                          path=settings), demo=False)
    window = make_window(ctx)
    sign_in(qtbot, window, "3001", "3333")  # the technician
    qtbot.waitUntil(lambda: window.menu_devices.menuAction().isVisible())
    assert window.act_ledger_connect in window.menu_devices.actions()
    window.act_ledger_connect.trigger()
    dialog = window.setup_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.save_button.isEnabled()  # nothing checked yet

    # another counter's code is refused before anything is asked of the ledger
    type_into(qtbot, dialog.setup_code, SetupCode(url, "H001", "T02", tokens["T02"]).text(),
              enter=True)
    assert "H001/T02" in dialog.message.text() and not dialog.page.token.text()

    dialog.setup_code.clear()
    type_into(qtbot, dialog.setup_code, SetupCode(url, "H001", "T01", tokens["T01"]).text(),
              enter=True)
    qtbot.waitUntil(lambda: dialog.page.checked_ok, timeout=20_000)
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    saved = Config.load(settings)
    assert (saved["ledger.url"], saved["ledger.token"]) == (url, tokens["T01"])
    assert str(settings) in dialog.message.text()


def test_a_cashier_cannot_open_it(qtbot, make_ctx, make_window):
    window = make_window(make_ctx())
    sign_in(qtbot, window, "1001", "1111")
    window.act_ledger_connect.trigger()
    assert window.setup_dialog is None or not window.setup_dialog.isVisible()
