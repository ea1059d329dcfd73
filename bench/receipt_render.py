"""Receipts: render to ESC/POS bytes (58 and 80 mm, GB18030 and GBK) and deliver over tcp://
to the local test printer (127.0.0.1), against a bare socket round trip as the floor."""

from __future__ import annotations

import socket
import time

from counter_app.adapters.printer import Printer, render
from counter_app.adapters.printer.samples import sample_receipt
from tests.helpers.fake_printer import FakePrinter

from ._common import BenchContext, percentile


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    return {"render_p99_ms": ("<", 5.0)}


def _timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _raw_round_trip(port: int, data: bytes) -> None:
    """The floor: connect, send the job and one status query, read the answer, close."""
    with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
        s.sendall(data + b"\x10\x04\x01")
        s.recv(1)


def run(ctx: BenchContext) -> dict[str, float]:
    n_render = 500 if ctx.quick else 3000
    n_deliver = 100 if ctx.quick else 500
    results: dict[str, float] = {}
    # A reprint of the sample: rare-character name, long address, cash and card, QR.
    receipt = sample_receipt(reprint_count=1)
    render(receipt, width_mm=58, encoding="gb18030")  # warm the glyph cache, as a running app has
    samples: list[float] = []
    for width in (58, 80):
        for enc in ("gb18030", "gbk"):
            samples += _timed(lambda w=width, e=enc: render(receipt, width_mm=w, encoding=e), n_render // 4)
    results["render_p50_ms"] = round(percentile(samples, 50), 3)
    results["render_p99_ms"] = round(percentile(samples, 99), 3)
    data = render(receipt, width_mm=80, encoding="gb18030").data
    results["receipt_bytes_80mm"] = len(data)

    with FakePrinter("online") as fp:
        printer = Printer(fp.uri, status_timeout=0.5, confirm_timeout=2.0)
        deliver = _timed(lambda: printer.deliver(data), n_deliver)
        floor = _timed(lambda: _raw_round_trip(fp.port, data), n_deliver)
        assert len(fp.jobs()) == 2 * n_deliver, "every delivery reached the printer"
    results["deliver_tcp_p50_ms"] = round(percentile(deliver, 50), 3)
    results["deliver_tcp_p99_ms"] = round(percentile(deliver, 99), 3)
    results["raw_socket_p50_ms"] = round(percentile(floor, 50), 3)
    results["deliver_over_raw_p50"] = round(results["deliver_tcp_p50_ms"] / results["raw_socket_p50_ms"], 2)
    return results


if __name__ == "__main__":
    import json
    import tempfile
    from pathlib import Path

    print(json.dumps(run(BenchContext(customers=0, out_dir=Path(tempfile.mkdtemp()), quick=False)), indent=2))
