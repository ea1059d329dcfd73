"""USB printers: found by VID:PID through sysfs (Linux usblp, /dev/usb/lpN) or pyusb when installed.

The kernel's usblp driver is preferred on Linux: it needs no libusb, no detaching of a kernel
driver and no udev rule beyond the usual `lp` group. pyusb (optional, not a dependency) is
the fallback for systems without usblp, e.g. Windows with a WinUSB driver.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .status import DeliveryFailed, PrinterUnreachable, valid_answer
from .transports import FileTransport

SYS_USB = Path("/sys/bus/usb/devices")
PRINTER_CLASS = "07"


@dataclass(frozen=True, slots=True)
class UsbPrinter:
    vid: str
    pid: str
    manufacturer: str
    product: str
    device_node: str  # /dev/usb/lpN, or "" when no usblp node is bound

    @property
    def uri(self) -> str:
        return f"usb://{self.vid}:{self.pid}"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def scan_sysfs(root: Path = SYS_USB, dev_root: Path = Path("/dev/usb")) -> list[UsbPrinter]:
    """USB devices with a printer-class interface (bInterfaceClass 07), and their lp node."""
    found: dict[tuple[str, str, str], UsbPrinter] = {}
    if not root.is_dir():
        return []
    for iface in sorted(root.iterdir()):
        if ":" not in iface.name or _read(iface / "bInterfaceClass") != PRINTER_CLASS:
            continue
        device = iface.parent if (iface.parent / "idVendor").exists() else root / iface.name.split(":")[0]
        vid, pid = _read(device / "idVendor").lower(), _read(device / "idProduct").lower()
        if not vid or not pid:
            continue
        node = ""
        usbmisc = iface / "usbmisc"
        if usbmisc.is_dir():
            names = sorted(p.name for p in usbmisc.iterdir())
            if names:
                node = str(dev_root / names[0])
        key = (vid, pid, device.name)
        found[key] = UsbPrinter(vid, pid, _read(device / "manufacturer"), _read(device / "product"), node)
    return list(found.values())


def pyusb_printers() -> list[UsbPrinter] | None:
    """Printer-class devices seen by pyusb; None when pyusb (or a libusb backend) is missing."""
    try:
        import usb.core  # type: ignore[import-not-found]
    except ImportError:
        return None
    out = []
    try:
        for dev in usb.core.find(find_all=True):
            if any(i.bInterfaceClass == 7 for cfg in dev for i in cfg):
                out.append(UsbPrinter(f"{dev.idVendor:04x}", f"{dev.idProduct:04x}", "", "", ""))
    except Exception:  # noqa: BLE001 - no backend, no permission: nothing found that way
        return None
    return out


def open_usb(ident: str, *, root: Path = SYS_USB, dev_root: Path = Path("/dev/usb")):
    vid, pid = ident.split(":")
    for p in scan_sysfs(root, dev_root):
        if (p.vid, p.pid) == (vid, pid) and p.device_node:
            return FileTransport(p.device_node, label=f"usb {ident}")
    try:
        import usb.core  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        raise PrinterUnreachable(
            f"no USB printer {ident} found (no usblp device node, and pyusb is not installed)"
        ) from None
    return PyUsbTransport(int(vid, 16), int(pid, 16))


class PyUsbTransport:
    """Bulk OUT/IN endpoints of the printer interface through pyusb (untested here: no hardware)."""

    def __init__(self, vid: int, pid: int, *, timeout_ms: int = 5000) -> None:
        self.vid, self.pid, self.timeout_ms = vid, pid, timeout_ms
        self.description = f"usb {vid:04x}:{pid:04x} (pyusb)"
        self.dev = self.ep_out = self.ep_in = None

    def open(self) -> None:
        import usb.core  # type: ignore[import-not-found]
        import usb.util  # type: ignore[import-not-found]

        dev = usb.core.find(idVendor=self.vid, idProduct=self.pid)
        if dev is None:
            raise PrinterUnreachable(f"no USB printer {self.vid:04x}:{self.pid:04x} connected")
        try:
            if os.name != "nt" and dev.is_kernel_driver_active(0):
                dev.detach_kernel_driver(0)
            intf = dev.get_active_configuration()[(0, 0)]
        except usb.core.USBError as exc:
            raise PrinterUnreachable(f"cannot claim USB printer: {exc}") from exc
        match = usb.util.endpoint_direction
        self.ep_out = usb.util.find_descriptor(intf, custom_match=lambda e: match(e.bEndpointAddress) == usb.util.ENDPOINT_OUT)
        self.ep_in = usb.util.find_descriptor(intf, custom_match=lambda e: match(e.bEndpointAddress) == usb.util.ENDPOINT_IN)
        if self.ep_out is None:
            raise PrinterUnreachable("USB printer has no OUT endpoint")
        self.dev = dev

    def close(self) -> None:
        if self.dev is not None:
            import usb.util  # type: ignore[import-not-found]

            usb.util.dispose_resources(self.dev)
            self.dev = None

    def write(self, data: bytes) -> int:
        import usb.core  # type: ignore[import-not-found]

        try:
            n = self.ep_out.write(data, self.timeout_ms)
        except usb.core.USBError as exc:
            raise DeliveryFailed(f"USB write failed: {exc}") from exc
        if n != len(data):
            raise DeliveryFailed(f"only {n} of {len(data)} bytes went to the USB printer", bytes_sent=n)
        return n

    def query(self, n: int, timeout: float) -> int | None:
        import usb.core  # type: ignore[import-not-found]

        from .escpos import status_query

        if self.ep_in is None:
            return None
        try:
            self.ep_out.write(status_query(n), self.timeout_ms)
            for b in self.ep_in.read(64, int(timeout * 1000)):
                if valid_answer(b):
                    return b
        except usb.core.USBError:
            return None
        return None

    def confirm(self, timeout: float) -> tuple[bool, int | None]:
        answer = self.query(1, timeout)
        return answer is not None, answer
