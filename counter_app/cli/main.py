"""The counter-app command: store setup, imports, lookup, devices; no command starts the GUI.

Qt is imported only when the GUI starts, so every other command runs on a headless box.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from datetime import date
from pathlib import Path

from hall_domain.errors import DomainError
from hall_domain.money import format_fen

from .. import __version__
from ..config import Config, ConfigError, default_data_dir, demo_data_dir
from .common import hoist_global_options, run_quietly, table
from .text import error_text, set_language, tr

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

# Device and sync commands live in their own modules, each with register(subparsers) and
# run(args); a module that is not there yet is simply not offered.
_PLUGIN_MODULES = ("counter_app.cli.printer", "counter_app.cli.card_reader", "counter_app.cli.sync",
                   "counter_app.cli.reports", "counter_app.cli.admin", "counter_app.cli.backup",
                   "counter_app.cli.diagnose", "counter_app.cli.selftest",
                   "counter_app.cli.setup")


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS lets the option stand before or after the command without one hiding the other.
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help="folder of the counter's store (default: the user data folder)")
    common.add_argument("--config", type=Path, default=argparse.SUPPRESS,
                        help="settings file (default: DATA_DIR/config.toml if present, "
                             "else the user config folder)")
    return common


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, object]]:
    common = _common_options()
    parser = argparse.ArgumentParser(
        prog="counter-app", parents=[common],
        description="Hall Counter (营业厅柜台收费): with no command, opens the counter window.",
    )
    parser.add_argument("--version", action="version", version=f"counter-app {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="open the GUI on a demo store made on first use in the user data folder")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", parents=[common], help="create the store (optionally with demo data)")
    p.add_argument("--terminal", help="this counter's terminal id (saved to DATA_DIR/config.toml)")
    p.add_argument("--hall", help="this counter's hall id (saved to DATA_DIR/config.toml)")
    p.add_argument("--demo", action="store_true", help="add demo users and demo customers")
    p.add_argument("--customers", type=int, default=1000, help="demo customers (default 1000)")
    p.add_argument("--seed", type=int, default=1, help="demo data seed (default 1)")
    p.add_argument("--reference-date", type=date.fromisoformat,
                   help="demo bills run up to the month before this date (default today)")

    for name, what in (("import-customers", "customers"), ("import-bills", "bills")):
        p = sub.add_parser(name, parents=[common], help=f"import {what} from a UTF-8 CSV file")
        p.add_argument("file", type=Path)

    p = sub.add_parser("lookup", parents=[common],
                       help="find customers by account, phone, name or address, with what they owe")
    p.add_argument("query")
    p.add_argument("--on", type=date.fromisoformat, help="payment date YYYY-MM-DD (default today)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--limit", type=int, default=20)

    p = sub.add_parser("user", parents=[common], help="manage counter users")
    user_sub = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    u = user_sub.add_parser("add", parents=[common], help="add a user (the first user needs no admin)")
    u.add_argument("--id", required=True, dest="user_id")
    u.add_argument("--name", required=True)
    u.add_argument("--role", required=True, choices=("cashier", "supervisor", "technician", "admin"))
    u.add_argument("--pin", required=True)
    u.add_argument("--admin", help="id of the admin adding the user")
    u.add_argument("--admin-pin", help="that admin's PIN")
    user_sub.add_parser("list", parents=[common], help="list users")

    sub.add_parser("status", parents=[common], help="store summary (customers, bills, queued items)")
    p = sub.add_parser("audit", parents=[common], help="the audit trail")
    audit_sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = audit_sub.add_parser("verify", parents=[common], help="check the hash chain")
    v.add_argument("--against-ledger", action="store_true",
                   help="also check that the newest entry the ledger holds is still here, unchanged")
    sub.add_parser("sample-config", help="print a config file with every setting and its default")

    plugins: dict[str, object] = {}
    for module_name in _PLUGIN_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        before = set(sub.choices)
        module.register(sub)
        for command in set(sub.choices) - before:
            plugins[command] = module
            for action in sub.choices[command]._actions:  # add the common options to plugins
                if "--data-dir" in getattr(action, "option_strings", ()):
                    break
            else:
                _add_common(sub.choices[command])
    return parser, plugins


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
    p.add_argument("--config", type=Path, default=argparse.SUPPRESS)


def resolve_paths(args: argparse.Namespace) -> tuple[Path, Config]:
    demo = bool(getattr(args, "demo", False)) and args.command is None
    data_dir = getattr(args, "data_dir", None) or (demo_data_dir() if demo else default_data_dir())
    config_path = getattr(args, "config", None)
    if config_path is None and (data_dir / "config.toml").exists():
        config_path = data_dir / "config.toml"
    return data_dir, Config.load(config_path)


# Commands that change the store or talk to devices and the ledger leave a trace in the log
# file; quick read-only ones (status, lookup, sample-config, --help) do not create one.
LOGGED_COMMANDS = frozenset({"init", "import-customers", "import-bills", "sync", "printer",
                             "card-reader", "backup", "admin", "report", "user", "ledger", "audit",
                             "diagnose"})  # not setup: a refused setup leaves no trace


def main(argv: list[str] | None = None) -> int:
    # A real process (argv from the command line) logs to DATA_DIR/logs; a caller passing
    # argv (tests, scripts calling main()) keeps its own logging as it is.
    log_to_files = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--selftest" in argv:  # `hall-counter --selftest` as the bundle's launchers document it
        argv = ["selftest", *(a for a in argv if a != "--selftest")]
    # --data-dir and --config may stand before or after any sub-command (cli_common).
    argv = hoist_global_options(argv)
    return run_quietly(lambda: _main(argv, log_to_files=log_to_files), prog="counter-app",
                       describe=_describe_unexpected)


def _start_logging(data_dir: Path, config: Config) -> None:
    from ..adapters.logs import configure_logging

    try:
        configure_logging(data_dir, level=config["log.level"], max_mb=config["log.max_mb"],
                          retention_days=config["log.retention_days"],
                          secrets=[config["ledger.token"]])
    except OSError as exc:  # a read-only data folder must not stop the counter
        print(f"counter-app: {tr('no log file: {error}', error=exc)}", file=sys.stderr)


def _describe_unexpected(exc: BaseException) -> str:
    return tr("unexpected error ({kind}): {error}", kind=type(exc).__name__, error=exc)


def _main(argv: list[str], *, log_to_files: bool = False) -> int:
    parser, plugins = build_parser()
    args = parser.parse_args(argv)
    set_language(None)  # until the settings are read: COUNTER_APP_LANG, else Chinese
    try:
        data_dir, config = resolve_paths(args)
        set_language(config["ui.language"])
        args.config_obj = config
        args.data_dir_path = data_dir
        if log_to_files and (args.command is None or args.command in LOGGED_COMMANDS):
            _start_logging(data_dir, config)
        if args.command is None:
            return _run_gui(args, data_dir, config)
        if args.command in plugins:
            return plugins[args.command].run(args)
        handler = _HANDLERS[args.command]
        return handler(args, data_dir, config)
    except ConfigError as exc:
        print(f"counter-app: {tr('configuration error: {error}', error=exc)}", file=sys.stderr)
        return EXIT_FAIL
    except DomainError as exc:
        print(f"counter-app: {error_text(exc)}", file=sys.stderr)
        return EXIT_FAIL
    except _store_error_types() as exc:
        print(f"counter-app: {error_text(exc)}", file=sys.stderr)
        return EXIT_FAIL


def _store_error_types() -> tuple[type[BaseException], ...]:
    try:
        from ..adapters.storage import StoreError
    except ImportError:  # pragma: no cover - storage always ships; keeps --help robust
        return ()
    return (StoreError,)


def _context(data_dir: Path, config: Config, *, create: bool = True):
    from ..bootstrap import bootstrap

    return bootstrap(config=config, data_dir=data_dir, create=create)


def _run_gui(args: argparse.Namespace, data_dir: Path, config: Config) -> int:
    from ..bootstrap import STORE_FILE_NAME, bootstrap

    if not args.demo and not (data_dir / STORE_FILE_NAME).exists():
        # A new counter: the first-run wizard sets it up (as `counter-app setup` would) before
        # the window opens; cancelling it leaves the machine as it was.
        from ..devices import CardReaderDriver, PrinterDriver
        from ..ui.app import run_first_setup

        config_path = getattr(args, "config", None) or data_dir / "config.toml"
        if not run_first_setup(config, data_dir, Path(config_path), [sys.argv[0]],
                               printers=PrinterDriver(), card_readers=CardReaderDriver()):
            print("counter-app: " + tr("setup was cancelled; nothing was saved"), file=sys.stderr)
            return EXIT_FAIL
        config = Config.load(Path(config_path))
    ctx = bootstrap(config=config, data_dir=data_dir, demo=bool(args.demo),
                    defer_integrity_check=True)  # checked in the background (ui/app.py)
    from ..ui.app import run_gui

    return run_gui(ctx, [sys.argv[0]])


def cmd_init(args: argparse.Namespace, data_dir: Path, config: Config) -> int:
    from ..bootstrap import STORE_FILE_NAME

    data_dir.mkdir(parents=True, exist_ok=True)
    if args.terminal or args.hall:
        # Both checked (ConfigError names the setting and the rule) before anything is saved.
        if args.terminal:
            config.set("terminal.id", args.terminal)
        if args.hall:
            config.set("terminal.hall_id", args.hall)
        saved = config.save(getattr(args, "config", None) or data_dir / "config.toml")
        print(tr("terminal id {terminal} of hall {hall} saved to {path}",
                 terminal=config["terminal.id"], hall=config["terminal.hall_id"], path=saved))
    store_path = data_dir / STORE_FILE_NAME
    if args.demo:
        if store_path.exists():
            print("counter-app: " + tr("{path} already exists; demo data goes only into a new store",
                                       path=store_path), file=sys.stderr)
            return EXIT_FAIL
        from ..demo import build_demo_store

        stats = build_demo_store(store_path, customers=args.customers, seed=args.seed,
                                 terminal_id=config["terminal.id"],
                                 reference_date=args.reference_date or date.today(),
                                 progress=_progress_printer())
        print(tr("demo store {path}: {stats}", path=store_path, stats=stats))
        return EXIT_OK
    ctx = _context(data_dir, config)
    ctx.close()
    print(tr("store ready: {path}", path=store_path))
    return EXIT_OK


def _progress_printer():
    if not sys.stderr.isatty():
        return None

    def progress(done: int, total: int) -> None:
        print(f"\r  {done:,}/{total:,}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    return progress


def cmd_import(args: argparse.Namespace, data_dir: Path, config: Config) -> int:
    from ..bootstrap import local_now
    from ..services import imports

    ctx = _context(data_dir, config)
    try:
        if args.command == "import-customers":
            report = imports.import_customers(ctx.store, args.file, now=local_now(),
                                              account_length=ctx.account_length)
        else:
            report = imports.import_bills(ctx.store, args.file, now=local_now())
    except imports.ImportRefused as exc:
        print("counter-app: " + tr("{file}: refused, nothing imported; {count} bad row(s):",
                                   file=args.file, count=len(exc.errors)), file=sys.stderr)
        for err in exc.errors:
            print(tr("  line {line}: {reason}", line=err.line, reason=err.reason), file=sys.stderr)
        return EXIT_FAIL
    finally:
        ctx.close()
    print(tr("{file}: imported {count} row(s)", file=args.file, count=report.count))
    return EXIT_OK


def quote_to_json(q) -> dict:
    c = q.customer
    return {
        "account_no": c.account_no,
        "name": c.name,
        "address": c.address,
        "phone": c.phone,
        "phone_valid": c.phone_valid,
        "user_type": c.user_type.value,
        "area": c.area,
        "credit_fen": c.credit_fen,
        "on": q.on.isoformat(),
        "bills": [
            {
                "bill_id": line.bill.bill_id,
                "period": line.bill.period,
                "kwh": line.bill.kwh,
                "amount_fen": line.bill.amount_fen,
                "outstanding_fen": line.principal_fen,
                "due_date": line.bill.due_date.isoformat(),
                "days_overdue": line.days_overdue,
                "late_fee_fen": line.late_fee_fen,
                "status": line.bill.status.value,
            }
            for line in q.lines
        ],
        "late_fee_total_fen": q.late_fee_total_fen,
        "total_due_fen": q.total_due_fen,
    }


def cmd_lookup(args: argparse.Namespace, data_dir: Path, config: Config) -> int:
    from ..services.lookup import lookup_with_quotes

    ctx = _context(data_dir, config, create=False)
    try:
        on = args.on or ctx.clock().date()
        quotes = lookup_with_quotes(ctx.store, args.query, on=on, rules=ctx.rules, limit=args.limit)
    finally:
        ctx.close()
    if args.json:
        json.dump([quote_to_json(q) for q in quotes], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    if not quotes:
        print(tr("no customer matches {query!r}", query=args.query))
        return EXIT_OK
    for q in quotes:
        c = q.customer
        print(tr("{account}  {name}  {address}  [{kind}] {area}  phone {phone}  credit {credit}",
                 account=c.account_no, name=c.name, address=c.address, kind=tr(c.user_type.value),
                 area=c.area, phone=c.phone or "-", credit=format_fen(c.credit_fen)))
        rows = [(b.period, f"{b.kwh} kWh", format_fen(line.principal_fen), str(b.due_date),
                 tr("{days} d", days=line.days_overdue), format_fen(line.late_fee_fen))
                for line in q.lines for b in (line.bill,)]
        if rows:
            headers = [tr("Period"), tr("Usage"), tr("Owed"), tr("Due"), tr("Overdue"),
                       tr("Late fee")]
            for text in table(rows, headers=headers, align="<>><>>").splitlines():
                print(f"    {text}")
        print("    " + tr("total due on {on}: {total} (late fees {fees})", on=q.on,
                            total=format_fen(q.total_due_fen), fees=format_fen(q.late_fee_total_fen)))
    return EXIT_OK


def cmd_user(args: argparse.Namespace, data_dir: Path, config: Config) -> int:
    from hall_domain.security import Role

    from ..bootstrap import local_now
    from ..services import auth

    ctx = _context(data_dir, config)
    try:
        if args.user_command == "list":
            rows = [(u.user_id, u.name, tr(u.role.value), tr("active" if u.active else "disabled"))
                    for u in auth.list_users(ctx.store)]
            print(table(rows, headers=[tr("ID"), tr("Name"), tr("Role"), tr("State")]))
            return EXIT_OK
        actor = None
        if args.admin:
            actor = auth.login(ctx.store, user_id=args.admin, pin=args.admin_pin or "",
                               now=local_now(), terminal_id=ctx.terminal_id)
        user = auth.create_user(ctx.store, actor=actor, user_id=args.user_id, name=args.name,
                                role=Role(args.role), pin=args.pin, now=local_now(),
                                terminal_id=ctx.terminal_id)
        print(tr("user {user_id} ({role}) added", user_id=user.user_id, role=tr(user.role.value)))
        return EXIT_OK
    finally:
        ctx.close()


def cmd_status(args: argparse.Namespace, data_dir: Path, config: Config) -> int:
    from ..services.status import store_summary

    ctx = _context(data_dir, config, create=False)
    try:
        summary = store_summary(ctx.store)
    finally:
        ctx.close()
    print(json.dumps({"store": str(ctx.store_path), **summary}, ensure_ascii=False, indent=2,
                     default=str))
    return EXIT_OK


def cmd_audit(args: argparse.Namespace, data_dir: Path, config: Config) -> int:
    from ..adapters.storage.store import mark_damaged
    from ..services.audit_service import verify_audit, verify_outbox_seals

    ctx = _context(data_dir, config, create=False)
    try:
        bad = verify_audit(ctx.store)
        unsealed = verify_outbox_seals(ctx.store)
    finally:
        ctx.close()
    if bad is not None:
        mark_damaged(ctx.store_path, f"audit chain broken at entry {bad}")
        print("counter-app: " + tr("audit chain broken at entry {seq}", seq=bad), file=sys.stderr)
        return EXIT_FAIL
    if unsealed:
        mark_damaged(ctx.store_path, unsealed[0])
        for problem in unsealed:
            print(f"counter-app: {problem}", file=sys.stderr)
        print("counter-app: " + tr("{count} queued item(s) do not match the audit trail",
                                   count=len(unsealed)), file=sys.stderr)
        return EXIT_FAIL
    print(tr("audit chain verified; every queued item matches its seal"))
    if getattr(args, "against_ledger", False):
        return _audit_against_ledger(data_dir, config)
    return EXIT_OK


def _audit_against_ledger(data_dir: Path, config: Config) -> int:
    from ..adapters.ledger_client import LedgerClient, LedgerError
    from ..adapters.storage.sync_repo import SqliteSyncStore
    from ..services import audit_head

    if not config["ledger.url"]:
        print("counter-app: " + tr("no ledger is configured (counter-app ledger connect)"), file=sys.stderr)
        return EXIT_FAIL
    try:
        with LedgerClient(config["ledger.url"], config["ledger.token"]) as client:
            kept = client.audit_head()
    except LedgerError as exc:
        print("counter-app: " + tr("cannot ask the ledger: {error}", error=exc), file=sys.stderr)
        return EXIT_FAIL
    if kept is None:
        print(tr("the ledger holds no audit head for this counter yet"))
        return EXIT_OK
    ctx = _context(data_dir, config, create=False)
    try:
        head = audit_head.AuditHead(kept["seq"], kept["hash"], kept["at"])
        bad = audit_head.matches_ledger_copy(SqliteSyncStore(ctx.store), head)
    finally:
        ctx.close()
    if bad is not None:
        print("counter-app: " + tr("audit entry {seq}, which the ledger received, is missing or "
                                   "changed here", seq=bad), file=sys.stderr)
        return EXIT_FAIL
    print(tr("audit entry {seq} matches the ledger's copy", seq=head.seq))
    return EXIT_OK


def cmd_sample_config(args: argparse.Namespace, data_dir: Path, config: Config) -> int:
    from ..config import sample_config_text

    print(sample_config_text(), end="")
    return EXIT_OK


_HANDLERS = {
    "init": cmd_init,
    "import-customers": cmd_import,
    "import-bills": cmd_import,
    "lookup": cmd_lookup,
    "user": cmd_user,
    "status": cmd_status,
    "audit": cmd_audit,
    "sample-config": cmd_sample_config,
}


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
