"""Printing through a spooler: CUPS (`lp -o raw`) on Linux, the Windows spooler (RAW datatype)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from .status import DeliveryFailed, PrinterState, PrinterStatus, PrinterUnreachable


class CupsTransport:
    """`lp -d Queue -o raw`: success means CUPS accepted the whole job, not that it printed;
    CUPS knows no paper sensor, so status is offline (queue disabled) or unknown."""

    def __init__(self, queue: str, *, lp: str = "lp", lpstat: str = "lpstat", timeout: float = 15.0) -> None:
        self.queue, self.lp, self.lpstat, self.timeout = queue, lp, lpstat, timeout
        self.description = f"cups {queue}"

    def open(self) -> None:
        if shutil.which(self.lp) is None:
            raise PrinterUnreachable(f"`{self.lp}` not found: install cups-client to print to CUPS queues")

    def close(self) -> None:
        pass

    def write(self, data: bytes) -> int:
        try:
            done = subprocess.run(
                [self.lp, "-d", self.queue, "-o", "raw", "-t", "Hall Counter receipt"],
                input=data, capture_output=True, timeout=self.timeout, check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DeliveryFailed(f"lp failed for queue {self.queue}: {exc}") from exc
        if done.returncode != 0:
            msg = done.stderr.decode(errors="replace").strip() or f"exit code {done.returncode}"
            raise DeliveryFailed(f"CUPS refused the job for {self.queue}: {msg}")
        return len(data)

    def query(self, n: int, timeout: float) -> int | None:
        return None

    def confirm(self, timeout: float) -> tuple[bool, int | None]:
        return False, None  # queued, not known to be printed

    def spooler_status(self) -> PrinterStatus | None:
        try:
            done = subprocess.run([self.lpstat, "-p", self.queue], capture_output=True, text=True, timeout=5, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        if done.returncode != 0:
            return PrinterStatus(PrinterState.OFFLINE, f"CUPS: {done.stderr.strip() or 'no such queue'}")
        if "disabled" in done.stdout:
            return PrinterStatus(PrinterState.OFFLINE, "CUPS queue disabled")
        return None


class Win32Transport:
    """The Windows spooler with the RAW datatype (pywin32). Only on Windows; untested here."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.description = f"win32 {name}"
        self.handle = None

    def open(self) -> None:
        if sys.platform != "win32":
            raise PrinterUnreachable("win32:// printers work only on Windows")
        try:
            import win32print  # type: ignore[import-not-found]
        except ImportError as exc:
            raise PrinterUnreachable("win32:// needs pywin32 (pip install pywin32)") from exc
        try:
            self.handle = win32print.OpenPrinter(self.name)
        except Exception as exc:  # noqa: BLE001 - pywintypes.error
            raise PrinterUnreachable(f"cannot open Windows printer {self.name!r}: {exc}") from exc

    def close(self) -> None:
        if self.handle is not None:
            import win32print  # type: ignore[import-not-found]

            win32print.ClosePrinter(self.handle)
            self.handle = None

    def write(self, data: bytes) -> int:
        import win32print  # type: ignore[import-not-found]

        try:
            win32print.StartDocPrinter(self.handle, 1, ("Hall Counter receipt", None, "RAW"))
            try:
                win32print.StartPagePrinter(self.handle)
                n = win32print.WritePrinter(self.handle, data)
                win32print.EndPagePrinter(self.handle)
            finally:
                win32print.EndDocPrinter(self.handle)
        except Exception as exc:  # noqa: BLE001 - pywintypes.error
            raise DeliveryFailed(f"Windows spooler refused the job: {exc}") from exc
        if n != len(data):
            raise DeliveryFailed(f"spooler took {n} of {len(data)} bytes", bytes_sent=n)
        return n

    def query(self, n: int, timeout: float) -> int | None:
        return None

    def confirm(self, timeout: float) -> tuple[bool, int | None]:
        return False, None
