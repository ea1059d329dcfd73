"""Printer URIs and DLE EOT status answers."""

from __future__ import annotations

import pytest

from counter_app.adapters.printer.status import BadPrinterURI, PrinterState, interpret, valid_answer
from counter_app.adapters.printer.uri import parse_uri
from tests.helpers.fake_printer import ANSWERS


@pytest.mark.parametrize(
    ("text", "scheme", "target", "port", "params"),
    [
        ("tcp://192.168.1.50:9100", "tcp", "192.168.1.50", 9100, {}),
        ("tcp://printer.local", "tcp", "printer.local", 9100, {}),
        ("serial:///dev/ttyUSB0?baudrate=19200&rtscts=1", "serial", "/dev/ttyUSB0", None,
         {"baudrate": "19200", "rtscts": "1"}),
        ("serial://COM3?baudrate=9600", "serial", "COM3", None, {"baudrate": "9600"}),
        ("usb://04B8:0202", "usb", "04b8:0202", None, {}),
        ("file:///tmp/out%20x.bin", "file", "/tmp/out x.bin", None, {}),
        ("cups://Receipt_58", "cups", "Receipt_58", None, {}),
        ("win32://POS-80 Printer", "win32", "POS-80 Printer", None, {}),
    ],
)
def test_valid_uris(text, scheme, target, port, params) -> None:
    u = parse_uri(text)
    assert (u.scheme, u.target, u.port, u.params) == (scheme, target, port, params)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("192.168.1.50", "no scheme"),
        ("lpt://1", "unknown transport"),
        ("tcp://:9100", "no host"),
        ("tcp://host:99999", "bad port"),
        ("serial://", "no port"),
        ("serial:///dev/ttyS0?baudrate=12345", "baudrate"),
        ("serial:///dev/ttyS0?speed=9600", "unknown serial setting"),
        ("usb://epson", "VID:PID"),
        ("cups://", "no printer name"),
    ],
)
def test_invalid_uris_say_why(text: str, message: str) -> None:
    with pytest.raises(BadPrinterURI, match=message):
        parse_uri(text)


@pytest.mark.parametrize(
    ("mode", "state"),
    [
        ("online", PrinterState.ONLINE),
        ("paper_near_end", PrinterState.PAPER_NEAR_END),
        ("paper_out", PrinterState.PAPER_OUT),
        ("offline", PrinterState.OFFLINE),
    ],
)
def test_interpret_answers(mode: str, state: PrinterState) -> None:
    a1, a2, _, a4 = ANSWERS[mode]
    answers = {1: a1, 4: a4} | ({2: a2} if a1 & 0x08 else {})
    assert interpret(answers).state == state


def test_no_answer_or_garbage_is_unknown_not_ok() -> None:
    assert interpret({}).state == PrinterState.UNKNOWN
    assert not valid_answer(0xFF) and not valid_answer(0x00)
    assert interpret({1: 0xFF, 4: 0x12}).state == PrinterState.UNKNOWN


def test_offline_cause_and_can_print() -> None:
    s = interpret({1: 0x1A, 2: 0x16, 4: 0x12})
    assert s.state == PrinterState.OFFLINE and "cover open" in s.detail and not s.can_print
    assert interpret({1: 0x12, 4: 0x1E}).can_print
