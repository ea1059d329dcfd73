"""`counter-app setup`: a new counter in one scripted step (the technician's install script).

Everything is checked before anything is written: the settings, the first administrator's
PIN, and (with --ledger-url) the ledger's answer to the token, the clock and that the token
belongs to this hall and terminal. Then the store is made with the administrator in a
temporary file and moved into place, the settings are written (0600: they hold the token),
and the reference data is downloaded. A failure before that point leaves the machine as it
was; a failed download leaves a working counter that downloads on its next sync.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from .common import read_secret
from .text import error_text, tr

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
NO_PIN = "no PIN for the administrator: pass --admin-pin, set COUNTER_APP_ADMIN_PIN or run in a terminal"


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser("setup", help="set up a new counter: settings, ledger, first "
                                            "administrator, reference data")
    p.add_argument("--hall", required=True, help="hall id (terminal.hall_id)")
    p.add_argument("--terminal", required=True, help="terminal id (terminal.id)")
    p.add_argument("--hall-name", help="hall name printed on receipts")
    p.add_argument("--hall-address", help="hall address printed on receipts")
    p.add_argument("--language", choices=("zh_CN", "en"), help="the window's language")
    p.add_argument("--ledger-url", help="the central ledger (leave out: the counter works "
                                        "offline until `counter-app ledger connect`)")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--token-file", type=Path, metavar="FILE",
                     help="file holding this terminal's ledger token")
    how.add_argument("--token", help="the token itself (visible in `ps`; prefer --token-file "
                                     "or COUNTER_LEDGER_TOKEN)")
    p.add_argument("--ca", help="CA certificate file for a private HTTPS certificate")
    p.add_argument("--printer", help="receipt printer URI (tcp://, serial://, usb://, ...)")
    p.add_argument("--card-reader", help="card reader port (COM3, /dev/ttyUSB0, ...)")
    p.add_argument("--admin", required=True, help="the first administrator's user id")
    p.add_argument("--admin-name", required=True, help="the first administrator's name")
    p.add_argument("--admin-pin", help="their PIN (asked for, or COUNTER_APP_ADMIN_PIN)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per ledger request")
    p.add_argument("--skip-reference", action="store_true",
                   help="do not download customers and bills now")
    return p


def _settings(args: argparse.Namespace):
    """The new settings, validated one by one (ConfigError names the bad one)."""
    config = args.config_obj
    wanted = {"terminal.hall_id": args.hall, "terminal.id": args.terminal,
              "terminal.hall_name": args.hall_name, "terminal.hall_address": args.hall_address,
              "ui.language": args.language, "ledger.url": (args.ledger_url or "").rstrip("/") or None,
              "printer.uri": args.printer, "card_reader.port": args.card_reader}
    for key, value in wanted.items():
        if value is not None:
            config.set(key, value)
    return config


def _make_store(target: Path, *, admin: str, name: str, pin: str, terminal_id: str) -> None:
    """The store with its first administrator, made beside `target` and renamed into place."""
    from hall_domain.security import Role

    from ..adapters.storage import open_store
    from ..bootstrap import local_now
    from ..services import auth

    partial = target.with_name(f".{target.name}.setup")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        store = open_store(partial)
        try:
            auth.create_user(store, actor=None, user_id=admin, name=name, role=Role.ADMIN, pin=pin,
                             now=local_now(), terminal_id=terminal_id)
            store.checkpoint()
        finally:
            store.close()
        os.replace(partial, target)
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            with contextlib.suppress(OSError):
                leftover.unlink()


def run(args: argparse.Namespace) -> int:
    from hall_domain.errors import DomainError
    from hall_domain.security import validate_pin

    from ..bootstrap import STORE_FILE_NAME
    from ..config import ConfigError
    from .sync import TOKEN_ENV, TokenMissing, check_ledger, read_token

    data_dir: Path = args.data_dir_path
    store_path = data_dir / STORE_FILE_NAME
    if store_path.exists():
        print("counter-app: " + tr("this counter is set up already ({path}); change settings "
                                   "with `counter-app ledger connect` or the config file",
                                   path=store_path), file=sys.stderr)
        return EXIT_FAIL
    try:
        config = _settings(args)
    except ConfigError as exc:
        print("counter-app: " + tr("configuration error: {error}", error=exc), file=sys.stderr)
        return EXIT_USAGE
    pin = read_secret(given=args.admin_pin, file=None, env="COUNTER_APP_ADMIN_PIN",
                      prompt=tr("PIN: "), missing=tr(NO_PIN))
    try:
        validate_pin(pin)
    except DomainError as exc:
        print("counter-app: " + error_text(exc) + " " + tr("Nothing was saved."), file=sys.stderr)
        return EXIT_USAGE
    health = None
    if config["ledger.url"]:
        try:
            token = read_token(args)
        except TokenMissing as exc:
            print(f"counter-app: {exc} ({TOKEN_ENV})", file=sys.stderr)
            return EXIT_USAGE
        health = check_ledger(config, token, timeout=args.timeout, ca=args.ca)
        if isinstance(health, str):
            print("counter-app: " + health, file=sys.stderr)
            return EXIT_FAIL
        config.set("ledger.token", token)

    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        _make_store(store_path, admin=args.admin, name=args.admin_name, pin=pin,
                    terminal_id=config["terminal.id"])
    except DomainError as exc:
        print("counter-app: " + error_text(exc) + " " + tr("Nothing was saved."), file=sys.stderr)
        return EXIT_FAIL
    try:
        saved = config.save(Path(getattr(args, "config", None) or data_dir / "config.toml"))
    except OSError:
        store_path.unlink(missing_ok=True)  # settings and store go together, or neither
        raise
    print(tr("counter {hall}/{terminal} set up: store {store}, settings {config}, "
             "administrator {admin}", hall=config["terminal.hall_id"],
             terminal=config["terminal.id"], store=store_path, config=saved, admin=args.admin))
    if health is None or args.skip_reference:
        return EXIT_OK
    return _download_reference(args, config)


def _download_reference(args: argparse.Namespace, config) -> int:
    """Customers and bills for this hall, with progress; a failure is not fatal."""
    from ..adapters.storage import open_store
    from ..bootstrap import STORE_FILE_NAME, local_now
    from ..ledger_link import sync_once
    from ..services import sync
    from .sync import _ledger

    args.config_obj = config
    ledger = _ledger(args)
    store = open_store(args.data_dir_path / STORE_FILE_NAME, create=False)
    print(tr("downloading customers and bills for hall {hall}…", hall=config["terminal.hall_id"]),
          flush=True)
    try:
        result = sync_once(store, ledger, clock=local_now, ignore_schedule=True,
                           pull_reference=True, hall_id=config["terminal.hall_id"],
                           policy=sync.RelayPolicy())
    finally:
        ledger.close()
        store.close()
    if result.reference is None:
        print("counter-app: " + tr("the reference data did not download ({error}); the counter "
                                   "downloads it at its next sync", error=result.error or "-"),
              file=sys.stderr)
        return EXIT_OK
    print(tr("reference: {customers} customers, {bills} bills ({how})",
             customers=result.reference.customers, bills=result.reference.bills,
             how=tr("snapshot" if result.reference.snapshot else "changes")))
    return EXIT_OK
