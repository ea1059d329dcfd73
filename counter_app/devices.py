"""The devices as bootstrap hands them to the window: the receipt printer's driver, the card
reader's driver and the report documents (PDF), each one object over its adapter package.

The ui never imports a driver module (counter_app.adapters.*): it gets these objects from the
CounterApp (`app.printers`, `app.card_readers`, `app.documents`) through constructors. The
adapter packages are imported on first use (pyserial, reportlab), not when the window opens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


class PrinterDriver:
    """Receipt printers by URI (adapters.printer): open one, render receipts for it, check URIs,
    find connected ones, make a test page."""

    def printer(self, uri: str):
        """A printer for `uri` (services.print_jobs.Printer and services.cash_drawer fit it)."""
        from .adapters.printer import Printer

        return Printer(uri)

    @property
    def errors(self) -> tuple[type[Exception], ...]:
        """What printing raises when the printer cannot take a job (PrintError, bad URI)."""
        from .adapters.printer import PrintError

        return (PrintError, ValueError)

    def render(self, receipt, *, width_mm: int, encoding: str, profile: str) -> bytes:
        """The receipt as ESC/POS bytes for the printer model `profile`."""
        from .adapters.printer import render
        from .adapters.printer.profiles import features_for

        return render(receipt, width_mm=width_mm, encoding=encoding,
                      features=features_for(profile)).data

    def render_text(self, receipt, *, width_mm: int, encoding: str) -> str:
        """The receipt as the printer lays it out, as text (the on-screen preview)."""
        from .adapters.printer.render import render_text

        return render_text(receipt, width_mm=width_mm, encoding=encoding)

    def uri_problem(self, uri: str) -> str | None:
        """None when `uri` is a usable printer address, else why not (English, for the log)."""
        from .adapters.printer.status import BadPrinterURI
        from .adapters.printer.uri import parse_uri

        try:
            parse_uri(uri)
        except BadPrinterURI as exc:
            return str(exc)
        return None

    @property
    def schemes(self) -> tuple[str, ...]:
        from .adapters.printer.uri import SCHEMES

        return tuple(SCHEMES)

    @property
    def default_profile(self) -> str:
        from .adapters.printer.profiles import DEFAULT_PROFILE

        return DEFAULT_PROFILE

    def profile_names(self) -> list[str]:
        from .adapters.printer.profiles import profile_names

        return list(profile_names())

    def serial_ports(self) -> list:
        from .adapters.printer.discovery import serial_ports

        return list(serial_ports())

    def usb_printers(self) -> tuple[list, str]:
        from .adapters.printer.discovery import usb_printers

        return usb_printers()

    def test_page(self, **kwargs: Any):
        """The technician's test receipt (adapters.printer.samples.build_test_page)."""
        from .adapters.printer.samples import build_test_page

        return build_test_page(**kwargs)


class CardReaderDriver:
    """Card readers on a serial port (adapters.card_reader): settings, ports, the reader."""

    def reader(self, *args: Any, **kwargs: Any):
        """A card reader thread (adapters.card_reader.CardReader): (settings, on_event, ...)."""
        from .adapters.card_reader import CardReader

        return CardReader(*args, **kwargs)

    def settings_from_config(self, config: Any):
        from .adapters.card_reader import ReaderSettings

        return ReaderSettings.from_config(config)

    def settings(self, **values: Any):
        from .adapters.card_reader import ReaderSettings

        return ReaderSettings(**values)

    @property
    def protocols(self) -> tuple[str, ...]:
        from .adapters.card_reader import PROTOCOLS

        return tuple(PROTOCOLS)

    def list_ports(self) -> list:
        from .adapters.card_reader import list_serial_ports

        return list(list_serial_ports())

    def frame_kind(self, event: Any) -> str:
        """"decoded", "rejected" or "" for an event of the reader's frame decoder."""
        from .adapters.card_reader import FrameDecoded, FrameRejected

        if isinstance(event, FrameDecoded):
            return "decoded"
        if isinstance(event, FrameRejected):
            return "rejected"
        return ""


class ReportDocuments:
    """Shift documents as PDF files (adapters.reports, reportlab)."""

    def z_report_pdf(self, report, *, out: Path, **kwargs: Any) -> Path:
        from .adapters.reports import z_report_pdf

        return z_report_pdf(report, out=out, **kwargs)

    def deposit_slip_pdf(self, report, *, out: Path, **kwargs: Any) -> Path:
        from .adapters.reports import deposit_slip_pdf

        return deposit_slip_pdf(report, out=out, **kwargs)


def print_job_store(store: Any):
    """services.print_jobs.PrintJobStore over the counter store."""
    from .adapters.storage.print_jobs_repo import SqlitePrintJobStore

    return SqlitePrintJobStore(store)


PrinterFactory = Callable[[str], Any]
