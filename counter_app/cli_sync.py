"""`counter-app sync now|run|status` and `counter-app ledger connect`: the relay without the GUI."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path

from .cli_text import tr

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
    p.add_argument("--config", type=Path, default=argparse.SUPPRESS)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("sync", help="send queued items to the ledger, pull reference data")
    _common(p)
    sub = p.add_subparsers(dest="sync_command", required=True, metavar="{now,run,status}")
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

    p = subparsers.add_parser("ledger", help="connect this counter to the central ledger")
    _common(p)
    sub = p.add_subparsers(dest="ledger_command", required=True, metavar="{connect}")
    s = sub.add_parser("connect", help="test the URL and token (health, clock) and save them")
    _common(s)
    s.add_argument("--url", required=True)
    s.add_argument("--token", required=True)
    s.add_argument("--ca", help="CA certificate file for a private HTTPS certificate")
    s.add_argument("--timeout", type=float, default=10.0)


def run(args: argparse.Namespace) -> int:
    if args.command == "ledger":
        return _connect(args)
    return {"now": _now, "run": _run, "status": _status}[args.sync_command](args)


def _clock() -> datetime:
    from .bootstrap import local_now

    return local_now()


def _store(args):
    from .adapters.storage import open_store
    from .bootstrap import STORE_FILE_NAME

    return open_store(args.data_dir_path / STORE_FILE_NAME, create=False)


def _ledger(args):
    from .adapters.relay_thread import ClientLedger

    cfg = args.config_obj
    if not cfg["ledger.url"] or not cfg["ledger.token"]:
        print("counter-app: " + tr("no ledger connected: run `counter-app ledger connect --url URL "
                                   "--token TOKEN`"), file=sys.stderr)
        return None
    return ClientLedger.connect(cfg["ledger.url"], cfg["ledger.token"],
                                timeout=getattr(args, "timeout", 15.0))


def _now(args: argparse.Namespace) -> int:
    from .adapters.relay_thread import sync_once
    from .services import sync
    from .services.offline_limits import update_alert

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
        result = sync_once(store, ledger, clock=_clock, ignore_schedule=True,
                           pull_reference=not args.no_reference,
                           policy=sync.RelayPolicy(batch_size=args.batch))
        cfg = args.config_obj
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
    from .adapters.storage.sync_repo import SqliteSyncStore

    return SqliteSyncStore(store)


def _run(args: argparse.Namespace) -> int:
    from .adapters.relay_thread import ClientLedger, OfflineLimits, RelayThread
    from .services import sync

    cfg = args.config_obj
    if not cfg["ledger.url"] or not cfg["ledger.token"]:
        return _ledger(args) or EXIT_USAGE
    store = _store(args)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    policy = sync.RelayPolicy(batch_size=args.batch, base_delay=args.base_delay,
                              max_delay=args.max_delay)
    relay = RelayThread(
        store, lambda: ClientLedger.connect(cfg["ledger.url"], cfg["ledger.token"],
                                            timeout=args.timeout),
        clock=_clock, policy=policy, idle_seconds=args.idle,
        limits=OfflineLimits(cfg["ledger.offline_max_hours"], cfg["ledger.offline_max_queued"],
                             cfg["terminal.id"]),
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
    from .services import sync
    from .services.offline_limits import offline_alert, offline_state

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


def _connect(args: argparse.Namespace) -> int:
    from .adapters.ledger_client import LedgerClient, LedgerError
    from .adapters.relay_thread import ClientLedger
    from .cli_ledger_errors import explain as explain_connect_failure
    from .cli_text import error_text
    from .config import ConfigError
    from .services import sync

    cfg = args.config_obj
    try:
        cfg.set("ledger.url", args.url.rstrip("/"))
    except ConfigError as exc:
        print(f"counter-app: {exc}", file=sys.stderr)
        return EXIT_USAGE
    client = LedgerClient(args.url, args.token, timeout=args.timeout,
                          verify=args.ca if args.ca else True)
    try:
        health = client.health()
        sync.check_clock(ClientLedger(client), now=_clock())
    except (LedgerError, sync.LedgerSendError) as exc:
        reason = explain_connect_failure(exc, args.url, timeout=min(args.timeout, 5.0))
        print("counter-app: " + tr("cannot use the ledger at {url}: {reason}", url=args.url,
                                   reason=reason), file=sys.stderr)
        return EXIT_FAIL
    except sync.ClockSkewError as exc:
        print("counter-app: " + tr("{message} Not saved.", message=error_text(exc)), file=sys.stderr)
        return EXIT_FAIL
    finally:
        client.close()
    if health.terminal_id != cfg["terminal.id"] or health.hall_id != cfg["terminal.hall_id"]:
        print("counter-app: " + tr(
            "the token belongs to terminal {theirs}, but this counter is {ours}; not saved",
            theirs=f"{health.hall_id}/{health.terminal_id}",
            ours=f"{cfg['terminal.hall_id']}/{cfg['terminal.id']}"), file=sys.stderr)
        return EXIT_FAIL
    cfg.set("ledger.token", args.token)
    path = getattr(args, "config", None) or args.data_dir_path / "config.toml"
    saved = cfg.save(Path(path))
    print(tr("connected to {url} as {who} (ledger {version}, clock {skew:+.1f} s); saved to {path}",
             url=args.url, who=f"{health.hall_id}/{health.terminal_id}", version=health.version,
             skew=health.clock_skew.total_seconds(), path=saved))
    return EXIT_OK
