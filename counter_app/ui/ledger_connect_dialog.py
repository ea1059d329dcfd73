"""The 设备 menu's 中心账务连接: the first-run wizard's ledger page for a counter already set up
(a new token, a moved ledger), checked the same way before it is saved."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hall_domain.errors import DomainError
from hall_domain.setup_code import read_setup_code

from .error_text import error_message
from .setup_wizard import LedgerPage
from .widgets import label


class LedgerConnectDialog(QDialog):
    """Address and token (typed, or from a scanned setup code), 检查连接, then 保存. The
    running counter keeps its connection until it is started again."""

    def __init__(self, config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._config = config
        self.setWindowTitle(self.tr("Central ledger connection"))
        self.page = LedgerPage(self)
        self.page.offline.hide()  # disconnecting is not this screen's business
        self.page.url.setText(config["ledger.url"] or "")
        self.setup_code = QLineEdit()
        self.setup_code.setMaxLength(2000)
        self.setup_code.setPlaceholderText(self.tr("scan the QR code here, or paste its line"))
        self.message = label("", wrap=True)
        self.message.setObjectName("ledgerConnectMessage")
        form = QFormLayout()
        form.addRow(self.tr("Setup code"), self.setup_code)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("Save"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.page)
        box.addWidget(self.message)
        box.addWidget(self.buttons)
        self.setup_code.returnPressed.connect(self.read_code)
        self.page.completeChanged.connect(self._update)
        self._update()
        self.resize(640, 420)

    def draft_config(self):
        """What LedgerPage checks against: these settings (this hall and terminal)."""
        return self._config.copy()

    def read_code(self) -> None:
        try:
            code = read_setup_code(self.setup_code.text())
        except DomainError as exc:
            self.message.setText(error_message(exc))
            return
        if (code.hall_id, code.terminal_id) != (self._config["terminal.hall_id"],
                                                self._config["terminal.id"]):
            self.message.setText(self.tr(
                "This setup code is for counter {theirs}; this counter is {ours}.").format(
                theirs=f"{code.hall_id}/{code.terminal_id}",
                ours=f"{self._config['terminal.hall_id']}/{self._config['terminal.id']}"))
            return
        self.message.clear()
        self.page.use_code(code)
        self.page.check()

    def _update(self) -> None:
        self.save_button.setEnabled(self.page.checked_ok)

    def save(self) -> None:
        if not self.page.checked_ok:
            return
        try:
            self._config.set("ledger.url", self.page.url.text().strip().rstrip("/"))
            self._config.set("ledger.token", self.page.token.text().strip())
            path = self._config.save()
        except (ValueError, OSError) as exc:  # ConfigError is a ValueError
            self.message.setText(self.tr("Not saved: {0}").format(exc))
            return
        self.message.setText(self.tr("Saved to {0}. The counter uses the new connection when "
                                     "it is started again.").format(path))
        self.save_button.setEnabled(False)
