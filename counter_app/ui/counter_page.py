"""The counter screen: search, results, customer, bills and payment, wired to the services."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QSizePolicy, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from counter_app.services import lookup
from counter_app.services.counter_payment import offline_target
from hall_domain.accounts import Customer
from hall_domain.allocation import Quote, allocate
from hall_domain.errors import DomainError
from hall_domain.receipts import Receipt
from hall_domain.security import Action, User, can

from .bills_table import BillsPanel
from .confirm_dialog import ConfirmPaymentDialog
from .customer_panel import CustomerPanel
from .error_text import error_message
from .operations import counter as counter_ops
from .payment_panel import (
    KEY_AMOUNT,
    KEY_EXACT,
    QUICK_NOTES,
    PaymentDraft,
    PaymentPanel,
    TenderMode,
)
from .phone_dialog import PhoneDialog
from .results_table import ResultsView
from .rows import customer_rows
from .search_bar import SearchBar
from .widgets import ElidedLabel, Retranslating

RESULT_LIMIT = 20


@dataclass(frozen=True, slots=True)
class LookupResult:
    query: str
    customers: list[Customer]
    quote: Quote | None  # when exactly one customer matched
    owed: dict[str, int] = field(default_factory=dict)  # account -> total due on the day


def run_lookup(store, query: str, *, on: date, rules, account_length: int) -> LookupResult:
    """Worker side: matching customers with what each owes today (one read), and the
    quote straight away when only one matches."""
    quotes = lookup.lookup_with_quotes(store, query, on=on, rules=rules, limit=RESULT_LIMIT,
                                       account_length=account_length)
    owed = {q.customer.account_no: q.total_due_fen for q in quotes}
    return LookupResult(query, [q.customer for q in quotes],
                        quotes[0] if len(quotes) == 1 else None, owed)


@dataclass(frozen=True, slots=True)
class QueuedReceipt:
    """A committed payment and the print job stored with it (same transaction)."""

    payment: object  # domain Payment
    customer: Customer
    job_id: int
    receipt: Receipt


class CounterPage(Retranslating, QWidget):
    """Emits `receiptQueued(QueuedReceipt)` and `paymentTaken(payment, customer)` after the
    commit, then resets itself."""

    paymentTaken = Signal(object, object)  # domain Payment, Customer
    receiptQueued = Signal(object)  # QueuedReceipt
    customerShown = Signal(str)  # account number (bills on screen)

    def __init__(self, ctx, *, offline_limits=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx  # bootstrap.CounterApp
        # services.ports.OfflineLimits while a ledger is linked: card payments checked against them
        self.offline_limits = offline_limits
        self.user: User | None = None
        self.can_pay = False
        self.quote: Quote | None = None
        self.busy = False  # a payment is being committed
        self._lookup_seq = 0
        self._dialog = None

        self.search = SearchBar()
        self.message = ElidedLabel()  # one line, so the layout never reflows around it
        self.message.setObjectName("infoText")
        self.results = ResultsView()
        self.customer = CustomerPanel()
        self.customer.today = lambda: ctx.clock().date()
        # Its own height always; the bills table takes what is left (and scrolls).
        self.customer.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.bills = BillsPanel()
        self.payment = PaymentPanel(max_fen=ctx.max_payment_fen)
        self.payment.change_rounding = ctx.change_rounding  # the change shown is the change given
        self.payment.setMinimumWidth(420)

        detail = QWidget()
        detail_box = QVBoxLayout(detail)
        detail_box.setContentsMargins(0, 0, 0, 0)
        detail_box.addWidget(self.customer)
        detail_box.addWidget(self.bills, 1)
        self.left = QStackedWidget()
        self.left.addWidget(detail)
        self.left.addWidget(self.results)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.left)
        split.addWidget(self.payment)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        box = QVBoxLayout(self)
        box.addWidget(self.search)
        box.addWidget(self.message)
        box.addWidget(split, 1)

        self.search.searchRequested.connect(self.on_search_search_requested)
        self.results.customerChosen.connect(self.on_results_customer_chosen)
        self.payment.submitted.connect(self.on_payment_submitted)
        self.customer.phoneEditRequested.connect(self.edit_phone)
        # The payment keys work wherever the cursor is on this page (and nowhere else: not on
        # the sign-in page, not under a dialog).
        self.shortcuts = [self._shortcut(KEY_AMOUNT, self.payment.focus_amount),
                          self._shortcut(KEY_EXACT, self.payment.quick_exact)]
        for fen, key in QUICK_NOTES:
            self.shortcuts.append(self._shortcut(key, lambda fen=fen: self.payment.quick_note(fen)))
        self.retranslate()
        self.reset()

    def retranslate(self) -> None:
        if self.quote is None and not self.results.isVisible():
            self.message.setText(self.tr(
                "F2 search · Enter open/confirm · F5 cash · F6 card · F7 cash + card · "
                "F8 phone · F9 reprint · F12 lock · Esc clear"))

    def _shortcut(self, key: str, slot) -> QShortcut:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: self._payment_key(slot))
        return shortcut

    def _payment_key(self, slot) -> None:
        if self.payment.isEnabled() and not self.has_dialog() and not self.busy:
            slot()

    # --- session -----------------------------------------------------------------------
    def set_user(self, user: User | None, *, shift_open: bool) -> None:
        self.user = user
        self.can_pay = bool(user and shift_open and can(user.role, Action.TAKE_PAYMENT))
        self._update_payment_enabled()

    def _update_payment_enabled(self) -> None:
        self.payment.setEnabled(self.can_pay and self.quote is not None and not self.busy)

    def reset(self) -> None:
        """Ready for the next customer: everything cleared, focus in the search field."""
        self._lookup_seq += 1  # late lookup results are dropped
        self.quote = None
        self.search.clear()
        self.customer.show_customer(None)
        self.bills.show_quote(None)
        self.payment.clear()
        self.left.setCurrentIndex(0)
        self.retranslate()
        self._update_payment_enabled()
        self.search.focus()

    def has_dialog(self) -> bool:
        return self._dialog is not None and self._dialog.isVisible()

    def close_dialog(self) -> None:
        """Cancel an open confirmation or phone dialog (the counter is being locked)."""
        if self.has_dialog():
            self._dialog.reject()

    # --- lookup ------------------------------------------------------------------------
    def on_search_search_requested(self, query: str) -> None:
        self._lookup_seq += 1
        seq = self._lookup_seq
        self.message.setText(self.tr("Searching “{query}”…").format(query=query))
        ctx = self.ctx
        on = ctx.clock().date()
        counter_ops.search(self, ctx, query, on=on) \
            .success(lambda r: self._on_lookup_done(seq, r)) \
            .failure(lambda e: self._on_lookup_failed(seq, e)) \
            .run_in_background()

    def open_account(self, account_no: str) -> None:
        """Show this customer's bills directly (a card read, or a choice from the results)."""
        self._lookup_seq += 1
        seq = self._lookup_seq
        self.search.set_text(account_no)
        self.message.setText(self.tr("Opening {account}…").format(account=account_no))
        ctx = self.ctx
        on = ctx.clock().date()
        counter_ops.open_account(self, ctx, account_no, on=on) \
            .success(lambda q: self._on_lookup_done(seq, LookupResult(account_no, [q.customer], q))) \
            .failure(lambda e: self._on_lookup_failed(seq, e)) \
            .run_in_background()

    def _on_lookup_done(self, seq: int, result: LookupResult) -> None:
        if seq != self._lookup_seq or self.busy:
            return
        if result.quote is not None:
            self.show_quote(result.quote)
        elif not result.customers:
            self.message.setText(self.tr("No customer matches “{query}”.").format(query=result.query))
            self.search.focus()
        else:
            self.quote = None
            self._update_payment_enabled()
            more = len(result.customers) >= RESULT_LIMIT
            self.message.setText(
                (self.tr("First {n} matches — type more to narrow the search.") if more
                 else self.tr("{n} customers match. ↑↓ choose, Enter open, Esc back.")
                 ).format(n=len(result.customers)))
            self.results.show_rows(customer_rows(result.customers, result.owed))
            self.left.setCurrentIndex(1)
            self.results.setFocus()

    def _on_lookup_failed(self, seq: int, exc: Exception) -> None:
        if seq != self._lookup_seq:
            return
        self.message.setText(error_message(exc))
        self.search.focus()

    def on_results_customer_chosen(self, account_no: str) -> None:
        self.open_account(account_no)

    def show_quote(self, quote: Quote) -> None:
        self.quote = quote
        self.left.setCurrentIndex(0)
        self.customer.show_customer(quote.customer)
        self.bills.show_quote(quote)
        self.message.setText(
            self.tr("Ask for a mobile number (F8), then take the payment.")
            if self.customer.needs_phone() else "")
        self._update_payment_enabled()
        if not self.can_pay:
            self.message.setText(self.tr("Look-up only: {reason}").format(reason=self._why_no_payment()))
            self.search.focus()
        else:
            self.payment.start(quote.total_due_fen)
        self.customerShown.emit(quote.customer.account_no)

    def _why_no_payment(self) -> str:
        if self.user is not None and not can(self.user.role, Action.TAKE_PAYMENT):
            return self.tr("your role does not take payments.")
        return self.tr("no shift is open on this counter.")

    # --- keys from the window ------------------------------------------------------------
    def focus_search(self) -> None:
        self._activate()
        self.search.focus()

    def _activate(self) -> None:
        """Make the counter window the active one again after a dialog closed. Window
        managers usually do; where none does (a kiosk X session), the F-keys would stop
        working although typing still reaches the field."""
        window = self.window()
        if self.isVisible() and not window.isActiveWindow():
            window.activateWindow()

    def _focus_payment(self) -> None:
        self._activate()
        self.payment.focus_first()

    def type_ahead(self, text: str) -> None:
        """The cashier started typing the next customer while the last receipt was on screen."""
        if self.busy or self.quote is not None:
            return
        self.focus_search()
        self.search.field.insert(text)

    def set_tender_mode(self, mode: TenderMode) -> None:
        if self.payment.isEnabled():
            self.payment.set_mode(mode)

    def clear_or_back(self) -> None:
        """Esc: from the result list back to the search; otherwise clear for the next customer."""
        if self.busy:
            return
        if self.left.currentIndex() == 1:
            self.left.setCurrentIndex(0)
            self.retranslate()
            self.search.focus()
            return
        self.reset()

    # --- phone -------------------------------------------------------------------------
    def edit_phone(self) -> None:
        customer = self.customer.customer
        if customer is None or self.busy or self.user is None:
            return
        # the counter asked for a check (#14): saving, even the same number, is a verification
        verify = self.customer.needs_phone_check()
        dialog = PhoneDialog(customer, self, verify=verify)
        dialog.phoneEntered.connect(
            lambda phone: self._save_phone(dialog, customer, phone, verify=verify))
        dialog.finished.connect(lambda _r: self._focus_payment() if self.payment.isEnabled() else None)
        self._dialog = dialog
        dialog.open()

    def _save_phone(self, dialog: PhoneDialog, customer: Customer, phone: str, *,
                    verify: bool = False) -> None:
        ctx, user, now = self.ctx, self.user, self.ctx.clock()
        counter_ops.save_phone(dialog, ctx, user=user, account_no=customer.account_no,
                               phone=phone, now=now, verify=verify) \
            .success(lambda updated: self._on_phone_saved(dialog, updated)) \
            .failure(lambda e: dialog.show_error(error_message(e))) \
            .run_in_background()

    def _on_phone_saved(self, dialog: PhoneDialog, updated: Customer) -> None:
        dialog.accept()
        if self.quote is not None and self.quote.customer.account_no == updated.account_no:
            self.quote = replace(self.quote, customer=updated)
            self.customer.show_customer(updated)
            self.message.setText(self.tr("Phone number verified.")
                                 if dialog.verify and updated.phone == dialog.original
                                 else self.tr("Phone number saved."))

    # --- payment -----------------------------------------------------------------------
    def on_payment_submitted(self, draft: PaymentDraft) -> None:
        if self.busy or self.quote is None or not self.can_pay:
            return
        try:
            allocation = allocate(self.quote, draft.amount_fen)
        except DomainError as exc:
            self.payment.show_error(error_message(exc))
            return
        dialog = ConfirmPaymentDialog(customer=self.quote.customer, draft=draft,
                                      allocation=allocation,
                                      total_due_fen=self.quote.total_due_fen, parent=self)
        dialog.accepted.connect(lambda: self._commit(draft))
        dialog.rejected.connect(self._focus_payment)
        self._dialog = dialog
        dialog.open()

    def _commit(self, draft: PaymentDraft, offline_approval=None) -> None:
        quote, user, ctx = self.quote, self.user, self.ctx
        if quote is None or user is None:
            return
        self.busy = True
        self._update_payment_enabled()
        self.message.setText(self.tr("Saving the payment…"))
        now = ctx.clock()
        counter_ops.commit_payment(self, ctx, user=user, account_no=quote.customer.account_no,
                                   draft=draft, now=now, limits=self.offline_limits,
                                   offline_approval=offline_approval) \
            .success(lambda r: self._on_payment_taken(r, quote.customer)) \
            .failure(lambda e: self._on_payment_failed(e, draft)) \
            .run_in_background()

    def _ask_offline_approval(self, exc: Exception, draft: PaymentDraft) -> None:
        """Cards stop when the ledger has been unreachable too long; a supervisor may let
        this one through (the risk is theirs and it is audited), else take cash."""
        from .approval_dialog import ApprovalDialog

        ctx = self.ctx
        dialog = ApprovalDialog(self, store=ctx.store, action=Action.EXCEED_OFFLINE_LIMIT,
                                initiator=self.user, target=offline_target(ctx.terminal_id),
                                terminal_id=ctx.terminal_id, clock=ctx.clock,
                                prompt=error_message(exc) + "\n" + self.tr(
                                    "A supervisor may approve this card payment; otherwise "
                                    "take cash."),
                                reason=self.tr("card payment while the ledger is offline"))
        self.offline_dialog = dialog
        dialog.accepted.connect(lambda: self._commit(draft, offline_approval=dialog.approval))
        dialog.rejected.connect(lambda: self._on_payment_failed(exc))
        dialog.open()

    def _on_payment_taken(self, result, customer: Customer) -> None:
        payment, job_id, receipt = result.payment, result.job_id, result.receipt
        self.busy = False
        self.reset()
        self.receiptQueued.emit(QueuedReceipt(payment, customer, job_id, receipt))
        self.paymentTaken.emit(payment, customer)

    def _on_payment_failed(self, exc: Exception, draft: PaymentDraft | None = None) -> None:
        # Nothing was stored (one transaction); the cashier's input stays for another try.
        if getattr(exc, "code", "") == "payment.offline_card_refused" and draft is not None \
                and self.user is not None:
            self._ask_offline_approval(exc, draft)
            return
        self.busy = False
        self._update_payment_enabled()
        self.message.setText(self.tr("The payment was NOT saved."))
        self.payment.show_error(error_message(exc))
        self.payment.focus_first()
