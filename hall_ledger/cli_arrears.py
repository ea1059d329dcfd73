"""`counter-ledger arrears` and `counter-ledger recovery`: the arrears list (欠费清单) and the
recovery rate (电费回收率) as a readable table, JSON, or a CSV / XLSX / PDF file."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

# The other areas' columns (dunning level, lock, promise, repeat flag, phone status) for the
# arrears command: a services.arrears.ExtraColumns the lead wires in; None gives the defaults.
EXTRA_COLUMNS = None  # None: the columns hall_ledger.collections_wiring connects


def _wired_columns():
    from .collections_wiring import arrears_extra_columns

    return arrears_extra_columns()


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


def _period(text: str) -> str:
    from hall_domain.accounts import parse_period
    from hall_domain.errors import AccountError

    try:
        y, m = parse_period(text)
    except AccountError as exc:
        raise argparse.ArgumentTypeError(f"not a month YYYY-MM: {text!r}") from exc
    return f"{y:04d}-{m:02d}"


def _buckets(text: str):
    from hall_domain.arrears import BucketEdges

    try:
        return BucketEdges.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _scope(args) -> str:
    parts = [f"营业厅 {args.hall}" if args.hall else "全部营业厅"]
    if getattr(args, "area", None):
        parts.append(f"台区 {args.area}")
    return "，".join(parts)


def _stream_json(as_of: date, rows, totals) -> None:
    """{"as_of", "accounts": [...], "totals"} written row by row."""
    out = sys.stdout
    out.write(f'{{"as_of": "{as_of.isoformat()}",\n "accounts": [')
    for i, row in enumerate(rows):
        out.write(("\n  " if i == 0 else ",\n  ") + json.dumps(row, ensure_ascii=False))
    out.write('],\n "totals": ' + json.dumps(totals.as_dict(), ensure_ascii=False, indent=1)
              + "}\n")


def cmd_arrears(args) -> int:
    from hall_domain.arrears import DEFAULT_BUCKETS, ArrearsTotals

    from .cli import CliError, _engine
    from .services.arrears import filtered_rows
    from .services.arrears_export import (
        ARREARS_TEXT_COLUMNS,
        NoCjkFont,
        arrears_sections,
        text_report,
        write_out,
    )
    from .store.db import consistent_reader

    as_of = args.as_of or date.today()
    buckets = args.buckets or DEFAULT_BUCKETS
    totals = ArrearsTotals(buckets)
    with _engine(args) as engine, consistent_reader(engine).connect() as conn:
        try:
            rows = filtered_rows(conn, totals, as_of=as_of, hall_id=args.hall, area=args.area,
                                 bucket=args.bucket, user_type=args.user_type,
                                 extra_columns=EXTRA_COLUMNS or _wired_columns())
        except ValueError as exc:  # an unknown bucket, no late-fee rule in force on the date
            raise CliError(str(exc)) from exc
        if args.json:  # streamed: a company's list need not fit in memory
            _stream_json(as_of, rows, totals)
            return 0
        report = {"as_of": as_of.isoformat(), "accounts": list(rows)}
    report["totals"] = totals.as_dict()
    title = f"欠费清单 Arrears as of {as_of.isoformat()}"
    sections = arrears_sections(report, by_hall=args.hall is None)
    if args.out:
        try:
            write_out(Path(args.out), title, _scope(args), sections)
        except (ValueError, NoCjkFont) as exc:
            raise CliError(str(exc)) from exc
        except OSError as exc:
            raise CliError(f"cannot write {args.out}: {exc.strerror}") from exc
        print(f"{report['totals']['all']['accounts']} account(s) written to {args.out}")
        return 0
    sys.stdout.write(text_report(f"{title}（{_scope(args)}）", sections,
                                 first_columns=ARREARS_TEXT_COLUMNS))
    return 0


def cmd_recovery(args) -> int:
    from .cli import CliError, _engine
    from .services.arrears_export import NoCjkFont, recovery_sections, text_report, write_out
    from .services.arrears_recovery import months_between, recovery_report
    from .store.db import consistent_reader

    try:
        months_between(args.first, args.last)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    with _engine(args) as engine, consistent_reader(engine).connect() as conn:
        report = recovery_report(conn, first=args.first, last=args.last, hall_id=args.hall,
                                 area=args.area, top=args.top)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    title = f"电费回收率 Recovery rate {report['from']} … {report['to']}"
    sections = recovery_sections(report)
    if args.out:
        try:
            write_out(Path(args.out), title, _scope(args), sections)
        except (ValueError, NoCjkFont) as exc:
            raise CliError(str(exc)) from exc
        except OSError as exc:
            raise CliError(f"cannot write {args.out}: {exc.strerror}") from exc
        print(f"recovery report written to {args.out}")
        return 0
    sys.stdout.write(text_report(f"{title}（{_scope(args)}）", sections))
    return 0


def register(sub, command) -> None:
    """Add `arrears` and `recovery` to counter-ledger's subcommands (`command` from build_parser)."""
    p = command("arrears", cmd_arrears, "the arrears list: every account with overdue bills, "
                "its aging and late fee on a date, and totals per bucket, area and user type")
    p.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="count overdue days and late fees to this date (default today)")
    p.add_argument("--hall", metavar="ID", help="one hall (default: all halls)")
    p.add_argument("--area", metavar="AREA", help="one area (台区)")
    p.add_argument("--bucket", metavar="LABEL", help="one aging bucket, e.g. 31-60 or >365")
    p.add_argument("--user-type", choices=("residential", "other"))
    p.add_argument("--buckets", type=_buckets, default=None, metavar="D1,D2,...",
                   help="bucket upper edges in days (default 30,60,90,180,365)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help='print {"as_of", "accounts", "totals"}')
    out.add_argument("--out", metavar="FILE", help="write FILE.xlsx, FILE.csv or FILE.pdf")

    p = command("recovery", cmd_recovery, "the recovery rate (collected ÷ billed) per billing "
                "month, hall, area and user type, and the top debtors")
    p.add_argument("--from", dest="first", type=_period, required=True, metavar="YYYY-MM")
    p.add_argument("--to", dest="last", type=_period, required=True, metavar="YYYY-MM")
    p.add_argument("--hall", metavar="ID", help="one hall (default: all halls)")
    p.add_argument("--area", metavar="AREA", help="one area (台区)")
    p.add_argument("--top", type=int, default=20, choices=range(1, 1001), metavar="N",
                   help="how many top debtors (default 20)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true")
    out.add_argument("--out", metavar="FILE", help="write FILE.xlsx, FILE.csv or FILE.pdf")
