"""The port of the backup use cases: backup files, queued items, and the archive that holds them.

Kept beside ports.py (same role: what services and the storage adapter share) so that the
archive can be faked in unit tests without the store's transaction protocol.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    taken_at: datetime
    size_bytes: int


@dataclass(frozen=True, slots=True)
class QueuedItemInfo:
    """One item a store file still holds for the ledger, read from the file itself."""

    kind: str
    item_key: str
    account_no: str | None
    payload_json: str
    created_at: str


class BackupArchive(Protocol):
    """Where the store's backups go, and how one goes back in the store's place."""

    store_path: Path

    def take(self, now: datetime,
             progress: Callable[[int, int], None] | None = None) -> BackupFile: ...
    def list(self) -> list[BackupFile]: ...
    def remove(self, backup: BackupFile) -> None: ...
    def integrity_problem(self, path: Path) -> str | None: ...
    def queued_items(self, path: Path) -> list[QueuedItemInfo]: ...
    def copy_for_check(self, path: Path, folder: Path) -> Path: ...
    def replace_store(self, backup_path: Path, now: datetime) -> Path: ...
