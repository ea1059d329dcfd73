"""What the technician can choose from: serial ports (pyserial) and USB printers (sysfs or pyusb)."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from .usb import UsbPrinter, pyusb_printers, scan_sysfs


@dataclass(frozen=True, slots=True)
class SerialPort:
    device: str
    description: str
    hwid: str

    @property
    def uri(self) -> str:
        # /dev/ttyUSB0 -> serial:///dev/ttyUSB0; COM3 -> serial://COM3
        return f"serial://{self.device}?baudrate=9600"


def serial_ports() -> list[SerialPort]:
    from serial.tools import list_ports

    return [SerialPort(p.device, p.description or "", p.hwid or "") for p in sorted(list_ports.comports())]


def usb_printers() -> tuple[list[UsbPrinter], str]:
    """USB printers and how they were found: "sysfs" on Linux, else "pyusb", else "none"."""
    if sys.platform.startswith("linux"):
        return scan_sysfs(), "sysfs (/sys/bus/usb/devices, printer class 07)"
    found = pyusb_printers()
    if found is None:
        return [], "none (pyusb not installed)"
    return found, "pyusb"
