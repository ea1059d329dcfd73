"""The first-run wizard sets a counter up in the window as `counter-app setup` would: checked
against a real ledger (uvicorn on 127.0.0.1) before anything is written, then the store with its
administrator, the settings with the token, and the hall's customers downloaded."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from counter_app.adapters.storage import open_store
from counter_app.bootstrap import STORE_FILE_NAME
from counter_app.config import Config
from counter_app.services import auth
from counter_app.ui.setup_wizard import SetupWizard
from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine
from tests.helpers.ledger import seed_halls


@pytest.fixture
def served_ledger(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    migrate.upgrade(engine)
    token = seed_halls(engine)["H001"].tokens["T01"]
    server = ThreadedServer(create_app(engine)).start()
    try:
        yield server.url, token
    finally:
        server.stop()
        engine.dispose()


@pytest.fixture
def wizard(qtbot, tmp_path):
    data_dir = tmp_path / "counter"
    w = SetupWizard(Config({"ui.language": "zh_CN"}), data_dir, data_dir / "config.toml")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _next(qtbot, wizard: SetupWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.waitUntil(button.isEnabled)
    before = wizard.currentId()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() != before)


def _fill_hall(qtbot, wizard, hall="H001", terminal="T01") -> None:
    wizard.hall.hall_id.setText(hall)
    wizard.hall.terminal_id.setText(terminal)
    wizard.hall.hall_name.setText("城东营业厅")
    _next(qtbot, wizard)


def _fill_admin(qtbot, wizard, pin="7391", again="7391") -> None:
    wizard.admin.admin_id.setText("9001")
    wizard.admin.admin_name.setText("王工")
    wizard.admin.pin.setText(pin)
    wizard.admin.pin_again.setText(again)


def _run(qtbot, wizard) -> None:
    wizard.finish.run_button.click()
    qtbot.waitUntil(lambda: wizard.finish.run_button.isEnabled() or wizard.finish.isComplete(),
                    timeout=30_000)


def test_online_setup_checks_the_token_then_saves_everything_and_downloads_customers(
        qtbot, wizard, served_ledger):
    url, token = served_ledger
    _fill_hall(qtbot, wizard)
    page = wizard.ledger
    page.url.setText(url)
    page.token.setText("not-the-token")
    page.check_button.click()
    qtbot.waitUntil(lambda: page.check_button.isEnabled() and "…" not in page.result.text(),
                    timeout=20_000)
    assert not page.checked_ok and page.result.text()  # refused, in words
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()

    page.token.setText(token)
    page.check_button.click()
    qtbot.waitUntil(lambda: page.checked_ok, timeout=20_000)
    assert "H001/T01" in page.result.text()
    _next(qtbot, wizard)
    _fill_admin(qtbot, wizard)
    _next(qtbot, wizard)
    wizard.devices.printer.setText("tcp://127.0.0.1:9100")
    _next(qtbot, wizard)
    assert not (wizard.data_dir / STORE_FILE_NAME).exists()  # nothing before the last step
    _run(qtbot, wizard)

    assert wizard.finish.isComplete(), wizard.finish.log.text()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    bar = wizard.finish.progress  # the download's bar, filled to the hall's customer count
    assert (bar.maximum(), bar.value()) == (4, 4) and "4" in wizard.finish.progress_text.text()
    saved = Config.load(wizard.data_dir / "config.toml")
    assert (saved["terminal.hall_id"], saved["terminal.id"]) == ("H001", "T01")
    assert (saved["ledger.url"], saved["ledger.token"]) == (url, token)
    assert saved["printer.uri"] == "tcp://127.0.0.1:9100"
    assert saved["terminal.hall_name"] == "城东营业厅"
    store = open_store(wizard.data_dir / STORE_FILE_NAME, create=False)
    try:
        user = auth.login(store, user_id="9001", pin="7391", now=datetime.now(),
                          terminal_id="T01")
        assert user.name == "王工"
        with store.read() as tx:
            assert tx.customers.count_customers() > 0  # the hall's reference data came down
    finally:
        store.close()


def test_token_of_another_counter_is_refused_by_the_check(qtbot, wizard, served_ledger):
    url, token = served_ledger
    _fill_hall(qtbot, wizard, terminal="T02")  # the token is T01's
    wizard.ledger.url.setText(url)
    wizard.ledger.token.setText(token)
    wizard.ledger.check_button.click()
    qtbot.waitUntil(lambda: wizard.ledger.check_button.isEnabled()
                    and "…" not in wizard.ledger.result.text(), timeout=20_000)
    assert not wizard.ledger.checked_ok
    assert "H001/T01" in wizard.ledger.result.text() and "H001/T02" in wizard.ledger.result.text()


def test_offline_setup_needs_matching_pins_and_writes_store_and_settings(qtbot, wizard):
    _fill_hall(qtbot, wizard)
    wizard.ledger.offline.setChecked(True)
    _next(qtbot, wizard)
    _fill_admin(qtbot, wizard, pin="7391", again="7392")
    wizard.next()
    assert wizard.currentPage() is wizard.admin  # refused: the PINs differ
    assert wizard.admin.error.text()
    wizard.admin.pin_again.setText("7391")
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    _run(qtbot, wizard)
    assert wizard.finish.isComplete(), wizard.finish.log.text()
    # Enter now finishes; it does not go back into the pages of a counter already set up
    qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.currentPage() is wizard.finish
    saved = Config.load(wizard.data_dir / "config.toml")
    assert not saved["ledger.url"] and not saved["ledger.token"] and saved["terminal.id"] == "T01"
    assert (wizard.data_dir / STORE_FILE_NAME).exists()


def test_a_bad_hall_id_stays_on_the_first_page(qtbot, wizard):
    wizard.hall.hall_id.setText("H 001")
    wizard.hall.terminal_id.setText("T01")
    wizard.next()
    assert wizard.currentPage() is wizard.hall
    assert wizard.hall.error.text()


def test_the_window_starts_with_the_wizard_when_there_is_no_store(monkeypatch, tmp_path):
    """`hall-counter` on a new machine: the wizard first; cancelled, nothing is saved."""
    from counter_app.cli.main import main as cli_main
    from counter_app.ui import app as ui_app

    # main() sets the command line's language for the whole process: keep it the default
    monkeypatch.setenv("COUNTER_APP_LANG", "en")
    seen = []
    monkeypatch.setattr(ui_app, "run_first_setup",
                        lambda config, data_dir, config_path, argv, **drivers:
                        seen.append((data_dir, sorted(drivers))) or False)
    code = cli_main(["--data-dir", str(tmp_path / "new")])
    assert code == 1 and seen == [(tmp_path / "new", ["card_readers", "printers"])]
    assert not (tmp_path / "new" / STORE_FILE_NAME).exists()


def test_a_scanned_setup_code_fills_both_pages_and_the_ledger_is_checked_at_once(
        qtbot, wizard, served_ledger):
    from hall_domain.setup_code import SetupCode

    url, token = served_ledger
    text = SetupCode(url, "H001", "T01", token).text()
    wizard.hall.setup_code.setFocus()
    wizard.hall.setup_code.setText("hallcounter:setup?v=1&url=")  # half-way through a scan
    assert wizard.hall.code is None and not wizard.hall.hall_id.text()
    wizard.hall.setup_code.setText(text)
    assert (wizard.hall.hall_id.text(), wizard.hall.terminal_id.text()) == ("H001", "T01")
    _next(qtbot, wizard)
    assert wizard.ledger.url.text() == url and wizard.ledger.token.text() == token
    qtbot.waitUntil(lambda: wizard.ledger.checked_ok, timeout=20_000)  # checked without a click
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_a_wrong_code_is_explained_when_the_scan_ends(qtbot, wizard):
    wizard.hall.setup_code.setText("https://ledger.example")
    assert not wizard.hall.code_result.text()  # nothing said while it is typed
    wizard.hall.setup_code.returnPressed.emit()
    assert wizard.hall.code_result.text()
    assert not wizard.hall.hall_id.text()


def test_the_printer_is_found_and_tested_from_the_wizard_without_writing_settings(
        qtbot, tmp_path):
    """The 设备 menu's printer screen, opened from the wizard: a test page reaches a printer
    on 127.0.0.1; Save only changes the wizard's draft, written when the setup succeeds."""
    from counter_app.devices import CardReaderDriver, PrinterDriver
    from tests.helpers.escpos_decoder import decode
    from tests.helpers.fake_printer import FakePrinter

    data_dir = tmp_path / "counter"
    w = SetupWizard(Config({"ui.language": "zh_CN"}), data_dir, data_dir / "config.toml",
                    printers=PrinterDriver(), card_readers=CardReaderDriver())
    qtbot.addWidget(w)
    w.show()
    _fill_hall(qtbot, w)
    w.ledger.offline.setChecked(True)
    _next(qtbot, w)
    _fill_admin(qtbot, w)
    _next(qtbot, w)
    assert w.devices.printer_button.isVisible() and w.devices.card_reader_button.isVisible()
    with FakePrinter() as printer:
        qtbot.mouseClick(w.devices.printer_button, Qt.MouseButton.LeftButton)
        dialog = w.devices.dialog
        qtbot.waitUntil(dialog.isVisible)
        dialog.uri_edit.setText(printer.uri)
        dialog.encoding_combo.setCurrentIndex(dialog.encoding_combo.findData("gb18030"))
        with qtbot.waitSignal(dialog.operationFinished, timeout=10_000) as done:
            qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        assert done.args[0], done.args[1]
        qtbot.waitUntil(lambda: len(printer.received) > 100)
        page = decode(printer.received, encoding="gb18030", columns=48)  # 80 mm by default
        assert page.errors == [] and any("打印测试" in t for t in page.texts)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert w.devices.printer.text() == printer.uri
        assert not (data_dir / "config.toml").exists()  # kept, not written
        dialog.close()
    _next(qtbot, w)
    _run(qtbot, w)
    assert w.finish.isComplete(), w.finish.log.text()
    saved = Config.load(data_dir / "config.toml")
    assert saved["printer.uri"] == printer.uri and saved["printer.encoding"] == "gb18030"
