"""Durable print jobs: queued with the payment, printed after COMMIT, retried or redirected,
and never a second unmarked copy: any print after one that may have reached paper is 重打.

The job keeps the receipt as data (JSON), not bytes, so a retry can go to another printer
with another width or code page, and a copy can be marked as a reprint when it is printed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from hall_domain.errors import PermissionDenied
from hall_domain.receipts import Receipt, mark_reprint, receipt_to_json
from hall_domain.security import Action, Role, User, require

from .ports import JobKind, JobState, PrintJob, PrintJobs  # noqa: F401 (also the ui's names)

# Copies of the same document: a reprint is a copy of the receipt; a void slip stands alone.
_FAMILY = {JobKind.RECEIPT: (JobKind.RECEIPT, JobKind.REPRINT), JobKind.REPRINT: (JobKind.RECEIPT, JobKind.REPRINT),
           JobKind.VOID: (JobKind.VOID,), JobKind.TEST: ()}
AFTER_FAULT_NOTE = "打印故障后补打"


class PrintJobStore(Protocol):
    def write(self) -> AbstractContextManager[PrintJobs]: ...
    def read(self) -> AbstractContextManager[PrintJobs]: ...


class JobPrinter(Protocol):
    """adapters.printer.Printer fits: deliver all bytes or raise (with `bytes_sent`)."""

    def deliver(self, data: bytes) -> object: ...


def queue_receipt(jobs: PrintJobs, receipt: Receipt, *, printer_uri: str, now: datetime,
                  kind: JobKind | None = None) -> int:
    """Store a receipt to print; call it inside the payment's own write transaction."""
    if kind is None:
        kind = {"void": JobKind.VOID, "test": JobKind.TEST}.get(receipt.kind.value, JobKind.RECEIPT)
    return jobs.add_print_job(
        payment_uuid=receipt.payment_uuid, kind=kind.value, printer_uri=printer_uri,
        payload=receipt_to_json(receipt).encode("utf-8"), created_at=now,
    )


def queue_slip(store, receipt: Receipt, *, printer_uri: str, now: datetime) -> int:
    """A slip (X/Z report, cash movement) stored as a print job in its own transaction, like
    every receipt; the id of the job to print. `store`: services.ports.CounterStore."""
    with store.write() as tx:
        return queue_receipt(tx.print_jobs, receipt, printer_uri=printer_uri, now=now,
                             kind=JobKind.RECEIPT)


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    job_id: int
    printed: bool
    error: str = ""
    reprint_count: int = 0  # 0: printed as the original
    output_possible: bool = False  # failed after bytes went out: part of a page may exist
    already_printed: bool = False


class PrintService:
    """Prints stored jobs; the payment is never touched, whatever the printer does."""

    def __init__(self, store: PrintJobStore, *, printer_for: Callable[[str], JobPrinter],
                 render: Callable[[Receipt], bytes], clock: Callable[[], datetime]) -> None:
        self._store = store
        self._printer_for = printer_for
        self._render = render
        self._clock = clock
        self._lock = threading.Lock()
        self._in_flight: set[int] = set()

    def job(self, job_id: int) -> PrintJob | None:
        """The stored job (its receipt as it goes out)."""
        with self._store.read() as jobs:
            return jobs.get_print_job(job_id)

    def unprinted(self, *, limit: int = 100) -> list[PrintJob]:
        """Jobs pending or failed, oldest first: what the cashier sees and can retry."""
        with self._store.read() as jobs:
            return jobs.unprinted_jobs(limit=limit)

    def print_job(self, job_id: int, *, printer_uri: str | None = None) -> PrintOutcome:
        """Print (or retry) a job, optionally on another printer. A printed job is not printed
        again: a further copy is a reprint job."""
        with self._lock:
            if job_id in self._in_flight:
                return PrintOutcome(job_id, False, "this job is already being printed")
            self._in_flight.add(job_id)
        try:
            return self._print(job_id, printer_uri)
        finally:
            with self._lock:
                self._in_flight.discard(job_id)

    def _print(self, job_id: int, printer_uri: str | None) -> PrintOutcome:
        with self._store.write() as jobs:
            job = jobs.get_print_job(job_id)
            if job is None:
                raise LookupError(f"no print job {job_id}")
            if job.state == JobState.PRINTED:
                return PrintOutcome(job_id, True, already_printed=True)
            uri = printer_uri or job.printer_uri
            copies = _copies_before(jobs, job)
            receipt = job.receipt
            if copies:
                note = AFTER_FAULT_NOTE if job.partial_prints and job.kind != JobKind.REPRINT else ""
                receipt = mark_reprint(receipt, copies, note=note)
            jobs.start_print_attempt(job_id, printer_uri=uri)
        try:
            self._printer_for(uri).deliver(self._render(receipt))
        except Exception as exc:  # noqa: BLE001 - any printer failure leaves the job to retry
            output = getattr(exc, "bytes_sent", 1) > 0  # unknown: assume paper may have come out
            with self._store.write() as jobs:
                jobs.mark_failed(job_id, error=str(exc) or type(exc).__name__, output_possible=output)
            return PrintOutcome(job_id, False, str(exc), copies, output)
        with self._store.write() as jobs:
            jobs.mark_printed(job_id, at=self._clock())
        return PrintOutcome(job_id, True, reprint_count=copies)

    def request_reprint(self, payment_uuid: str, *, user: User, supervisor: User | None,
                        reprint_limit: int, printer_uri: str, now: datetime) -> int:
        """Queue a copy of a payment's receipt; past `reprint_limit` copies a supervisor approves."""
        require(user, Action.REPRINT_RECEIPT)
        with self._store.write() as jobs:
            history = jobs.print_jobs_for(payment_uuid)
            originals = [j for j in history if j.kind == JobKind.RECEIPT]
            if not originals:
                raise LookupError(f"no stored receipt for payment {payment_uuid}")
            reprints = sum(1 for j in history if j.kind == JobKind.REPRINT)
            if reprints >= reprint_limit and (
                supervisor is None or not supervisor.active or supervisor.role != Role.SUPERVISOR
            ):
                raise PermissionDenied(
                    f"This receipt was reprinted {reprints} times; a supervisor must approve another.",
                    code="permission.reprint_limit", reprints=reprints,
                )
            return jobs.add_print_job(
                payment_uuid=payment_uuid, kind=JobKind.REPRINT.value, printer_uri=printer_uri,
                payload=originals[0].payload, created_at=now,
            )


def _copies_before(jobs: PrintJobs, job: PrintJob) -> int:
    """How many copies of this document may already exist on paper."""
    family = _FAMILY[job.kind]
    if not family or job.payment_uuid is None:
        return 0
    others = [j for j in jobs.print_jobs_for(job.payment_uuid) if j.kind in family and j.id != job.id]
    return (sum(1 for j in others if j.state == JobState.PRINTED)
            + sum(j.partial_prints for j in others) + job.partial_prints)
