"""Printer status from DLE EOT answers (ESC/POS real-time status), and the errors of delivery."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class PrinterState(enum.StrEnum):
    ONLINE = "online"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    OFFLINE = "offline"
    UNKNOWN = "unknown"  # no answer: the transport cannot read, or the printer did not reply


STATE_TEXT = {
    PrinterState.ONLINE: "在线 online",
    PrinterState.PAPER_NEAR_END: "纸将尽 paper near end",
    PrinterState.PAPER_OUT: "缺纸 paper out",
    PrinterState.OFFLINE: "离线 offline",
    PrinterState.UNKNOWN: "状态未知 unknown",
}


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    state: PrinterState
    detail: str = ""
    raw: dict[int, int] = field(default_factory=dict)  # DLE EOT n -> answer byte

    @property
    def can_print(self) -> bool:
        """Paper out or offline: do not send (the job would sit in the buffer or be lost)."""
        return self.state not in (PrinterState.PAPER_OUT, PrinterState.OFFLINE)

    def describe(self) -> str:
        return STATE_TEXT[self.state] + (f" ({self.detail})" if self.detail else "")


UNKNOWN = PrinterStatus(PrinterState.UNKNOWN)


def valid_answer(b: int) -> bool:
    """Every DLE EOT answer has bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0."""
    return (b & 0x93) == 0x12


def interpret(answers: dict[int, int]) -> PrinterStatus:
    """State from the answers to DLE EOT 1 (printer), 2 (offline cause), 4 (paper sensor)."""
    raw = {n: b for n, b in answers.items() if b is not None and valid_answer(b)}
    if 1 not in raw:
        return PrinterStatus(PrinterState.UNKNOWN, "no answer to DLE EOT 1", raw)
    offline = bool(raw[1] & 0x08)
    paper = raw.get(4)
    cause = raw.get(2, 0)
    if (paper is not None and paper & 0x60) or cause & 0x20:
        return PrinterStatus(PrinterState.PAPER_OUT, "", raw)
    if offline:
        why = []
        if cause & 0x04:
            why.append("cover open 机盖打开")
        if cause & 0x40:
            why.append("error 故障")
        if cause & 0x08:
            why.append("feed button 走纸键")
        return PrinterStatus(PrinterState.OFFLINE, ", ".join(why), raw)
    if paper is not None and paper & 0x0C:
        return PrinterStatus(PrinterState.PAPER_NEAR_END, "", raw)
    if paper is None:
        return PrinterStatus(PrinterState.ONLINE, "paper sensor not read", raw)
    return PrinterStatus(PrinterState.ONLINE, "", raw)


class PrintError(Exception):
    """Delivery failed. `bytes_sent` > 0 means part of the job may be on paper."""

    def __init__(self, message: str, *, bytes_sent: int = 0, status: PrinterStatus | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.bytes_sent = bytes_sent
        self.status = status

    def __str__(self) -> str:
        return self.message


class PrinterUnreachable(PrintError):
    """Could not connect or open the device: nothing was sent."""


class PrinterNotReady(PrintError):
    """The printer said paper out or offline before anything was sent."""


class DeliveryFailed(PrintError):
    """The connection broke or a write was short: the job is not known to be complete."""


class BadPrinterURI(ValueError):
    """The printer URI is malformed or names an unsupported transport."""
