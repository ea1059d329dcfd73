"""The tcp:// transport against a printer on 127.0.0.1 that records bytes and answers DLE EOT."""

from __future__ import annotations

import time

import pytest

from counter_app.adapters.printer import (
    DeliveryFailed,
    Printer,
    PrinterNotReady,
    PrinterState,
    PrinterUnreachable,
    render,
)
from counter_app.adapters.printer.samples import sample_receipt
from tests.helpers.escpos_decoder import decode
from tests.helpers.fake_printer import FakePrinter, refused_port

JOB = render(sample_receipt(), width_mm=58, encoding="gb18030").data


def printer(uri: str) -> Printer:
    return Printer(uri, status_timeout=0.3, confirm_timeout=0.6, connect_timeout=1.0)


def test_online_printer_gets_every_byte_in_order() -> None:
    with FakePrinter("online") as fp:
        d = printer(fp.uri).deliver(JOB)
        assert d.bytes_sent == len(JOB) and d.confirmed and d.status.state == PrinterState.ONLINE
        [conn] = fp.jobs()
    # status queries before and after, the job itself byte for byte in between
    assert conn == b"\x10\x04\x01\x10\x04\x04" + JOB + b"\x10\x04\x01"
    doc = decode(conn, encoding="gb18030", columns=32)
    assert doc.errors == [] and doc.status_queries == [1, 4, 1]
    assert doc.cuts == ["partial"] and "合计" in "".join(doc.texts)


def test_paper_near_end_still_prints() -> None:
    with FakePrinter("paper_near_end") as fp:
        d = printer(fp.uri).deliver(JOB)
        assert d.status.state == PrinterState.PAPER_NEAR_END
        assert JOB in fp.received


@pytest.mark.parametrize(("mode", "state"), [("paper_out", PrinterState.PAPER_OUT), ("offline", PrinterState.OFFLINE)])
def test_not_ready_printer_gets_nothing(mode: str, state: PrinterState) -> None:
    with FakePrinter(mode) as fp:
        p = printer(fp.uri)
        assert p.status().state == state
        with pytest.raises(PrinterNotReady) as err:
            p.deliver(JOB)
        assert err.value.bytes_sent == 0 and err.value.status.state == state
        # only the status queries reached the printer: nothing was printed
        assert decode(fp.received, encoding="gb18030").lines == []


def test_silent_printer_is_unknown_yet_delivery_is_confirmed_by_orderly_close() -> None:
    with FakePrinter("silent") as fp:
        p = printer(fp.uri)
        t0 = time.monotonic()
        assert p.status().state == PrinterState.UNKNOWN
        assert time.monotonic() - t0 < 1.5  # short timeout, not a hang
        d = p.deliver(JOB)
        assert d.status.state == PrinterState.UNKNOWN and d.confirmed
        assert JOB in fp.received


def test_connection_refused() -> None:
    p = printer(f"tcp://127.0.0.1:{refused_port()}")
    with pytest.raises(PrinterUnreachable, match="connection refused") as err:
        p.deliver(JOB)
    assert err.value.bytes_sent == 0


def test_reset_mid_job_is_a_failure_with_bytes_sent() -> None:
    with FakePrinter("reset", reset_after=200) as fp:
        with pytest.raises(DeliveryFailed) as err:
            printer(fp.uri).deliver(JOB, check_status=False)
        assert err.value.bytes_sent > 0  # part of the page may be on paper
        assert len(fp.received) == 200


def test_paper_running_out_during_the_job_is_a_failure() -> None:
    with FakePrinter("online", stop_answering_after_bytes=500) as fp:
        with pytest.raises(DeliveryFailed, match="offline during the job") as err:
            printer(fp.uri).deliver(JOB)
        assert err.value.bytes_sent == len(JOB)
        assert err.value.status.state == PrinterState.PAPER_OUT


def test_drawer_pulse_on_configured_pin() -> None:
    with FakePrinter("online") as fp:
        printer(fp.uri).pulse_drawer(5)
        doc = decode(fp.received, encoding="gbk")
    assert [(p.pin, p.realtime) for p in doc.pulses] == [(5, False)]


def test_drawer_pulse_when_paper_out_is_real_time() -> None:
    with FakePrinter("paper_out") as fp:
        printer(fp.uri).pulse_drawer(2)
        doc = decode(fp.received, encoding="gbk")
    assert [(p.pin, p.realtime) for p in doc.pulses] == [(2, True)]
