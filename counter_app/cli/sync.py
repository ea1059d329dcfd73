"""`counter-app sync now|run|status` and `counter-app ledger connect`: the relay without the GUI."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path

from .text import tr

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3
TOKEN_ENV = "COUNTER_LEDGER_TOKEN"


class TokenMissing(Exception):
    """No token from a file, the environment, the command line or a prompt."""


def read_token(args: argparse.Namespace, *, environ=None, stdin=None, prompt=None) -> str:
    """The ledger token, from (first found): --token-file (refused when other users can read
    it), --token (with a warning: the command line is visible to every user),
    $COUNTER_LEDGER_TOKEN, or a hidden prompt when stdin is a terminal. Never echoed."""
    import os

    environ = os.environ if environ is None else environ
    stdin = sys.stdin if stdin is None else stdin
    if getattr(args, "token_file", None) is not None:
        from ..config import ConfigError, check_private

        path = Path(args.token_file)
        try:
            check_private(path, "holds the ledger token")
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise TokenMissing(f"cannot read the token file {path}: {exc.strerror}") from exc
        except ConfigError as exc:
            raise TokenMissing(str(exc)) from exc
        token = text.strip().splitlines()[0].strip() if text.strip() else ""
        if not token:
            raise TokenMissing(f"the token file {path} is empty")
        return token
    if getattr(args, "token", None):
        print("counter-app: warning: --token puts the token on the command line, where other "
              f"users can read it (ps); use --token-file FILE, ${TOKEN_ENV} or the prompt",
              file=sys.stderr)
        return args.token.strip()
    if environ.get(TOKEN_ENV, "").strip():
        return environ[TOKEN_ENV].strip()
    if stdin is not None and stdin.isatty():
        if prompt is None:
            import getpass

            prompt = getpass.getpass
        token = prompt("ledger token (not shown): ").strip()
        if token:
            return token
    raise TokenMissing(f"no ledger token: give --token-file FILE, set ${TOKEN_ENV}, or run "
                       "this on a terminal to be asked for it")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
    p.add_argument("--config", type=Path, default=argparse.SUPPRESS)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("sync", help="send queued items to the ledger, pull reference data")
    _common(p)
    sub = p.add_subparsers(dest="sync_command", required=True,
                           metavar="{now,run,status,review}")
    s = sub.add_parser("now", help="one relay pass now (ignores backoff), then pull reference data")
    _common(s)
    s.add_argument("--batch", type=int, default=200, help="items per request (default 200)")
    s.add_argument("--timeout", type=float, default=15.0, help="seconds per request")
    s.add_argument("--no-reference", action="store_true", help="do not pull reference data")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("run", help="relay in the foreground until interrupted")
    _common(s)
    s.add_argument("--batch", type=int, default=200)
    s.add_argument("--timeout", type=float, default=15.0)
    s.add_argument("--idle", type=float, default=5.0, help="seconds between idle checks")
    s.add_argument("--max-seconds", type=float, default=None, help="stop after this long")
    s.add_argument("--base-delay", type=float, default=1.0, help="backoff base (seconds)")
    s.add_argument("--max-delay", type=float, default=300.0, help="backoff cap (seconds)")
    s = sub.add_parser("status", help="queued, on review, last sync, offline alert")
    _common(s)
    s.add_argument("--json", action="store_true")
    _register_review(sub)

    p = subparsers.add_parser("ledger", help="connect this counter to the central ledger")
    _common(p)
    sub = p.add_subparsers(dest="ledger_command", required=True, metavar="{connect}")
    s = sub.add_parser("connect", help="test the URL and token (health, clock) and save them")
    _common(s)
    s.add_argument("--url", required=True)
    how = s.add_mutually_exclusive_group()
    how.add_argument("--token-file", type=Path, metavar="FILE",
                     help="read the token from FILE (first line); see also $" + TOKEN_ENV)
    how.add_argument("--token", help="the token itself: VISIBLE to other users in `ps`; prefer "
                                     f"--token-file, ${TOKEN_ENV} or the prompt")
    s.add_argument("--ca", help="CA certificate file for a private HTTPS certificate")
    s.add_argument("--timeout", type=float, default=10.0)


def _register_review(sub) -> None:
    s = sub.add_parser("review", help="the review list: items the ledger refused or flagged; "
                                      "correct a refused card reference and resend")
    _common(s)
    rsub = s.add_subparsers(dest="review_command", required=True, metavar="{list,fix-reference}")
    r = rsub.add_parser("list", help="refused items and flagged payments")
    _common(r)
    r.add_argument("--json", action="store_true")
    r = rsub.add_parser("fix-reference",
                        help="a supervisor corrects a refused payment's card reference; the "
                             "payment is queued again under the same UUID (audited)")
    _common(r)
    r.add_argument("payment_uuid")
    r.add_argument("--reference", required=True, help="the reference (RRN) from the bank slip")
    r.add_argument("--reason", required=True, help="why (kept in the audit trail)")
    r.add_argument("--tender", type=int, default=None,
                   help="which tender (0-based) when the payment has several card parts")
    r.add_argument("--as", dest="actor_id", required=True, help="your (supervisor) user id")
    r.add_argument("--pin", dest="actor_pin", help="your PIN (asked for when left out)")


def run(args: argparse.Namespace) -> int:
    if args.command == "ledger":
        return _connect(args)
    return {"now": _now, "run": _run, "status": _status,
            "review": _review}[args.sync_command](args)


def _review(args: argparse.Namespace) -> int:
    import getpass

    from hall_domain.errors import DomainError

    from ..services import auth, sync

    cfg = args.config_obj
    store = _store(args)
    try:
        sstore = _sync_store(store)
        if args.review_command == "list":
            refused, flagged = sync.review_list(sstore)
            rows = [{"kind": i.kind, "item_key": i.item_key, "account_no": i.account_no,
                     "state": "refused", "error": i.last_error} for i in refused]
            rows += [{"kind": a.kind, "item_key": a.item_key, "account_no": a.account_no,
                      "state": "flagged", "error": ", ".join(a.review_reasons)}
                     for a in flagged if a.outcome != "refused"]
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            else:
                for r in rows:
                    print("\t".join(str(r[k] or "-") for k in
                                    ("state", "kind", "item_key", "account_no", "error")))
            return EXIT_OK
        pin = args.actor_pin if args.actor_pin is not None else getpass.getpass("PIN: ")
        try:
            now = _clock()
            me = auth.login(store, user_id=args.actor_id, pin=pin, now=now,
                            terminal_id=cfg["terminal.id"])
            done = sync.correct_card_reference(
                sstore, payment_uuid=args.payment_uuid, reference=args.reference,
                reason=args.reason, user=me, now=now, terminal_id=cfg["terminal.id"],
                tender_index=args.tender)
        except DomainError as exc:
            print(f"counter-app: {exc.message}", file=sys.stderr)
            return EXIT_FAIL
        print(f"payment {done.payment_uuid}: card reference {done.old_reference} -> "
              f"{done.new_reference} (tender {done.tender_index}) by {done.corrected_by}; "
              f"queued again (audit entry {done.audit_seq}); run `counter-app sync now` to send")
        return EXIT_OK
    finally:
        store.close()


def _clock() -> datetime:
    from ..bootstrap import local_now

    return local_now()


def _store(args):
    from ..adapters.storage import open_store
    from ..bootstrap import STORE_FILE_NAME

    return open_store(args.data_dir_path / STORE_FILE_NAME, create=False)


def _ledger(args):
    from ..adapters.relay_thread import ClientLedger

    cfg = args.config_obj
    if not cfg["ledger.url"] or not cfg["ledger.token"]:
        print("counter-app: " + tr("no ledger connected: run `counter-app ledger connect --url URL "
                                   "--token-file FILE`"), file=sys.stderr)
        return None
    return ClientLedger.connect(cfg["ledger.url"], cfg["ledger.token"],
                                timeout=getattr(args, "timeout", 15.0))


def _now(args: argparse.Namespace) -> int:
    from ..ledger_link import sync_once
    from ..services import sync
    from ..services.offline_limits import update_alert

    ledger = _ledger(args)
    if ledger is None:
        return EXIT_USAGE
    store = _store(args)
    clock_error = None
    try:
        try:
            sync.check_clock(ledger, now=_clock())
        except sync.ClockSkewError as exc:
            clock_error = exc.message
        except sync.LedgerSendError:
            pass  # the pass below reports why
        cfg = args.config_obj
        result = sync_once(store, ledger, clock=_clock, ignore_schedule=True,
                           pull_reference=not args.no_reference, hall_id=cfg["terminal.hall_id"],
                           policy=sync.RelayPolicy(batch_size=args.batch))
        update_alert(_sync_store(store), now=_clock(), max_hours=cfg["ledger.offline_max_hours"],
                     max_queued=cfg["ledger.offline_max_queued"], terminal_id=cfg["terminal.id"])
        status = sync.sync_status(_sync_store(store))
    finally:
        ledger.close()
        store.close()
    r = result.report
    if args.json:
        print(json.dumps({"ran": result.ran, "sent": r.sent, "recorded": r.recorded,
                          "duplicates": r.duplicates, "refused": r.refused, "flagged": r.flagged,
                          "error": result.error, "clock_error": clock_error,
                          "status": status.as_json()}, ensure_ascii=False))
    else:
        if not result.ran:
            print("counter-app: " + tr("another relay is sending from this store; try again later"),
                  file=sys.stderr)
        print(tr("sent {sent}: {recorded} recorded, {duplicates} already there, {refused} refused "
                 "(review list), {flagged} flagged by the ledger; {pending} still queued",
                 sent=r.sent, recorded=r.recorded, duplicates=r.duplicates, refused=r.refused,
                 flagged=r.flagged, pending=status.pending))
        if result.reference is not None:
            ref = result.reference
            print(tr("reference: {customers} customers, {bills} bills ({how})",
                     customers=ref.customers, bills=ref.bills,
                     how=tr("snapshot" if ref.snapshot else "changes")))
        if result.error:
            print("counter-app: " + tr("sync stopped: {error}", error=result.error), file=sys.stderr)
        if clock_error:
            print(f"counter-app: {clock_error}", file=sys.stderr)
    if not result.ran:
        return EXIT_BUSY
    return EXIT_FAIL if (result.error or clock_error or status.pending) else EXIT_OK


def _sync_store(store):
    from ..adapters.storage.sync_repo import SqliteSyncStore

    return SqliteSyncStore(store)


def _run(args: argparse.Namespace) -> int:
    from ..adapters.relay_thread import ClientLedger
    from ..ledger_link import offline_limits, relay_thread
    from ..services import sync

    cfg = args.config_obj
    if not cfg["ledger.url"] or not cfg["ledger.token"]:
        return _ledger(args) or EXIT_USAGE
    store = _store(args)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    policy = sync.RelayPolicy(batch_size=args.batch, base_delay=args.base_delay,
                              max_delay=args.max_delay)
    relay = relay_thread(
        store, lambda: ClientLedger.connect(cfg["ledger.url"], cfg["ledger.token"],
                                            timeout=args.timeout),
        clock=_clock, policy=policy, idle_seconds=args.idle, hall_id=cfg["terminal.hall_id"],
        limits=offline_limits(cfg),
        on_cycle=lambda r: print(f"cycle: sent {r.report.sent} error {r.error}", flush=True)
        if r.report.sent or r.error else None)
    relay.start()
    try:
        done.wait(args.max_seconds)
    finally:
        relay.stop()
        store.close()
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    from ..services import sync
    from ..services.offline_limits import offline_alert, offline_state

    cfg = args.config_obj
    store = _store(args)
    try:
        sstore = _sync_store(store)
        status = sync.sync_status(sstore)
        state = offline_state(sstore, now=_clock(), max_hours=cfg["ledger.offline_max_hours"],
                              max_queued=cfg["ledger.offline_max_queued"])
        alert = offline_alert(sstore)
    finally:
        store.close()
    data = {"ledger_url": cfg["ledger.url"] or None, **status.as_json(),
            "cards_refused": state.cards_refused, "hours_offline": round(state.hours_offline, 2),
            "offline_alert": alert}
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    for key, value in data.items():
        print(f"{key:>18}: {'-' if value in (None, '') else value}")
    return EXIT_OK


def check_ledger(cfg, token: str, *, timeout: float, ca: str | None = None):
    """The ledger's health, or why it cannot be used: counter_app.first_setup.check_ledger."""
    from ..first_setup import check_ledger as check

    return check(cfg, token, timeout=timeout, ca=ca)


def _connect(args: argparse.Namespace) -> int:
    from ..config import ConfigError

    cfg = args.config_obj
    try:
        cfg.set("ledger.url", args.url.rstrip("/"))
    except ConfigError as exc:
        print(f"counter-app: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        token = read_token(args)
    except TokenMissing as exc:
        print(f"counter-app: {exc}", file=sys.stderr)
        return EXIT_USAGE
    health = check_ledger(cfg, token, timeout=args.timeout, ca=args.ca)
    if isinstance(health, str):
        print("counter-app: " + health, file=sys.stderr)
        return EXIT_FAIL
    cfg.set("ledger.token", token)
    path = getattr(args, "config", None) or args.data_dir_path / "config.toml"
    saved = cfg.save(Path(path))
    print(tr("connected to {url} as {who} (ledger {version}, clock {skew:+.1f} s); saved to {path} "
             "(readable by this user only)",
             url=args.url, who=f"{health.hall_id}/{health.terminal_id}", version=health.version,
             skew=health.clock_skew.total_seconds(), path=saved))
    return EXIT_OK
