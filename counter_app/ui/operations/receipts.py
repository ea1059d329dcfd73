"""Receipt operations: the last receipt for F9, printing a stored job, a reprint, the print
queue (see operations/__init__.py). Printing runs on the printer's own pool (PrintDesk.pool),
the rest on the store thread."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject

from counter_app.services import lookup, payments
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


def print_job(parent: QObject, service: PrintService, jobs, job_id: int, *,
              printer_uri: str | None = None) -> Op[PrintedReceipt]:
    """Print (or retry) a stored job, optionally on another printer; the receipt as it went
    out comes back with the outcome. `jobs` is the print-job store the service writes."""

    def work() -> PrintedReceipt:
        outcome = service.print_job(job_id, printer_uri=printer_uri)
        with jobs.read() as tx:  # the receipt as it went out, for the preview
            job = tx.get_print_job(job_id)
        receipt = job.receipt
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
