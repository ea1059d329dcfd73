"""The technician's printer setup screen: devices, test page, status, save — offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from counter_app.adapters.printer.status import PrinterState, PrinterStatus  # noqa: E402
from counter_app.config import Config  # noqa: E402
from counter_app.ui.printer_setup import FoundDevice, PrinterSetupDialog  # noqa: E402
from counter_app.ui.printer_text import printer_error_text, printer_status_text  # noqa: E402
from tests.helpers.escpos_decoder import decode  # noqa: E402
from tests.helpers.fake_printer import FakePrinter, refused_port  # noqa: E402

pytestmark = pytest.mark.gui

DEVICES = [
    FoundDevice("serial", "/dev/ttyUSB0", "CH340 USB-serial", "serial:///dev/ttyUSB0?baudrate=9600"),
    FoundDevice("usb", "0483:5743", "Xprinter XP-58 /dev/usb/lp0", "usb://0483:5743"),
]


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    Config({"printer.width": 58, "printer.encoding": "gbk"}).save(path)
    return path


@pytest.fixture
def dialog(qtbot, config_file):
    dlg = PrinterSetupDialog(Config.load(config_file), list_devices=lambda: list(DEVICES))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.device_model.rowCount() == 2, timeout=3000)
    qtbot.waitUntil(lambda: dlg.profile_combo.count() > 5, timeout=5000)
    return dlg


def test_devices_listed_and_a_click_fills_the_uri(dialog, qtbot) -> None:
    assert dialog.device_model.data(dialog.device_model.index(1, 3)) == "usb://0483:5743"
    rect = dialog.device_table.visualRect(dialog.device_model.index(1, 0))
    qtbot.mouseClick(dialog.device_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.uri_edit.text() == "usb://0483:5743"
    assert dialog.transport_combo.currentData() == "usb"
    assert dialog.width_combo.currentData() == 58 and dialog.encoding_combo.currentData() == "gbk"


def test_transport_choice_offers_an_example_uri(dialog) -> None:
    dialog.transport_combo.setCurrentIndex(dialog.transport_combo.findData("tcp"))
    dialog.on_transport_combo_activated(0)
    assert dialog.uri_edit.text() == "tcp://192.168.1.50:9100"


def state_text(state: PrinterState) -> str:
    return printer_status_text(PrinterStatus(state))


def test_test_page_to_a_file(dialog, qtbot, tmp_path) -> None:
    out = tmp_path / "page.bin"
    dialog.uri_edit.setText(f"file://{out}")
    dialog.encoding_combo.setCurrentIndex(dialog.encoding_combo.findData("gb18030"))
    with qtbot.waitSignal(dialog.operationFinished, timeout=5000) as done:
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    ok, message = done.args
    assert ok and str(out.stat().st_size) in message  # "Test page sent: N bytes." in any language
    doc = decode(out.read_bytes(), encoding="gb18030", columns=32)
    assert doc.errors == [] and "12345678901234567890123456789012" in doc.texts
    assert dialog.status_label.text().startswith(state_text(PrinterState.UNKNOWN))  # a file cannot answer


def test_status_paper_out_and_failed_test_page(dialog, qtbot) -> None:
    with FakePrinter("paper_out") as fp:
        dialog.uri_edit.setText(fp.uri)
        qtbot.mouseClick(dialog.status_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.status_label.text().startswith(state_text(PrinterState.PAPER_OUT)),
                        timeout=5000)
        qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=5000)
        with qtbot.waitSignal(dialog.operationFinished, timeout=5000) as done:
            qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        assert done.args[0] is False and done.args[1] == printer_error_text("printer not ready: paper out")
        assert "not ready" in dialog.message_label.toolTip()  # the printer's own words, for the log


def test_unreachable_printer_is_reported(dialog, qtbot) -> None:
    dialog.uri_edit.setText(f"tcp://127.0.0.1:{refused_port()}")
    with qtbot.waitSignal(dialog.operationFinished, timeout=5000) as done:
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert done.args[0] is False and "connection refused" in dialog.message_label.toolTip()
    assert dialog.message_label.text() == printer_error_text(dialog.message_label.toolTip())
    assert "127.0.0.1" in dialog.message_label.text()  # said as a sentence naming the printer
    assert dialog.test_button.isEnabled()


def test_save_writes_the_config(dialog, qtbot, config_file) -> None:
    dialog.uri_edit.setText("tcp://10.1.2.3:9100")
    dialog.width_combo.setCurrentIndex(dialog.width_combo.findData(80))
    dialog.pin_combo.setCurrentIndex(dialog.pin_combo.findData(5))
    dialog.profile_combo.setCurrentIndex(dialog.profile_combo.findData("TM-T88III"))
    with qtbot.waitSignal(dialog.settingsSaved, timeout=1000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = Config.load(config_file)
    assert (saved["printer.uri"], saved["printer.width"], saved["printer.drawer_pin"],
            saved["printer.profile"], saved["printer.encoding"]) == (
        "tcp://10.1.2.3:9100", 80, 5, "TM-T88III", "gbk")


def test_bad_uri_is_not_saved(dialog, qtbot, config_file) -> None:
    before = config_file.read_text(encoding="utf-8")
    dialog.uri_edit.setText("192.168.1.50")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "no scheme" in dialog.message_label.text()
    assert config_file.read_text(encoding="utf-8") == before
