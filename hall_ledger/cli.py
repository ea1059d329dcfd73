"""`counter-ledger`: set up, fill, serve and report on the central ledger."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

DB_HELP = "database URL: sqlite:///path.db or postgresql+psycopg://user@host/db (default: " \
          "$COUNTER_LEDGER_DB, else $DATABASE_URL, else ledger.db in the user data folder). " \
          "A password here is visible to other users (ps): put it in $COUNTER_LEDGER_DB, " \
          "--db-file or --db-password-file instead"
DB_ENV_VARS = ("COUNTER_LEDGER_DB", "DATABASE_URL")
DEFAULT_HALL = "H001"


class CliError(Exception):
    """A problem to report in one line, exit status 1."""


def _read_secret_file(path: str, what: str) -> str:
    """First line of a file holding a secret; refused when other users can read it."""
    from .cli_support import NotPrivate, check_private

    file = Path(path)
    try:
        check_private(file, f"holds {what}")
        lines = file.read_text(encoding="utf-8").strip().splitlines()
    except OSError as exc:
        raise CliError(f"cannot read {file}: {exc.strerror}") from exc
    except NotPrivate as exc:
        raise CliError(str(exc)) from exc
    if not lines or not lines[0].strip():
        raise CliError(f"{file} is empty")
    return lines[0].strip()


def _db_url(args, environ=None) -> str:
    """The database URL from --db-file, --db, $COUNTER_LEDGER_DB or $DATABASE_URL (first
    found), with the password from --db-password-file when given. A password typed into
    --db is used, with a warning: every user of the machine can read it in `ps`."""
    from sqlalchemy.engine import make_url

    from .store.db import default_db_url, normalize_url

    environ = os.environ if environ is None else environ
    if getattr(args, "db_file", None):
        url = _read_secret_file(args.db_file, "the database URL")
    elif args.db:
        url = args.db
        try:
            has_password = make_url(normalize_url(url)).password is not None
        except Exception:  # a malformed URL is reported when it is used
            has_password = False
        if has_password:
            print("counter-ledger: warning: the database password in --db is visible to other "
                  "users (ps); use $COUNTER_LEDGER_DB, --db-file or --db-password-file",
                  file=sys.stderr)
    else:
        url = next((environ[v] for v in DB_ENV_VARS if environ.get(v)), None) or default_db_url()
    url = normalize_url(url)
    if getattr(args, "db_password_file", None):
        password = _read_secret_file(args.db_password_file, "the database password")
        url = make_url(url).set(password=password).render_as_string(hide_password=False)
    return url


@contextmanager
def _engine(args, *, require_schema: bool = True) -> Iterator:
    from .store import migrate
    from .store.db import make_engine

    engine = make_engine(_db_url(args))
    try:
        if require_schema and not migrate.is_current(engine):
            raise CliError("the database has no current ledger schema; run: counter-ledger "
                           "init-db --db URL")
        yield engine
    finally:
        engine.dispose()


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


def cmd_init_db(args) -> int:
    from .store import migrate

    with _engine(args, require_schema=False) as engine:
        migrate.upgrade(engine)
        print(f"ledger schema at revision {migrate.current_revision(engine)}: "
              f"{engine.url.render_as_string(hide_password=True)}")
    return 0


def cmd_serve(args) -> int:
    from .server import NotInitialised, serve

    try:
        serve(_db_url(args), host=args.host, port=args.port, tls_cert=args.tls_cert,
              tls_key=args.tls_key, workers=args.workers, log_level=args.log_level)
    except (NotInitialised, ValueError) as exc:
        raise CliError(str(exc)) from exc
    return 0


def cmd_terminal_add(args) -> int:
    from .services.terminals import TerminalError, add_terminal

    try:
        with _engine(args) as engine:
            token = add_terminal(engine, hall_id=args.hall, terminal_id=args.terminal,
                                 channel=args.channel)
    except TerminalError as exc:
        raise CliError(str(exc)) from exc
    print(f"terminal {args.terminal} of hall {args.hall} ({args.channel}) added. Its token is "
          "shown once, on the next line; the ledger keeps only its hash:")
    print(token)
    if args.qr:
        _print_setup_qr(args.qr, args.hall, args.terminal, token)
    return 0


def _print_setup_qr(ledger_url: str, hall_id: str, terminal_id: str, token: str) -> None:
    """The counter's setup code as a QR code in the terminal (scanned into the first-run
    wizard; it holds the token: show it to the technician only)."""
    import qrcode

    from hall_domain.setup_code import SetupCode

    code = SetupCode(ledger_url=ledger_url.rstrip("/"), hall_id=hall_id,
                     terminal_id=terminal_id, token=token).text()
    print("setup code (scan it into the counter's first-run wizard, or paste the line below):")
    qr = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(code)
    qr.make(fit=True)
    qr.print_ascii(out=sys.stdout, invert=True)
    print(code)


def cmd_terminal_revoke(args) -> int:
    from .services.terminals import TerminalError, revoke_terminal

    try:
        with _engine(args) as engine:
            hall, count = revoke_terminal(engine, terminal_id=args.terminal, hall_id=args.hall)
    except TerminalError as exc:
        raise CliError(str(exc)) from exc
    print(f"terminal {args.terminal} of hall {hall}: {count} token(s) revoked")
    return 0


def cmd_terminal_list(args) -> int:
    from .services.terminals import list_terminals

    with _engine(args) as engine:
        terminals = list_terminals(engine)
    for t in terminals:
        state = "revoked" if t["revoked"] else "active"
        print(f"{t['hall_id']}\t{t['terminal_id']}\t{t['channel']}\t{state}")
    return 0


def _check_hall(hall_id: str) -> None:
    """The hall id rule of both programs (domain/inputs.py), before anything is written."""
    from hall_domain.errors import DomainError
    from hall_domain.inputs import validate_hall_id

    try:
        validate_hall_id(hall_id)
    except DomainError as exc:
        raise CliError(exc.message) from exc


def cmd_demo_data(args) -> int:
    from .services.demo import load_demo_data

    _check_hall(args.hall)
    with _engine(args) as engine:
        customers, bills = load_demo_data(
            engine, customers=args.customers, hall_id=args.hall, seed=args.seed,
            reference_date=args.reference_date)
    print(f"added {customers} customers and {bills} bills to hall {args.hall}")
    return 0


def cmd_demo_serve(args) -> int:
    from .demo_serve import DEMO_CUSTOMERS, DEMO_SEED, demo_serve

    _check_hall(args.hall)
    return demo_serve(args.data_dir, terminal_id=args.terminal, hall_id=args.hall,
                      port=args.port, customers=args.customers or DEMO_CUSTOMERS,
                      seed=DEMO_SEED if args.seed is None else args.seed,
                      reference_date=args.reference_date)


def _import(args, fn) -> int:
    from .services.imports import read_text

    _check_hall(args.hall)
    path = Path(args.file)
    try:
        text = read_text(path)
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise CliError(f"{path} is not UTF-8 text") from exc
    with _engine(args) as engine:
        result = fn(engine, text, hall_id=args.hall, account_length=args.account_length)
    if result.errors:
        for line, message in result.errors:
            print(f"{path.name}:{line}: {message}", file=sys.stderr)
        print(f"{len(result.errors)} bad row(s); nothing was imported", file=sys.stderr)
        return 1
    print(f"{result.inserted} added, {result.updated} updated, {result.unchanged} unchanged")
    return 0


def cmd_import_customers(args) -> int:
    from .services.imports import import_customers

    return _import(args, import_customers)


def cmd_import_bills(args) -> int:
    from .services.imports import import_bills

    return _import(args, import_bills)


def cmd_report(args) -> int:
    from hall_domain.money import format_fen

    from .services.recon import daily_report

    with _engine(args) as engine:
        report = daily_report(engine, args.date)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0

    def line(label: str, f: dict) -> str:
        voids = f" ({f['void_count']} voided)" if f.get("void_count") else ""
        return f"  {label:<28} {f['count']:>7}  {format_fen(f['amount_fen']):>16}{voids}"

    print(f"Ledger report for {report['date']} (business date)")
    print(line("total", report["total"]))
    for title, rows, label in (
        ("per hall", report["halls"], lambda r: r["hall_id"]),
        ("per terminal", report["terminals"],
         lambda r: f"{r['hall_id']}/{r['terminal_id']} ({r['channel']})"),
        ("per tender", report["tenders"], lambda r: r["kind"]),
        ("per channel", report["channels"], lambda r: r["channel"]),
    ):
        print(f"{title}:")
        for r in rows:
            print(line(label(r), r))
    review = report["review"]
    print(f"flagged for review: {review['count']} payment(s), credit {format_fen(review['credit_fen'])}")
    return 0


def cmd_channel_pay(args) -> int:
    from hall_domain.errors import MoneyError
    from hall_domain.money import parse_yuan

    from .services.channels import channel_principal, ingest_channel_payments

    try:
        amount = parse_yuan(args.amount, max_fen=10**11)
    except MoneyError as exc:
        raise CliError(str(exc)) from exc
    paid_at = args.paid_at or datetime.now().replace(microsecond=0)
    item = {"payment_uuid": args.uuid or str(uuid.uuid4()), "account_no": args.account,
            "amount_fen": amount, "paid_at": paid_at.isoformat(),
            "reference": args.reference or f"{args.channel.upper()}{uuid.uuid4().hex[:12]}"}
    with _engine(args) as engine:
        try:
            principal = channel_principal(engine, args.account, args.channel)
        except LookupError as exc:
            raise CliError(str(exc)) from exc
        [result] = ingest_channel_payments(engine, principal, [item])
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if result["status"] in (200, 201) else 1


def cmd_verify(args) -> int:
    from .services.balances import verify

    with _engine(args) as engine:
        problems = verify(engine)
    for p in problems:
        print(p)
    print("balances agree with the journal" if not problems else
          f"{len(problems)} disagreement(s) with the journal")
    return 1 if problems else 0


def cmd_backup(args) -> int:
    from .store.backup import BackupFailed, backup

    try:
        out = backup(_db_url(args), Path(args.out))
    except BackupFailed as exc:
        raise CliError(str(exc)) from exc
    print(f"backup written: {out} ({out.stat().st_size} bytes)")
    return 0


def _db_options(p: argparse.ArgumentParser) -> None:
    where = p.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="URL", help=DB_HELP)
    where.add_argument("--db-file", metavar="FILE",
                       help="read the database URL from FILE (mode 0600), out of sight of ps")
    p.add_argument("--db-password-file", metavar="FILE",
                   help="read the database password from FILE (mode 0600) into the URL")


def build_parser() -> argparse.ArgumentParser:
    from . import cli_phones, cli_sms

    parser = argparse.ArgumentParser(prog="counter-ledger", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, fn, help: str, **kw) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, **kw)
        _db_options(p)
        p.set_defaults(fn=fn)
        return p

    command("init-db", cmd_init_db, "create or upgrade the ledger schema")

    p = command("serve", cmd_serve, "serve the HTTP API (uvicorn)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8700)
    p.add_argument("--tls-cert", metavar="FILE", help="PEM certificate (with --tls-key: HTTPS)")
    p.add_argument("--tls-key", metavar="FILE", help="PEM private key")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--log-level", default="info",
                   choices=("critical", "error", "warning", "info", "debug"))

    terminal = sub.add_parser("terminal", help="add, revoke or list terminals")
    tsub = terminal.add_subparsers(dest="terminal_command", required=True, metavar="ACTION")
    for name, fn, help in (("add", cmd_terminal_add, "register a terminal and print its token"),
                           ("revoke", cmd_terminal_revoke, "revoke a terminal's tokens at once"),
                           ("list", cmd_terminal_list, "list terminals")):
        p = tsub.add_parser(name, help=help, description=help)
        _db_options(p)
        p.set_defaults(fn=fn)
        if name == "add":
            p.add_argument("--terminal", required=True, metavar="ID")
            p.add_argument("--hall", required=True, metavar="ID")
            p.add_argument("--channel", default="counter", choices=("counter", "bank", "online"),
                           help="counter (default), or a bank/online gateway")
            p.add_argument("--qr", metavar="LEDGER_URL",
                           help="also print the counter's setup code (this ledger's address as "
                                "the counters reach it, the hall, terminal and token) as a QR "
                                "code for the first-run wizard")
        elif name == "revoke":
            p.add_argument("--terminal", required=True, metavar="ID")
            p.add_argument("--hall", metavar="ID", help="needed when two halls use the id")

    p = command("demo-data", cmd_demo_data, "add generated demo customers and bills")
    p.add_argument("--customers", type=int, required=True, metavar="N")
    p.add_argument("--hall", default=DEFAULT_HALL, metavar="ID")
    p.add_argument("--seed", type=int, default=20261127)
    p.add_argument("--reference-date", type=_iso_date, default=None, metavar="YYYY-MM-DD")

    for name, fn, what in (("import-customers", cmd_import_customers,
                            "account_no,name,address,phone,user_type,area"),
                           ("import-bills", cmd_import_bills,
                            "account_no,period,kwh,amount,due_date")):
        p = command(name, fn, f"import a UTF-8 CSV file ({what}); all rows or none")
        p.add_argument("file", metavar="FILE")
        p.add_argument("--hall", default=DEFAULT_HALL, metavar="ID")
        p.add_argument("--account-length", type=int, default=10, metavar="N")

    p = command("report", cmd_report, "counts and sums of a business date")
    p.add_argument("--date", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--json", action="store_true")

    p = command("channel-pay", cmd_channel_pay,
                "record a payment made at the bank or online (the ledger allocates it)")
    p.add_argument("--account", required=True)
    p.add_argument("--amount", required=True, help="yuan, e.g. 123.45")
    p.add_argument("--channel", default="bank", choices=("bank", "online"))
    p.add_argument("--paid-at", type=datetime.fromisoformat, metavar="YYYY-MM-DDTHH:MM:SS")
    p.add_argument("--uuid", help="payment UUID (default: a new one)")
    p.add_argument("--reference", help="the channel's transaction reference")

    command("verify", cmd_verify, "check stored balances against the journal")
    cli_phones.register(sub, command)  # import-phones, phones review|status (#14)
    p = command("backup", cmd_backup, "copy the database into one file (pg_dump -Fc, or "
                                      "SQLite's backup API)")
    p.add_argument("--out", required=True, metavar="FILE", help="the backup file to write")
    from . import cli_dunning  # noqa: I001  (#14: counter-ledger dunning ...)
    cli_dunning.register(sub, command)

    from . import cli_arrears
    cli_arrears.register(sub, command)
    from . import cli_notices

    cli_notices.register(sub, command)  # notices, stop-supply, reconnections (#14)

    from . import cli_reconcile
    cli_reconcile.register(sub, command)

    p = sub.add_parser("demo-serve", help="serve a demo ledger for one counter's demo mode",
                       description="Fill DATA_DIR/ledger.db with the demo customers (once), "
                       "register the terminal, serve on 127.0.0.1, print {url, token} as one "
                       "JSON line; stop when stdin ends.")
    p.set_defaults(fn=cmd_demo_serve)
    p.add_argument("--data-dir", type=Path, required=True, metavar="DIR")
    p.add_argument("--terminal", default="T01", metavar="ID")
    p.add_argument("--hall", default=DEFAULT_HALL, metavar="ID")
    p.add_argument("--port", type=int, default=0, help="0 (default): a free port")
    p.add_argument("--customers", type=int, default=None, metavar="N")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--reference-date", type=_iso_date, default=None, metavar="YYYY-MM-DD")
    cli_sms.register(sub, command)  # collections: SMS reminders (#14)
    from . import cli_channel_files
    cli_channel_files.register(sub, command)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .cli_support import run_quietly

    # A closed pipe or an unexpected error ends in one line, not a traceback
    # (COUNTER_APP_DEBUG=1 shows it).
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    def body() -> int:
        try:
            return args.fn(args)
        except CliError as exc:
            print(f"counter-ledger: {exc}", file=sys.stderr)
            return 1

    return run_quietly(body, prog="counter-ledger")


if __name__ == "__main__":
    sys.exit(main())
