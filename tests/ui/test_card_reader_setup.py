"""Card reader in Qt: the bridge's signals on the GUI thread, and the technician's setup screen."""

from __future__ import annotations

import os
import threading
import tty
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication
from serial.tools.list_ports_common import ListPortInfo

from counter_app.adapters.card_reader import Backoff, ReaderSettings, encode, list_serial_ports
from counter_app.config import Config
from counter_app.ui.card_reader_bridge import CardReaderBridge
from counter_app.ui.card_reader_setup import CardReaderSetupDialog

pytestmark = pytest.mark.gui

A, B = "0123456789", "5550001234"
FAST = {"backoff": Backoff(initial=0.05, maximum=0.2)}


class Pty:
    """A raw pseudo-terminal pair; the reader opens the slave by its name."""

    def __init__(self) -> None:
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.name = os.ttyname(self._slave)

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        os.close(self.master)
        os.close(self._slave)


@pytest.fixture
def pty():
    pair = Pty()
    yield pair
    pair.close()


def reader_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "card-reader" and t.is_alive()]


# --- bridge -------------------------------------------------------------------------------


def test_bridge_delivers_cards_and_states_on_the_gui_thread(qtbot, qapp, pty):
    bridge = CardReaderBridge(ReaderSettings(port=pty.name, protocol="stx-etx"), **FAST)
    cards, states, threads = [], [], []

    def on_card(account):
        cards.append(account)
        threads.append(QThread.currentThread() == qapp.thread())

    bridge.cardRead.connect(on_card)
    bridge.stateChanged.connect(states.append)
    bridge.start()
    qtbot.waitUntil(lambda: bridge.state == "connected", timeout=5000)
    pty.write(encode("stx-etx", A) + encode("stx-etx", A) + encode("stx-etx", B))
    qtbot.waitUntil(lambda: cards == [A, B], timeout=5000)  # the repeat is debounced
    assert threads == [True, True]
    assert states == ["connecting", "connected"]
    with qtbot.waitSignal(bridge.stateChanged, timeout=1000) as blocker:
        bridge.stop()
    assert blocker.args == ["disconnected"]
    qtbot.waitUntil(lambda: not reader_threads(), timeout=3000)
    pty.write(encode("stx-etx", B))
    QApplication.processEvents()  # anything the thread posted before it ended is delivered
    assert cards == [A, B]  # nothing after stop


def test_bridge_without_port_is_not_configured(qtbot):
    bridge = CardReaderBridge(ReaderSettings(port=""))
    with qtbot.waitSignal(bridge.stateChanged, timeout=1000) as blocker:
        bridge.start()
    assert blocker.args == ["not_configured"]
    assert bridge.state == "not_configured"


def test_bridge_restart_with_new_settings_ignores_the_old_reader(qtbot, pty):
    bridge = CardReaderBridge(ReaderSettings(port="/dev/card-reader-absent"), **FAST)
    bridge.start()
    qtbot.waitUntil(
        lambda: bridge.state == "disconnected" and bridge.last_error is not None, timeout=5000
    )
    assert "No such file" in bridge.last_error
    bridge.start(ReaderSettings(port=pty.name))
    qtbot.waitUntil(lambda: bridge.state == "connected", timeout=5000)
    with qtbot.waitSignal(bridge.cardRead, timeout=5000) as blocker:
        pty.write(encode("line", B))
    assert blocker.args == [B]
    bridge.shutdown()
    assert not reader_threads()


# --- setup screen -------------------------------------------------------------------------


def fake_ports():
    usb = ListPortInfo("/dev/ttyUSB0", skip_link_detection=True)
    usb.description, usb.vid, usb.pid, usb.manufacturer = (
        "USB-Serial Controller",
        0x067B,
        0x2303,
        "Prolific",
    )
    ftdi = ListPortInfo("/dev/ttyUSB1", skip_link_detection=True)
    ftdi.description, ftdi.vid, ftdi.pid = "FT232R USB UART", 0x0403, 0x6001
    return list_serial_ports(lambda: [ftdi, usb])


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return tmp_path / "config.toml"


@pytest.fixture
def dialog(qtbot, config_file):
    config = Config.load(config_file)
    dlg = CardReaderSetupDialog(config, list_ports=fake_ports, bridge_options=FAST)
    qtbot.addWidget(dlg)
    dlg.show()
    yield dlg
    dlg.reject()


def table_rows(dlg) -> list[list[str]]:
    model = dlg.port_model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_setup_lists_ports_with_description_and_vid_pid(dialog, qtbot):
    assert table_rows(dialog) == [
        ["/dev/ttyUSB0", "USB-Serial Controller", "067B:2303", "Prolific"],
        ["/dev/ttyUSB1", "FT232R USB UART", "0403:6001", ""],
    ]
    assert dialog.port_model.headerData(2, Qt.Orientation.Horizontal) == "VID:PID"
    index = dialog.port_model.index(1, 0)
    dialog.port_table.clicked.emit(index)
    assert dialog.port_edit.text() == "/dev/ttyUSB1"


def test_setup_with_the_real_port_list_opens(qtbot, config_file):
    dlg = CardReaderSetupDialog(Config.load(config_file))  # serial.tools.list_ports.comports
    qtbot.addWidget(dlg)
    assert dlg.port_model.rowCount() == len(list_serial_ports())


def test_setup_shows_live_bytes_and_decoded_frames_from_a_pty(dialog, qtbot, pty):
    dialog.port_edit.setText(pty.name)
    dialog.protocol_combo.setCurrentIndex(dialog.protocol_combo.findData("stx-etx"))
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state_label.text() == "Connected", timeout=5000)
    assert dialog.test_button.text() == "Stop test"
    bad = bytearray(encode("stx-etx", "2000000000"))
    bad[-1] ^= 0x10
    pty.write(bytes(bad))
    pty.write(encode("stx-etx", A))
    qtbot.waitUntil(lambda: dialog.frames_view.count() == 2, timeout=5000)
    items = [dialog.frames_view.item(i).text() for i in range(dialog.frames_view.count())]
    assert items[0].startswith("✗ bad check byte (BCC)")
    assert items[1] == f"✓ {A}"
    assert dialog.last_card_label.text() == A
    lines = dialog.raw_view.toPlainText().splitlines()
    assert all(
        line[2] == ":" and line[12:14] == "  " for line in lines
    )  # "HH:mm:ss.zzz  02 30 ..."
    shown = " ".join(line[14:] for line in lines)
    assert shown == (bytes(bad) + encode("stx-etx", A)).hex(" ").upper()
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.state_label.text() == "Not running"
    assert dialog.test_button.text() == "Start test"
    qtbot.waitUntil(lambda: not reader_threads(), timeout=3000)


def test_setup_saves_to_the_config_file(dialog, qtbot, config_file):
    assert dialog.port_edit.text() == ""  # defaults shown for a new config
    assert dialog.baud_combo.currentData() == 9600
    dialog.port_edit.setText("socket://127.0.0.1:4001")
    dialog.protocol_combo.setCurrentIndex(dialog.protocol_combo.findData("stx-etx"))
    dialog.baud_combo.setCurrentIndex(dialog.baud_combo.findData(19200))
    dialog.bytesize_combo.setCurrentIndex(dialog.bytesize_combo.findData(7))
    dialog.parity_combo.setCurrentIndex(dialog.parity_combo.findData("E"))
    dialog.stopbits_combo.setCurrentIndex(dialog.stopbits_combo.findData(2.0))
    dialog.debounce_spin.setValue(3.5)
    with qtbot.waitSignal(dialog.settingsSaved, timeout=1000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert str(config_file) in dialog.message_label.text()
    saved = Config.load(config_file)
    assert ReaderSettings.from_config(saved) == ReaderSettings(
        port="socket://127.0.0.1:4001",
        protocol="stx-etx",
        baudrate=19200,
        bytesize=7,
        parity="E",
        stopbits=2.0,
        debounce_seconds=3.5,
    )
    again = CardReaderSetupDialog(saved, list_ports=list)  # shows what was saved
    qtbot.addWidget(again)
    assert again.current_settings() == ReaderSettings.from_config(saved)
    assert "No serial ports found" in again.message_label.text()


def test_setup_save_failure_leaves_config_and_file_untouched(qtbot, tmp_path):
    target = tmp_path / "config.toml"
    target.mkdir()  # a folder where the file should go: the write fails
    config = Config.load(tmp_path / "absent.toml")
    config.path = target
    dlg = CardReaderSetupDialog(config, list_ports=list)
    qtbot.addWidget(dlg)
    dlg.port_edit.setText("/dev/ttyUSB0")
    assert dlg.save() is False
    assert dlg.message_label.text().startswith("Not saved:")
    assert config.get("card_reader.port") == ""
    assert target.is_dir()


def test_closing_the_setup_stops_the_live_test(qtbot, config_file, pty):
    dlg = CardReaderSetupDialog(Config.load(config_file), list_ports=list, bridge_options=FAST)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.port_edit.setText(pty.name)
    dlg.start_test()
    qtbot.waitUntil(lambda: dlg.state_label.text() == "Connected", timeout=5000)
    assert dlg.test_button.isChecked()
    dlg.close()
    qtbot.waitUntil(lambda: not reader_threads(), timeout=3000)
    assert not dlg.test_button.isChecked()
