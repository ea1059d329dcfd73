"""counter-ledger dunning ...: procedures, runs, locks, promises and field collection from the
ledger's own command line (actor: the person's id, recorded with every change; terminal none).

  counter-ledger dunning procedure show|set --class C [--file levels.json] [--hall H] --actor ID
  counter-ledger dunning run --as-of DATE [--hall H] [--class C] [--actor ID]
  counter-ledger dunning run --execute RUN [--hall H] --actor ID
  counter-ledger dunning run --reverse RUN --reason TEXT [--hall H] --actor ID
  counter-ledger dunning runs [--hall H]              (list)
  counter-ledger dunning show RUN [--hall H]          (a run with its lines)
  counter-ledger dunning edit RUN ACCOUNT [--level N] [--block|--unblock] [--note T] --actor ID
  counter-ledger dunning lock ACCOUNT --reason R --until DATE [--note T] --actor ID
  counter-ledger dunning unlock ACCOUNT --actor ID
  counter-ledger dunning promise ACCOUNT --pay DATE=YUAN [--pay ...] [--tolerance N] --actor ID
  counter-ledger dunning state ACCOUNT [--as-of DATE]
  counter-ledger dunning area AREA --collector ID --actor ID
  counter-ledger dunning worklist --collector ID [--as-of DATE] [--json]
  counter-ledger dunning visit ACCOUNT --on DATE --outcome O [--note T] --actor ID
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

DEFAULT_HALL = "H001"


def _today() -> date:
    return datetime.now().date()


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


def _print(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _do(args, work, *, write: bool = True) -> int:
    """work(conn, who) in one transaction (read-only when not write); a refusal is one line."""
    from .cli import CliError, _engine
    from .services.dunning_accounts import DunningRefused, Who, check_actor
    from .store.db import reader

    with _engine(args) as engine:
        try:
            who = Who(args.hall, None, check_actor(args.actor) if write else "cli")
            if write:
                with engine.begin() as conn:
                    out = work(conn, who)
            else:
                with reader(engine).connect() as conn:
                    out = work(conn, who)
        except DunningRefused as exc:
            raise CliError(f"{exc.code}: {exc.message}") from exc
    if out is not None:
        _print(out)
    return 0


def cmd_procedure(args) -> int:
    from .cli import CliError
    from .services import dunning as svc

    cls = svc.parse_class(args.klass)
    if args.action == "show":
        return _do(args, lambda c, w: {**svc.procedure_json(c, w.hall_id, cls),
                                       "history": svc.procedure_history(c, w.hall_id, cls)},
                   write=False)
    if not args.file or args.actor == "cli":
        raise CliError("dunning procedure set needs --file levels.json and --actor ID")
    try:
        doc = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CliError(f"cannot read {args.file}: {exc}") from exc
    return _do(args, lambda c, w: svc.set_procedure(c, w, cls, doc))


def cmd_run(args) -> int:
    from .cli import CliError
    from .services import dunning as svc

    if (args.execute is not None or args.reverse is not None) and args.actor == "cli":
        raise CliError("--execute and --reverse need --actor ID (the person, recorded)")
    if args.execute is not None:
        from .collections_wiring import dunning_sink

        return _do(args, lambda c, w: _brief(svc.execute_run(c, w, args.execute,
                                                             sink=dunning_sink())))
    if args.reverse is not None:
        if not args.reason:
            raise CliError("--reverse needs --reason")
        return _do(args, lambda c, w: _brief(svc.reverse_run(c, w, args.reverse, args.reason)))
    cls = svc.parse_class(args.klass, allow_all=True)
    as_of = args.as_of or _today()

    def work(c, w):
        run, created = svc.make_run(c, w, as_of, cls, lines=args.lines)
        return {**run, "created": created}
    return _do(args, work)


def _brief(run: dict) -> dict:
    run.pop("lines", None)
    return run


def cmd_runs(args) -> int:
    from .services import dunning as svc

    return _do(args, lambda c, w: svc.list_runs(c, w.hall_id), write=False)


def cmd_show(args) -> int:
    from .services import dunning as svc

    return _do(args, lambda c, w: svc.run_json(c, w.hall_id, args.run), write=False)


def cmd_edit(args) -> int:
    from .services import dunning as svc

    blocked = True if args.block else (False if args.unblock else None)
    return _do(args, lambda c, w: svc.edit_line(c, w, args.run, args.account, level=args.level,
                                                blocked=blocked, note=args.note))


def cmd_lock(args) -> int:
    from .services.dunning_accounts import add_lock

    return _do(args, lambda c, w: add_lock(c, w, args.account, args.reason, args.until,
                                           _today(), args.note))


def cmd_unlock(args) -> int:
    from .services.dunning_accounts import release_locks

    return _do(args, lambda c, w: release_locks(c, w, args.account, note=args.note))


def cmd_promise(args) -> int:
    from hall_domain.dunning import Instalment
    from hall_domain.errors import MoneyError
    from hall_domain.money import parse_yuan

    from .cli import CliError
    from .services.dunning_accounts import add_promise

    plan = []
    for item in args.pay:
        day, _, amount = item.partition("=")
        try:
            plan.append(Instalment(date.fromisoformat(day), parse_yuan(amount, max_fen=10**11)))
        except (ValueError, MoneyError) as exc:
            raise CliError(f"--pay takes DATE=YUAN, e.g. 2026-04-30=120.50 (not {item!r})") \
                from exc
    return _do(args, lambda c, w: add_promise(c, w, args.account, plan, _today(),
                                              tolerance_days=args.tolerance, note=args.note))


def cmd_state(args) -> int:
    from .services.dunning_state import account_state

    return _do(args, lambda c, w: account_state(c, w.hall_id, args.account,
                                                args.as_of or _today()), write=False)


def cmd_area(args) -> int:
    from .services.dunning_field import assign_area

    return _do(args, lambda c, w: assign_area(c, w, args.area, None if args.unassign
                                              else args.collector))


def cmd_worklist(args) -> int:
    from hall_domain.money import format_fen

    from .services.dunning_field import worklist

    result: dict = {}

    def work(c, w):
        result.update(worklist(c, w.hall_id, args.collector, args.as_of or _today()))
        return result if args.json else None
    _do(args, work, write=False)
    if not args.json:
        print(f"{result['collector']}  {result['as_of']}  areas: {', '.join(result['areas'])}")
        for a in result["accounts"]:
            visit = a["last_visit"]["outcome"] if a["last_visit"] else "-"
            print(f"{a['area']}\t{a['address']}\t{a['account_no']}\t{a['name']}\t"
                  f"{a['overdue_days']}d\t{format_fen(a['total_fen'])}\tL{a['dunning_level']}\t"
                  f"{visit}")
        print(f"total {format_fen(result['total_fen'])} in {len(result['accounts'])} account(s)")
    return 0


def cmd_visit(args) -> int:
    from .services.dunning_field import record_visit

    return _do(args, lambda c, w: record_visit(c, w, args.account, args.on, args.outcome,
                                               _today(), collector=args.collector,
                                               note=args.note))


def register(sub, command) -> None:
    """Hook `counter-ledger dunning ...` into the CLI (`command` is build_parser's helper; the
    nested actions get the same database options through _db_options)."""
    from .cli import _db_options

    top = sub.add_parser("dunning", help="dunning procedures, runs, locks, promises, field work",
                         description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    dsub = top.add_subparsers(dest="dunning_command", required=True, metavar="ACTION")

    def action(name: str, fn, help: str, *, actor: bool = True) -> argparse.ArgumentParser:
        p = dsub.add_parser(name, help=help, description=help)
        _db_options(p)
        p.set_defaults(fn=fn)
        p.add_argument("--hall", default=DEFAULT_HALL, metavar="ID")
        p.add_argument("--actor", required=actor, default="cli", metavar="ID",
                       help="the person's id, recorded with the change")
        return p

    classes = ("residential", "non_residential", "important")
    p = action("procedure", cmd_procedure, "show or set a class's procedure (a new version)",
               actor=False)
    p.add_argument("action", choices=("show", "set"))
    p.add_argument("--class", dest="klass", required=True, choices=classes)
    p.add_argument("--file", metavar="levels.json",
                   help='[{"days_overdue", "min_amount_fen", "interval_days", "action"}, ...] '
                        'or {"levels": [...], "repeat_defaulter": {"threshold", "months"}}')

    p = action("run", cmd_run, "make a proposal (or --execute / --reverse a run)", actor=False)
    p.add_argument("--as-of", type=_iso_date, metavar="YYYY-MM-DD", help="default today")
    p.add_argument("--class", dest="klass", choices=(*classes, "all"), default=None)
    p.add_argument("--execute", type=int, metavar="RUN", help="carry out a proposal")
    p.add_argument("--reverse", type=int, metavar="RUN", help="reverse a run (needs --reason)")
    p.add_argument("--reason")
    p.add_argument("--lines", action="store_true", help="print every line of the proposal")

    action("runs", cmd_runs, "list the hall's runs", actor=False)
    p = action("show", cmd_show, "a run with its lines", actor=False)
    p.add_argument("run", type=int)
    p = action("edit", cmd_edit, "change a proposal's line (raise by one at most, lower, block)")
    p.add_argument("run", type=int)
    p.add_argument("account")
    p.add_argument("--level", type=int)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--block", action="store_true")
    g.add_argument("--unblock", action="store_true")
    p.add_argument("--note")

    p = action("lock", cmd_lock, "lock an account's dunning until a date")
    p.add_argument("account")
    p.add_argument("--reason", required=True,
                   choices=("dispute", "hardship", "medical", "promise", "other"))
    p.add_argument("--until", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--note")
    p = action("unlock", cmd_unlock, "release an account's locks")
    p.add_argument("account")
    p.add_argument("--note")

    p = action("promise", cmd_promise, "a promise to pay (one --pay) or an instalment plan")
    p.add_argument("account")
    p.add_argument("--pay", action="append", required=True, metavar="DATE=YUAN")
    p.add_argument("--tolerance", type=int, default=3, metavar="DAYS")
    p.add_argument("--note")

    p = action("state", cmd_state, "an account's collections state", actor=False)
    p.add_argument("account")
    p.add_argument("--as-of", type=_iso_date, metavar="YYYY-MM-DD")

    p = action("area", cmd_area, "assign an area (台区) to a collector")
    p.add_argument("area")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--collector", metavar="ID")
    g.add_argument("--unassign", action="store_true")
    p = action("worklist", cmd_worklist, "a collector's accounts in walking order", actor=False)
    p.add_argument("--collector", required=True, metavar="ID")
    p.add_argument("--as-of", type=_iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--json", action="store_true")
    p = action("visit", cmd_visit, "record a visit's outcome")
    p.add_argument("account")
    p.add_argument("--on", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--outcome", required=True, choices=("paid", "promised", "refused",
                                                        "not_at_home"))
    p.add_argument("--collector", metavar="ID", help="default: the actor")
    p.add_argument("--note")
