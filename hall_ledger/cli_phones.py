"""`counter-ledger import-phones` and `counter-ledger phones review|status` (phone hygiene, #14)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path


def _cli():
    from . import cli

    return cli


def cmd_import_phones(args) -> int:
    from .services.imports import read_text
    from .services.phones import import_phones

    cli = _cli()
    cli._check_hall(args.hall)
    path = Path(args.file)
    try:
        text = read_text(path)
    except OSError as exc:
        raise cli.CliError(f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise cli.CliError(f"{path} is not UTF-8 text") from exc
    with cli._engine(args) as engine:
        result = import_phones(engine, text, hall_id=args.hall, source=args.source,
                               on=args.on or date.today(), batch=path.name, actor=args.actor,
                               account_length=args.account_length)
    if result.errors:
        for line, message in result.errors:
            print(f"{path.name}:{line}: {message}", file=sys.stderr)
        print(f"{len(result.errors)} bad row(s); nothing was imported", file=sys.stderr)
        return 1
    for line, phone in result.not_mobile:
        print(f"{path.name}:{line}: skipped, not a mobile number: {phone}", file=sys.stderr)
    print(f"{result.added} added, {result.verified} verified, {result.queued} sent for review, "
          f"{result.already_queued} already waiting for review, "
          f"{len(result.not_mobile)} skipped (not a mobile number)")
    return 0


def cmd_review_list(args) -> int:
    from .services.phones import list_reviews
    from .store.db import reader

    cli = _cli()
    with cli._engine(args) as engine, reader(engine).connect() as conn:
        rows = list_reviews(conn, args.hall, status=None if args.status == "all" else args.status)
    if args.json:
        print(json.dumps({"reviews": rows}, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no reviews")
    for r in rows:
        name = f"  listed name {r['listed_name']}" if r["listed_name"] else ""
        print(f"{r['review_id']:>6}  {r['account_no']}  {r['current_phone'] or '-':<13} -> "
              f"{r['proposed_phone']:<13} {r['reason']:<13} {r['status']:<8} "
              f"{r['batch']}{name}")
    return 0


def _decide(args, accept: bool) -> int:
    from hall_domain.errors import DomainError
    from hall_domain.inputs import id_problem

    from .services.phones import PhoneReviewError, accept_review, reject_review

    cli = _cli()
    problem = id_problem(args.actor)
    if problem:
        raise cli.CliError(f"--actor: {problem}")
    try:
        with cli._engine(args) as engine, engine.begin() as conn:
            if accept:
                out = accept_review(conn, args.hall, args.review_id, actor=args.actor,
                                    on=date.today(), note=args.note)
            else:
                out = reject_review(conn, args.hall, args.review_id, actor=args.actor,
                                    note=args.note)
    except PhoneReviewError as exc:
        raise cli.CliError(exc.message) from exc
    except DomainError as exc:
        raise cli.CliError(exc.message) from exc
    print(f"review {out['review_id']} {out['status']}: {out['account_no']} "
          f"{'now has' if accept else 'keeps its number; not taken:'} {out['proposed_phone']}")
    return 0


def cmd_review_accept(args) -> int:
    return _decide(args, True)


def cmd_review_reject(args) -> int:
    return _decide(args, False)


def cmd_status(args) -> int:
    from .services.phones import status_counts
    from .store.db import reader

    cli = _cli()
    with cli._engine(args) as engine, reader(engine).connect() as conn:
        counts = status_counts(conn, args.hall, as_of=args.as_of or date.today())
    if args.json:
        print(json.dumps(counts, indent=2))
    else:
        for status, n in counts.items():
            print(f"{status:<11} {n:>9}")
    return 0


def register(sub, command) -> None:
    """Add the phone commands to `counter-ledger` (sub: its subparsers; command: cli's helper
    that adds a command with the database options)."""
    cli = _cli()
    p = command("import-phones", cmd_import_phones,
                "import a property company's phone list (UTF-8 CSV account_no,phone[,name]): "
                "numbers that differ from the one on file go to review, never overwritten")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--source", default="property", choices=("property", "import"),
                   help="where the list comes from (default: property, a property company)")
    p.add_argument("--hall", default=cli.DEFAULT_HALL, metavar="ID")
    p.add_argument("--on", type=cli._iso_date, default=None, metavar="YYYY-MM-DD",
                   help="the day the list was made (default: today)")
    p.add_argument("--actor", default="system", metavar="ID",
                   help="who imports it, for the collections record (default: system)")
    p.add_argument("--account-length", type=int, default=10, metavar="N")

    phones = sub.add_parser("phones", help="phone hygiene: the review queue, status counts")
    psub = phones.add_subparsers(dest="phones_command", required=True, metavar="ACTION")
    review = psub.add_parser("review", help="numbers from lists waiting for a person")
    rsub = review.add_subparsers(dest="review_command", required=True, metavar="ACTION")
    p = rsub.add_parser("list", help="list reviews (pending by default)")
    cli._db_options(p)
    p.set_defaults(fn=cmd_review_list)
    p.add_argument("--hall", default=cli.DEFAULT_HALL, metavar="ID")
    p.add_argument("--status", default="pending",
                   choices=("pending", "accepted", "rejected", "all"))
    p.add_argument("--json", action="store_true")
    for name, fn, what in (("accept", cmd_review_accept, "take the listed number"),
                           ("reject", cmd_review_reject, "keep the number on file")):
        p = rsub.add_parser(name, help=what, description=what)
        cli._db_options(p)
        p.set_defaults(fn=fn)
        p.add_argument("review_id", type=int, metavar="REVIEW_ID")
        p.add_argument("--hall", default=cli.DEFAULT_HALL, metavar="ID")
        p.add_argument("--actor", required=True, metavar="ID", help="who decides")
        p.add_argument("--note", default=None, help="why (kept with the decision)")
    p = psub.add_parser("status", help="how many customers have each phone status")
    cli._db_options(p)
    p.set_defaults(fn=cmd_status)
    p.add_argument("--hall", default=cli.DEFAULT_HALL, metavar="ID")
    p.add_argument("--as-of", type=cli._iso_date, default=None, metavar="YYYY-MM-DD")
    p.add_argument("--json", action="store_true")
