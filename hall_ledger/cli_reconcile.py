"""`counter-ledger reconcile`, `exceptions ...`, `gl export` and `recon-report ...` (#15)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from hall_domain.money import format_fen


def _now(args) -> datetime:
    return args.now or datetime.now().replace(microsecond=0)


def _cli_error(exc):
    from .cli import CliError

    return CliError(f"{getattr(exc, 'code', 'error')}: {getattr(exc, 'message', exc)}")


def cmd_reconcile(args) -> int:
    from .cli import _engine
    from .services.reconcile import reconcile

    with _engine(args) as engine:
        result = reconcile(engine, args.date, args.channel, now=_now(args))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    m = result["matched"]
    print(f"Reconciliation of {result['date']}: matched {m['count']} "
          f"({format_fen(m['sum_fen'])})")
    for c in result["channels"]:
        bank = c["bank"]
        print(f"  {c['channel']}: file {c['channel_file']['count']} "
              f"{format_fen(c['channel_file']['sum_fen'])}, ledger {c['ledger']['count']} "
              f"{format_fen(c['ledger']['sum_fen'])}, bank "
              + (f"{bank['count']} {format_fen(bank['sum_fen'])}" if bank else "no statement")
              + f", fees {format_fen(c['fees_fen'])}")
    for kind, x in result["exceptions"].items():
        if x["count"]:
            print(f"  {kind:<26} {x['count']:>6}  {format_fen(x['sum_fen']):>14}  "
                  f"open {x['open']}")
    return 0


def cmd_exceptions_list(args) -> int:
    from .cli import _engine
    from .services.recon_worklist import worklist

    with _engine(args) as engine:
        items = worklist(engine, now=_now(args), hall_id=args.hall,
                         include_resolved=args.all)
    if args.json:
        print(json.dumps([i.as_dict() for i in items], ensure_ascii=False, indent=2))
        return 0
    for i in items:
        flag = " ESCALATED" if i.escalated else ""
        print(f"#{i.exc_id:<6} {i.recon_date} age {i.age_days:>3}d {i.hall_id:<6} "
              f"{i.channel:<10} {i.kind:<26} {format_fen(i.amount_fen):>12} "
              f"{i.account_no or '-':<12} owner {i.owner or '-'} [{i.status}]{flag}")
    print(f"{len(items)} exception(s)")
    return 0


def cmd_exceptions_act(args) -> int:
    from .cli import _engine
    from .services import recon_worklist as w

    now = _now(args)
    with _engine(args) as engine:
        try:
            if args.action == "assign":
                w.assign(engine, args.id, args.owner, actor=args.actor, now=now)
            elif args.action == "note":
                w.note(engine, args.id, args.text, actor=args.actor, now=now,
                       resolve_it=args.resolve)
            elif args.action == "match":
                w.match_by_hand(engine, args.id, args.with_id, actor=args.actor, now=now)
            elif args.action == "post":
                print(json.dumps(w.post_to_account(engine, args.id, args.account,
                                                   actor=args.actor, now=now)))
            elif args.action == "refund-request":
                w.request_refund(engine, args.id, actor=args.actor, now=now, reason=args.reason)
            elif args.action == "refund-approve":
                w.approve_refund(engine, args.id, approver=args.actor, now=now)
            elif args.action == "history":
                print(json.dumps(w.actions_of(engine, args.id), ensure_ascii=False, indent=2))
                return 0
        except w.WorklistError as exc:
            raise _cli_error(exc) from exc
    print(f"exception {args.id}: {args.action} recorded")
    return 0


def cmd_gl_export(args) -> int:
    from .cli import CliError, _engine
    from .services.gl_export import gl_rows, unbalanced_halls, write_csv

    with _engine(args) as engine:
        rows = gl_rows(engine, args.date)
    off = unbalanced_halls(rows)
    if off:  # never hand finance an unbalanced file
        raise CliError(f"debits and credits differ (fen, by hall): {off}")
    write_csv(rows, Path(args.out))
    debit = sum(r["debit_fen"] for r in rows)
    print(f"{len(rows)} line(s) written to {args.out}; debits = credits = {format_fen(debit)}")
    return 0


def cmd_report(args) -> int:
    from .cli import CliError, _engine
    from .services.recon_report import report_data, write_pdf, write_xlsx

    if not args.pdf and not args.xlsx and not args.json:
        raise CliError("give --pdf FILE, --xlsx FILE and/or --json")
    with _engine(args) as engine:
        data = report_data(engine, args.date, args.hall, now=_now(args))
    if args.pdf:
        write_pdf(data, Path(args.pdf))
    if args.xlsx:
        write_xlsx(data, Path(args.xlsx))
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def cmd_signoff(args) -> int:
    from .cli import _engine
    from .services.recon_report import SignoffError, sign_off

    with _engine(args) as engine:
        try:
            result = sign_off(engine, args.date, args.hall, args.role, args.person,
                              now=_now(args))
        except SignoffError as exc:
            raise _cli_error(exc) from exc
    print(json.dumps(result))
    return 0


def register(sub, command) -> None:
    """Add the commands to `counter-ledger` (build_parser's subparsers and `command` helper)."""
    from .cli import _db_options, _iso_date

    def when(p) -> None:
        p.add_argument("--now", type=datetime.fromisoformat, default=None,
                       metavar="YYYY-MM-DDTHH:MM:SS", help="the time to act as (default: now)")

    p = command("reconcile", cmd_reconcile,
                "match a day's channel files with the ledger and the bank statement")
    p.add_argument("--date", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--channel", metavar="ID", help="one channel (default: every channel)")
    p.add_argument("--json", action="store_true")
    when(p)

    ex = sub.add_parser("exceptions", help="the reconciliation exceptions worklist")
    esub = ex.add_subparsers(dest="exceptions_command", required=True, metavar="ACTION")
    p = esub.add_parser("list", help="open exceptions with owner and age")
    _db_options(p)
    p.set_defaults(fn=cmd_exceptions_list)
    p.add_argument("--hall", metavar="ID")
    p.add_argument("--all", action="store_true", help="resolved ones too")
    p.add_argument("--json", action="store_true")
    when(p)
    for action, help in (("assign", "set the owner"), ("note", "add a note (--resolve: close)"),
                         ("match", "match a channel_only line with a ledger_only payment"),
                         ("post", "post suspense money to an account / keep a duplicate as "
                                  "credit"),
                         ("refund-request", "request a refund of a duplicate's credit"),
                         ("refund-approve", "approve the refund (a second person)"),
                         ("history", "the actions taken on an exception")):
        p = esub.add_parser(action, help=help, description=help)
        _db_options(p)
        p.set_defaults(fn=cmd_exceptions_act, action=action)
        p.add_argument("id", type=int, metavar="EXCEPTION_ID")
        if action != "history":
            p.add_argument("--actor", required=True, metavar="PERSON",
                           help="your id (recorded with the action)")
        if action == "assign":
            p.add_argument("--owner", required=True, metavar="PERSON")
        elif action == "note":
            p.add_argument("--text", required=True)
            p.add_argument("--resolve", action="store_true")
        elif action == "match":
            p.add_argument("--with", dest="with_id", type=int, required=True,
                           metavar="EXCEPTION_ID")
        elif action == "post":
            p.add_argument("--account", required=True, metavar="户号")
        elif action == "refund-request":
            p.add_argument("--reason", default="")
        when(p)

    gl = sub.add_parser("gl", help="accounting entries for the finance system")
    gsub = gl.add_subparsers(dest="gl_command", required=True, metavar="ACTION")
    p = gsub.add_parser("export", help="the day's entries by hall and account as CSV")
    _db_options(p)
    p.set_defaults(fn=cmd_gl_export)
    p.add_argument("--date", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--out", required=True, metavar="FILE.csv")

    p = command("recon-report", cmd_report, "对账报告: the day's reconciliation of a hall "
                                            "as PDF and/or XLSX")
    p.add_argument("--date", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--hall", required=True, metavar="ID")
    p.add_argument("--pdf", metavar="FILE")
    p.add_argument("--xlsx", metavar="FILE")
    p.add_argument("--json", action="store_true")
    when(p)

    p = command("recon-signoff", cmd_signoff,
                "sign the day's reconciliation (marketing and finance, two people)")
    p.add_argument("--date", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--hall", required=True, metavar="ID")
    p.add_argument("--role", required=True, choices=("marketing", "finance"))
    p.add_argument("--person", required=True, metavar="PERSON")
    when(p)
