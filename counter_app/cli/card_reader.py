"""`counter-app card-reader ...`: listen to the customer card reader from a terminal (no Qt)."""

from __future__ import annotations

import argparse
import logging
import queue
import sys
import time
from pathlib import Path
from typing import Any

from ..adapters.card_reader import (
    PROTOCOLS,
    CardReader,
    ReaderSettings,
    ReaderState,
    list_serial_ports,
)
from ..adapters.card_reader.reader import link_log
from ..config import Config, ConfigError

PROG = "counter-app card-reader"
EXIT_OK = 0
EXIT_TIMEOUT = 1
EXIT_PORT = 2  # cannot open the port, no port given, bad settings
EXIT_INTERRUPTED = 130
DESCRIPTION = "Test the customer card reader. Unset options come from the config (card_reader.*)."


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    return value


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `card-reader` command (subcommands `listen`, `ports`) to a subparsers object."""
    parser = subparsers.add_parser(
        "card-reader",
        help="test the customer card reader",
        description=DESCRIPTION,
    )
    _add_commands(parser)
    return parser


def _add_commands(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="card_reader_command", metavar="COMMAND", required=True)
    listen = commands.add_parser(
        "listen",
        help="print each account number read, one per line",
        description="Print each valid account number as it is read, one per line. Exit 0 after "
        f"--count numbers, {EXIT_TIMEOUT} at --timeout, {EXIT_PORT} when the port cannot be opened.",
    )
    listen.add_argument(
        "--port",
        metavar="URL",
        help="pyserial URL: COM3, /dev/ttyUSB0, socket://host:port, loop://",
    )
    listen.add_argument("--protocol", choices=PROTOCOLS)
    listen.add_argument("--baud", type=_positive_int, metavar="N", help="baud rate")
    listen.add_argument("--bytesize", type=int, choices=(5, 6, 7, 8), help="data bits")
    listen.add_argument("--parity", choices=("N", "E", "O", "M", "S"))
    listen.add_argument("--stopbits", type=float, choices=(1.0, 1.5, 2.0))
    listen.add_argument("--count", type=_positive_int, metavar="N", help="exit 0 after N numbers")
    listen.add_argument(
        "--timeout",
        type=_positive_float,
        metavar="SECONDS",
        help=f"exit {EXIT_TIMEOUT} after this long",
    )
    commands.add_parser("ports", help="list the serial ports found on this machine")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = getattr(args, "config_obj", None) or Config()
    if not logging.getLogger().handlers:
        # Dropped frames are logged as warnings: show them on stderr, apart from the numbers.
        logging.basicConfig(
            level=logging.WARNING, format="%(levelname)s %(message)s", stream=sys.stderr
        )
    if args.card_reader_command == "ports":
        return _ports()
    # This command reports the port itself ("cannot open", "disconnected"), in plain words.
    level = link_log.level
    link_log.setLevel(logging.ERROR)
    try:
        return _listen(args, config)
    finally:
        link_log.setLevel(level)


def _error(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def _ports() -> int:
    ports = list_serial_ports()
    if not ports:
        _error("no serial ports found")
    for port in ports:
        print(f"{port.device}\t{port.description}\t{port.vid_pid}\t{port.manufacturer}")
    return EXIT_OK


def _listen(args: argparse.Namespace, config: Config) -> int:
    try:
        settings = ReaderSettings.from_config(config).replace(
            port=args.port,
            protocol=args.protocol,
            baudrate=args.baud,
            bytesize=args.bytesize,
            parity=args.parity,
            stopbits=args.stopbits,
        )
    except ValueError as exc:
        _error(str(exc))
        return EXIT_PORT
    if not settings.port:
        _error("no port: pass --port URL or set card_reader.port in the config")
        return EXIT_PORT

    events: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()
    reader = CardReader(
        settings,
        on_card=lambda account: events.put(("card", account)),
        on_state=lambda state: events.put(("state", state)),
    )
    deadline = time.monotonic() + args.timeout if args.timeout else None
    read = 0
    connected = False
    reader.start()
    try:
        while True:
            wait = 0.5 if deadline is None else deadline - time.monotonic()
            if wait <= 0:
                wanted = f" of {args.count}" if args.count else ""
                _error(
                    f"timed out after {args.timeout:g} s with {read}{wanted} account numbers read"
                )
                return EXIT_TIMEOUT
            try:
                kind, value = events.get(timeout=min(wait, 0.5))
            except queue.Empty:
                continue
            if kind == "card":
                print(value, flush=True)
                read += 1
                if args.count and read >= args.count:
                    return EXIT_OK
            elif value == ReaderState.CONNECTED:
                connected = True
                _error(f"listening on {settings.describe()}")
            elif value == ReaderState.DISCONNECTED:
                if not connected:
                    _error(f"cannot open port {settings.port}: {reader.last_error}")
                    return EXIT_PORT
                _error(f"port {settings.port} disconnected ({reader.last_error}); reopening")
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `... | head -n 1` closed stdout
        return EXIT_OK
    finally:
        reader.stop()


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry: `python -m counter_app.cli.card_reader [--config FILE] listen ...`."""
    parser = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION)
    parser.add_argument(
        "--config", type=Path, metavar="FILE", help="config file (default: built-in defaults)"
    )
    _add_commands(parser)
    args = parser.parse_args(argv)
    if args.config is not None:
        try:
            args.config_obj = Config.load(args.config)
        except ConfigError as exc:
            _error(str(exc))
            return EXIT_PORT
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
