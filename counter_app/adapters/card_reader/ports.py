"""Serial ports on this machine (serial.tools.list_ports), and opening a reader port by URL."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import serial
import serial.tools.list_ports

from .settings import ReaderSettings


@dataclass(frozen=True, slots=True)
class PortInfo:
    device: str  # what goes into card_reader.port
    description: str
    vid_pid: str  # "0403:6001", or "" for ports that are not USB
    manufacturer: str
    serial_number: str

    @property
    def label(self) -> str:
        parts = [self.device]
        if self.description:
            parts.append(self.description)
        if self.vid_pid:
            parts.append(f"[{self.vid_pid}]")
        return " ".join(parts)


def _text(value: Any) -> str:
    # pyserial fills unknown fields with None or the string "n/a".
    return "" if value in (None, "n/a") else str(value)


def port_info(info: Any) -> PortInfo:
    """Convert a pyserial ListPortInfo."""
    vid, pid = getattr(info, "vid", None), getattr(info, "pid", None)
    return PortInfo(
        device=info.device,
        description=_text(getattr(info, "description", None)),
        vid_pid=f"{vid:04X}:{pid:04X}" if vid is not None and pid is not None else "",
        manufacturer=_text(getattr(info, "manufacturer", None)),
        serial_number=_text(getattr(info, "serial_number", None)),
    )


def list_serial_ports(
    comports: Callable[[], Iterable[Any]] = serial.tools.list_ports.comports,
) -> list[PortInfo]:
    """Ports found on this machine, sorted by device name; never raises."""
    try:
        found = list(comports())
    except Exception:  # a broken driver must not take the setup screen down
        return []
    return sorted((port_info(p) for p in found), key=lambda p: p.device)


def open_serial(settings: ReaderSettings, *, timeout: float = 0.1) -> serial.SerialBase:
    """Open any pyserial URL (COM3, /dev/ttyUSB0, socket://, rfc2217://, loop://).

    Raises serial.SerialException (or ValueError for an unknown URL scheme) when it cannot.
    """
    return serial.serial_for_url(
        settings.port,
        baudrate=settings.baudrate,
        bytesize=settings.bytesize,
        parity=settings.parity,
        stopbits=settings.pyserial_stopbits,
        timeout=timeout,
    )
