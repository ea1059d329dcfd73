"""USB printers found through a sysfs tree (a copy of what Linux shows for a usblp printer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.adapters.printer.status import PrinterUnreachable
from counter_app.adapters.printer.transports import FileTransport
from counter_app.adapters.printer.usb import open_usb, scan_sysfs


def make_device(root: Path, name: str, vid: str, pid: str, cls: str, lp: str | None) -> None:
    dev = root / name
    dev.mkdir(parents=True)
    (dev / "idVendor").write_text(vid + "\n")
    (dev / "idProduct").write_text(pid + "\n")
    (dev / "manufacturer").write_text("Xprinter\n")
    (dev / "product").write_text("USB Printer P\n")
    iface = dev / f"{name}:1.0"
    iface.mkdir()
    (iface / "bInterfaceClass").write_text(cls + "\n")
    if lp:
        (iface / "usbmisc" / lp).mkdir(parents=True)
    # /sys/bus/usb/devices lists devices and interfaces side by side, as symlinks.
    (root / iface.name).symlink_to(iface)


def test_scan_finds_printer_class_interfaces_only(tmp_path: Path) -> None:
    make_device(tmp_path, "1-1", "0483", "5743", "07", "lp0")
    make_device(tmp_path, "1-2", "046d", "c52b", "03", None)  # a keyboard receiver (HID)
    found = scan_sysfs(tmp_path, Path("/dev/usb"))
    assert [(p.vid, p.pid, p.device_node, p.uri) for p in found] == [
        ("0483", "5743", "/dev/usb/lp0", "usb://0483:5743")
    ]
    assert found[0].manufacturer == "Xprinter"


def test_open_usb_uses_the_usblp_node(tmp_path: Path) -> None:
    make_device(tmp_path, "1-1", "0483", "5743", "07", "lp3")
    t = open_usb("0483:5743", root=tmp_path, dev_root=Path("/dev/usb"))
    assert isinstance(t, FileTransport) and t.path == "/dev/usb/lp3"


def test_missing_usb_printer_is_unreachable(tmp_path: Path) -> None:
    pytest.importorskip("os")
    try:
        import usb.core  # noqa: F401
    except ImportError:
        with pytest.raises(PrinterUnreachable, match="no USB printer 1234:5678"):
            open_usb("1234:5678", root=tmp_path)
    else:  # pragma: no cover - pyusb installed: the pyusb transport is chosen instead
        assert open_usb("1234:5678", root=tmp_path) is not None
