"""Printer URIs (DESIGN.md §4): tcp://, serial://, usb://, file://, cups://, win32://."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from .status import BadPrinterURI

SCHEMES = ("tcp", "serial", "usb", "file", "cups", "win32")
DEFAULT_TCP_PORT = 9100
BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
_SERIAL_PARAMS = {"baudrate", "bytesize", "parity", "stopbits", "rtscts", "xonxoff", "dsrdtr"}
_USB_ID = re.compile(r"^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$")


@dataclass(frozen=True, slots=True)
class PrinterURI:
    scheme: str
    target: str  # host, device path, VID:PID, file path or queue name
    port: int | None = None
    params: dict[str, str] = field(default_factory=dict)
    text: str = ""

    def __str__(self) -> str:
        return self.text


def parse_uri(text: str) -> PrinterURI:
    """Parse and check a printer URI; errors say what is wrong and show an example."""
    raw = (text or "").strip()
    if "://" not in raw:
        raise BadPrinterURI(
            f"printer URI {text!r} has no scheme; use e.g. tcp://192.168.1.50:9100, "
            "serial:///dev/ttyUSB0?baudrate=19200, usb://04b8:0202, file:///tmp/out.bin, "
            "cups://Queue or win32://Printer Name"
        )
    scheme, rest = raw.split("://", 1)
    scheme = scheme.lower()
    if scheme not in SCHEMES:
        raise BadPrinterURI(f"printer URI {text!r}: unknown transport {scheme!r}; use one of {', '.join(SCHEMES)}")
    if scheme == "tcp":
        parts = urlsplit(raw)
        if not parts.hostname:
            raise BadPrinterURI(f"printer URI {text!r}: no host; use tcp://host:9100")
        try:
            port = parts.port or DEFAULT_TCP_PORT
        except ValueError as exc:
            raise BadPrinterURI(f"printer URI {text!r}: bad port") from exc
        return PrinterURI("tcp", parts.hostname, port, dict(parse_qsl(parts.query)), raw)
    if scheme == "serial":
        path, _, query = rest.partition("?")
        path = unquote(path)  # serial:///dev/ttyUSB0 -> /dev/ttyUSB0; serial://COM3 -> COM3
        if not path:
            raise BadPrinterURI(f"printer URI {text!r}: no port; use serial:///dev/ttyUSB0?baudrate=19200")
        params = dict(parse_qsl(query))
        unknown = set(params) - _SERIAL_PARAMS
        if unknown:
            raise BadPrinterURI(f"printer URI {text!r}: unknown serial setting(s) {', '.join(sorted(unknown))}")
        baud = params.get("baudrate", "9600")
        if not baud.isdigit() or int(baud) not in BAUDRATES:
            raise BadPrinterURI(f"printer URI {text!r}: baudrate {baud!r} not one of {BAUDRATES}")
        return PrinterURI("serial", path, None, params, raw)
    if scheme == "usb":
        ident = rest.strip("/")
        if not _USB_ID.match(ident):
            raise BadPrinterURI(f"printer URI {text!r}: use usb://VID:PID in hex, e.g. usb://04b8:0202")
        return PrinterURI("usb", ident.lower(), None, {}, raw)
    if scheme == "file":
        path = unquote(urlsplit(raw).path)
        if not path:
            raise BadPrinterURI(f"printer URI {text!r}: use file:///absolute/path")
        return PrinterURI("file", path, None, {}, raw)
    name = unquote(rest).strip("/")
    if not name:
        raise BadPrinterURI(f"printer URI {text!r}: no printer name")
    return PrinterURI(scheme, name, None, {}, raw)
