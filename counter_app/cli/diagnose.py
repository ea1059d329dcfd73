"""`counter-app diagnose --out FILE.zip`: what support needs, and no secret.

The bundle holds report.json (versions, store checks, queue depth, backups, devices as
configured, the ports found), config.toml with every secret replaced by "<set>" or "", and
the newest log files. The store itself is not in it (customers' data stays in the hall).
Before the zip is written, every member is searched for the ledger token once more and
masked, so a token that reached a log before masking existed still does not leave.
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import sys
import zipfile
from datetime import datetime
from importlib import metadata
from pathlib import Path

from .. import __version__
from .text import tr

EXIT_OK, EXIT_FAIL = 0, 1
MAX_LOG_BYTES = 20 * 1024 * 1024  # the newest logs up to this much


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser("diagnose", help="write a support bundle (no tokens, no PINs)")
    p.add_argument("--out", type=Path, required=True, help="the .zip file to write")
    return p


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _store_facts(store_path: Path) -> dict:
    from ..adapters.storage import open_store
    from ..services.audit_service import verify_audit, verify_outbox_seals
    from ..services.status import store_summary

    facts: dict = {"path": str(store_path), "exists": store_path.exists()}
    if not store_path.exists():
        return facts
    facts["size_bytes"] = store_path.stat().st_size
    try:
        store = open_store(store_path, create=False)
    except Exception as exc:  # the report is for a broken counter too: record, go on
        facts["open_error"] = f"{type(exc).__name__}: {exc}"
        return facts
    try:
        summary = store_summary(store)
        facts.update(summary)
        broken = verify_audit(store)
        facts["audit_chain"] = "ok" if broken is None else f"broken at entry {broken}"
        facts["outbox_seal_problems"] = len(verify_outbox_seals(store))
    finally:
        store.close()
    return facts


def _backups(args: argparse.Namespace) -> dict:
    from ..bootstrap import backup_archive

    archive = backup_archive(args.config_obj, args.data_dir_path)
    folder, backups = archive.folder, archive.list()
    newest = backups[-1] if backups else None
    return {"folder": str(folder), "count": len(backups),
            "newest": newest.taken_at.isoformat() if newest else None}


def _ports() -> list[str]:
    try:
        from ..adapters.printer.discovery import serial_ports

        return [str(p) for p in serial_ports()]
    except Exception as exc:  # no pyserial backend on this box: say so
        return [f"unavailable: {exc}"]


def redacted_config(config) -> str:
    from ..config import SECRET_KEYS, SETTINGS, render_toml

    items = []
    for setting in SETTINGS:
        value = config[setting.key]
        if setting.key in SECRET_KEYS:
            value = "<set>" if value else ""
        items.append((setting.key, value))
    return render_toml(items)


def build_report(args: argparse.Namespace) -> dict:
    config = args.config_obj
    return {
        "written_at": datetime.now().isoformat(timespec="seconds"),
        "versions": {"hall-counter": __version__, "python": sys.version.split()[0],
                     "platform": platform.platform(), "sqlite": sqlite3.sqlite_version,
                     "PySide6": _version("PySide6-Essentials") or _version("PySide6"),
                     "SQLAlchemy": _version("SQLAlchemy"), "python-escpos": _version("python-escpos"),
                     "pyserial": _version("pyserial")},
        "data_dir": str(args.data_dir_path),
        "terminal": {"id": config["terminal.id"], "hall_id": config["terminal.hall_id"]},
        "store": _store_facts(args.data_dir_path / "counter.db"),
        "backups": _backups(args),
        "ledger": {"url": config["ledger.url"], "token_set": bool(config["ledger.token"])},
        "devices": {"printer_uri": config["printer.uri"],
                    "card_reader_port": config["card_reader.port"],
                    "card_reader_protocol": config["card_reader.protocol"],
                    "serial_ports_found": _ports()},
    }


def _mask(data: bytes, secrets: list[str]) -> bytes:
    for secret in secrets:
        data = data.replace(secret.encode("utf-8"), b"***")
    return data


def run(args: argparse.Namespace) -> int:
    from ..adapters.logs import log_files

    config = args.config_obj
    secrets = [s for s in (config["ledger.token"],) if s]
    members: dict[str, bytes] = {
        "report.json": json.dumps(build_report(args), ensure_ascii=False, indent=2).encode(),
        "config.toml": redacted_config(config).encode(),
    }
    budget = MAX_LOG_BYTES
    for path in log_files(args.data_dir_path):
        data = path.read_bytes()[-budget:]
        members[f"logs/{path.name}"] = data
        budget -= len(data)
        if budget <= 0:
            break
    out: Path = args.out
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            for name, data in members.items():
                bundle.writestr(name, _mask(data, secrets))
    except OSError as exc:
        print("counter-app: " + tr("cannot write {path}: {error}", path=out,
                                   error=exc.strerror or exc), file=sys.stderr)
        return EXIT_FAIL
    print(tr("support bundle written: {path} ({count} file(s))", path=out, count=len(members)))
    return EXIT_OK
