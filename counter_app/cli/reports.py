"""`counter-app report z|x|daily`: shift reports and the daily hall report without the GUI."""

from __future__ import annotations

import argparse
import os
from datetime import date, datetime
from pathlib import Path

from .common import ask_line, pad, read_secret
from .text import tr

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser("report", help="shift reports (X, Z PDF, deposit slip), daily hall report")
    sub = p.add_subparsers(dest="report_command", required=True, metavar="{z,x,daily}")
    z = sub.add_parser("z", help="Z report PDF of a closed shift (and its deposit slip)")
    z.add_argument("--shift", type=int, required=True, metavar="ID")
    z.add_argument("--out", type=Path, help="PDF file (default: <data dir>/reports/Z-<terminal>-<shift>.pdf)")
    z.add_argument("--deposit-slip", type=Path, metavar="FILE.pdf", help="also write the 解款单")
    x = sub.add_parser("x", help="X report of a shift, as the slip's text (or ESC/POS bytes)")
    x.add_argument("--shift", type=int, required=True, metavar="ID")
    x.add_argument("--escpos", type=Path, metavar="FILE", help="write the slip as ESC/POS bytes")
    d = sub.add_parser("daily", help="daily hall report PDF from the ledger's figures (its API)")
    d.add_argument("--ledger-url", metavar="URL",
                   help="the ledger (default: ledger.url, see counter-app ledger connect)")
    d.add_argument("--token-file", type=Path, metavar="FILE",
                   help="file holding a terminal token of the hall (default: $COUNTER_LEDGER_TOKEN, "
                        "else ledger.token)")
    d.add_argument("--date", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD")
    d.add_argument("--hall", help="hall id the report must be of (default: the token's hall)")
    d.add_argument("--out", type=Path, required=True)
    for sp in (z, x):  # signed in like the window: the report is audited under this user
        sp.add_argument("--user", metavar="ID",
                        help="who asks for the report (default: $COUNTER_APP_USER, else asked)")
        sp.add_argument("--pin-file", type=Path, metavar="FILE",
                        help="file whose first line is the PIN (default: $COUNTER_APP_PIN, "
                             "else asked on the terminal)")
    p.set_defaults(func=run)
    return p


def _cash_store(args):
    from ..adapters.storage import open_store
    from ..adapters.storage.cash_repo import SqliteCashStore
    from ..bootstrap import STORE_FILE_NAME

    return SqliteCashStore(open_store(args.data_dir_path / STORE_FILE_NAME, create=False))


def _credentials(args) -> tuple[str, str]:
    """User id and PIN from the options, the environment, or the terminal (like the window's
    sign-in); a one-line error without a terminal to ask on."""
    user_id = args.user or os.environ.get("COUNTER_APP_USER") or ask_line(
        tr("User: "), missing=tr("no user given and no terminal to ask on: pass --user ID"))
    pin = read_secret(given=None, file=args.pin_file, env="COUNTER_APP_PIN", prompt=tr("PIN: "),
                      missing=tr("no PIN given and no terminal to ask on: pass --pin-file FILE or "
                                 "set COUNTER_APP_PIN"))
    return user_id, pin


def _sign_in(store, user_id: str, pin: str, *, terminal_id: str, now: datetime):
    from ..services import auth

    return auth.login(store, user_id=user_id, pin=pin, now=now, terminal_id=terminal_id)


def _names(cash) -> dict[str, str]:
    with cash.read() as tx:
        return {u.user_id: u.name for u in tx.users.list_users()}


def _names_if_any(args) -> dict[str, str]:
    """The counter's users (id → name) for the daily report, when this counter has a store."""
    from ..adapters.storage import StoreError

    try:
        cash = _cash_store(args)
    except (StoreError, OSError):
        return {}
    try:
        return _names(cash)
    finally:
        cash._store.close()


def run(args: argparse.Namespace) -> int:
    cfg = args.config_obj
    hall = cfg["terminal.hall_name"]
    if args.report_command == "daily":
        return _daily(args, hall)
    from ..services import cash_control as cc

    user_id, pin = _credentials(args)  # asked before the store is opened: nothing held meanwhile
    cash = _cash_store(args)
    now = datetime.now().replace(microsecond=0)
    try:
        user = _sign_in(cash._store, user_id, pin, terminal_id=cfg["terminal.id"], now=now)
        if args.report_command == "x":
            report = cc.x_report(cash, shift_id=args.shift, user=user, now=now)
        else:
            report = cc.z_report(cash, shift_id=args.shift, user=user, now=now)
        names = _names(cash)
    finally:
        cash._store.close()
    if args.report_command == "x":
        return _x(args, cfg, report, hall, names)
    from ..adapters.reports import deposit_slip_pdf, z_report_pdf

    out = args.out or args.data_dir_path / "reports" / f"Z-{report.shift.terminal_id}-{args.shift}.pdf"
    z_report_pdf(report, hall_name=hall, out=out, names=names)
    print(tr("Z report: {path}", path=out))
    if args.deposit_slip:
        deposit_slip_pdf(report, hall_name=hall, out=args.deposit_slip)
        print(tr("deposit slip: {path}", path=args.deposit_slip))
    return EXIT_OK


def _x(args, cfg, report, hall: str, names: dict[str, str]) -> int:
    from hall_domain.receipts import ReceiptContext, slip_receipt

    from ..services.shift_reports import report_slip

    slip = report_slip(report)
    print(slip.title)
    for line in slip.lines:
        print(f"{pad(line.label, 16)} {line.value}".rstrip())  # 汉字 count two columns
    if args.escpos:
        from ..adapters.printer import render

        ctx = ReceiptContext(hall_name=hall, hall_address=cfg["terminal.hall_address"],
                             cashier_name=names.get(report.shift.opened_by, report.shift.opened_by))
        job = render(slip_receipt(slip, ctx), width_mm=cfg["printer.width"],
                     encoding=cfg["printer.encoding"])
        args.escpos.write_bytes(job.data)
        print(tr("ESC/POS: {path} ({size} bytes)", path=args.escpos, size=len(job.data)))
    return EXIT_OK


def _daily(args, hall_name: str) -> int:
    import sys

    from ..adapters.ledger_client import LedgerClient, LedgerError
    from ..adapters.reports import hall_day_pdf
    from .sync import TOKEN_ENV, TokenMissing, read_token

    cfg = args.config_obj
    url = args.ledger_url or cfg["ledger.url"]
    if not url:
        print("counter-app: " + tr("no ledger is configured (counter-app ledger connect)"),
              file=sys.stderr)
        return EXIT_FAILED
    try:
        token = (read_token(args) if args.token_file or os.environ.get(TOKEN_ENV, "").strip()
                 else cfg["ledger.token"])
    except TokenMissing as exc:
        print(f"counter-app: {exc}", file=sys.stderr)
        return EXIT_FAILED
    try:
        with LedgerClient(url, token) as client:
            data = client.hall_day(args.date)
    except LedgerError as exc:
        print("counter-app: " + tr("cannot ask the ledger: {error}", error=exc), file=sys.stderr)
        return EXIT_FAILED
    if args.hall and data["hall_id"] != args.hall:
        print("counter-app: " + tr("the ledger token is of hall {token_hall}, not {hall}",
                                   token_hall=data["hall_id"], hall=args.hall), file=sys.stderr)
        return EXIT_FAILED
    hall_day_pdf(data, hall_name=hall_name, out=args.out, names=_names_if_any(args))
    t = data["total"]
    print(tr("daily report {date}: {shifts} shift(s), {count} payment(s); {path}", date=args.date,
             shifts=len(data["shifts"]), count=t["count"], path=args.out))
    return EXIT_OK
