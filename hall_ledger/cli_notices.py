"""`counter-ledger notices|stop-supply|reconnections`: notices to customers in arrears, stop-supply
requests through their gates, reconnection tasks (#14). The same services as the API; the
actor is the person's id (--actor), the terminal none (the ledger's own console)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path

from .cli import DEFAULT_HALL, CliError, _check_hall, _db_options, _engine, _iso_date


def _actor(text: str) -> str:
    from hall_domain.inputs import id_problem

    problem = id_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(f"--actor {problem}")
    return text


def _moment(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text).replace(microsecond=0)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a time YYYY-MM-DDTHH:MM: {text!r}") from exc


def _window(text: str) -> tuple[int, int]:
    lo, sep, hi = text.partition("-")
    if not sep or not lo.isdigit() or not hi.isdigit():
        raise argparse.ArgumentTypeError(f"a window is written DAYS-DAYS, e.g. 3-7: {text!r}")
    return int(lo), int(hi)


def _work(args, fn, *, write: bool = True):
    """fn(conn) in one transaction; refusals become one line (exit 1)."""
    from .services.notices import NoticeError
    from .services.stop_supply import GatesFailed

    _check_hall(args.hall)
    with _engine(args) as engine:
        try:
            if write:
                with engine.begin() as conn:
                    return fn(conn)
            with engine.connect() as conn:
                return fn(conn)
        except GatesFailed as exc:
            _print_gates([g.as_dict() for g in exc.gates], out=sys.stderr)
            raise CliError(f"{exc.code}: {exc.message}") from exc
        except NoticeError as exc:
            raise CliError(f"{exc.code}: {exc.message}") from exc


def _print_gates(gates: list[dict], out=None) -> None:
    out = out or sys.stdout
    for g in gates:
        print(f"  [{'ok' if g['ok'] else 'NO'}] {g['gate']}: {g['detail']}", file=out)
        if g["basis"]:
            print(f"       {g['basis']}", file=out)


def _show(args, data) -> int:
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def _yuan(fen: int) -> str:
    from hall_domain.money import format_fen

    return format_fen(fen)


# --- notices -----------------------------------------------------------------------------------


def cmd_list(args) -> int:
    from .services.notices import list_notices

    rows = _work(args, lambda c: list_notices(c, args.hall, kind=args.kind, status=args.status,
                                              area=args.area, account_no=args.account),
                 write=False)
    if args.json:
        return _show(args, rows)
    for r in rows:
        print(f"{r['notice_no']}\t{r['kind']}\t{r['status']}\t{r['account_no']}\t{r['name']}\t"
              f"{r['area']}\t{_yuan(r['total_fen'])}\tdeadline {r['deadline']}")
    print(f"{len(rows)} notice(s)")
    return 0


def cmd_issue(args) -> int:
    from .services.notices import issue_notice
    from .services.stop_supply import local_now

    n = _work(args, lambda c: issue_notice(
        c, args.hall, args.account, args.kind, args.as_of or date.today(),
        f"issued by {args.actor}", actor=args.actor, now=local_now()))
    print(f"{n['notice_no']} issued: {n['name']} owes {_yuan(n['total_fen'])} "
          f"({_yuan(n['total_deadline_fen'])} by {n['deadline']})")
    return 0


def _write_pdf(out: Path, notices: list[dict]) -> None:
    from .services.notices_pdf import render

    data = render(notices)
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror}") from exc


def cmd_pdf(args) -> int:
    from .services.notices import get_notice

    n = _work(args, lambda c: get_notice(c, args.hall, args.number), write=False)
    _write_pdf(Path(args.out), [n])
    print(f"{args.out}: notice {args.number}")
    return 0


def cmd_batch(args) -> int:
    from .services.notices import batch_notices

    found = _work(args, lambda c: batch_notices(c, args.hall, args.kind, args.area), write=False)
    if not found:
        raise CliError(f"no pending {args.kind} notice in area {args.area}")
    _write_pdf(Path(args.out), found)
    print(f"{args.out}: {len(found)} notice(s) of area {args.area} in walking order")
    return 0


def cmd_deliver(args) -> int:
    from hall_domain.errors import DomainError
    from hall_domain.inputs import check_free_text

    from .services.notices import record_delivery
    from .services.stop_supply import local_now

    try:
        check_free_text(args.signed_by, "signed-by")
    except DomainError as exc:
        raise CliError(exc.message) from exc
    now = local_now()
    n = _work(args, lambda c: record_delivery(
        c, args.hall, args.number, actor=args.actor, terminal_id=None, method=args.method,
        signed_by=args.signed_by, delivered_at=args.at or now, now=now))
    print(f"{n['notice_no']}: {args.method} recorded; status {n['status']}")
    return 0


def cmd_settings(args) -> int:
    from .services.notices import change_settings, settings_for
    from .services.stop_supply import local_now

    changes = {"province": args.province, "legal_version": args.legal_version,
               "reconnect_hours": args.reconnect_hours, "reminder_days": args.reminder_days,
               "stop_warning_days": args.stop_warning_days, "hall_name": args.hall_name,
               "hall_phone": args.hall_phone, "pay_ways": args.pay_way or None}
    if args.window:
        changes["notice_window_min_days"], changes["notice_window_max_days"] = args.window
    if any(v is not None for v in changes.values()):
        if not args.actor:
            raise CliError("changing settings needs --actor")
        config = _work(args, lambda c: change_settings(
            c, args.hall, actor=args.actor, terminal_id=None, now=local_now(), changes=changes))
    else:
        config = _work(args, lambda c: settings_for(c, args.hall), write=False)
    return _show(args, config.as_dict())


# --- stop-supply -------------------------------------------------------------------------------


def _print_request(r: dict) -> None:
    print(f"request {r['id']}: account {r['account_no']} ({r['customer_class']}), "
          f"{r['status']}, planned {r['planned_at']}, re-notice due {r['renotice_due_at']}")
    _print_gates(r["gates"])


def cmd_stop_list(args) -> int:
    from .services.stop_supply import list_requests

    rows = _work(args, lambda c: list_requests(c, args.hall, status=args.status), write=False)
    if args.json:
        return _show(args, rows)
    for r in rows:
        _print_request(r)
    print(f"{len(rows)} request(s)")
    return 0


def cmd_stop_gates(args) -> int:
    from .collections_wiring import reminder_delivered
    from .services.stop_supply import check_gates, local_now

    gates = _work(args, lambda c: check_gates(c, args.hall, args.account, args.planned_at,
                                              local_now(), reminder_delivered=reminder_delivered),
                  write=False)
    _print_gates([g.as_dict() for g in gates])
    return 0


def cmd_stop_request(args) -> int:
    from .collections_wiring import reminder_delivered
    from .services.stop_supply import local_now, request_stop

    r = _work(args, lambda c: request_stop(c, args.hall, args.account, args.planned_at,
                                           actor=args.actor, terminal_id=None, now=local_now(),
                                           reminder_delivered=reminder_delivered))
    _print_request(r)
    return 0


def _stop_step(name: str):
    def cmd(args) -> int:
        from .services import stop_supply as s

        fn = {"approve": s.approve, "regulator-notified": s.regulator_notified,
              "renotified": s.renotified, "stopped": s.stopped, "cancel": s.cancel}[name]
        from .collections_wiring import reminder_delivered

        extra = {"reason": args.reason} if name == "cancel" else {}
        if name in ("approve", "stopped"):  # the steps that check the gates again
            extra["reminder_delivered"] = reminder_delivered
        r = _work(args, lambda c: fn(c, args.hall, args.id, actor=args.actor, terminal_id=None,
                                     now=s.local_now(), **extra))
        _print_request(r)
        return 0
    return cmd


# --- reconnections -----------------------------------------------------------------------------


def cmd_reconnections_list(args) -> int:
    from .services.stop_supply import list_reconnections, local_now

    rows = _work(args, lambda c: list_reconnections(
        c, args.hall, open_only=True if args.open else None, now=local_now()), write=False)
    if args.json:
        return _show(args, rows)
    for r in rows:
        state = "open" + (" OVERDUE" if r["overdue"] else "") if r["open"] else "closed"
        print(f"task {r['id']}: account {r['account_no']}, due {r['due_at']}, {state}")
    print(f"{len(rows)} task(s)")
    return 0


def cmd_reconnections_close(args) -> int:
    from .services.stop_supply import close_reconnection, local_now

    r = _work(args, lambda c: close_reconnection(c, args.hall, args.id, actor=args.actor,
                                                 terminal_id=None, now=local_now()))
    print(f"task {r['id']} closed by {r['closed_by']} at {r['closed_at']}")
    return 0


def register(sub, command) -> None:
    """Hook the groups into counter-ledger's parser (`command` is unused: these are groups)."""

    def group(name: str, help: str):
        p = sub.add_parser(name, help=help, description=help)
        return p.add_subparsers(dest=f"{name}_command", required=True, metavar="ACTION")

    def action(gsub, name: str, fn, help: str, *, actor: bool = False):
        p = gsub.add_parser(name, help=help, description=help)
        _db_options(p)
        p.set_defaults(fn=fn)
        p.add_argument("--hall", default=DEFAULT_HALL, metavar="ID")
        if actor:
            p.add_argument("--actor", required=True, type=_actor, metavar="ID",
                           help="the id of the person doing it")
        return p

    kinds = ("reminder", "stop_warning")
    g = group("notices", "催费通知单 / 停电通知书: list, issue, PDF, batch per area, delivery")
    p = action(g, "list", cmd_list, "list the hall's notices")
    p.add_argument("--kind", choices=kinds)
    p.add_argument("--status", choices=("pending", "delivered", "settled", "superseded"))
    p.add_argument("--area")
    p.add_argument("--account")
    p.add_argument("--json", action="store_true")
    p = action(g, "issue", cmd_issue, "issue a notice for an account's overdue bills", actor=True)
    p.add_argument("--account", required=True)
    p.add_argument("--kind", required=True, choices=kinds)
    p.add_argument("--as-of", type=_iso_date, metavar="YYYY-MM-DD", help="default: today")
    p = action(g, "pdf", cmd_pdf, "write one notice as PDF")
    p.add_argument("number")
    p.add_argument("--out", required=True, metavar="FILE")
    p = action(g, "batch", cmd_batch,
               "write an area's pending notices as one PDF in walking order (address order)")
    p.add_argument("--kind", required=True, choices=kinds)
    p.add_argument("--area", required=True)
    p.add_argument("--out", required=True, metavar="FILE")
    p = action(g, "deliver", cmd_deliver, "record a notice's delivery", actor=True)
    p.add_argument("number")
    p.add_argument("--method", required=True,
                   choices=("in_person", "posted", "left_at_door", "refused"))
    p.add_argument("--signed-by", help="who signed for it (in person)")
    p.add_argument("--at", type=_moment, metavar="YYYY-MM-DDTHH:MM", help="default: now")
    p = action(g, "settings", cmd_settings,
               "show or change the hall's notice settings (window, deadlines, legal version)")
    p.add_argument("--actor", type=_actor, metavar="ID")
    p.add_argument("--province")
    p.add_argument("--legal-version")
    p.add_argument("--window", type=_window, metavar="MIN-MAX",
                   help="days before the planned stop the notice must reach the customer")
    p.add_argument("--reconnect-hours", type=int)
    p.add_argument("--reminder-days", type=int)
    p.add_argument("--stop-warning-days", type=int)
    p.add_argument("--hall-name")
    p.add_argument("--hall-phone")
    p.add_argument("--pay-way", action="append", help="a way to pay (repeat; replaces all)")

    g = group("stop-supply", "stop-supply requests for arrears through their legal gates")
    p = action(g, "list", cmd_stop_list, "list requests")
    p.add_argument("--status", choices=("requested", "approved", "stopped", "cancelled",
                                        "reconnected"))
    p.add_argument("--json", action="store_true")
    p = action(g, "gates", cmd_stop_gates, "show the gates a request would meet now")
    p.add_argument("--account", required=True)
    p.add_argument("--planned-at", required=True, type=_moment, metavar="YYYY-MM-DDTHH:MM")
    p = action(g, "request", cmd_stop_request, "raise a request (every gate must hold)",
               actor=True)
    p.add_argument("--account", required=True)
    p.add_argument("--planned-at", required=True, type=_moment, metavar="YYYY-MM-DDTHH:MM")
    for name, help in (("approve", "approve a request (another person than the requester)"),
                       ("regulator-notified", "record that the regulator was notified"),
                       ("renotified", "record that the customer was told again"),
                       ("stopped", "record that the supply was stopped"),
                       ("cancel", "cancel a request")):
        p = action(g, name, _stop_step(name), help, actor=True)
        p.add_argument("id", type=int)
        if name == "cancel":
            p.add_argument("--reason", required=True)

    g = group("reconnections", "reconnection tasks after a stopped customer paid")
    p = action(g, "list", cmd_reconnections_list, "list tasks")
    p.add_argument("--open", action="store_true", help="open tasks only")
    p.add_argument("--json", action="store_true")
    p = action(g, "close", cmd_reconnections_close, "close a task: supply restored", actor=True)
    p.add_argument("id", type=int)
