"""`counter-app setup`: a new counter in one scripted step (the technician's install script).

The steps (check everything, then write the store and settings together, then download the
reference data) are counter_app.first_setup's, shared with the window's first-run wizard.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import read_secret
from .text import tr

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
NO_PIN = "no PIN for the administrator: pass --admin-pin, set COUNTER_APP_ADMIN_PIN or run in a terminal"


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser("setup", help="set up a new counter: settings, ledger, first "
                                            "administrator, reference data")
    p.add_argument("--hall", required=True, help="hall id (terminal.hall_id)")
    p.add_argument("--terminal", required=True, help="terminal id (terminal.id)")
    p.add_argument("--hall-name", help="hall name printed on receipts")
    p.add_argument("--hall-address", help="hall address printed on receipts")
    p.add_argument("--language", choices=("zh_CN", "en"), help="the window's language")
    p.add_argument("--ledger-url", help="the central ledger (leave out: the counter works "
                                        "offline until `counter-app ledger connect`)")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--token-file", type=Path, metavar="FILE",
                     help="file holding this terminal's ledger token")
    how.add_argument("--token", help="the token itself (visible in `ps`; prefer --token-file "
                                     "or COUNTER_LEDGER_TOKEN)")
    p.add_argument("--ca", help="CA certificate file for a private HTTPS certificate")
    p.add_argument("--printer", help="receipt printer URI (tcp://, serial://, usb://, ...)")
    p.add_argument("--card-reader", help="card reader port (COM3, /dev/ttyUSB0, ...)")
    p.add_argument("--admin", required=True, help="the first administrator's user id")
    p.add_argument("--admin-name", required=True, help="the first administrator's name")
    p.add_argument("--admin-pin", help="their PIN (asked for, or COUNTER_APP_ADMIN_PIN)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per ledger request")
    p.add_argument("--skip-reference", action="store_true",
                   help="do not download customers and bills now")
    return p


def run(args: argparse.Namespace) -> int:
    from ..bootstrap import STORE_FILE_NAME
    from ..first_setup import SetupRequest, set_up
    from .sync import TOKEN_ENV, TokenMissing, read_token

    store_path = args.data_dir_path / STORE_FILE_NAME
    if store_path.exists():  # before asking for a PIN that would not be used
        print("counter-app: " + tr("this counter is set up already ({path}); change settings "
                                   "with `counter-app ledger connect` or the config file",
                                   path=store_path), file=sys.stderr)
        return EXIT_FAIL
    pin = read_secret(given=args.admin_pin, file=None, env="COUNTER_APP_ADMIN_PIN",
                      prompt=tr("PIN: "), missing=tr(NO_PIN))
    token = None
    if args.ledger_url:
        try:
            token = read_token(args)
        except TokenMissing as exc:
            print(f"counter-app: {exc} ({TOKEN_ENV})", file=sys.stderr)
            return EXIT_USAGE
    request = SetupRequest(
        hall_id=args.hall, terminal_id=args.terminal, admin_id=args.admin,
        admin_name=args.admin_name, admin_pin=pin, hall_name=args.hall_name,
        hall_address=args.hall_address, language=args.language, ledger_url=args.ledger_url,
        token=token, ca=args.ca, printer_uri=args.printer, card_reader_port=args.card_reader,
        timeout=args.timeout, download_reference=not args.skip_reference)
    outcome = set_up(request, config=args.config_obj, data_dir=args.data_dir_path,
                     config_path=getattr(args, "config", None),
                     progress=lambda line: print(line, flush=True))
    if outcome.error is not None:
        print("counter-app: " + outcome.error, file=sys.stderr)
        return outcome.code
    for line in outcome.lines[1:]:  # the first was printed as a step
        print(line)
    return EXIT_OK
