"""Setting up a new counter, shared by `counter-app setup` and the window's first-run wizard.

Everything is checked before anything is written: the settings, the first administrator's
PIN, and (with a ledger URL) the ledger's answer to the token, the clock and that the token
belongs to this hall and terminal. Then the store is made with the administrator in a
temporary file and moved into place and the settings are written (0600: they hold the token);
the settings and the store go together, or neither. Downloading the reference data comes
after and may fail without undoing anything: the counter downloads it at its next sync.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class SetupRequest:
    """What the technician typed: the same fields as `counter-app setup`'s options."""

    hall_id: str
    terminal_id: str
    admin_id: str
    admin_name: str
    admin_pin: str
    hall_name: str | None = None
    hall_address: str | None = None
    language: str | None = None
    ledger_url: str | None = None
    token: str | None = None
    ca: str | None = None
    printer_uri: str | None = None
    card_reader_port: str | None = None
    timeout: float = 10.0
    download_reference: bool = True


@dataclass(slots=True)
class SetupOutcome:
    """How it went: `code` as the command's exit code; `error` says why nothing was saved;
    `lines` are what to tell the technician afterwards (in order)."""

    code: int
    error: str | None = None
    lines: list[str] = field(default_factory=list)
    store_path: Path | None = None
    config_path: Path | None = None

    @property
    def ok(self) -> bool:
        return self.code == EXIT_OK


def check_ledger(cfg, token: str, *, timeout: float, ca: str | None = None):
    """The ledger's health for `token` at cfg's ledger.url, or why it cannot be used (a
    sentence saying nothing was saved): unreachable, refused, clock too far off, or the token
    of another hall or terminal than cfg's. Used by `ledger connect`, `setup` and the wizard."""
    from .adapters.ledger_client import LedgerClient, LedgerError
    from .adapters.relay_thread import ClientLedger
    from .bootstrap import local_now
    from .cli.ledger_errors import explain as explain_connect_failure
    from .cli.text import error_text, tr
    from .services import sync

    url = cfg["ledger.url"]
    client = LedgerClient(url, token, timeout=timeout, verify=ca if ca else True)
    try:
        health = client.health()
        sync.check_clock(ClientLedger(client), now=local_now())
    except (LedgerError, sync.LedgerSendError) as exc:
        reason = explain_connect_failure(exc, url, timeout=min(timeout, 5.0))
        return tr("cannot use the ledger at {url}: {reason}", url=url, reason=reason)
    except sync.ClockSkewError as exc:
        return tr("{message} Not saved.", message=error_text(exc))
    finally:
        client.close()
    if health.terminal_id != cfg["terminal.id"] or health.hall_id != cfg["terminal.hall_id"]:
        return tr("the token belongs to terminal {theirs}, but this counter is {ours}; not saved",
                  theirs=f"{health.hall_id}/{health.terminal_id}",
                  ours=f"{cfg['terminal.hall_id']}/{cfg['terminal.id']}")
    return health


def make_store_with_admin(target: Path, *, admin: str, name: str, pin: str,
                          terminal_id: str) -> None:
    """The store with its first administrator, made beside `target` and renamed into place."""
    from hall_domain.security import Role

    from .adapters.storage import open_store
    from .bootstrap import local_now
    from .services import auth

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


def _apply_settings(config, request: SetupRequest):
    wanted = {"terminal.hall_id": request.hall_id, "terminal.id": request.terminal_id,
              "terminal.hall_name": request.hall_name,
              "terminal.hall_address": request.hall_address, "ui.language": request.language,
              "ledger.url": (request.ledger_url or "").rstrip("/") or None,
              "printer.uri": request.printer_uri, "card_reader.port": request.card_reader_port}
    for key, value in wanted.items():
        if value is not None:
            config.set(key, value)
    return config


def set_up(request: SetupRequest, *, config, data_dir: Path, config_path: Path | None = None,
           progress: Callable[[str], Any] = lambda _line: None,
           download_progress: Callable[[int, int | None], Any] | None = None) -> SetupOutcome:
    """Check, then make the store and save the settings, then download the reference data.
    `progress` hears each step as it starts (the wizard shows it; the CLI prints it);
    `download_progress(customers so far, customers in all or None)` after each page."""
    from hall_domain.errors import DomainError
    from hall_domain.security import validate_pin

    from .bootstrap import STORE_FILE_NAME
    from .cli.text import error_text, tr
    from .config import ConfigError

    store_path = data_dir / STORE_FILE_NAME
    if store_path.exists():
        return SetupOutcome(EXIT_FAIL, tr(
            "this counter is set up already ({path}); change settings with `counter-app ledger "
            "connect` or the config file", path=store_path))
    try:
        config = _apply_settings(config, request)
    except ConfigError as exc:
        return SetupOutcome(EXIT_USAGE, tr("configuration error: {error}", error=exc))
    try:
        validate_pin(request.admin_pin)
    except DomainError as exc:
        return SetupOutcome(EXIT_USAGE, error_text(exc) + " " + tr("Nothing was saved."))
    health = None
    if config["ledger.url"]:
        if not request.token:
            return SetupOutcome(EXIT_USAGE, tr("no ledger token given; nothing was saved"))
        progress(tr("checking the ledger at {url}…", url=config["ledger.url"]))
        health = check_ledger(config, request.token, timeout=request.timeout, ca=request.ca)
        if isinstance(health, str):
            return SetupOutcome(EXIT_FAIL, health)
        config.set("ledger.token", request.token)

    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        make_store_with_admin(store_path, admin=request.admin_id, name=request.admin_name,
                              pin=request.admin_pin, terminal_id=config["terminal.id"])
    except DomainError as exc:
        return SetupOutcome(EXIT_FAIL, error_text(exc) + " " + tr("Nothing was saved."))
    try:
        saved = config.save(Path(config_path or data_dir / "config.toml"))
    except OSError:
        store_path.unlink(missing_ok=True)  # settings and store go together, or neither
        raise
    outcome = SetupOutcome(EXIT_OK, store_path=store_path, config_path=saved)
    outcome.lines.append(tr(
        "counter {hall}/{terminal} set up: store {store}, settings {config}, administrator "
        "{admin}", hall=config["terminal.hall_id"], terminal=config["terminal.id"],
        store=store_path, config=saved, admin=request.admin_id))
    progress(outcome.lines[-1])
    if health is None or not request.download_reference:
        return outcome
    progress(tr("downloading customers and bills for hall {hall}…",
                hall=config["terminal.hall_id"]))
    outcome.lines.append(download_reference(config, store_path, timeout=request.timeout,
                                            on_progress=download_progress))
    return outcome


def download_reference(config, store_path: Path, *, timeout: float = 15.0,
                       on_progress: Callable[[int, int | None], Any] | None = None) -> str:
    """Customers and bills for this hall; what happened, in one line (a failure is not fatal).
    `on_progress(customers so far, customers in all or None)` after each page."""
    from .adapters.relay_thread import ClientLedger
    from .adapters.storage import open_store
    from .bootstrap import local_now
    from .cli.text import tr
    from .ledger_link import sync_once
    from .services import sync

    ledger = ClientLedger.connect(config["ledger.url"], config["ledger.token"], timeout=timeout)
    store = open_store(store_path, create=False)
    try:
        result = sync_once(store, ledger, clock=local_now, ignore_schedule=True,
                           pull_reference=True, hall_id=config["terminal.hall_id"],
                           policy=sync.RelayPolicy(),
                           on_reference_page=None if on_progress is None else (
                               lambda r: on_progress(r.customers, r.customers_total)))
    finally:
        ledger.close()
        store.close()
    if result.reference is None:
        return tr("the reference data did not download ({error}); the counter downloads it at "
                  "its next sync", error=result.error or "-")
    return tr("reference: {customers} customers, {bills} bills ({how})",
              customers=result.reference.customers, bills=result.reference.bills,
              how=tr("snapshot" if result.reference.snapshot else "changes"))
