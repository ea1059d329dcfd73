"""`counter-app backup now|list|verify|restore`: copies of the store on a second disk.

`restore` needs the counter program stopped. When items not yet at the ledger would be lost
it lists them and stops; a supervisor confirms with `--as ID` (and the PIN) to go ahead.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from .common import read_secret, table
from .text import error_text, tr

EXIT_OK, EXIT_FAIL, EXIT_REFUSED = 0, 1, 3
NO_PIN = "no PIN given and no terminal to ask on: pass --pin PIN or set COUNTER_APP_PIN"


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser("backup", help="back up the store, list, check and restore backups")
    sub = p.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    q = sub.add_parser("now", help="take a backup now and drop the ones beyond backup.keep")
    q.add_argument("--json", action="store_true", help="print the result as JSON")
    q = sub.add_parser("list", help="the backups in the backup folder, oldest first")
    q.add_argument("--json", action="store_true", help="print the list as JSON")
    q = sub.add_parser("verify", help="check a backup (integrity, audit chain, queued items)")
    q.add_argument("file", nargs="?", type=Path, help="the backup file (default: the newest)")
    q = sub.add_parser("restore", help="put a backup in the store's place (stop the counter first)")
    q.add_argument("file", type=Path, help="the backup file")
    q.add_argument("--as", dest="actor_id", help="supervisor confirming items that would be lost")
    q.add_argument("--pin", dest="actor_pin", help="the supervisor's PIN (asked for when left out)")
    return p


def _now() -> datetime:
    from ..bootstrap import local_now

    return local_now()


def _archive(args: argparse.Namespace):
    from ..bootstrap import backup_archive

    return backup_archive(args.config_obj, args.data_dir_path)


def _policy(config):
    from ..bootstrap import backup_policy

    return backup_policy(config)


def _open_store(path: Path):
    from ..adapters.storage import open_store

    return open_store(path, create=False)


def run(args: argparse.Namespace) -> int:
    from hall_domain.errors import DomainError

    from ..adapters.storage import StoreError

    archive = _archive(args)
    if args.backup_command != "list" and not archive.store_path.exists() \
            and args.backup_command != "restore":
        print("counter-app: " + tr("no store at {path}; run `counter-app init` first",
                                   path=archive.store_path), file=sys.stderr)
        return EXIT_FAIL
    try:
        return {"now": _take, "list": _list, "verify": _verify,
                "restore": _restore}[args.backup_command](args, archive)
    except (DomainError, StoreError) as exc:
        print("counter-app: " + error_text(exc), file=sys.stderr)
        return EXIT_FAIL
    except OSError as exc:
        print("counter-app: " + tr("backup folder {path}: {error}", path=archive.folder,
                                   error=exc.strerror or exc), file=sys.stderr)
        return EXIT_FAIL


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} KB"


def _take(args: argparse.Namespace, archive) -> int:
    from ..services.backups import take_backup

    result = take_backup(archive, now=_now(), policy=_policy(args.config_obj))
    if args.json:
        print(json.dumps({"file": str(result.taken.path), "size_bytes": result.taken.size_bytes,
                          "removed": [str(b.path) for b in result.removed]}, ensure_ascii=False))
    else:
        print(tr("backup written: {path} ({size})", path=result.taken.path,
                 size=_size(result.taken.size_bytes)))
        if result.removed:
            print(tr("{count} old backup(s) removed", count=len(result.removed)))
    return EXIT_OK


def _list(args: argparse.Namespace, archive) -> int:
    backups = archive.list()
    if args.json:
        print(json.dumps([{"file": str(b.path), "taken_at": b.taken_at.isoformat(),
                           "size_bytes": b.size_bytes} for b in backups], ensure_ascii=False))
        return EXIT_OK
    if not backups:
        print(tr("no backups in {path}", path=archive.folder))
        return EXIT_OK
    rows = [[b.taken_at.strftime("%Y-%m-%d %H:%M:%S"), _size(b.size_bytes), b.path.name]
            for b in backups]
    print(table(rows, headers=[tr("taken at"), tr("size"), tr("file")]))
    return EXIT_OK


def _verify(args: argparse.Namespace, archive) -> int:
    from ..services.backups import check_backup

    path = args.file
    if path is None:
        backups = archive.list()
        if not backups:
            print("counter-app: " + tr("no backups in {path}", path=archive.folder),
                  file=sys.stderr)
            return EXIT_FAIL
        path = backups[-1].path
    check = check_backup(archive, path, open_store=_open_store)
    if check.ok:
        print(tr("{file}: sound ({count} item(s) queued for the ledger)", file=path.name,
                 count=check.queued))
        return EXIT_OK
    print(tr("{file}: damaged", file=path.name), file=sys.stderr)
    for problem in check.problems:
        print("  " + problem, file=sys.stderr)
    return EXIT_FAIL


def _restore(args: argparse.Namespace, archive) -> int:
    from ..services import auth
    from ..services.backups import restore_backup, would_lose

    config = args.config_obj
    if not args.file.is_file():
        print("counter-app: " + tr("no such backup: {path}", path=args.file), file=sys.stderr)
        return EXIT_FAIL
    lost = would_lose(archive, args.file)
    confirmed_by = None
    if lost:
        print(tr("Restoring {file} would lose {count} item(s) not yet at the ledger:",
                 file=args.file.name, count=len(lost)), file=sys.stderr)
        rows = [[q.created_at, q.kind, q.account_no or "-",
                 "-" if q.amount_fen is None else f"{q.amount_fen / 100:.2f}", q.item_key]
                for q in lost]
        print(table(rows, headers=[tr("queued at"), tr("kind"), tr("account"), tr("amount"),
                                   tr("item")]), file=sys.stderr)
        if not args.actor_id:
            print("counter-app: " + tr("a supervisor must confirm: run again with --as ID"),
                  file=sys.stderr)
            return EXIT_REFUSED
        pin = read_secret(given=args.actor_pin, file=None, env="COUNTER_APP_PIN",
                          prompt=tr("PIN: "), missing=tr(NO_PIN))
        store = _open_store(archive.store_path)
        try:
            confirmed_by = auth.login(store, user_id=args.actor_id, pin=pin, now=_now(),
                                      terminal_id=config["terminal.id"])
        finally:
            store.close()
    result = restore_backup(archive, args.file, now=_now(), terminal_id=config["terminal.id"],
                            open_store=_open_store, confirmed_by=confirmed_by)
    print(tr("restored {file}; the previous store is kept as {previous}",
             file=result.backup.name, previous=result.previous_store.name))
    if result.lost:
        print(tr("{count} item(s) not yet at the ledger were dropped, confirmed by {user}",
                 count=len(result.lost), user=confirmed_by.user_id if confirmed_by else "-"))
    return EXIT_OK
