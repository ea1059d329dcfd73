"""The customer being served: who, where, phone (with a prompt when missing, or when it is due
for checking with the customer), prepaid credit, and the account's dunning state at the
ledger (催费状态: level, notices, stop supply, 屡欠户)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QPushButton, QWidget

from counter_app.services.ports import DunningState
from hall_domain.accounts import Customer, UserType
from hall_domain.money import format_fen
from hall_domain.phones import PhoneStatus, needs_check, status_as_of

from .widgets import ElidedLabel, Retranslating, label


class CustomerPanel(Retranslating, QGroupBox):
    phoneEditRequested = Signal()
    noticePrintRequested = Signal()  # print the account's notice in force for the customer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customer: Customer | None = None
        self.today: Callable[[], date] = date.today  # the counter's clock (set by its page)
        self.dunning_state: DunningState | None = None
        self._dunning_offline_at: datetime | None = None
        self._dunning_unavailable = False
        self._captions = [label("infoText") for _ in range(8)]
        self.account = label("amountBig", selectable=True)
        self.name = label(selectable=True)
        self.address = ElidedLabel()
        self.user_type = label()
        self.area = label()
        self.phone = label(selectable=True)
        self.credit = label()
        self.dunning = ElidedLabel()
        self.dunning.setObjectName("dunningState")
        self.phone_warning = ElidedLabel()
        self.phone_warning.setObjectName("phoneWarning")
        self.phone_button = QPushButton()
        self.phone_button.setAutoDefault(False)
        self.phone_button.clicked.connect(self.phoneEditRequested)
        self.notice_button = QPushButton()
        self.notice_button.setObjectName("noticePrint")
        self.notice_button.setAutoDefault(False)
        self.notice_button.clicked.connect(self.noticePrintRequested)
        self.notice_button.hide()

        grid = QGridLayout(self)
        values = [self.account, self.name, self.address, self.user_type, self.area, self.phone,
                  self.credit, self.dunning]
        for i, (caption, value) in enumerate(zip(self._captions, values, strict=True)):
            grid.addWidget(caption, i, 0)
            grid.addWidget(value, i, 1)
        # The prompt gets the panel's full width: one line in either language at 1280 px.
        grid.addWidget(self.phone_warning, len(values), 0, 1, 2)
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.notice_button)
        button_row.addWidget(self.phone_button)
        grid.addLayout(button_row, len(values) + 1, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        self.retranslate()
        self.show_customer(None)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Customer"))
        for caption, text in zip(self._captions, (
            self.tr("Account"), self.tr("Name"), self.tr("Address"), self.tr("User type"),
            self.tr("Area"), self.tr("Phone"), self.tr("Prepaid credit"), self.tr("Dunning"),
        ), strict=True):
            caption.setText(text)
        self.phone_button.setText(self.tr("Record phone (F8)"))
        self.notice_button.setText(self.tr("Print notice (Ctrl+Shift+N)"))
        self.show_customer(self.customer)
        self._render_dunning()

    def needs_phone(self) -> bool:
        return self.customer is not None and not self.customer.phone_valid

    def phone_check(self) -> PhoneStatus | None:
        """The status that asks the cashier to check a valid-looking number with the customer
        (unverified for 12 months, vacant or invalid by the ledger's word), or None."""
        c = self.customer
        if c is None or not c.phone_valid:
            return None
        status = status_as_of(c.phone_status, c.phone_verified_on, self.today())
        return status if needs_check(status) else None

    def needs_phone_check(self) -> bool:
        return self.phone_check() is not None

    def show_customer(self, customer: Customer | None) -> None:
        if customer is None or self.customer is None or (
                customer.account_no != self.customer.account_no):
            self.dunning_state, self._dunning_unavailable = None, False
            self._dunning_offline_at = None
            self._render_dunning()
        self.customer = customer
        if customer is None:
            for w in (self.account, self.name, self.address, self.user_type, self.area,
                      self.phone, self.credit, self.dunning):
                w.setText("—")
            self.phone_warning.hide()
            self.phone_button.hide()
            return
        self.account.setText(customer.account_no)
        self.name.setText(customer.name)
        self.address.setText(customer.address)
        self.user_type.setText(
            self.tr("Residential") if customer.user_type == UserType.RESIDENTIAL
            else self.tr("Non-residential"))
        self.area.setText(customer.area)
        self.phone.setText(customer.phone or "—")
        self.credit.setText(format_fen(customer.credit_fen))
        check = self.phone_check()
        if check is not None:  # non-blocking: the payment goes on whatever the cashier does
            self.phone_warning.setText(self._check_text(check, customer))
            self.phone_button.setText(self.tr("Verify phone (F8)"))
            self.phone_warning.show()
            self.phone_button.show()
        elif customer.phone_valid:
            self.phone_warning.hide()
            self.phone_button.hide()
        else:
            self.phone_button.setText(self.tr("Record phone (F8)"))
            self.phone_warning.setText(
                self.tr("No phone number on file. Ask the customer for a mobile number.")
                if not customer.phone else
                self.tr("“{phone}” is not a valid mobile number. Ask the customer for the current one.")
                .format(phone=customer.phone))
            self.phone_warning.show()
            self.phone_button.show()

    def _check_text(self, check: PhoneStatus, customer: Customer) -> str:
        if check == PhoneStatus.VACANT:
            return self.tr("SMS reminders to this account's mobile number came back as a vacant "
                           "number. Please check it with the customer.")
        if check == PhoneStatus.INVALID:
            return self.tr("The ledger does not take this account's number for a mobile number. "
                           "Please check it with the customer.")
        if customer.phone_verified_on is None:
            return self.tr("This account's mobile number has never been verified. "
                           "Please check it with the customer.")
        return self.tr("This account's mobile number has not been verified for over 12 months. "
                       "Please check it with the customer.")

    # --- dunning state (window/dunning.py fetches it from the ledger) -----------------------
    def show_dunning_loading(self) -> None:
        self.dunning_state, self._dunning_unavailable, self._dunning_offline_at = None, False, None
        self.dunning.setText(self.tr("asking the ledger…"))
        self.dunning.setStyleSheet("")

    def show_dunning(self, state: DunningState | None, *, offline_at: datetime | None,
                     unavailable: bool = False) -> None:
        self.dunning_state, self._dunning_offline_at = state, offline_at
        self._dunning_unavailable = unavailable
        self._render_dunning()

    def dunning_text(self) -> str:
        state = self.dunning_state
        if state is None:
            return self.tr("not known (ledger not reachable)") if self._dunning_unavailable \
                else "—"
        parts = []  # the most pressing first: the line is cut at the panel's width
        status = state.stop_supply_status
        if status in ("requested", "approved", "stopped"):
            planned = str(state.stop_supply.get("planned_at") or "").replace("T", " ")[:16]
            parts.append(self.tr("SUPPLY STOPPED") if status == "stopped" else
                         self.tr("stop supply pending ({planned})").format(planned=planned))
        if state.reconnection is not None:
            deadline = str(state.reconnection.get("due_at") or state.reconnection.get("deadline")
                           or "").replace("T", " ")[:16]
            parts.append(self.tr("reconnection by {deadline}").format(deadline=deadline))
        if state.repeat_defaulter:
            parts.append(self.tr("REPEAT DEFAULTER"))
        if state.dunning_level > 0:
            parts.append(self.tr("level {level}").format(level=state.dunning_level)
                         + (f"（{state.level_name}）" if state.level_name else ""))
        notices = state.pending_notices
        if notices:  # the strongest notice in force: a stop-supply notice over a reminder
            notice = next((n for n in notices if n.get("kind") == "stop_warning"), notices[0])
            kind = {"reminder": self.tr("reminder notice"),
                    "stop_warning": self.tr("stop-supply notice")}.get(
                str(notice.get("kind", "")), self.tr("notice"))
            number = notice.get("notice_no") or notice.get("number") or ""
            parts.append(self.tr("{kind} {number} delivered").format(kind=kind, number=number)
                         if notice.get("status") == "delivered" else
                         self.tr("{kind} {number} sent").format(kind=kind, number=number))
        if state.lock:
            parts.append(self.tr("dunning locked"))
        if state.promise:
            parts.append(self.tr("promise to pay"))
        text = " · ".join(parts) if parts else self.tr("no dunning")
        if self._dunning_offline_at is not None:
            text += self.tr(" (offline: as synced at {when})").format(
                when=self._dunning_offline_at.strftime("%Y-%m-%d %H:%M"))
        return text

    def _render_dunning(self) -> None:
        state = self.dunning_state
        alert = state is not None and (state.repeat_defaulter or state.dunning_level >= 2
                                       or state.stop_supply_status in ("requested", "approved",
                                                                       "stopped"))
        self.dunning.setStyleSheet("color:#b00020;font-weight:bold;" if alert else "")
        text = self.dunning_text()
        self.dunning.setText(text)
        self.dunning.setToolTip(text)
        self.notice_button.setVisible(self.notice_to_print() is not None)

    def notice_to_print(self) -> dict | None:
        """The notice in force to hand the customer a copy of (a stop-supply notice first)."""
        notices = self.dunning_state.pending_notices if self.dunning_state else []
        return next((n for n in notices if n.get("kind") == "stop_warning"),
                    notices[0] if notices else None)
