"""The counter's receipt printer: durable jobs printed, the drawer kicked and the status polled,
all on the printer's own thread, so a slow or dead printer never holds up the store or the GUI."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from counter_app.services.print_jobs import PrintJob, PrintService
from hall_domain.payments import Payment
from hall_domain.receipts import Receipt
from hall_domain.security import User

from .operations import devices, receipts
from .operations.receipts import PrintedReceipt

log = logging.getLogger(__name__)

STATUS_POLL_MS = 15_000
PREVIEW = "preview"  # no printer configured: receipts are shown on screen only
PRINTING = "printing"


class ScreenPrinter:
    """The 'printer' when printer.uri is empty: the receipt preview on screen is the copy."""

    def deliver(self, data: bytes) -> None:
        return None


class PrintDesk(QObject):
    """stateChanged(state): a PrinterState value, "preview" or "printing";
    queueChanged(count): jobs pending or failed; jobDone(PrintedReceipt) after every attempt."""

    stateChanged = Signal(str)
    queueChanged = Signal(int)
    jobDone = Signal(object)

    def __init__(self, ctx, *, printer_factory: Callable[[str], object] | None = None,
                 poll_ms: int = STATUS_POLL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx  # bootstrap.CounterApp: its printer driver and print-job store
        self._driver = ctx.printers
        self._factory = printer_factory or self._driver.printer
        # One thread of its own: printer I/O takes seconds when the printer is off; the store
        # pool stays free for the cashier. The store opens a connection per transaction, so
        # the print-job rows can be written from this thread too (WAL, busy timeout).
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._jobs = ctx.print_job_store
        self.service = PrintService(self._jobs, printer_for=self.printer_for,
                                    render=self.render_bytes, clock=ctx.clock)
        self.state = PREVIEW if not self.uri else "unknown"
        self.status_detail = ""
        self.unprinted: list[PrintJob] = []
        self._polling = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll_status)
        self._timer.start()

    # --- configuration -------------------------------------------------------------------
    @property
    def uri(self) -> str:
        return self.ctx.config["printer.uri"]

    def printer_for(self, uri: str):
        return ScreenPrinter() if not uri else self._factory(uri)

    def render_bytes(self, receipt: Receipt) -> bytes:
        cfg = self.ctx.config
        return self._driver.render(receipt, width_mm=cfg["printer.width"],
                                   encoding=cfg["printer.encoding"], profile=cfg["printer.profile"])

    def preview_text(self, receipt: Receipt) -> str:
        cfg = self.ctx.config
        return self._driver.render_text(receipt, width_mm=cfg["printer.width"],
                                        encoding=cfg["printer.encoding"])

    def uri_problem(self, uri: str) -> str | None:
        """None for a usable printer address, else why not (the driver's words)."""
        return self._driver.uri_problem(uri)

    def stop(self) -> None:
        self._timer.stop()

    # --- jobs ----------------------------------------------------------------------------
    def print_job(self, job_id: int, *, printer_uri: str | None = None,
                  then: Callable[[PrintedReceipt], None] | None = None) -> None:
        """Print (or retry) a stored job, optionally on another printer; `then` on the GUI thread."""
        service = self.service
        if printer_uri or self.uri:
            self._set_state(PRINTING)

        def done(result: PrintedReceipt) -> None:
            if not result.outcome.printed:
                log.warning("print job %s failed: %s", job_id, result.outcome.error)
            self.jobDone.emit(result)
            if then is not None:
                then(result)

        receipts.print_job(self, service, job_id, printer_uri=printer_uri).success(done) \
            .failure(lambda e: log.error("print job %s: %s", job_id, e)) \
            .finally_(self._after_print) \
            .run_in_background(self.pool)

    def _after_print(self) -> None:
        self.refresh_queue()
        self.poll_status(force=True)

    def request_reprint(self, payment_uuid: str, *, user: User, supervisor: User | None = None,
                        then: Callable[[PrintedReceipt], None],
                        refused: Callable[[Exception], None]) -> None:
        """Queue a marked copy (the reprint limit applies) and print it."""
        service, cfg, now = self.service, self.ctx.config, self.ctx.clock()
        receipts.request_reprint(self, service, payment_uuid, user=user, supervisor=supervisor,
                                 reprint_limit=cfg["printer.reprint_limit"],
                                 printer_uri=self.uri, now=now) \
            .success(lambda job_id: self.print_job(job_id, then=then)) \
            .failure(refused) \
            .run_in_background()

    def refresh_queue(self) -> None:
        service = self.service
        receipts.unprinted(self, service).success(self._on_queue).run_in_background()

    def _on_queue(self, jobs: list[PrintJob]) -> None:
        self.unprinted = jobs
        self.queueChanged.emit(len(jobs))

    # --- drawer --------------------------------------------------------------------------
    def open_drawer(self, payment: Payment) -> None:
        """Kick the drawer for a committed payment with a cash part (no printer: nothing to kick)."""
        uri = self.uri
        if not uri:
            return
        ctx = self.ctx
        receipts.open_drawer_for_payment(self, ctx.store, lambda: self.printer_for(uri), payment,
                                         pin=ctx.config["printer.drawer_pin"], clock=ctx.clock) \
            .success(lambda o: log.warning("drawer not opened: %s", o.reason)
                     if not o.opened and o.reason != "no cash tender" else None) \
            .run_in_background(self.pool)

    def open_drawer_without_sale(self, *, cashier: User, approver_id: str, reason: str,
                                 then: Callable, failed: Callable[[Exception], None]) -> None:
        """Pulse the drawer after a supervisor's approval (checked by the approvals service)."""
        uri, ctx = self.uri, self.ctx
        receipts.open_drawer_without_sale(
            self, ctx.store, lambda: self.printer_for(uri), pin=ctx.config["printer.drawer_pin"],
            terminal_id=ctx.terminal_id, cashier=cashier, approver_id=approver_id, reason=reason,
            clock=ctx.clock) \
            .success(then).failure(failed).run_in_background(self.pool)

    # --- status --------------------------------------------------------------------------
    def poll_status(self, *, force: bool = False) -> None:
        """DLE EOT on the printer's thread; no answer is "unknown", never "online"."""
        uri = self.uri
        if not uri:
            self._set_state(PREVIEW)
            return
        if self._polling and not force:
            return
        self._polling = True

        def done(result) -> None:
            state, self.status_detail = result
            self._set_state(state)

        devices.poll_status(self, self.printer_for, uri, self._driver.errors).success(done) \
            .failure(lambda e: (setattr(self, "status_detail", str(e)), self._set_state("unknown"))) \
            .finally_(lambda: setattr(self, "_polling", False)) \
            .run_in_background(self.pool)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)
