"""Online copies of the counter's store with SQLite's backup API, kept as dated generations.

A copy is taken page by page from a live store (payments may be written meanwhile: SQLite
restarts the copy when a writer changes pages it has already copied), written to a hidden
temporary file, synced to disk and only then renamed to its final name, so a folder never
holds half a backup under a backup's name. Nothing here decides when to back up or whether
a restore may go ahead: that is services/backups.py.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from counter_app.services.ports import BackupFile, QueuedItemInfo

PREFIX = "counter-"
SUFFIX = ".db"
_NAME = re.compile(r"^counter-(?P<stamp>\d{8}T\d{6})(?:-(?P<n>\d+))?\.db$")
PAGES_PER_STEP = 1024  # ~4 MiB per step: the live store is locked only for one step at a time


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync; its rename is durable
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _info(path: Path) -> BackupFile | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    taken = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S")
    return BackupFile(path=path, taken_at=taken, size_bytes=path.stat().st_size)


class SqliteBackups:
    """Backups of one store file into one folder (a second disk or a USB stick)."""

    def __init__(self, store_path: Path, folder: Path) -> None:
        self.store_path = Path(store_path)
        self.folder = Path(folder)

    def take(self, now: datetime, progress: Callable[[int, int], None] | None = None) -> BackupFile:
        """Copy the live store into the folder; `progress(done_pages, total_pages)` per step."""
        self.folder.mkdir(parents=True, exist_ok=True)
        final = self._free_name(now)
        tmp = self.folder / f".{final.name}.partial"
        source = sqlite3.connect(self.store_path, timeout=30)
        try:
            target = sqlite3.connect(tmp)
            try:
                def step(_status: int, remaining: int, total: int) -> None:
                    if progress is not None:
                        progress(total - remaining, total)

                source.backup(target, pages=PAGES_PER_STEP, progress=step)
                # The copy is a standalone file: no WAL to carry along.
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
            os.replace(tmp, final)
            _fsync_dir(self.folder)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        finally:
            source.close()
        info = _info(final)
        assert info is not None
        return info

    def _free_name(self, now: datetime) -> Path:
        stamp = now.strftime("%Y%m%dT%H%M%S")
        path = self.folder / f"{PREFIX}{stamp}{SUFFIX}"
        n = 1
        while path.exists():  # two backups in one second (shift close right after a timer)
            path = self.folder / f"{PREFIX}{stamp}-{n}{SUFFIX}"
            n += 1
        return path

    def list(self) -> list[BackupFile]:
        """Every backup in the folder, oldest first."""
        if not self.folder.is_dir():
            return []
        found = [info for p in self.folder.iterdir() if (info := _info(p)) is not None]
        return sorted(found, key=lambda b: (b.taken_at, b.path.name))

    def remove(self, backup: BackupFile) -> None:
        backup.path.unlink(missing_ok=True)

    def integrity_problem(self, path: Path) -> str | None:
        """SQLite's full integrity check of a backup file, read only: None when it is sound."""
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                rows = con.execute("PRAGMA integrity_check").fetchall()
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            return str(exc)
        result = "; ".join(str(r[0]) for r in rows)
        return None if result == "ok" else result

    def queued_items(self, path: Path) -> list[QueuedItemInfo]:
        """The items a store file still holds for the ledger (its outbox), read only."""
        if not Path(path).exists():
            return []
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute(
                "SELECT kind, item_key, account_no, payload_json, created_at FROM outbox "
                "ORDER BY id").fetchall()
        finally:
            con.close()
        return [QueuedItemInfo(kind=k, item_key=key, account_no=acc, payload_json=payload,
                               created_at=created) for k, key, acc, payload, created in rows]

    def copy_for_check(self, path: Path, folder: Path) -> Path:
        """A scratch copy of a backup to open (opening a store may upgrade its schema)."""
        target = Path(folder) / Path(path).name
        shutil.copyfile(path, target)
        return target

    def replace_store(self, backup_path: Path, now: datetime) -> Path:
        """Put a backup in the store's place; the store as it was is kept beside it, renamed.

        Returns where the previous store went. The store must be closed (the counter program
        stopped): a running program would go on writing to the renamed file."""
        aside = self.store_path.with_name(
            f"{self.store_path.name}.before-restore-{now.strftime('%Y%m%dT%H%M%S')}")
        if self.store_path.exists():
            # Fold the write-ahead log into the file first so the kept copy is complete alone.
            con = sqlite3.connect(self.store_path, timeout=30)
            try:
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                con.close()
            os.replace(self.store_path, aside)
            for extra in ("-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.replace(f"{self.store_path}{extra}", f"{aside}{extra}")
        tmp = self.store_path.with_name(f".{self.store_path.name}.restoring")
        shutil.copyfile(backup_path, tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, self.store_path)
        _fsync_dir(self.store_path.parent)
        return aside
