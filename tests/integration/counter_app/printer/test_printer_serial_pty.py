"""serial:// over a pseudo-terminal: the test holds the printer's end and answers DLE EOT."""

from __future__ import annotations

import os
import select
import threading
import time
import tty

import pytest

from counter_app.adapters.printer import Printer, PrinterState, render
from counter_app.adapters.printer.samples import sample_receipt
from tests.helpers.escpos_decoder import decode
from tests.helpers.waiting import wait_until


class PtyPrinter:
    """The far end of a pty pair acting as a serial receipt printer."""

    def __init__(self, answer: int | None) -> None:
        self.master, slave = os.openpty()
        tty.setraw(self.master)
        self.path = os.ttyname(slave)
        os.close(slave)  # pyserial opens it again by name
        self.answer = answer
        self.data = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PtyPrinter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        os.close(self.master)

    def _run(self) -> None:
        deadline = time.monotonic() + 30
        while not self._stop.is_set() and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:  # slave side closed: EIO on Linux; until it reopens (or we stop)
                self._stop.wait(0.01)
                continue
            self.data += chunk
            if self.answer is not None:
                for _ in range(chunk.count(b"\x10\x04")):
                    os.write(self.master, bytes([self.answer]))


@pytest.mark.parametrize("enc", ["gb18030", "gbk"])
def test_receipt_over_serial(enc: str) -> None:
    job = render(sample_receipt(), width_mm=80, encoding=enc).data
    with PtyPrinter(answer=0x12) as pp:
        p = Printer(f"serial://{pp.path}?baudrate=115200", status_timeout=0.5, confirm_timeout=1.0)
        d = p.deliver(job)
        wait_until(lambda: job in bytes(pp.data), 5)
    assert d.bytes_sent == len(job) and d.confirmed and d.status.state == PrinterState.ONLINE
    doc = decode(bytes(pp.data), encoding=enc, columns=48)
    assert doc.errors == [] and doc.cuts == ["partial"]
    assert doc.texts[doc.index_of("合计")].endswith("￥250.00")


def test_serial_printer_that_never_answers_is_unknown() -> None:
    with PtyPrinter(answer=None) as pp:
        p = Printer(f"serial://{pp.path}?baudrate=9600", status_timeout=0.2)
        assert p.status().state == PrinterState.UNKNOWN


def test_missing_serial_port_is_unreachable() -> None:
    from counter_app.adapters.printer import PrinterUnreachable

    with pytest.raises(PrinterUnreachable, match="cannot open serial port"):
        Printer("serial:///dev/ttyNOPE9?baudrate=9600").deliver(b"x")
