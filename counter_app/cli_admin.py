"""`counter-app admin`: browse the audit trail, disable/enable users, reset PINs, change roles.

Every action signs in the acting person with their own id and PIN (`--as`, `--pin`; the PIN
is asked for when not given) and goes through the services, which check the permission
and audit the change. `counter-app audit verify` (cli.py) checks the hash chain.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime
from pathlib import Path

EXIT_OK, EXIT_FAIL = 0, 1
ROLES = ("cashier", "supervisor", "technician", "admin")


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser("admin", help="audit trail and user administration")
    sub = p.add_subparsers(dest="admin_command", metavar="ACTION", required=True)

    def actor(q: argparse.ArgumentParser) -> argparse.ArgumentParser:
        q.add_argument("--as", dest="actor_id", required=True, help="your user id")
        q.add_argument("--pin", dest="actor_pin", help="your PIN (asked for when left out)")
        q.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
        q.add_argument("--config", type=Path, default=argparse.SUPPRESS)
        return q

    q = actor(sub.add_parser("audit-list", help="audit entries, newest first"))
    q.add_argument("--user", help="only entries of this user id")
    q.add_argument("--action", help="only this action or family (payment, payment.void ...)")
    q.add_argument("--since", type=datetime.fromisoformat, help="from YYYY-MM-DD[THH:MM]")
    q.add_argument("--limit", type=int, default=200)
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
    from .adapters.storage import StoreError
    from .bootstrap import bootstrap, local_now
    from .domain.errors import DomainError
    from .domain.security import Role
    from .services import audit_query, auth, users

    ctx = bootstrap(config=args.config_obj, data_dir=args.data_dir_path, create=False)
    try:
        pin = args.actor_pin if args.actor_pin is not None else getpass.getpass("PIN: ")
        now = local_now()
        me = auth.login(ctx.store, user_id=args.actor_id, pin=pin, now=now,
                        terminal_id=ctx.terminal_id)
        kw = dict(actor=me, now=now, terminal_id=ctx.terminal_id)
        cmd = args.admin_command
        if cmd == "audit-list":
            f = audit_query.AuditFilter(user_id=args.user, action=args.action, since=args.since,
                                        limit=args.limit)
            for e in audit_query.list_audit(ctx.store, user=me, filters=f):
                print("\t".join([str(e.seq), e.at.isoformat(), e.terminal_id, e.user_id or "-",
                                 e.action, e.target, e.outcome, e.detail]))
        elif cmd in ("disable-user", "enable-user"):
            users.set_active(ctx.store, user_id=args.user_id, active=cmd == "enable-user", **kw)
            print(f"user {args.user_id} {'enabled' if cmd == 'enable-user' else 'disabled'}")
        elif cmd == "reset-pin":
            new = args.new_pin if args.new_pin is not None else getpass.getpass("New PIN: ")
            users.reset_pin(ctx.store, user_id=args.user_id, new_pin=new, **kw)
            print(f"PIN of {args.user_id} reset")
        elif cmd == "set-role":
            users.set_role(ctx.store, user_id=args.user_id, role=Role(args.role), **kw)
            print(f"user {args.user_id} is now {args.role}")
        return EXIT_OK
    except (DomainError, StoreError) as exc:
        print(f"counter-app: {getattr(exc, 'message', exc)}", file=sys.stderr)
        return EXIT_FAIL
    finally:
        ctx.close()
