"""ESC/POS receipt printers: rendering receipts to bytes, transports by URI, status and drawer."""

from .device import Delivery, Printer, open_transport
from .render import COLUMNS, Rendered, render
from .status import (
    BadPrinterURI,
    DeliveryFailed,
    PrinterNotReady,
    PrintError,
    PrinterState,
    PrinterStatus,
    PrinterUnreachable,
)

__all__ = [
    "COLUMNS",
    "BadPrinterURI",
    "Delivery",
    "DeliveryFailed",
    "PrintError",
    "Printer",
    "PrinterNotReady",
    "PrinterState",
    "PrinterStatus",
    "PrinterUnreachable",
    "Rendered",
    "open_transport",
    "render",
]
