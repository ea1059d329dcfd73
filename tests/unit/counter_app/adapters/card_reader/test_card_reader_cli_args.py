"""The card-reader command registered into a parser like counter_app.cli's (no Qt, no device)."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from counter_app.cli import card_reader as cli_card_reader
from counter_app.config import Config


def lead_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="counter-app")
    parser.add_argument("--data-dir")
    parser.add_argument("--config")
    cli_card_reader.register(parser.add_subparsers(dest="command"))
    return parser


def test_register_adds_listen_with_its_options():
    args = lead_parser().parse_args(
        [
            "--config",
            "c.toml",
            "card-reader",
            "listen",
            "--port",
            "socket://127.0.0.1:7000",
            "--protocol",
            "stx-etx",
            "--baud",
            "19200",
            "--count",
            "2",
            "--timeout",
            "1.5",
        ]
    )
    assert args.func is cli_card_reader.run
    assert (
        args.card_reader_command,
        args.port,
        args.protocol,
        args.baud,
        args.count,
        args.timeout,
    ) == ("listen", "socket://127.0.0.1:7000", "stx-etx", 19200, 2, 1.5)
    assert args.bytesize is None and args.parity is None  # unset: taken from the config


@pytest.mark.parametrize(
    "bad",
    [
        ["--count", "0"],
        ["--timeout", "-1"],
        ["--timeout", "soon"],
        ["--protocol", "wiegand"],
        ["--baud", "x"],
    ],
)
def test_bad_options_are_refused_by_argparse(bad, capsys):
    with pytest.raises(SystemExit) as exc:
        lead_parser().parse_args(["card-reader", "listen", *bad])
    assert exc.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_run_takes_unset_options_from_config_obj(capsys):
    args = lead_parser().parse_args(["card-reader", "listen", "--timeout", "0.3"])
    args.config_obj = Config({"card_reader.port": "loop://", "card_reader.protocol": "stx-etx"})
    assert cli_card_reader.run(args) == cli_card_reader.EXIT_TIMEOUT
    err = capsys.readouterr().err
    assert "listening on loop:// stx-etx 9600 8N1" in err
    assert "timed out after 0.3 s with 0 account numbers read" in err


def test_run_without_config_obj_uses_defaults_where_no_port_is_set(capsys):
    args = lead_parser().parse_args(["card-reader", "listen"])
    assert cli_card_reader.run(args) == cli_card_reader.EXIT_PORT
    assert "no port" in capsys.readouterr().err


def test_ports_lists_one_port_per_line(monkeypatch, capsys):
    from counter_app.adapters.card_reader import PortInfo

    found = [PortInfo("/dev/ttyUSB0", "USB-Serial Controller", "067B:2303", "Prolific", "")]
    monkeypatch.setattr(cli_card_reader, "list_serial_ports", lambda: found)
    args = lead_parser().parse_args(["card-reader", "ports"])
    assert cli_card_reader.run(args) == 0
    assert capsys.readouterr().out == "/dev/ttyUSB0\tUSB-Serial Controller\t067B:2303\tProlific\n"


def test_command_module_imports_no_qt():
    code = (
        "import sys, counter_app.cli.card_reader; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
