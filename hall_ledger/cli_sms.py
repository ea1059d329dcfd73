"""`counter-ledger sms ...`: the SMS simulator, dispatch, templates, the log, opt-outs,
settings and the gateway's token. See docs/collections-sms.md."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date, datetime

GATEWAYS = ("simulator", "aliyun", "tencent")
TOKEN_ENV = "COUNTER_LEDGER_SMS_TOKEN"


def _cli():
    from . import cli

    return cli


def _now() -> datetime:
    from .store.db import utcnow

    return utcnow()


def _actor(value: str) -> str:
    from hall_domain.inputs import id_problem

    problem = id_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(f"actor {problem}")
    return value


def _bounded(lo: int, hi: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"must be {lo}-{hi}")
        return value

    return parse


def make_gateway(args):
    """The gateway the command line names; credentials only from the environment."""
    env = os.environ
    if args.gateway == "simulator":
        from .services.sms.gw_simulator import SimulatorGateway

        return SimulatorGateway(args.gateway_url or "http://127.0.0.1:8790",
                                pool=max(4, args.concurrency))
    missing = [v for v in {"aliyun": ("ALIBABA_CLOUD_ACCESS_KEY_ID",
                                      "ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
                           "tencent": ("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY",
                                       "TENCENTCLOUD_SMS_SDK_APP_ID")}[args.gateway]
               if not env.get(v)]
    if missing:
        raise _cli().CliError(f"set {', '.join(missing)} in the environment for {args.gateway}")
    endpoint, scheme = _endpoint(args.gateway_url)
    try:
        if args.gateway == "aliyun":
            from .services.sms.gw_aliyun import AliyunGateway

            return AliyunGateway(access_key_id=env["ALIBABA_CLOUD_ACCESS_KEY_ID"],
                                 access_key_secret=env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
                                 endpoint=endpoint or "dysmsapi.aliyuncs.com", protocol=scheme)
        from .services.sms.gw_tencent import TencentGateway

        return TencentGateway(secret_id=env["TENCENTCLOUD_SECRET_ID"],
                              secret_key=env["TENCENTCLOUD_SECRET_KEY"],
                              sdk_app_id=env["TENCENTCLOUD_SMS_SDK_APP_ID"],
                              endpoint=endpoint or "sms.tencentcloudapi.com", scheme=scheme)
    except RuntimeError as exc:
        raise _cli().CliError(str(exc)) from exc


def _endpoint(url: str | None) -> tuple[str | None, str]:
    if not url:
        return None, "https"
    if "://" in url:
        scheme, rest = url.split("://", 1)
        return rest.rstrip("/"), scheme
    return url, "https"


def cmd_simulator(args) -> int:
    from .services.sms.simulator import Simulator

    token = None
    if args.token_file:
        token = _cli()._read_secret_file(args.token_file, "the SMS gateway token")
    token = token or os.environ.get(TOKEN_ENV)
    if args.ledger_url and not token:
        raise _cli().CliError(f"receipts need the gateway token: --token-file FILE or ${TOKEN_ENV}"
                              " (counter-ledger sms gateway-token)")
    sim = Simulator(ledger_url=args.ledger_url, token=token, late_seconds=args.late_seconds)
    try:
        url = sim.start(port=args.port)
    except OSError as exc:
        raise _cli().CliError(f"cannot listen on 127.0.0.1:{args.port}: {exc.strerror}") from exc
    print(json.dumps({"url": url, "receipts_to": args.ledger_url}), flush=True)
    try:
        # until stdin ends (a parent process closes it) or Ctrl+C
        if args.until_stdin_closes:
            sys.stdin.read()
        else:
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


def cmd_gateway_token(args) -> int:
    from .services.sms.messages import add_gateway_token, revoke_gateway_tokens

    with _cli()._engine(args) as engine:
        if args.revoke:
            print(f"{revoke_gateway_tokens(engine, args.name)} token(s) of {args.name} revoked")
            return 0
        token = add_gateway_token(engine, args.name)
    print(f"SMS gateway token for {args.name}; shown once, the ledger keeps only its hash:")
    print(token)
    return 0


def cmd_dispatch(args) -> int:
    from .collections_wiring import on_vacant  # a vacant number flags the phone
    from .services.sms.dispatch import dispatch

    gateway = make_gateway(args)
    total: dict[str, int] = {}
    try:
        with _cli()._engine(args) as engine:
            for n in range(args.passes):
                report = dispatch(engine, gateway, now=_now(), hall_id=args.hall,
                                  limit=args.limit, concurrency=args.concurrency,
                                  on_vacant=on_vacant)
                for k, v in report.counts.items():
                    total[k] = total.get(k, 0) + v
                if args.json:
                    print(json.dumps(report.counts, sort_keys=True), flush=True)
                else:
                    print(" ".join(f"{k}={v}" for k, v in sorted(report.counts.items()))
                          or "nothing due", flush=True)
                if n + 1 < args.passes:
                    time.sleep(args.every)  # the loop's interval (a command, not a test)
    finally:
        gateway.close()
    return 0


def cmd_queue(args) -> int:
    from .services.sms import queue_reminder
    from .services.sms.errors import SmsError

    as_of = args.as_of or date.today()
    with _cli()._engine(args) as engine:
        try:
            with engine.begin() as conn:
                mid = queue_reminder(conn, args.hall, args.account, f"manual:{as_of}", as_of,
                                     actor=args.actor)
        except SmsError as exc:
            raise _cli().CliError(exc.message) from exc
    print(mid or "not queued (nothing overdue, or no approved template): see the actions")
    return 0 if mid else 1


def cmd_template(args) -> int:
    from .services.sms.errors import SmsError
    from .services.sms.settings import hall_sms
    from .services.sms.templates import approve_template, draft_template, list_templates

    with _cli()._engine(args) as engine:
        try:
            if args.template_command == "list":
                with engine.connect() as conn:
                    rows = list_templates(conn, args.hall)
                for t in rows:
                    print(f"{t['template_id']}\t{t['status']}\t{t['parts']} part(s), "
                          f"{t['chars']} chars\t{t['drafted_by']}→{t['approved_by'] or '-'}\t"
                          f"{t['name']}: {t['text']}")
                return 0
            with engine.begin() as conn:
                if args.template_command == "draft":
                    t = draft_template(conn, args.hall, name=args.name, text=args.text,
                                       signature=args.signature or hall_sms(conn, args.hall)
                                       .signature, actor=args.actor, now=_now(),
                                       provider_code=args.provider_code)
                else:
                    t = approve_template(conn, args.hall, args.id, actor=args.actor, now=_now())
        except SmsError as exc:
            raise _cli().CliError(exc.message) from exc
    print(json.dumps(t, ensure_ascii=False, indent=2))
    return 0


def cmd_log(args) -> int:
    from .services.sms.messages import list_messages

    with _cli()._engine(args) as engine, engine.connect() as conn:
        log = list_messages(conn, args.hall, status=args.status, account_no=args.account,
                            limit=args.limit)
    if args.json:
        print(json.dumps(log, ensure_ascii=False, indent=2))
        return 0
    for m in log["messages"]:
        print(f"{m['queued_at']}\t{m['account_no']}\t{m['phone'] or '-'}\t{m['status']}\t"
              f"{m['parts']}p\t{m['last_error'] or m['receipt_code'] or ''}")
    print(" ".join(f"{k}={v}" for k, v in log["counts"].items() if v))
    return 0


def cmd_opt_out(args) -> int:
    from .services.sms.errors import SmsError
    from .services.sms.messages import add_opt_out, remove_opt_out

    with _cli()._engine(args) as engine:
        try:
            with engine.begin() as conn:
                if args.remove:
                    changed = remove_opt_out(conn, hall_id=args.hall, phone=args.phone,
                                             actor=args.actor, now=_now(), reason=args.reason)
                else:
                    changed = add_opt_out(conn, hall_id=args.hall, phone=args.phone,
                                          source="counter", actor=args.actor, now=_now(),
                                          reason=args.reason)
        except SmsError as exc:
            raise _cli().CliError(exc.message) from exc
    print(("removed" if args.remove else "added") if changed else "no change")
    return 0


def cmd_settings(args) -> int:
    from .services.sms.errors import SmsError
    from .services.sms.settings import hall_sms, set_settings

    start = end = None
    if args.window:
        start, _, end = args.window.partition("-")
    with _cli()._engine(args) as engine:
        try:
            with engine.begin() as conn:
                if args.actor is None:
                    hs = hall_sms(conn, args.hall)
                else:
                    hs = set_settings(conn, args.hall, actor=args.actor, now=_now(),
                                      window_start=start, window_end=end, day_cap=args.day_cap,
                                      month_cap=args.month_cap, tz=args.tz,
                                      signature=args.signature)
        except SmsError as exc:
            raise _cli().CliError(exc.message) from exc
    print(json.dumps(hs.as_dict(), ensure_ascii=False, indent=2))
    return 0


def register(sub, command) -> None:
    """`counter-ledger sms ACTION ...` (`command` is build_parser's helper, for the DB options)."""
    cli = _cli()
    sms = sub.add_parser("sms", help="SMS payment reminders: simulator, dispatch, templates, log",
                         description="SMS payment reminders (短信缴费提醒): see "
                                     "docs/collections-sms.md")
    ssub = sms.add_subparsers(dest="sms_command", required=True, metavar="ACTION")

    def action(name: str, fn, help: str, db: bool = True) -> argparse.ArgumentParser:
        p = ssub.add_parser(name, help=help, description=help)
        if db:
            cli._db_options(p)
        p.set_defaults(fn=fn)
        return p

    p = action("simulator", cmd_simulator, "run the local SMS simulator on 127.0.0.1 (outcome "
               "by the phone's last digit: 0 delivered, 1 vacant, 2 no receipt, 3 rate-limited, "
               "4 late receipt)", db=False)
    p.add_argument("--port", type=int, default=8790, help="0: a free port (default 8790)")
    p.add_argument("--ledger-url", metavar="URL",
                   help="push receipts and replies to this ledger (http://127.0.0.1:8700)")
    p.add_argument("--token-file", metavar="FILE",
                   help=f"the gateway token (mode 0600); else ${TOKEN_ENV}")
    p.add_argument("--late-seconds", type=float, default=30.0,
                   help="delay of a late receipt (last digit 4)")
    p.add_argument("--until-stdin-closes", action="store_true",
                   help="stop when standard input ends (for a parent process)")

    p = action("gateway-token", cmd_gateway_token,
               "issue (or --revoke) the token the SMS gateway pushes receipts with")
    p.add_argument("--name", default="simulator", metavar="NAME")
    p.add_argument("--revoke", action="store_true")

    p = action("dispatch", cmd_dispatch, "send the queued reminders that are due (window, caps, "
               "opt-outs); unknown outcomes are queried first")
    p.add_argument("--hall", metavar="ID", help="one hall (default: every hall)")
    p.add_argument("--gateway", choices=GATEWAYS, default="simulator")
    p.add_argument("--gateway-url", metavar="URL",
                   help="simulator URL (default http://127.0.0.1:8790), or the provider's "
                        "endpoint (scheme://host:port)")
    p.add_argument("--limit", type=_bounded(1, 10**7), default=None, metavar="N",
                   help="consider at most N messages per pass")
    p.add_argument("--concurrency", type=_bounded(1, 64), default=8, metavar="1-64")
    p.add_argument("--passes", type=_bounded(1, 100000), default=1, metavar="N", help="a bounded loop: N passes (default 1)")
    p.add_argument("--every", type=float, default=60.0, metavar="SECONDS",
                   help="between passes (default 60)")
    p.add_argument("--json", action="store_true")

    p = action("queue", cmd_queue, "queue a reminder for one account now")
    p.add_argument("--hall", default=cli.DEFAULT_HALL, metavar="ID")
    p.add_argument("--account", required=True)
    p.add_argument("--as-of", type=cli._iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--actor", type=_actor, default="system")

    tp = ssub.add_parser("template", help="draft, approve or list reminder templates")
    tsub = tp.add_subparsers(dest="template_command", required=True, metavar="ACTION")
    for name, help in (("draft", "draft a template (${name} ${amount} ... variables)"),
                       ("approve", "approve a draft (not by the person who drafted it)"),
                       ("list", "list the hall's templates")):
        p = tsub.add_parser(name, help=help, description=help)
        cli._db_options(p)
        p.set_defaults(fn=cmd_template)
        p.add_argument("--hall", default=cli.DEFAULT_HALL, metavar="ID")
        if name != "list":
            p.add_argument("--actor", type=_actor, required=True)
        if name == "draft":
            p.add_argument("--name", required=True)
            p.add_argument("--text", required=True)
            p.add_argument("--signature")
            p.add_argument("--provider-code", metavar="CODE",
                           help="the provider's id of the same approved template")
        elif name == "approve":
            p.add_argument("id", type=int)

    p = action("log", cmd_log, "the SMS log: messages and their delivery status")
    p.add_argument("--hall", default=cli.DEFAULT_HALL, metavar="ID")
    p.add_argument("--status")
    p.add_argument("--account")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--json", action="store_true")

    p = action("opt-out", cmd_opt_out, "put a phone on the opt-out list (or --remove it)")
    p.add_argument("--hall", default=cli.DEFAULT_HALL, metavar="ID")
    p.add_argument("--phone", required=True)
    p.add_argument("--actor", type=_actor, required=True)
    p.add_argument("--reason", default="")
    p.add_argument("--remove", action="store_true")

    p = action("settings", cmd_settings, "show (or, with --actor, change) a hall's window, "
               "caps, time zone and signature")
    p.add_argument("--hall", default=cli.DEFAULT_HALL, metavar="ID")
    p.add_argument("--actor", type=_actor)
    p.add_argument("--window", metavar="HH:MM-HH:MM")
    p.add_argument("--day-cap", type=int)
    p.add_argument("--month-cap", type=int)
    p.add_argument("--tz", metavar="ZONE")
    p.add_argument("--signature")
