"""`counter-app printer list|test|sample-receipt`: find, test and try printers without the GUI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..adapters.printer import Printer, PrintError, render
from ..adapters.printer.discovery import serial_ports, usb_printers
from ..adapters.printer.profiles import features_for
from ..adapters.printer.render import COLUMNS
from ..adapters.printer.status import BadPrinterURI, PrinterNotReady, PrinterState
from ..config import Config, ConfigError
from .text import tr

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NOT_READY = 0, 1, 2, 3


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `printer` command to a parent parser's subparsers."""
    p = subparsers.add_parser("printer", help="receipt printer: list, test page, sample receipt")
    sub = p.add_subparsers(dest="printer_command", required=True, metavar="{list,test,sample-receipt,status}")
    sub.add_parser("list", help="serial ports and USB printers found on this computer")
    for name, help_text in (
        ("test", "print the test page (Chinese and English, ruler, ¥, full-width digits, QR, cut)"),
        ("sample-receipt", "print a receipt for a demo payment (rare-character name, long address)"),
        ("status", "read the printer's status (DLE EOT)"),
    ):
        s = sub.add_parser(name, help=help_text)
        s.add_argument("--printer", metavar="URI", help="e.g. tcp://192.168.1.50:9100 (default: printer.uri)")
        s.add_argument("--width", type=int, choices=(58, 80), help="paper width in mm (default: printer.width)")
        s.add_argument("--encoding", choices=("gb18030", "gbk"), help="printer code page (default: printer.encoding)")
        s.add_argument("--profile", help="python-escpos profile (default: printer.profile)")
        s.add_argument("--timeout", type=float, default=0.5, help="seconds to wait for a status answer")
        s.add_argument("--reprint", type=int, default=0, help=argparse.SUPPRESS)
    p.set_defaults(func=run)
    return p


def _config(args: argparse.Namespace) -> Config:
    loaded = getattr(args, "config_obj", None)  # counter-app read it (DATA_DIR/config.toml too)
    if loaded is not None:
        return loaded
    path = getattr(args, "config", None)
    return Config.load(Path(path) if path else None)


def run(args: argparse.Namespace) -> int:
    out, err = sys.stdout, sys.stderr
    if args.printer_command == "list":
        return _list(out)
    try:
        cfg = _config(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    uri = args.printer or cfg["printer.uri"]
    width = args.width or cfg["printer.width"]
    encoding = args.encoding or cfg["printer.encoding"]
    profile = args.profile or cfg["printer.profile"]
    if not uri:
        print(tr("error: no printer given: pass --printer URI or set printer.uri in the config"), file=err)
        return EXIT_USAGE
    try:
        printer = Printer(uri, status_timeout=args.timeout)
        features = features_for(profile)
    except (BadPrinterURI, ValueError) as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    try:
        if args.printer_command == "status":
            status = printer.status()
            print(f"{uri}: {_state(status)}", file=out)
            return EXIT_OK if status.state in (PrinterState.ONLINE, PrinterState.PAPER_NEAR_END) else EXIT_NOT_READY
        from ..adapters.printer.samples import SAMPLE_CONTEXT, build_test_page, sample_receipt

        if args.printer_command == "test":
            receipt = build_test_page(width_mm=width, encoding=encoding, uri=uri, profile=profile)
        else:
            from dataclasses import replace

            ctx = replace(
                SAMPLE_CONTEXT,
                hall_name=cfg["terminal.hall_name"],
                hall_address=cfg["terminal.hall_address"],
                footer=cfg["printer.footer"],
            )
            receipt = sample_receipt(ctx, reprint_count=args.reprint)
        job = render(receipt, width_mm=width, encoding=encoding, features=features)
        delivery = printer.deliver(job.data)
    except PrinterNotReady as exc:
        print(tr("error: {uri}: {error}; nothing was printed", uri=uri, error=exc), file=err)
        return EXIT_NOT_READY
    except PrintError as exc:
        sent = tr(" ({sent} bytes had gone out: part of the page may be printed)",
                  sent=exc.bytes_sent) if exc.bytes_sent else ""
        print(tr("error: {uri}: {error}", uri=uri, error=exc) + sent, file=err)
        return EXIT_FAILED
    note = tr("delivery confirmed" if delivery.confirmed else "handed over, delivery not confirmable")
    print(tr("sent all {size} bytes to {uri} ({width} mm, {encoding}), {note}; status before: "
             "{state}", size=delivery.bytes_sent, uri=uri, width=width, encoding=encoding,
             note=note, state=_state(delivery.status)), file=out)
    if job.replaced:
        print(tr("note: not printable in {encoding}, printed as 〓: {chars}", encoding=encoding,
                 chars=" ".join(job.replaced)), file=out)
    return EXIT_OK


_STATES = {"online": "online", "paper_near_end": "paper near end", "paper_out": "paper out",
           "offline": "offline", "unknown": "status unknown"}


def _state(status) -> str:
    """The printer's state in the language of the ui.language setting (no mixed 在线 online)."""
    text = tr(_STATES.get(str(status.state), str(status.state)))
    return f"{text} ({status.detail})" if status.detail else text


def _list(out) -> int:
    ports = serial_ports()
    print(tr("Serial ports (pyserial):"), file=out)
    for p in ports:
        print(f"  {p.device:<16} {p.description}  [{p.hwid}]  -> {p.uri}", file=out)
    if not ports:
        print(tr("  (none)"), file=out)
    printers, how = usb_printers()
    print(tr("USB printers (found by {how}):", how=how), file=out)
    for u in printers:
        node = f" {u.device_node}" if u.device_node else ""
        print(f"  {u.vid}:{u.pid}  {u.manufacturer} {u.product}{node}  -> {u.uri}", file=out)
    if not printers:
        print(tr("  (none)"), file=out)
    widths = ", ".join(tr("{width} mm = {columns} columns", width=w, columns=c) for w, c in COLUMNS.items())
    print(tr("Paper widths: {widths}", widths=widths), file=out)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="counter-app")
    parser.add_argument("--config", help="config file (TOML)")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
