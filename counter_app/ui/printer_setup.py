"""Technician's printer setup: devices found, transport URI, width, encoding, profile, drawer pin;
status and test page run off the GUI thread; Save writes printer.* to the config."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from counter_app.config import Config, ConfigError
from counter_app.devices import PrinterDriver
from counter_app.ui.device_setup import DeviceSetupDialog, FoundDevicesModel
from counter_app.ui.operations import devices as device_ops
from counter_app.ui.printer_text import printer_error_text, printer_status_text
from counter_app.ui.worker import Op

EXAMPLES = {
    "tcp": "tcp://192.168.1.50:9100",
    "serial": "serial:///dev/ttyUSB0?baudrate=19200",
    "usb": "usb://0483:5743",
    "file": "file:///tmp/receipt.bin",
    "cups": "cups://Receipt_Printer",
    "win32": "win32://POS-80",
}

_pool: QThreadPool | None = None


def device_pool() -> QThreadPool:
    """Printer I/O gets its own thread: a slow printer never holds up the store's queue."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


@dataclass(frozen=True, slots=True)
class FoundDevice:
    kind: str  # "serial" | "usb"
    name: str
    description: str
    uri: str


def find_devices(driver: PrinterDriver | None = None) -> list[FoundDevice]:
    driver = driver or PrinterDriver()
    rows = [FoundDevice("serial", p.device, p.description, p.uri) for p in driver.serial_ports()]
    usb, _how = driver.usb_printers()
    rows += [
        FoundDevice("usb", f"{u.vid}:{u.pid}", f"{u.manufacturer} {u.product} {u.device_node}".strip(), u.uri)
        for u in usb
    ]
    return rows


class DeviceTableModel(FoundDevicesModel[FoundDevice]):
    CONTEXT = "DeviceTableModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("DeviceTableModel", "Kind"),
        QT_TRANSLATE_NOOP("DeviceTableModel", "Device"),
        QT_TRANSLATE_NOOP("DeviceTableModel", "Description"),
        QT_TRANSLATE_NOOP("DeviceTableModel", "URI"),
    )

    def columns(self, row: FoundDevice) -> tuple[str, ...]:
        return (row.kind, row.name, row.description, row.uri)


class PrinterSetupDialog(DeviceSetupDialog):
    operationFinished = Signal(bool, str)  # ok, the message shown (status read or test page)

    def __init__(
        self,
        config: Config,
        *,
        list_devices: Callable[[], list[FoundDevice]] | None = None,
        printer_factory: Callable[[str], Any] | None = None,
        driver: PrinterDriver | None = None,
        parent: QWidget | None = None,
        persist: bool = True,
    ) -> None:
        super().__init__(config, parent=parent, persist=persist)
        self.setWindowTitle(self.tr("Receipt printer setup"))
        self._config = config
        # The printer driver as bootstrap hands it over (CounterApp.printers).
        self._driver = driver = driver or PrinterDriver()
        self._list_devices = list_devices or (lambda: find_devices(driver))
        self._printer_factory = printer_factory or driver.printer

        self.device_model = DeviceTableModel(self)
        self.device_table = self.device_view
        self.device_table.clicked.connect(self.on_device_table_clicked)
        self.refresh_button.clicked.connect(self.refresh_devices)

        self.transport_combo = QComboBox()
        for scheme in driver.schemes:
            self.transport_combo.addItem(scheme, scheme)
        self.transport_combo.activated.connect(self.on_transport_combo_activated)
        self.uri_edit = QLineEdit()
        self.uri_edit.textEdited.connect(self.on_uri_edit_text_edited)
        self.width_combo = self._combo([(self.tr("58 mm (32 columns)"), 58), (self.tr("80 mm (48 columns)"), 80)])
        self.encoding_combo = self._combo([("GB18030", "gb18030"), ("GBK", "gbk")])
        self.profile_combo = QComboBox()
        self.pin_combo = self._combo([(self.tr("Pin 2"), 2), (self.tr("Pin 5"), 5)])
        self.footer_edit = QLineEdit()

        self.status_button = QPushButton(self.tr("Read status"))
        self.status_button.clicked.connect(self.read_status)
        self.test_button = QPushButton(self.tr("Print test page"))
        self.test_button.clicked.connect(self.print_test_page)
        self.status_label = QLabel("—")
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # No drawer test here: opening the drawer without a sale needs a supervisor and an
        # audit entry (services.cash_drawer.open_without_sale), which this screen does not have.
        self._busy_buttons = (self.status_button, self.test_button)

        self._build_layout()
        self._load()
        self.refresh_devices()
        self._load_profiles()

    @staticmethod
    def _combo(items: list[tuple[str, Any]]) -> QComboBox:
        combo = QComboBox()
        for text, value in items:
            combo.addItem(text, value)
        return combo

    def _build_layout(self) -> None:
        actions = QGroupBox(self.tr("Try it"))
        row = QHBoxLayout(actions)
        for b in self._busy_buttons:
            row.addWidget(b)
        row.addWidget(QLabel(self.tr("Status:")))
        row.addWidget(self.status_label, 1)

        self.build(
            model=self.device_model,
            found_title=self.tr("Serial ports and USB printers found"),
            settings_title=self.tr("Printer"),
            form_rows=[
                (self.tr("Transport"), self.transport_combo),
                (self.tr("Printer URI"), self.uri_edit),
                (self.tr("Paper width"), self.width_combo),
                (self.tr("Chinese encoding"), self.encoding_combo),
                (self.tr("Model profile"), self.profile_combo),
                (self.tr("Cash drawer"), self.pin_combo),
                (self.tr("Receipt footer"), self.footer_edit),
            ],
            below=actions,
            size=(960, 520),
            stretch_below=False,
        )

    # --- settings -----------------------------------------------------------------------

    def _load(self) -> None:
        c = self._config
        uri = c.get("printer.uri")
        self.uri_edit.setText(uri)
        self._sync_transport(uri)
        for combo, key in ((self.width_combo, "printer.width"), (self.encoding_combo, "printer.encoding"),
                           (self.pin_combo, "printer.drawer_pin")):
            combo.setCurrentIndex(max(0, combo.findData(c.get(key))))
        self.profile_combo.addItem(c.get("printer.profile"), c.get("printer.profile"))
        self.footer_edit.setText(c.get("printer.footer"))

    def _load_profiles(self) -> None:
        # python-escpos parses its capability database on first use: not on the GUI thread.
        current = self.profile_combo.currentData()
        default = self._driver.default_profile

        def fill(names: list[str]) -> None:
            self.profile_combo.clear()
            for name in [default, *[n for n in names if n != default]]:
                self.profile_combo.addItem(name, name)
            self.profile_combo.setCurrentIndex(max(0, self.profile_combo.findData(current)))

        device_ops.printer_profiles(self, self._driver.profile_names).success(fill).run_in_background(device_pool())

    def _sync_transport(self, uri: str) -> None:
        scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
        i = self.transport_combo.findData(scheme)
        if i >= 0:
            self.transport_combo.setCurrentIndex(i)
        self.uri_edit.setPlaceholderText(EXAMPLES[self.transport_combo.currentData()])

    def current_uri(self) -> str:
        return self.uri_edit.text().strip()

    def current_settings(self) -> dict[str, Any]:
        return {
            "printer.uri": self.current_uri(),
            "printer.width": self.width_combo.currentData(),
            "printer.encoding": self.encoding_combo.currentData(),
            "printer.profile": self.profile_combo.currentData() or self._driver.default_profile,
            "printer.drawer_pin": self.pin_combo.currentData(),
            "printer.footer": self.footer_edit.text(),
        }

    def _printer(self):
        problem = self._driver.uri_problem(self.current_uri())
        if problem is not None:
            self._say(problem, error=True)
            return None
        return self._printer_factory(self.current_uri())

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet("color: #b00020;" if error else "")

    # --- slots --------------------------------------------------------------------------

    @Slot()
    def refresh_devices(self) -> None:
        self.refresh_button.setEnabled(False)
        (
            device_ops.list_devices(self, self._list_devices)
            .success(self.device_model.set_rows)
            .failure(lambda exc: self._say(self.tr("Could not list devices: %1").replace("%1", str(exc)), error=True))
            .finally_(lambda: self.refresh_button.setEnabled(True))
            .run_in_background(device_pool())
        )

    @Slot(QModelIndex)
    def on_device_table_clicked(self, index: QModelIndex) -> None:
        uri = self.device_model.row(index.row()).uri
        self.uri_edit.setText(uri)
        self._sync_transport(uri)

    @Slot(int)
    def on_transport_combo_activated(self, _index: int) -> None:
        scheme = self.transport_combo.currentData()
        if not self.current_uri().lower().startswith(scheme + "://"):
            self.uri_edit.setText(EXAMPLES[scheme])
        self.uri_edit.setPlaceholderText(EXAMPLES[scheme])

    @Slot(str)
    def on_uri_edit_text_edited(self, text: str) -> None:
        self._sync_transport(text.strip())

    def _run(self, op: Op, done: Callable[[Any], None]) -> None:
        for b in self._busy_buttons:
            b.setEnabled(False)
        self._say(self.tr("Working…"))

        outcome = {"ok": True}

        def on_failure(exc: Exception) -> None:
            outcome["ok"] = False
            self._say(printer_error_text(str(exc)), error=True)
            self.message_label.setToolTip(str(exc))  # the printer's own words, for the technician
            status = getattr(exc, "status", None)
            if status is not None:
                self.status_label.setText(printer_status_text(status))

        def on_done() -> None:
            for b in self._busy_buttons:
                b.setEnabled(True)
            self.operationFinished.emit(outcome["ok"], self.message_label.text())

        op.success(done).failure(on_failure).finally_(on_done).run_in_background(device_pool())

    @Slot()
    def read_status(self) -> None:
        printer = self._printer()
        if printer is None:
            return

        def done(status) -> None:
            self.status_label.setText(printer_status_text(status))
            self._say(self.tr("Status read."))

        self._run(device_ops.read_status(self, printer), done)

    @Slot()
    def print_test_page(self) -> None:
        printer = self._printer()
        if printer is None:
            return
        s, driver = self.current_settings(), self._driver

        def page() -> bytes:
            sample = driver.test_page(width_mm=s["printer.width"], encoding=s["printer.encoding"],
                                      uri=s["printer.uri"], profile=s["printer.profile"])
            return driver.render(sample, width_mm=s["printer.width"],
                                 encoding=s["printer.encoding"], profile=s["printer.profile"])

        def done(delivery) -> None:
            self.status_label.setText(printer_status_text(delivery.status))
            self._say(self.tr("Test page sent: %1 bytes.").replace("%1", str(delivery.bytes_sent)))

        self._run(device_ops.print_test_page(self, printer, page), done)

    @Slot()
    def save(self) -> None:
        values = self.current_settings()
        if values["printer.uri"]:
            problem = self._driver.uri_problem(values["printer.uri"])
            if problem is not None:
                self._say(problem, error=True)
                return
        try:
            for key, value in values.items():
                Config({key: value})  # validate each before changing anything
            for key, value in values.items():
                self._config.set(key, value)
            path = self.write_config()
        except (ConfigError, OSError) as exc:
            self._say(str(exc), error=True)
            return
        self._say(self.saved_text(path))
        self.settingsSaved.emit()
