"""Amount (defaults to the total due) and tender: cash with change, bank card, or split.

Keys (besides the window's F5/F6/F7 tender tabs): F3 puts the cursor in the amount (本次收款)
for a part payment; F4 takes exact cash; F10 and F11 add a ¥50 and a ¥100 note to the cash
tendered. Exact cash, and notes once they cover the amount, go straight to the confirmation
(which still needs its own Enter). Enter in a card field with a later field still empty moves
on to that field without an error.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hall_domain.errors import DomainError
from hall_domain.money import fen_to_plain, format_fen, parse_yuan
from hall_domain.tenders import (
    CashTender,
    ChangeRounding,
    Tender,
    card_tender,
    validate_tenders,
)

from .error_text import error_message
from .widgets import Retranslating, form_row, label

# Quick-tender keys: none clashes with the window's F2, F5-F9, F12, Ctrl+P, Ctrl+D or Esc.
KEY_AMOUNT = "F3"
KEY_EXACT = "F4"
QUICK_NOTES = ((5000, "F10"), (10000, "F11"))  # (note in fen, key)


class TenderMode(enum.IntEnum):
    CASH = 0
    CARD = 1
    SPLIT = 2


@dataclass(frozen=True, slots=True)
class PaymentDraft:
    """What the cashier asked for, checked, before the confirmation and the commit."""

    amount_fen: int
    tenders: tuple[Tender, ...]
    mode: TenderMode

    @property
    def change_fen(self) -> int:
        return sum(t.change_fen for t in self.tenders)


class _Invalid(Exception):
    def __init__(self, field: QLineEdit, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _line(object_name: str = "", max_length: int = 32) -> QLineEdit:
    w = QLineEdit()
    if object_name:
        w.setObjectName(object_name)
    w.setMaxLength(max_length)
    return w


class PaymentPanel(Retranslating, QGroupBox):
    submitted = Signal(object)  # PaymentDraft

    change_rounding = ChangeRounding.NONE  # the hall's rule; the counter page sets it

    def __init__(self, *, max_fen: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_fen = max_fen
        self.amount_caption = label("sectionTitle")
        self.amount = _line("amountField")
        # cash
        self.cash_tendered = _line("tenderedField")
        # card
        self.card_reference, self.card_auth, self.card_masked = _line(), _line(), _line()
        # split: cash part + card for the rest
        self.split_cash = _line()
        self.split_tendered = _line()
        self.split_card_part = label("amountBig")
        self.split_reference, self.split_auth, self.split_masked = _line(), _line(), _line()
        self.change_caption = label("sectionTitle")
        self.change = label("changeBig")
        self.error = label("errorText", wrap=True)
        self.confirm = QPushButton()
        self.confirm.setObjectName("confirmButton")
        self.confirm.setAutoDefault(False)
        # Quick tender: the keys work from anywhere on the counter page (see CounterPage).
        self.exact_button = QPushButton()
        self.exact_button.setObjectName("exactButton")
        self.note_buttons = {fen: QPushButton() for fen, _key in QUICK_NOTES}
        for button in (self.exact_button, *self.note_buttons.values()):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays on the fields
        self.exact_button.clicked.connect(self.quick_exact)
        for fen, button in self.note_buttons.items():
            button.clicked.connect(lambda _checked=False, fen=fen: self.quick_note(fen))

        self.tabs = QTabWidget()
        # F5/F6/F7 switch tabs; Tab goes from the amount straight to the tender's first field.
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cash_form, self.card_form, self.split_form = QFormLayout(), QFormLayout(), QFormLayout()
        self.cash_captions = [form_row(self.cash_form, self.cash_tendered)]
        self.card_captions = [form_row(self.card_form, w) for w in (
            self.card_reference, self.card_auth, self.card_masked)]
        self.split_captions = [form_row(self.split_form, w) for w in (
            self.split_cash, self.split_tendered, self.split_card_part, self.split_reference,
            self.split_auth, self.split_masked)]
        for form in (self.cash_form, self.card_form, self.split_form):
            page = QWidget()
            page.setLayout(form)
            self.tabs.addTab(page, "")

        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount_caption)
        amount_row.addWidget(self.amount, 1)
        quick_row = QHBoxLayout()
        quick_row.addWidget(self.exact_button, 1)
        for button in self.note_buttons.values():
            quick_row.addWidget(button, 1)
        change_row = QHBoxLayout()
        change_row.addWidget(self.change_caption)
        change_row.addWidget(self.change, 1)
        box = QVBoxLayout(self)
        box.addLayout(amount_row)
        box.addWidget(self.tabs)
        box.addLayout(quick_row)
        box.addLayout(change_row)
        box.addWidget(self.error)
        box.addStretch(1)
        box.addWidget(self.confirm)

        for field in self._fields():
            field.returnPressed.connect(self.on_field_return_pressed)
            field.textEdited.connect(self.on_field_text_edited)
        self.confirm.clicked.connect(self.on_field_return_pressed)
        self.tabs.currentChanged.connect(self.on_tabs_current_changed)
        self.retranslate()
        self.clear()

    def _fields(self) -> list[QLineEdit]:
        return [self.amount, self.cash_tendered, self.card_reference, self.card_auth,
                self.card_masked, self.split_cash, self.split_tendered, self.split_reference,
                self.split_auth, self.split_masked]

    def retranslate(self) -> None:
        self.setTitle(self.tr("Payment"))
        self.amount_caption.setText(self.tr("Amount ({key})").format(key=KEY_AMOUNT))
        self.amount.setPlaceholderText(self.tr("yuan, e.g. 120.50"))
        self.tabs.setTabText(TenderMode.CASH, self.tr("Cash (F5)"))
        self.tabs.setTabText(TenderMode.CARD, self.tr("Bank card (F6)"))
        self.tabs.setTabText(TenderMode.SPLIT, self.tr("Cash + card (F7)"))
        self.cash_captions[0].setText(self.tr("Cash tendered"))
        self.cash_tendered.setPlaceholderText(self.tr("empty: exact amount"))
        card_labels = (self.tr("Reference (RRN)"), self.tr("Auth code"), self.tr("Masked card no."))
        for i, text in enumerate(card_labels):
            self.card_captions[i].setText(text)
            self.split_captions[i + 3].setText(text)
        for masked in (self.card_masked, self.split_masked):
            masked.setPlaceholderText(self.tr("e.g. 622848******1234, never the full number"))
        self.split_captions[0].setText(self.tr("Cash part"))
        self.split_captions[1].setText(self.tr("Cash tendered"))
        self.split_captions[2].setText(self.tr("Card part"))
        self.split_tendered.setPlaceholderText(self.tr("empty: exact cash part"))
        self.change_caption.setText(self.tr("Change"))
        self.confirm.setText(self.tr("Confirm payment (Enter)"))
        self.exact_button.setText(self.tr("Exact cash ({key})").format(key=KEY_EXACT))
        for fen, key in QUICK_NOTES:
            self.note_buttons[fen].setText(self.tr("+{note} note ({key})").format(
                note=format_fen(fen).removesuffix(".00"), key=key))
        self.error.setText("")
        self._update_live()

    # --- state from the window ---------------------------------------------------------
    def clear(self) -> None:
        self.edited = False  # the cashier typed into amount or tender fields (card reads ask first)
        for field in self._fields():
            field.clear()
        self.error.setText("")
        self.tabs.setCurrentIndex(TenderMode.CASH)
        self._update_live()

    def start(self, total_due_fen: int) -> None:
        """A new customer: amount = total due (empty when nothing is due), cash tab, focus."""
        self.clear()
        if total_due_fen > 0:
            self.amount.setText(fen_to_plain(total_due_fen))
        self._update_live()
        self.focus_first()

    def set_mode(self, mode: TenderMode) -> None:
        self.tabs.setCurrentIndex(mode)
        self.focus_first()

    def mode(self) -> TenderMode:
        return TenderMode(self.tabs.currentIndex())

    def focus_first(self) -> None:
        if not self.amount.text().strip():
            target = self.amount
        else:
            target = {TenderMode.CASH: self.cash_tendered, TenderMode.CARD: self.card_reference,
                      TenderMode.SPLIT: self.split_cash}[self.mode()]
        target.setFocus()
        target.selectAll()

    def focus_amount(self) -> None:
        """F3: the amount (本次收款), selected, to type a part payment over the total due."""
        self.amount.setFocus()
        self.amount.selectAll()

    # --- quick tender --------------------------------------------------------------------
    def _cash_fields(self) -> tuple[QLineEdit, QLineEdit]:
        """(what the cash pays, cash tendered) of the current tab; the card tab turns to cash."""
        if self.mode() == TenderMode.CARD:
            self.tabs.setCurrentIndex(TenderMode.CASH)
        if self.mode() == TenderMode.SPLIT:
            return self.split_cash, self.split_tendered
        return self.amount, self.cash_tendered

    def quick_exact(self) -> None:
        """F4: the customer hands over exactly the cash due; on to the confirmation."""
        part, tendered = self._cash_fields()
        tendered.setText(part.text().strip())
        self.edited = True
        self._update_live()
        self.submit()

    def quick_note(self, note_fen: int) -> None:
        """F10/F11: one more note into the cash tendered; once the notes cover what the cash
        pays, on to the confirmation (Esc there comes back with the notes kept)."""
        part, tendered = self._cash_fields()
        try:
            total = self._money(tendered, empty_means=0) + note_fen
        except _Invalid as bad:
            self.error.setText(bad.message)
            tendered.setFocus()
            tendered.selectAll()
            return
        tendered.setText(fen_to_plain(total))
        self.edited = True
        self.error.setText("")
        self._update_live()
        due = self._quiet(part)
        if due is not None and total >= due:
            self.submit()
        else:
            tendered.setFocus()
            tendered.deselect()

    def set_busy(self, busy: bool) -> None:
        self.setEnabled(not busy)

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    # --- parsing -----------------------------------------------------------------------
    def _money(self, field: QLineEdit, *, empty_means: int | None = None) -> int:
        text = field.text()
        if not text.strip() and empty_means is not None:
            return empty_means
        try:
            return parse_yuan(text, max_fen=self.max_fen)
        except DomainError as exc:
            raise _Invalid(field, error_message(exc)) from exc

    def _check(self, field: QLineEdit, fn, *args):
        try:
            return fn(*args)
        except DomainError as exc:
            raise _Invalid(field, error_message(exc)) from exc

    def _card(self, amount_fen: int, reference: QLineEdit, auth: QLineEdit,
              masked: QLineEdit, amount_field: QLineEdit) -> Tender:
        try:
            return card_tender(amount_fen, reference.text(), auth.text(), masked.text())
        except DomainError as exc:
            field = {"tender.card_reference": reference, "tender.card_auth_code": auth,
                     "tender.card_not_positive": amount_field}.get(exc.code, masked)
            raise _Invalid(field, error_message(exc)) from exc

    def _rounded(self, cash: CashTender) -> Tender:
        return self.change_rounding.apply(cash)

    def _next_empty(self, field: QLineEdit | None) -> QLineEdit | None:
        """The first empty required field after `field` on its tab (card details in order)."""
        orders = ([self.card_reference, self.card_auth, self.card_masked],
                  [self.split_cash, self.split_reference, self.split_auth, self.split_masked])
        for order in orders:
            if field in order:
                return next((f for f in order[order.index(field) + 1:] if not f.text().strip()),
                            None)
        return None

    def build_draft(self) -> PaymentDraft:
        """The checked payment, or _Invalid naming the field to fix."""
        amount = self._money(self.amount)
        mode = self.mode()
        tenders: tuple[Tender, ...]
        if mode == TenderMode.CASH:
            tendered = self._money(self.cash_tendered, empty_means=amount)
            cash = self._rounded(CashTender(amount_fen=amount, tendered_fen=tendered))
            self._check(self.cash_tendered, cash.validate)
            tenders = (cash,)
        elif mode == TenderMode.CARD:
            tenders = (self._card(amount, self.card_reference, self.card_auth, self.card_masked,
                                  self.amount),)
        else:
            cash_part = self._money(self.split_cash)
            tendered = self._money(self.split_tendered, empty_means=cash_part)
            cash = self._rounded(CashTender(amount_fen=cash_part, tendered_fen=tendered))
            self._check(self.split_tendered, cash.validate)
            card = self._card(amount - cash_part, self.split_reference, self.split_auth,
                              self.split_masked, self.split_cash)
            tenders = (cash, card)
        self._check(self.amount, validate_tenders, amount, tenders)
        return PaymentDraft(amount_fen=amount, tenders=tenders, mode=mode)

    # --- slots -------------------------------------------------------------------------
    def on_field_return_pressed(self) -> None:
        sender = self.sender()
        self.submit(from_field=sender if isinstance(sender, QLineEdit) else None)

    def submit(self, *, from_field: QLineEdit | None = None) -> None:
        """Check the fields and hand the draft on, or put the cursor where it is wrong.

        Enter in one field when a later one is still empty just moves there (the card's
        reference, auth code and masked number are typed one after the other).
        """
        following = self._next_empty(from_field)
        if following is not None:
            self.error.setText("")
            following.setFocus()
            return
        try:
            draft = self.build_draft()
        except _Invalid as bad:
            self.error.setText(bad.message)
            bad.field.setFocus()
            bad.field.selectAll()
            return
        self.error.setText("")
        self.submitted.emit(draft)

    def on_field_text_edited(self, _text: str) -> None:
        self.edited = True
        self.error.setText("")
        self._update_live()

    def on_tabs_current_changed(self, _index: int) -> None:
        self.error.setText("")
        self._update_live()

    def _quiet(self, field: QLineEdit, empty_means: int | None = None) -> int | None:
        try:
            return self._money(field, empty_means=empty_means)
        except _Invalid:
            return None

    def _update_live(self) -> None:
        """Change (and the split's card part) as the cashier types; '—' until computable."""
        amount = self._quiet(self.amount)
        mode = self.mode()
        change: int | None = None
        if mode == TenderMode.CASH and amount is not None:
            tendered = self._quiet(self.cash_tendered, empty_means=amount)
            change = tendered - amount if tendered is not None else None
        elif mode == TenderMode.SPLIT:
            cash_part = self._quiet(self.split_cash)
            card_part = amount - cash_part if amount is not None and cash_part is not None else None
            self.split_card_part.setText(format_fen(card_part) if card_part is not None else "—")
            if cash_part is not None:
                tendered = self._quiet(self.split_tendered, empty_means=cash_part)
                change = tendered - cash_part if tendered is not None else None
        elif mode == TenderMode.CARD:
            change = 0 if amount is not None else None
        if change is not None and change >= 0:
            change = self.change_rounding.round_change(change)
        self.change.setText(format_fen(change) if change is not None and change >= 0 else "—")
