"""Receipt operations: the last receipt for F9, printing a stored job, a reprint, the print
queue (see operations/__init__.py). Printing runs on the printer's own pool (PrintDesk.pool),
the rest on the store thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject

from counter_app.services import auth, cash_drawer, lookup, payments
from counter_app.services.print_jobs import PrintJob, PrintOutcome, PrintService
from hall_domain.accounts import Customer
from hall_domain.payments import Payment
from hall_domain.receipts import Receipt, mark_reprint
from hall_domain.security import User

from ..worker import Op


@dataclass(frozen=True, slots=True)
class PrintedReceipt:
    """A job's outcome with the receipt as it went out (marked when it was a copy)."""

    outcome: PrintOutcome
    receipt: Receipt


def last_receipt(parent: QObject, store, *, terminal_id: str,
                 account_length: int) -> Op[tuple[Payment | None, Customer | None]]:
    """This counter's last payment and its customer, or (None, None)."""

    def fetch():
        payment = payments.last_payment(store, terminal_id=terminal_id)
        if payment is None:
            return None, None
        found = lookup.find_customers(store, payment.account_no, limit=1,
                                      account_length=account_length)
        return payment, (found[0] if found else None)

    return Op(parent, fetch)


def print_job(parent: QObject, service: PrintService, job_id: int, *,
              printer_uri: str | None = None) -> Op[PrintedReceipt]:
    """Print (or retry) a stored job, optionally on another printer; the receipt as it went
    out comes back with the outcome."""

    def work() -> PrintedReceipt:
        outcome = service.print_job(job_id, printer_uri=printer_uri)
        receipt = service.job(job_id).receipt  # as it went out, for the preview
        if outcome.reprint_count:
            receipt = mark_reprint(receipt, outcome.reprint_count)
        return PrintedReceipt(outcome, receipt)

    return Op(parent, work)


def request_reprint(parent: QObject, service: PrintService, payment_uuid: str, *, user: User,
                    supervisor: User | None, reprint_limit: int, printer_uri: str,
                    now) -> Op[int]:
    """Queue a marked copy of a payment's receipt (the reprint limit applies): the job id."""
    return Op(parent, lambda: service.request_reprint(
        payment_uuid, user=user, supervisor=supervisor, reprint_limit=reprint_limit,
        printer_uri=printer_uri, now=now))


def unprinted(parent: QObject, service: PrintService) -> Op[list[PrintJob]]:
    """Jobs pending or failed (the print queue, Ctrl+P)."""
    return Op(parent, service.unprinted)


def open_drawer_for_payment(parent: QObject, store, printer: Callable[[], Any],
                            payment: Payment, *, pin: int, clock: Callable[[], Any]) -> Op:
    """Kick the drawer for a committed payment with a cash part: the drawer's outcome.
    `printer()` is made and `clock()` read on the printer's thread, when it runs."""
    return Op(parent, lambda: cash_drawer.open_for_payment(store, printer(), payment, pin=pin,
                                                           now=clock()))


def open_drawer_without_sale(parent: QObject, store, printer: Callable[[], Any], *, pin: int,
                             terminal_id: str, cashier: User, approver_id: str, reason: str,
                             clock: Callable[[], Any]) -> Op:
    """Pulse the drawer after a supervisor's approval (checked again by the service)."""

    def work():
        supervisor = next((u for u in auth.list_users(store) if u.user_id == approver_id), None)
        return cash_drawer.open_without_sale(
            store, printer(), pin=pin, terminal_id=terminal_id, cashier=cashier,
            supervisor=supervisor, reason=reason, now=clock())

    return Op(parent, work)
