"""`counter-app admin`: browse the audit trail, disable/enable users, reset PINs, change roles.

Every action signs in the acting person with their own id and PIN (`--as`, `--pin`; the PIN
is asked for when not given) and goes through the services, which check the permission
and audit the change. `counter-app audit verify` (cli.py) checks the hash chain.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from .common import read_secret, table
from .text import audit_action, audit_line, audit_name, error_text, tr

EXIT_OK, EXIT_FAIL = 0, 1
NO_PIN = "no PIN given and no terminal to ask on: pass --pin PIN or set COUNTER_APP_PIN"
ROLES = ("cashier", "supervisor", "technician", "admin")


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser("admin", help="audit trail and user administration")
    sub = p.add_subparsers(dest="admin_command", metavar="ACTION", required=True)

    def actor(q: argparse.ArgumentParser) -> argparse.ArgumentParser:
        q.add_argument("--as", dest="actor_id", required=True, help="your user id")
        q.add_argument("--pin", dest="actor_pin", help="your PIN (asked for when left out)")
        return q

    q = actor(sub.add_parser("audit-list", help="audit entries, newest first"))
    q.add_argument("--user", help="only entries of this user id")
    q.add_argument("--action", help="only this action or family (payment, payment.void ...)")
    q.add_argument("--since", type=datetime.fromisoformat, help="from YYYY-MM-DD[THH:MM]")
    q.add_argument("--limit", type=int, default=200)
    q.add_argument("--raw", action="store_true",
                   help="tab-separated codes and JSON details (for scripts) instead of sentences")
    for name, what in (("disable-user", "disable a user"), ("enable-user", "enable a user")):
        actor(sub.add_parser(name, help=what)).add_argument("user_id")
    q = actor(sub.add_parser("reset-pin", help="give a user a new PIN (lifts a lockout)"))
    q.add_argument("user_id")
    q.add_argument("--new-pin", help="the new PIN (asked for when left out)")
    q = actor(sub.add_parser("set-role", help="change a user's role"))
    q.add_argument("user_id")
    q.add_argument("role", choices=ROLES)
    return p


def run(args: argparse.Namespace) -> int:
    from hall_domain.errors import DomainError
    from hall_domain.security import Role

    from ..adapters.storage import StoreError
    from ..bootstrap import bootstrap, local_now
    from ..services import audit_query, auth, users

    ctx = bootstrap(config=args.config_obj, data_dir=args.data_dir_path, create=False)
    try:
        pin = read_secret(given=args.actor_pin, file=None, env="COUNTER_APP_PIN",
                          prompt=tr("PIN: "), missing=tr(NO_PIN))
        now = local_now()
        me = auth.login(ctx.store, user_id=args.actor_id, pin=pin, now=now,
                        terminal_id=ctx.terminal_id)
        kw = dict(actor=me, now=now, terminal_id=ctx.terminal_id)
        cmd = args.admin_command
        if cmd == "audit-list":
            f = audit_query.AuditFilter(user_id=args.user, action=args.action, since=args.since,
                                        limit=args.limit)
            entries = audit_query.list_audit(ctx.store, user=me, filters=f)
            if args.raw:
                for e in entries:
                    print("\t".join([str(e.seq), e.at.isoformat(), e.terminal_id, e.user_id or "-",
                                     e.action, e.target, e.outcome, e.detail]))
                return EXIT_OK
            rows = [(e.seq, f"{e.at:%Y-%m-%d %H:%M:%S}", e.terminal_id, e.user_id or "-",
                     audit_action(e.action), audit_line(e), audit_name(e.outcome))
                    for e in entries]
            print(table(rows, headers=[tr("No."), tr("Time"), tr("Counter"), tr("User"),
                                       tr("Action"), tr("What happened"), tr("Outcome")],
                        align=">"))
        elif cmd in ("disable-user", "enable-user"):
            users.set_active(ctx.store, user_id=args.user_id, active=cmd == "enable-user", **kw)
            print(f"user {args.user_id} {'enabled' if cmd == 'enable-user' else 'disabled'}")
        elif cmd == "reset-pin":
            new = read_secret(given=args.new_pin, file=None, env="COUNTER_APP_NEW_PIN",
                              prompt=tr("New PIN: "), missing=tr(NO_PIN))
            users.reset_pin(ctx.store, user_id=args.user_id, new_pin=new, **kw)
            print(f"PIN of {args.user_id} reset")
        elif cmd == "set-role":
            users.set_role(ctx.store, user_id=args.user_id, role=Role(args.role), **kw)
            print(f"user {args.user_id} is now {args.role}")
        return EXIT_OK
    except (DomainError, StoreError) as exc:
        print(f"counter-app: {error_text(exc)}", file=sys.stderr)
        return EXIT_FAIL
    finally:
        ctx.close()
