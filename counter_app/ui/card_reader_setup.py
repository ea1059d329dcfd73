"""Technician's card-reader setup: pick a port, set protocol and line settings, watch it live, save."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    QSignalBlocker,
    Qt,
    QTime,
    Slot,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counter_app.config import SETTINGS, Config, ConfigError
from counter_app.devices import CardReaderDriver
from counter_app.ui.card_reader_bridge import CardReaderBridge
from counter_app.ui.device_setup import DeviceSetupDialog, FoundDevicesModel

LIVE_LINES = 500  # the live views keep this many lines


def _choices(key: str) -> tuple[Any, ...]:
    return next(s.choices for s in SETTINGS if s.key == key) or ()


class PortTableModel(FoundDevicesModel[Any]):  # the driver's PortInfo rows
    """Serial ports found on this machine, one row each."""

    CONTEXT = "PortTableModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("PortTableModel", "Port"),
        QT_TRANSLATE_NOOP("PortTableModel", "Description"),
        QT_TRANSLATE_NOOP("PortTableModel", "VID:PID"),
        QT_TRANSLATE_NOOP("PortTableModel", "Manufacturer"),
    )

    def columns(self, row: Any) -> tuple[str, ...]:
        return (row.device, row.description, row.vid_pid, row.manufacturer)


class CardReaderSetupDialog(DeviceSetupDialog):
    """Port list, settings, a live test of the reader, and Save (card_reader.* in the config).

    The live test opens the port itself: stop the counter's own reader while this is open
    (most serial drivers allow one user), and restart it on settingsSaved.
    """

    def __init__(
        self,
        config: Config,
        *,
        list_ports: Callable[[], list[Any]] | None = None,
        bridge_options: dict[str, Any] | None = None,
        driver: CardReaderDriver | None = None,
        parent: QWidget | None = None,
        persist: bool = True,
    ) -> None:
        super().__init__(config, parent=parent, persist=persist)
        self.setWindowTitle(self.tr("Card reader setup"))
        self._config = config
        # The card reader's driver as bootstrap hands it over (CounterApp.card_readers).
        self._driver = driver = driver or CardReaderDriver()
        self._list_ports = list_ports or driver.list_ports
        self._bridge: CardReaderBridge | None = None
        self._bridge_options = bridge_options or {}

        self.port_model = PortTableModel(self)
        self.port_table = self.device_view
        self.port_table.clicked.connect(self.on_port_table_clicked)
        self.refresh_button.clicked.connect(self.refresh_ports)

        self.port_edit = QLineEdit()
        self.port_edit.setPlaceholderText(
            self.tr("COM3, /dev/ttyUSB0, socket://host:port, rfc2217://host:port")
        )
        self.protocol_combo = self._combo(driver.protocols)
        self.baud_combo = self._combo(_choices("card_reader.baudrate"))
        self.bytesize_combo = self._combo(_choices("card_reader.bytesize"))
        self.parity_combo = self._combo(_choices("card_reader.parity"))
        self.stopbits_combo = self._combo(_choices("card_reader.stopbits"))
        self.debounce_spin = QDoubleSpinBox()
        self.debounce_spin.setRange(0.0, 60.0)
        self.debounce_spin.setSingleStep(0.5)
        self.debounce_spin.setSuffix(self.tr(" s"))
        self.account_length_label = QLabel(str(config.get("counter.account_length")))

        self.test_button = QPushButton(self.tr("Start test"))
        self.test_button.setCheckable(True)
        self.test_button.toggled.connect(self.on_test_button_toggled)
        self.state_label = QLabel(self.tr("Not running"))
        self.last_card_label = QLabel("—")
        self.raw_view = QPlainTextEdit(readOnly=True)
        self.raw_view.setMaximumBlockCount(LIVE_LINES)
        self.frames_view = QListWidget()

        self._build_layout()
        self._load(driver.settings_from_config(config))
        self.refresh_ports()

    # --- layout ---------------------------------------------------------------------------

    @staticmethod
    def _combo(values: tuple[Any, ...]) -> QComboBox:
        combo = QComboBox()
        for value in values:
            combo.addItem(f"{value:g}" if isinstance(value, float) else str(value), value)
        return combo

    def _build_layout(self) -> None:
        live_box = QGroupBox(self.tr("Live test"))
        live = QVBoxLayout(live_box)
        status_row = QHBoxLayout()
        status_row.addWidget(self.test_button)
        status_row.addWidget(self.state_label, 1)
        status_row.addWidget(QLabel(self.tr("Last card:")))
        status_row.addWidget(self.last_card_label)
        live.addLayout(status_row)
        split = QSplitter(Qt.Orientation.Horizontal)
        for title, view in (
            (self.tr("Bytes received (hex)"), self.raw_view),
            (self.tr("Frames"), self.frames_view),
        ):
            pane = QWidget()
            pane_layout = QVBoxLayout(pane)
            pane_layout.setContentsMargins(0, 0, 0, 0)
            pane_layout.addWidget(QLabel(title))
            pane_layout.addWidget(view)
            split.addWidget(pane)
        live.addWidget(split)

        self.build(
            model=self.port_model,
            found_title=self.tr("Serial ports found"),
            settings_title=self.tr("Settings"),
            form_rows=[
                (self.tr("Port URL"), self.port_edit),
                (self.tr("Protocol"), self.protocol_combo),
                (self.tr("Baud rate"), self.baud_combo),
                (self.tr("Data bits"), self.bytesize_combo),
                (self.tr("Parity"), self.parity_combo),
                (self.tr("Stop bits"), self.stopbits_combo),
                (self.tr("Ignore the same card for"), self.debounce_spin),
                (self.tr("Account number digits"), self.account_length_label),
            ],
            below=live_box,
            size=(900, 640),
            stretch_below=True,
        )

    # --- settings -------------------------------------------------------------------------

    def _load(self, settings) -> None:
        self.port_edit.setText(settings.port)
        for combo, value in (
            (self.protocol_combo, settings.protocol),
            (self.baud_combo, settings.baudrate),
            (self.bytesize_combo, settings.bytesize),
            (self.parity_combo, settings.parity),
            (self.stopbits_combo, settings.stopbits),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.debounce_spin.setValue(settings.debounce_seconds)

    def current_settings(self):
        """The settings as shown (not yet saved): the driver's ReaderSettings."""
        return self._driver.settings(
            port=self.port_edit.text().strip(),
            protocol=self.protocol_combo.currentData(),
            baudrate=self.baud_combo.currentData(),
            bytesize=self.bytesize_combo.currentData(),
            parity=self.parity_combo.currentData(),
            stopbits=self.stopbits_combo.currentData(),
            debounce_seconds=self.debounce_spin.value(),
            account_length=self._config.get("counter.account_length"),
        )

    @Slot()
    def save(self) -> bool:
        values = self.current_settings().config_values()
        before = {key: self._config.get(key) for key in values}
        try:
            # Validate everything on a copy first so a bad value leaves the config untouched.
            Config({**self._config.changed(), **values})
            for key, value in values.items():
                self._config.set(key, value)
            path = self.write_config()
        except (ConfigError, OSError) as exc:
            for key, value in before.items():
                self._config.set(key, value)
            self.message_label.setText(self.tr("Not saved: {0}").format(exc))
            return False
        self.message_label.setText(self.saved_text(path))
        self.settingsSaved.emit()
        return True

    # --- ports ----------------------------------------------------------------------------

    @Slot()
    def refresh_ports(self) -> None:
        ports = self._list_ports()
        self.port_model.set_rows(ports)
        if not ports:
            self.message_label.setText(self.tr("No serial ports found; type a port URL."))

    @Slot(QModelIndex)
    def on_port_table_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.port_edit.setText(self.port_model.row(index.row()).device)

    # --- live test ------------------------------------------------------------------------

    @Slot(bool)
    def on_test_button_toggled(self, running: bool) -> None:
        if running:
            self.start_test()
        else:
            self.stop_test()

    def start_test(self) -> None:
        self.stop_test()
        self.raw_view.clear()
        self.frames_view.clear()
        bridge = CardReaderBridge(self.current_settings(), parent=self, driver=self._driver,
                                  **self._bridge_options)
        bridge.stateChanged.connect(self.on_bridge_state_changed)
        bridge.bytesReceived.connect(self.on_bridge_bytes_received)
        bridge.frameDecoded.connect(self.on_bridge_frame_decoded)
        bridge.cardRead.connect(self.on_bridge_card_read)
        self._bridge = bridge
        bridge.start()
        self._show_running(True)

    def stop_test(self) -> None:
        if self._bridge is not None:
            bridge, self._bridge = self._bridge, None
            bridge.stop()  # no wait: the reader thread closes the port within a read timeout
            bridge.deleteLater()
            self.state_label.setText(self.tr("Not running"))
        self._show_running(False)

    def _show_running(self, running: bool) -> None:
        with QSignalBlocker(self.test_button):
            self.test_button.setChecked(running)
        self.test_button.setText(self.tr("Stop test") if running else self.tr("Start test"))

    def state_text(self, state: str) -> str:
        return {
            "not_configured": self.tr("No port set"),
            "connecting": self.tr("Connecting…"),
            "connected": self.tr("Connected"),
            "disconnected": self.tr("Disconnected; retrying"),
        }.get(state, state)

    def reason_text(self, code: str) -> str:
        return {
            "bad_bcc": self.tr("bad check byte (BCC)"),
            "not_digits": self.tr("not all digits"),
            "wrong_length": self.tr("wrong number of digits"),
            "too_long": self.tr("too long, no end mark"),
            "truncated": self.tr("cut off by the next frame"),
            "incomplete": self.tr("unfinished frame"),
            "noise": self.tr("bytes outside a frame"),
        }.get(code, code)

    @Slot(str)
    def on_bridge_state_changed(self, state: str) -> None:
        text = self.state_text(state)
        bridge = self._bridge
        if state == "disconnected" and bridge is not None and bridge.last_error:
            text = f"{text}: {bridge.last_error}"
        self.state_label.setText(text)

    @Slot(object)
    def on_bridge_bytes_received(self, data: bytes) -> None:
        stamp = QTime.currentTime().toString("HH:mm:ss.zzz")
        self.raw_view.appendPlainText(f"{stamp}  {data.hex(' ').upper()}")

    @Slot(object)
    def on_bridge_frame_decoded(self, event: Any) -> None:
        kind = self._driver.frame_kind(event)
        if kind == "decoded":
            self.frames_view.addItem(f"✓ {event.account_no}")
        elif kind == "rejected":
            self.frames_view.addItem(
                f"✗ {self.reason_text(event.code)}  [{event.raw.hex(' ').upper()}]"
            )
        while self.frames_view.count() > LIVE_LINES:
            self.frames_view.takeItem(0)
        self.frames_view.scrollToBottom()

    @Slot(str)
    def on_bridge_card_read(self, account_no: str) -> None:
        self.last_card_label.setText(account_no)

    def done(self, result: int) -> None:
        self.stop_test()
        super().done(result)
