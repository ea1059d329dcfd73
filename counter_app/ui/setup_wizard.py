"""The first-run wizard: a new counter set up in the window, with the same checks and steps as
`counter-app setup` (counter_app.first_setup), for a technician without a terminal."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from hall_domain.errors import DomainError
from hall_domain.inputs import validate_hall_id, validate_terminal_id
from hall_domain.security import validate_pin
from hall_domain.setup_code import SetupCode, read_setup_code

from ..first_setup import SetupOutcome, SetupRequest, check_ledger, set_up
from .error_text import error_message
from .widgets import label
from .worker import Op

# Checking the ledger and downloading the reference data may take a while: their own thread,
# so the store pool and the GUI thread are never held up by a slow network.
_setup_pool = QThreadPool()
_setup_pool.setMaxThreadCount(1)


def _line(placeholder: str = "", *, secret: bool = False, max_length: int = 200) -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText(placeholder)
    field.setMaxLength(max_length)
    if secret:
        field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class HallPage(QWizardPage):
    """Which hall and which counter this is; printed on every receipt. A setup code scanned
    (or pasted) here fills this page and the ledger page at once."""

    codeRead = Signal(object)  # SetupCode

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Hall and counter"))
        self.setSubTitle(self.tr("Scan the setup code the ledger administrator printed, or type "
                                 "the ids (the same ids as the terminal's token)."))
        self.setup_code = _line(self.tr("scan the QR code here, or paste its line"),
                                max_length=2000)
        self.setup_code.setObjectName("setupCode")
        self.code_result = label("", wrap=True)
        self.code: SetupCode | None = None
        self.hall_id = _line(self.tr("e.g. H001"), max_length=32)
        self.terminal_id = _line(self.tr("e.g. T01"), max_length=32)
        self.hall_name = _line(self.tr("printed on receipts"))
        self.hall_address = _line(self.tr("printed on receipts"))
        self.language = QComboBox()
        self.language.addItem("中文", "zh_CN")  # each language in its own words
        self.language.addItem("English", "en")
        self.error = label("errorText", wrap=True)
        form = QFormLayout(self)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Setup code"), self.setup_code)
        form.addRow(self.code_result)
        form.addRow(self.tr("Hall id"), self.hall_id)
        form.addRow(self.tr("Counter (terminal) id"), self.terminal_id)
        form.addRow(self.tr("Hall name"), self.hall_name)
        form.addRow(self.tr("Hall address"), self.hall_address)
        form.addRow(self.error)
        for field in (self.hall_id, self.terminal_id):
            field.textChanged.connect(self.completeChanged)
        # a scanner types the code and ends it with Enter; a paste arrives in one change
        self.setup_code.returnPressed.connect(lambda: self.read_code(quiet=False))
        self.setup_code.textChanged.connect(self._maybe_whole_code)

    def _maybe_whole_code(self, text: str) -> None:
        # Quietly while it is typed: a keyboard-wedge scanner types one character at a time,
        # and the last complete reading wins; errors only when Enter ends the code.
        self.read_code(quiet=True)

    def read_code(self, quiet: bool = False) -> None:
        text = self.setup_code.text()
        if not text.strip():
            return
        try:
            code = read_setup_code(text)
        except DomainError as exc:
            if not quiet:
                self.code_result.setText(error_message(exc))
            return
        if code == self.code:
            return
        self.code = code
        self.hall_id.setText(self.code.hall_id)
        self.terminal_id.setText(self.code.terminal_id)
        self.code_result.setText(self.tr("Setup code read: counter {who}, ledger {url}.").format(
            who=f"{self.code.hall_id}/{self.code.terminal_id}", url=self.code.ledger_url))
        self.codeRead.emit(self.code)

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return bool(self.hall_id.text().strip() and self.terminal_id.text().strip())

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        try:
            validate_hall_id(self.hall_id.text().strip())
            validate_terminal_id(self.terminal_id.text().strip())
        except DomainError as exc:
            self.error.setText(error_message(exc))
            return False
        self.error.clear()
        return True


class LedgerPage(QWizardPage):
    """Where the central ledger is, with this counter's token; may be left for later."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Central ledger"))
        self.setSubTitle(self.tr("Payments reach the central ledger from here. Without it the "
                                 "counter works offline and queues them."))
        self.offline = QCheckBox(self.tr("Connect later (work offline for now)"))
        self.url = _line(self.tr("e.g. https://ledger.example:8443"), max_length=300)
        self.token = _line(self.tr("the terminal's token"), secret=True, max_length=300)
        self.ca = _line(self.tr("only for a private certificate: path of the CA file"),
                        max_length=500)
        self.check_button = QPushButton(self.tr("Check connection"))
        self.check_button.setObjectName("checkLedger")
        self.result = label("", wrap=True)
        self.result.setObjectName("ledgerCheckResult")
        form = QFormLayout(self)
        form.addRow(self.offline)
        form.addRow(self.tr("Ledger address"), self.url)
        form.addRow(self.tr("Token"), self.token)
        form.addRow(self.tr("CA certificate"), self.ca)
        form.addRow(self.check_button)
        form.addRow(self.result)
        self.checked_ok = False
        self.offline.toggled.connect(self._on_offline)
        for field in (self.url, self.token, self.ca):
            field.textChanged.connect(self._changed)
        self.check_button.clicked.connect(self.check)

    def use_code(self, code: SetupCode) -> None:
        """Fill in the ledger's address and token from a scanned setup code."""
        self.offline.setChecked(False)
        self.url.setText(code.ledger_url)
        self.token.setText(code.token)

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        if self.url.text() and self.token.text() and not self.checked_ok:
            self.check()  # filled from a setup code: check at once

    def _on_offline(self, offline: bool) -> None:
        for field in (self.url, self.token, self.ca, self.check_button):
            field.setEnabled(not offline)
        self.completeChanged.emit()

    def _changed(self) -> None:
        self.checked_ok = False
        self.result.clear()
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return self.offline.isChecked() or self.checked_ok

    def check(self) -> None:
        """Ask the ledger (health, clock, the token's hall and terminal) off the GUI thread."""
        url, token = self.url.text().strip(), self.token.text().strip()
        if not url or not token:
            self.result.setText(self.tr("Enter the ledger address and the token first."))
            return
        config = self._wizard.draft_config()
        try:
            config.set("ledger.url", url.rstrip("/"))
        except ValueError as exc:  # ConfigError: a bad URL, in the setting's own words
            self.result.setText(str(exc))
            return
        ca = self.ca.text().strip() or None
        self.check_button.setEnabled(False)
        self.result.setText(self.tr("Checking the ledger…"))

        def done(health) -> None:
            if isinstance(health, str):
                self.result.setText(health)
                self.checked_ok = False
            else:
                self.result.setText(self.tr("Connected: ledger {version}, this counter is {who}.")
                                    .format(version=health.version,
                                            who=f"{health.hall_id}/{health.terminal_id}"))
                self.checked_ok = True
            self.completeChanged.emit()

        def failed(exc: Exception) -> None:
            self.result.setText(self.tr("The check failed: {error}").format(error=exc))

        (Op(self, lambda: check_ledger(config, token, timeout=10.0, ca=ca))
         .success(done).failure(failed).finally_(lambda: self.check_button.setEnabled(True))
         .run_in_background(_setup_pool))


class AdminPage(QWizardPage):
    """The first administrator: they add the cashiers and supervisors afterwards."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("First administrator"))
        self.setSubTitle(self.tr("The administrator signs in first and adds cashiers and "
                                 "supervisors (Supervisor menu → Users)."))
        self.admin_id = _line(self.tr("e.g. 9001"), max_length=32)
        self.admin_name = _line(max_length=100)
        self.pin = _line(secret=True, max_length=32)
        self.pin_again = _line(secret=True, max_length=32)
        self.error = label("errorText", wrap=True)
        form = QFormLayout(self)
        form.addRow(self.tr("User id"), self.admin_id)
        form.addRow(self.tr("Name"), self.admin_name)
        form.addRow(self.tr("PIN"), self.pin)
        form.addRow(self.tr("PIN again"), self.pin_again)
        form.addRow(self.error)
        for field in (self.admin_id, self.admin_name, self.pin, self.pin_again):
            field.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return all(f.text().strip() for f in (self.admin_id, self.admin_name, self.pin,
                                              self.pin_again))

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        if self.pin.text() != self.pin_again.text():
            self.error.setText(self.tr("The two PINs differ."))
            return False
        try:
            validate_pin(self.pin.text())
        except DomainError as exc:
            self.error.setText(error_message(exc))
            return False
        self.error.clear()
        return True


class DevicesPage(QWizardPage):
    """Printer and card reader: typed here, or found and tested on the 设备 menu's own setup
    screens opened from here (their Save only changes the wizard's draft settings)."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Devices"))
        self.setSubTitle(self.tr("Optional: both can be set and tested later from the Devices "
                                 "menu."))
        self.printer = _line(self.tr("e.g. tcp://192.168.1.50:9100 or usb://0x0416:0x5011"),
                             max_length=300)
        self.card_reader = _line(self.tr("e.g. COM3 or /dev/ttyUSB0"), max_length=100)
        self.printer_button = QPushButton(self.tr("Find and test printers…"))
        self.printer_button.setObjectName("findPrinters")
        self.card_reader_button = QPushButton(self.tr("Set up and test the card reader…"))
        self.card_reader_button.setObjectName("setUpCardReader")
        form = QFormLayout(self)
        form.addRow(self.tr("Receipt printer"), self.printer)
        form.addRow("", self.printer_button)
        form.addRow(self.tr("Card reader port"), self.card_reader)
        form.addRow("", self.card_reader_button)
        self.printer_button.setVisible(wizard.printers is not None)
        self.card_reader_button.setVisible(wizard.card_readers is not None)
        self.printer_button.clicked.connect(self.open_printer_setup)
        self.card_reader_button.clicked.connect(self.open_card_reader_setup)
        self.dialog = None

    def open_printer_setup(self) -> None:
        from .printer_setup import PrinterSetupDialog

        config = self._wizard.device_config
        if self.printer.text().strip():
            config.set("printer.uri", self.printer.text().strip())
        dialog = PrinterSetupDialog(config, driver=self._wizard.printers, parent=self,
                                    persist=False)
        dialog.settingsSaved.connect(lambda: self.printer.setText(config["printer.uri"] or ""))
        self._open(dialog)

    def open_card_reader_setup(self) -> None:
        from .card_reader_setup import CardReaderSetupDialog

        config = self._wizard.device_config
        if self.card_reader.text().strip():
            config.set("card_reader.port", self.card_reader.text().strip())
        dialog = CardReaderSetupDialog(config, driver=self._wizard.card_readers, parent=self,
                                       persist=False)
        dialog.settingsSaved.connect(
            lambda: self.card_reader.setText(config["card_reader.port"] or ""))
        self._open(dialog)

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


class FinishPage(QWizardPage):
    """Runs the setup and shows each step; the wizard can only finish once it succeeded."""

    # (customers so far, customers in all or -1): emitted on the setup's thread, shown on
    # the GUI thread (a queued connection)
    downloaded = Signal(int, int)

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Set up this counter"))
        self.setSubTitle(self.tr("Nothing is saved until every check has passed."))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.progress_text = label("", wrap=True)
        self.progress_text.setObjectName("downloadProgress")
        self._download_started: float | None = None
        self.downloaded.connect(self._show_download)
        self.log = label("", wrap=True)
        self.log.setObjectName("setupLog")
        self.log.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.summary = label("", wrap=True)
        self.summary.setObjectName("setupSummary")
        self.run_button = QPushButton(self.tr("Set up now"))
        self.run_button.setObjectName("runSetup")
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.run_button)
        box.addWidget(self.progress)
        box.addWidget(self.progress_text)
        box.addWidget(self.log, 1)
        self.outcome: SetupOutcome | None = None
        self.run_button.clicked.connect(self.run)

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return self.outcome is not None and self.outcome.ok

    def _show_download(self, done: int, total: int) -> None:
        """The download's progress, and the time it will still take at the rate so far."""
        now = time.monotonic()
        if self._download_started is None:
            self._download_started = now
        if total <= 0:
            self.progress_text.setText(self.tr("Downloaded {done} customers…").format(done=done))
            return
        self.progress.setRange(0, total)
        self.progress.setValue(min(done, total))
        elapsed = now - self._download_started
        left = "" if done <= 0 or done >= total or elapsed <= 0 else self.tr(
            ", about {seconds} s left").format(seconds=max(1, round(elapsed / done * (total - done))))
        self.progress_text.setText(self.tr("Downloaded {done} of {total} customers{left}.").format(
            done=done, total=total, left=left))

    def _lock_in(self) -> None:
        """Done is done: no way back into the pages, nothing left to cancel, and Enter (the
        run button that had the focus is disabled now) finishes instead of going back."""
        wizard = self._wizard
        wizard.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        wizard.setOption(QWizard.WizardOption.NoCancelButton, True)
        wizard.button(QWizard.WizardButton.BackButton).setEnabled(False)
        finish = wizard.button(QWizard.WizardButton.FinishButton)
        finish.setDefault(True)
        finish.setFocus()

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        """What is about to be set up, to read once more before pressing the button."""
        r = self._wizard.request()
        rows = [
            self.tr("Language: {language}").format(language=self._wizard.hall.language.currentText()),
            self.tr("Counter: {hall}/{terminal} {name}").format(
                hall=r.hall_id, terminal=r.terminal_id, name=r.hall_name or ""),
            self.tr("Central ledger: {url}").format(url=r.ledger_url) if r.ledger_url
            else self.tr("Central ledger: not connected (offline)"),
            self.tr("Administrator: {id} {name}").format(id=r.admin_id, name=r.admin_name),
            self.tr("Receipt printer: {uri}").format(uri=r.printer_uri or self.tr("not set")),
            self.tr("Card reader: {port}").format(port=r.card_reader_port or self.tr("not set")),
            self.tr("Data folder: {path}").format(path=self._wizard.data_dir),
        ]
        self.summary.setText("\n".join(rows))

    def run(self) -> None:
        request = self._wizard.request()
        config = self._wizard.draft_config()
        data_dir, config_path = self._wizard.data_dir, self._wizard.config_path
        self.run_button.setEnabled(False)
        self.progress.show()
        self.log.setText(self.tr("Checking…"))
        steps: list[str] = []

        def work() -> SetupOutcome:
            return set_up(request, config=config, data_dir=data_dir, config_path=config_path,
                          progress=steps.append,
                          download_progress=lambda done, total: self.downloaded.emit(
                              done, -1 if total is None else total))

        def done(outcome: SetupOutcome) -> None:
            self.outcome = outcome
            if outcome.ok:
                self.log.setText("\n".join([*steps, *(x for x in outcome.lines if x not in steps),
                                            self.tr("Done. Press Finish and sign in as the "
                                                    "administrator.")]))
            else:
                self.log.setText("\n".join([*steps, outcome.error or ""]))
                self.run_button.setEnabled(True)
            self.completeChanged.emit()  # (re-enables the wizard's buttons: before the below)
            if outcome.ok:
                self._lock_in()

        def failed(exc: Exception) -> None:
            self.log.setText(self.tr("Setup failed: {error}").format(error=exc))
            self.run_button.setEnabled(True)

        self._download_started = time.monotonic()
        (Op(self, work).success(done).failure(failed)
         .finally_(self._after_run).run_in_background(_setup_pool))

    def _after_run(self) -> None:
        # a bar that reached its end stays as the record of the download; a busy bar goes
        if self.progress.maximum() == 0:
            self.progress.hide()


class SetupWizard(QWizard):
    """Hall → ledger → administrator → devices → set up. `config` is the settings as loaded
    (defaults and file); nothing is written until the last page succeeds."""

    def __init__(self, config, data_dir: Path, config_path: Path | None = None,
                 parent: QWidget | None = None, *, printers=None, card_readers=None) -> None:
        super().__init__(parent)
        # The settings this wizard will save: the device screens change them in place.
        self._config = self.device_config = config.copy()
        self.printers, self.card_readers = printers, card_readers  # drivers (counter_app.devices)
        self.data_dir = data_dir
        self.config_path = config_path
        self.setWindowTitle(self.tr("Set up a new counter"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        # Qt's own button words, in our catalogue: a counter shows no English
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.hall = HallPage()
        self.hall.language.setCurrentIndex(max(0, self.hall.language.findData(config["ui.language"])))
        self.ledger = LedgerPage(self)
        self.admin = AdminPage()
        self.devices = DevicesPage(self)
        self.finish = FinishPage(self)
        for page in (self.hall, self.ledger, self.admin, self.devices, self.finish):
            self.addPage(page)
        self.hall.codeRead.connect(self.ledger.use_code)
        self.resize(720, 520)

    def draft_config(self):
        """A copy of the settings with this hall and counter: what the checks run against."""
        config = self._config.copy()
        config.set("terminal.hall_id", self.hall.hall_id.text().strip())
        config.set("terminal.id", self.hall.terminal_id.text().strip())
        return config

    def request(self) -> SetupRequest:
        online = not self.ledger.offline.isChecked()

        def text(field: QLineEdit) -> str | None:
            return field.text().strip() or None

        return SetupRequest(
            hall_id=self.hall.hall_id.text().strip(),
            terminal_id=self.hall.terminal_id.text().strip(),
            admin_id=self.admin.admin_id.text().strip(),
            admin_name=self.admin.admin_name.text().strip(),
            admin_pin=self.admin.pin.text(),
            hall_name=text(self.hall.hall_name), hall_address=text(self.hall.hall_address),
            language=self.hall.language.currentData(),
            ledger_url=text(self.ledger.url) if online else None,
            token=text(self.ledger.token) if online else None,
            ca=text(self.ledger.ca) if online else None,
            printer_uri=text(self.devices.printer),
            card_reader_port=text(self.devices.card_reader))


def run_first_setup(config, data_dir: Path, config_path: Path | None = None, *,
                    printers=None, card_readers=None) -> bool:
    """Show the wizard until it is finished (True: the counter is set up) or cancelled."""
    wizard = SetupWizard(config, data_dir, config_path, printers=printers,
                         card_readers=card_readers)
    wizard.show()
    wizard.exec()
    _setup_pool.waitForDone(30_000)  # a check still running when the wizard was cancelled
    # set up is set up, however the wizard was closed afterwards
    return wizard.finish.isComplete()
