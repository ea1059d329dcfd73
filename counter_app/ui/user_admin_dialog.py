"""User management for admins: add, disable/enable, reset PIN (also lifts a lockout), change
role. Every change goes through services/users (permission checked, audited)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.services import users
from hall_domain.security import Role, User

from .error_text import error_message
from .table_model import RowTableModel
from .widgets import label, set_up_table
from .worker import Op


def role_name(role: Role) -> str:
    return {
        Role.CASHIER: QCoreApplication.translate("UserAdminDialog", "Cashier"),
        Role.SUPERVISOR: QCoreApplication.translate("UserAdminDialog", "Supervisor"),
        Role.TECHNICIAN: QCoreApplication.translate("UserAdminDialog", "Technician"),
        Role.ADMIN: QCoreApplication.translate("UserAdminDialog", "Administrator"),
    }[Role(role)]


class UserAdminModel(RowTableModel[User]):
    def headers(self) -> list[str]:
        return [self.tr("User ID"), self.tr("Name"), self.tr("Role"), self.tr("Active"),
                self.tr("Locked until")]

    def display(self, row: User, column: int) -> str:
        return [row.user_id, row.name, role_name(row.role),
                self.tr("yes") if row.active else self.tr("disabled"),
                f"{row.locked_until:%Y-%m-%d %H:%M}" if row.locked_until else ""][column]


def _role_box() -> QComboBox:
    box = QComboBox()
    for role in Role:
        box.addItem(role_name(role), role.value)
    return box


class UserAdminDialog(QDialog):
    """`changed(User)` after every saved change."""

    changed = Signal(object)

    def __init__(self, *, store, terminal_id: str, actor: User, clock: Callable[[], datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._terminal, self._actor, self._clock = store, terminal_id, actor, clock
        self.setWindowTitle(self.tr("Users"))
        self.model = UserAdminModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_table(self.table, stretch_column=1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.new_id, self.new_name, self.new_pin = QLineEdit(), QLineEdit(), QLineEdit()
        self.new_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_role = _role_box()
        self.add_button = QPushButton(self.tr("Add user"))
        self.add_button.clicked.connect(self.on_add_button_clicked)
        add_form = QFormLayout()
        add_form.addRow(self.tr("User ID"), self.new_id)
        add_form.addRow(self.tr("Name"), self.new_name)
        add_form.addRow(self.tr("Role"), self.new_role)
        add_form.addRow(self.tr("PIN (4–8 digits)"), self.new_pin)
        add_form.addRow(self.add_button)
        add_box = QGroupBox(self.tr("New user"))
        add_box.setLayout(add_form)

        self.active_button = QPushButton(self.tr("Disable"))
        self.active_button.clicked.connect(self.on_active_button_clicked)
        self.reset_pin = QLineEdit()
        self.reset_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.reset_button = QPushButton(self.tr("Reset PIN"))
        self.reset_button.clicked.connect(self.on_reset_button_clicked)
        self.role = _role_box()
        self.role_button = QPushButton(self.tr("Change role"))
        self.role_button.clicked.connect(self.on_role_button_clicked)
        edit_form = QFormLayout()
        edit_form.addRow(self.active_button)
        pin_row = QHBoxLayout()
        pin_row.addWidget(self.reset_pin)
        pin_row.addWidget(self.reset_button)
        edit_form.addRow(self.tr("New PIN"), pin_row)
        role_row = QHBoxLayout()
        role_row.addWidget(self.role)
        role_row.addWidget(self.role_button)
        edit_form.addRow(self.tr("Role"), role_row)
        edit_box = QGroupBox(self.tr("Selected user"))
        edit_box.setLayout(edit_form)

        self.status = label("errorText", wrap=True, selectable=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        side = QHBoxLayout()
        side.addWidget(add_box)
        side.addWidget(edit_box)
        box = QVBoxLayout(self)
        box.addWidget(self.table)
        box.addLayout(side)
        box.addWidget(self.status)
        box.addWidget(buttons)
        self.resize(760, 560)
        self._busy = False
        self._update_buttons()
        self.reload()

    # --- list ----------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        store, actor = self._store, self._actor
        Op(self, lambda: users.list_users(store, actor=actor)) \
            .success(lambda rows: self.on_users_loaded(rows, select)) \
            .failure(self.on_failed).run_in_background()

    def on_users_loaded(self, rows: list[User], select: str | None = None) -> None:
        keep = select or (self.selected().user_id if self.selected() else None)
        self.model.set_rows(rows)
        for i, u in enumerate(rows):
            if u.user_id == keep:
                self.table.selectRow(i)
        self._update_buttons()

    def selected(self) -> User | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def select_user(self, user_id: str) -> bool:
        for i, u in enumerate(self.model.rows()):
            if u.user_id == user_id:
                self.table.selectRow(i)
                return True
        return False

    def _update_buttons(self) -> None:
        user = self.selected()
        for w in (self.active_button, self.reset_button, self.role_button):
            w.setEnabled(user is not None and not self._busy)
        self.add_button.setEnabled(not self._busy)
        if user is not None:
            self.active_button.setText(self.tr("Disable") if user.active else self.tr("Enable"))
            self.role.setCurrentIndex(self.role.findData(user.role.value))

    # --- changes -------------------------------------------------------------------------
    def _run(self, work: Callable[[], User], done_text: str) -> None:
        self._busy = True
        self.status.setText("")
        self._update_buttons()

        def ok(user: User) -> None:
            self.status.setText(done_text.format(user=user.user_id))
            self.changed.emit(user)
            self.reload(select=user.user_id)

        def finished() -> None:
            self._busy = False
            self._update_buttons()

        Op(self, work).success(ok).failure(self.on_failed).finally_(finished).run_in_background()

    def on_add_button_clicked(self) -> None:
        store, actor, terminal, now = self._store, self._actor, self._terminal, self._clock()
        user_id, name, pin = self.new_id.text().strip(), self.new_name.text().strip(), self.new_pin.text()
        role = Role(self.new_role.currentData())
        self.new_pin.clear()  # a PIN never stays in a widget
        self._run(lambda: users.add_user(store, actor=actor, user_id=user_id, name=name, role=role,
                                         pin=pin, now=now, terminal_id=terminal),
                  self.tr("User {user} added."))

    def on_active_button_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        store, actor, terminal, now = self._store, self._actor, self._terminal, self._clock()
        active = not user.active
        self._run(lambda: users.set_active(store, actor=actor, user_id=user.user_id, active=active,
                                           now=now, terminal_id=terminal),
                  self.tr("User {user} enabled.") if active else self.tr("User {user} disabled."))

    def on_reset_button_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        store, actor, terminal, now = self._store, self._actor, self._terminal, self._clock()
        pin = self.reset_pin.text()
        self.reset_pin.clear()
        self._run(lambda: users.reset_pin(store, actor=actor, user_id=user.user_id, new_pin=pin,
                                          now=now, terminal_id=terminal),
                  self.tr("PIN of {user} reset."))

    def on_role_button_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        store, actor, terminal, now = self._store, self._actor, self._terminal, self._clock()
        role = Role(self.role.currentData())
        self._run(lambda: users.set_role(store, actor=actor, user_id=user.user_id, role=role,
                                         now=now, terminal_id=terminal),
                  self.tr("Role of {user} changed."))

    def on_failed(self, exc: Exception) -> None:
        self.status.setText(error_message(exc))
