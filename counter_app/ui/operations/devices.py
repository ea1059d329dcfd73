"""Printer operations of the technician's setup screen and the printer status poll (see
operations/__init__.py). They run on the printer's own pool (`printer_setup.device_pool()`,
`PrintDesk.pool`): a printer that is off answers in seconds, never on the store's thread.
The printer and the page are handed in (built by the screen from the printer driver)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from ..worker import Op


def list_devices(parent: QObject, find: Callable[[], list]) -> Op[list]:
    """Serial ports and USB printers found on this machine."""
    return Op(parent, find)


def printer_profiles(parent: QObject, names: Callable[[], list[str]]) -> Op[list[str]]:
    """The printer model profiles (python-escpos parses its database on first use)."""
    return Op(parent, names)


def read_status(parent: QObject, printer) -> Op[Any]:
    """DLE EOT: the printer's status (raises when it does not answer)."""
    return Op(parent, printer.status)


def print_test_page(parent: QObject, printer, page: Callable[[], bytes]) -> Op[Any]:
    """The test page laid out by `page()` sent to `printer`: its delivery (bytes, status)."""
    return Op(parent, lambda: printer.deliver(page()))


def poll_status(parent: QObject, printer_for: Callable[[str], Any], uri: str,
                unreachable: tuple[type[Exception], ...]) -> Op[tuple[str, str]]:
    """(state, detail) of the printer at `uri`; one that cannot be reached (an `unreachable`
    error) is "offline", never an error."""

    def read() -> tuple[str, str]:
        try:
            status = printer_for(uri).status()
            return str(status.state), status.detail
        except unreachable as exc:  # unreachable, or a bad URI in the config
            return "offline", str(exc)

    return Op(parent, read)
