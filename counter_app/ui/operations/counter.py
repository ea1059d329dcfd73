"""Look-up and payment operations of the counter page (see operations/__init__.py).

The work itself is the page's worker-side look-up (`counter_page.run_lookup`, imported when
the operation runs: the page imports this module) or a service call (the payment:
services.counter_payment.take_counter_payment).
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QObject

from counter_app.services import contacts, payments
from counter_app.services.counter_payment import take_counter_payment
from hall_domain.accounts import Customer
from hall_domain.allocation import Quote
from hall_domain.receipts import ReceiptContext
from hall_domain.security import User

from ..worker import Op


def search(parent: QObject, ctx, query: str, *, on: date) -> Op:
    """Customers matching `query` with what each owes on `on` (a counter_page.LookupResult)."""
    from ..counter_page import run_lookup

    return Op(parent, lambda: run_lookup(ctx.store, query, on=on, rules=ctx.rules,
                                         account_length=ctx.account_length))


def open_account(parent: QObject, ctx, account_no: str, *, on: date) -> Op[Quote]:
    """The quote (bills, late fees, total due on `on`) of one account."""
    return Op(parent, lambda: payments.quote_account(ctx.store, account_no, on=on,
                                                     rules=ctx.rules))


def commit_payment(parent: QObject, ctx, *, user: User, account_no: str, draft, now: datetime,
                   limits=None, offline_approval=None) -> Op:
    """The payment and its receipt's print job, in one transaction (with the offline
    approval it uses up, if any): services.counter_payment.take_counter_payment."""
    cfg = ctx.config
    receipt_context = ReceiptContext(
        hall_name=cfg["terminal.hall_name"], hall_address=cfg["terminal.hall_address"],
        cashier_name=user.name, footer=cfg["printer.footer"])
    return Op(parent, lambda: take_counter_payment(
        ctx.store, sync_store=ctx.sync_store, limits=limits, terminal_id=ctx.terminal_id,
        user=user, account_no=account_no, amount_fen=draft.amount_fen, tenders=draft.tenders,
        now=now, rules=ctx.rules, receipt_context=receipt_context,
        printer_uri=cfg["printer.uri"], max_fen=ctx.max_payment_fen,
        change_rounding=ctx.change_rounding, offline_approval=offline_approval))


def save_phone(parent: QObject, ctx, *, user: User, account_no: str, phone: str,
               now: datetime, verify: bool = False) -> Op[Customer]:
    return Op(parent, lambda: contacts.update_phone(ctx.store, terminal_id=ctx.terminal_id,
                                                    user=user, account_no=account_no,
                                                    phone=phone, now=now, verify=verify))
