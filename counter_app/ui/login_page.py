"""Sign-in (and the lock screen): user ID and PIN; demo mode lists the demo users."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .rows import UserRow
from .table_model import RowTableModel
from .widgets import Retranslating, form_row, label, set_up_table


def role_text(role: str) -> str:
    names = {
        "cashier": QCoreApplication.translate("Roles", "Cashier"),
        "supervisor": QCoreApplication.translate("Roles", "Supervisor"),
        "technician": QCoreApplication.translate("Roles", "Technician"),
        "admin": QCoreApplication.translate("Roles", "Administrator"),
    }
    return names.get(role, role)


class UsersModel(RowTableModel[UserRow]):
    def headers(self) -> list[str]:
        return [self.tr("User ID"), self.tr("Name"), self.tr("Role"), self.tr("Demo PIN")]

    def display(self, row: UserRow, column: int) -> str:
        return (row.user_id, row.name, role_text(row.role), row.demo_pin)[column]


class _UsersView(QTableView):
    chosen = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            row = self.model().row_at(self.currentIndex())
            if row is not None:
                self.chosen.emit(row.user_id)
            event.accept()
            return
        super().keyPressEvent(event)


class LoginPage(Retranslating, QWidget):
    loginRequested = Signal(str, str)  # user id, PIN

    def __init__(self, *, hall_name: str, terminal_id: str, demo: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hall_name, self.terminal_id, self.demo = hall_name, terminal_id, demo
        self._locked_text = ""
        self._refused = False  # the store failed its integrity check: no sign-in at all
        self.title = label("loginTitle")
        self.subtitle = label("infoText")
        self.lock_banner = label("lockTitle", wrap=True)
        self.user_id = QLineEdit()
        self.user_id.setMaxLength(16)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.error = label("errorText", wrap=True)
        self.checking = label("infoText", wrap=True)
        self.checking_bar = QProgressBar()
        self.checking_bar.setRange(0, 0)  # busy: quick_check reports no progress
        self.checking_bar.setMaximumHeight(8)
        self.checking_bar.setTextVisible(False)
        self.checking.setVisible(False)
        self.checking_bar.setVisible(False)
        self.button = QPushButton()
        self.button.setAutoDefault(False)
        self.form = QFormLayout()
        self.user_caption = form_row(self.form, self.user_id)
        self.pin_caption = form_row(self.form, self.pin)
        self.demo_title = label("sectionTitle")
        self.users = UsersModel(self)
        self.users_view = _UsersView()
        self.users_view.setModel(self.users)
        set_up_table(self.users_view, stretch_column=1)

        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(640)
        inner = QVBoxLayout(card)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addWidget(self.lock_banner)
        inner.addLayout(self.form)
        inner.addWidget(self.checking)
        inner.addWidget(self.checking_bar)
        inner.addWidget(self.error)
        inner.addWidget(self.button)
        inner.addWidget(self.demo_title)
        inner.addWidget(self.users_view)
        self.demo_title.setVisible(demo)
        self.users_view.setVisible(demo)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(card)
        column.addStretch(2)
        outer.addLayout(column, 3)
        outer.addStretch(1)

        self.user_id.returnPressed.connect(self.on_user_id_return_pressed)
        self.pin.returnPressed.connect(self.on_submit)
        self.button.clicked.connect(self.on_submit)
        self.users_view.chosen.connect(self.on_user_chosen)
        self.users_view.clicked.connect(self.on_users_view_clicked)
        self.retranslate()
        self.set_locked("")

    def retranslate(self) -> None:
        self.title.setText(self.tr("Hall Counter — sign in"))
        self.subtitle.setText(self.tr("{hall} · counter {terminal}").format(
            hall=self.hall_name, terminal=self.terminal_id))
        self.user_caption.setText(self.tr("User ID"))
        self.pin_caption.setText(self.tr("PIN"))
        self.user_id.setPlaceholderText(self.tr("e.g. 1001"))
        self.pin.setPlaceholderText(self.tr("4 to 8 digits"))
        self.button.setText(self.tr("Sign in (Enter)"))
        self.demo_title.setText(self.tr("Demo data: these users exist (click one, then type its PIN)"))
        self.users.retranslate()
        self.set_locked(self._locked_text)

    # --- state -------------------------------------------------------------------------
    def set_users(self, rows: list[UserRow]) -> None:
        self.users.set_rows(rows)

    def set_locked(self, text: str) -> None:
        """Show the lock banner (the open shift stays open) or hide it with ''."""
        self._locked_text = text
        self.lock_banner.setText(text)
        self.lock_banner.setVisible(bool(text))

    def reset(self, *, user_id: str = "") -> None:
        self.user_id.setText(user_id)
        self.pin.clear()
        if not self._refused:
            self.error.setText("")
        self.set_busy(False)
        self.focus()

    def focus(self) -> None:
        target = self.pin if self.user_id.text() else self.user_id
        target.setFocus()
        target.selectAll()

    def set_integrity(self, state: str, text: str) -> None:
        """'checking' (sign-in waits for the result), 'ok', or 'failed': refused for good."""
        self.checking.setText(text if state == "checking" else "")
        self.checking.setVisible(state == "checking")
        self.checking_bar.setVisible(state == "checking")
        if state == "failed":
            self._refused = True
            self.set_busy(False)
            self.error.setText(text)

    def set_busy(self, busy: bool) -> None:
        for w in (self.user_id, self.pin, self.button, self.users_view):
            w.setEnabled(not busy and not self._refused)
        if busy:
            self.error.setText(self.tr("Checking…"))

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        if self._refused:
            return  # the integrity message stays
        self.error.setText(text)
        self.pin.clear()
        self.pin.setFocus()

    # --- slots -------------------------------------------------------------------------
    def on_user_id_return_pressed(self) -> None:
        self.pin.setFocus()

    def on_user_chosen(self, user_id: str) -> None:
        self.user_id.setText(user_id)
        self.pin.clear()
        self.pin.setFocus()

    def on_users_view_clicked(self, index: QModelIndex) -> None:
        row = self.users.row_at(index)
        if row is not None:
            self.on_user_chosen(row.user_id)

    def on_submit(self) -> None:
        user_id, pin = self.user_id.text().strip(), self.pin.text()
        if not user_id:
            self.error.setText(self.tr("Enter your user ID."))
            self.user_id.setFocus()
            return
        if not pin:
            self.error.setText(self.tr("Enter your PIN."))
            self.pin.setFocus()
            return
        self.set_busy(True)
        self.loginRequested.emit(user_id, pin)
