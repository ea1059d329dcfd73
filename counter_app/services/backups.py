"""Backing up the counter's store and putting a backup back, without losing a payment silently.

When: every `interval` while payments are being taken (none taken since the last backup: no
new backup) and at shift close. How many: the newest `keep` generations stay. A backup is
checked the way a store is checked at start (SQLite integrity, the audit chain, the seals of
queued items) on a scratch copy, never on the file itself.

A restore that would drop items not yet at the ledger (payments taken after the backup was
made and still queued) is refused unless a supervisor confirms; the list of what would be
lost is given first. The store being replaced is kept beside it, renamed, so even a
confirmed loss can be recovered by hand.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from hall_domain.errors import DomainError
from hall_domain.security import Action, User, require

from .audit_service import append_audit, verify_audit, verify_outbox_seals
from .ports import BackupArchive, BackupFile, CounterStore, QueuedItemInfo

log = logging.getLogger(__name__)
OpenStore = Callable[[Path], CounterStore]  # opens (and upgrades) a store file; caller closes


class BackupError(DomainError):
    code = "backup"


@dataclass(frozen=True, slots=True)
class BackupPolicy:
    interval: timedelta = timedelta(minutes=30)
    keep: int = 48  # a day of half-hourly backups


def backup_due(*, now: datetime, last_backup_at: datetime | None,
               last_payment_at: datetime | None, policy: BackupPolicy) -> bool:
    """A timed backup is due when a payment was taken since the last one and the interval
    has passed (an idle counter makes no copies of an unchanged store)."""
    if last_payment_at is None:
        return False
    if last_backup_at is None:
        return True
    return last_payment_at > last_backup_at and now - last_backup_at >= policy.interval


@dataclass(frozen=True, slots=True)
class BackupResult:
    taken: BackupFile
    removed: tuple[BackupFile, ...]


def take_backup(archive: BackupArchive, *, now: datetime, policy: BackupPolicy,
                progress: Callable[[int, int], None] | None = None) -> BackupResult:
    """Copy the live store now, then drop the generations beyond `policy.keep`."""
    taken = archive.take(now, progress)
    backups = archive.list()
    old = tuple(backups[: max(0, len(backups) - policy.keep)])
    for backup in old:
        archive.remove(backup)
    log.info("backup %s written (%d bytes); %d old backup(s) removed", taken.path,
             taken.size_bytes, len(old))
    return BackupResult(taken, old)


@dataclass(frozen=True, slots=True)
class BackupCheck:
    path: Path
    problems: tuple[str, ...] = ()
    queued: int = 0  # items the backup still holds for the ledger

    @property
    def ok(self) -> bool:
        return not self.problems


def check_backup(archive: BackupArchive, path: Path, *, open_store: OpenStore) -> BackupCheck:
    """SQLite's integrity check on the file, then the audit chain and the queued items' seals
    on a scratch copy (opening a store may upgrade an older backup's schema)."""
    problem = archive.integrity_problem(path)
    if problem is not None:
        return BackupCheck(path, (f"integrity: {problem}",))
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="counter-backup-check-") as scratch:
        copy = archive.copy_for_check(path, Path(scratch))
        try:
            store = open_store(copy)
        except Exception as exc:  # a damaged or foreign file: say what the store said
            return BackupCheck(path, (f"store: {exc}",))
        try:
            broken_at = verify_audit(store)
            if broken_at is not None:
                problems.append(f"audit chain broken at entry {broken_at}")
            problems.extend(f"queued item: {p}" for p in verify_outbox_seals(store))
        finally:
            close = getattr(store, "close", None)
            if close is not None:
                close()
    return BackupCheck(path, tuple(problems), queued=len(archive.queued_items(path)))


@dataclass(frozen=True, slots=True)
class QueuedLoss:
    """An item queued for the ledger in the current store that the backup does not hold."""

    kind: str
    item_key: str
    account_no: str | None
    amount_fen: int | None
    created_at: str


def _amount(item: QueuedItemInfo) -> int | None:
    try:
        value = json.loads(item.payload_json).get("amount_fen")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None


def would_lose(archive: BackupArchive, backup_path: Path) -> list[QueuedLoss]:
    """What restoring this backup would drop: queued now, absent from the backup's queue.

    A backup is older than the store, so an item queued now is either queued in the backup
    too (it will be sent again after the restore: the ledger takes each UUID once) or was
    made after the backup and exists only here."""
    kept = {(i.kind, i.item_key) for i in archive.queued_items(backup_path)}
    return [QueuedLoss(i.kind, i.item_key, i.account_no, _amount(i), i.created_at)
            for i in archive.queued_items(archive.store_path)
            if (i.kind, i.item_key) not in kept]


@dataclass(frozen=True, slots=True)
class RestoreResult:
    backup: Path
    previous_store: Path
    lost: tuple[QueuedLoss, ...] = field(default=())
    audit_seq: int = 0


def restore_backup(archive: BackupArchive, backup_path: Path, *, now: datetime,
                   terminal_id: str, open_store: OpenStore,
                   confirmed_by: User | None = None) -> RestoreResult:
    """Put `backup_path` in the store's place. The counter program must be stopped.

    Refused (BackupError, nothing changed) when the backup fails its check, or when items
    not yet at the ledger would be lost and no supervisor (`confirmed_by`, allowed to
    RESTORE_OVER_QUEUED) confirmed. The restored store is checked again and the restore is
    written to its audit trail, with what was lost and who confirmed."""
    check = check_backup(archive, backup_path, open_store=open_store)
    if not check.ok:
        raise BackupError(f"The backup {backup_path.name} is damaged: {'; '.join(check.problems)}",
                          code="backup.damaged", file=backup_path.name)
    lost = would_lose(archive, backup_path)
    if lost:
        if confirmed_by is None:
            raise BackupError(
                f"Restoring {backup_path.name} would lose {len(lost)} item(s) not yet at the "
                "ledger; a supervisor must confirm.",
                code="backup.would_lose_queued", count=len(lost))
        require(confirmed_by, Action.RESTORE_OVER_QUEUED)
    previous = archive.replace_store(backup_path, now)
    store = open_store(archive.store_path)
    try:
        broken_at = verify_audit(store)
        if broken_at is not None:  # checked on a copy a moment ago: the disk is failing
            raise BackupError(f"The restored store's audit chain is broken at entry {broken_at}.",
                              code="backup.damaged", file=backup_path.name)
        with store.write() as tx:
            entry = append_audit(
                tx, at=now, terminal_id=terminal_id,
                user_id=confirmed_by.user_id if confirmed_by else None,
                action="store.restored", target=f"file:{backup_path.name}",
                detail={"backup": backup_path.name, "previous_store": previous.name,
                        "lost": len(lost), "lost_items": [q.item_key for q in lost]})
    finally:
        close = getattr(store, "close", None)
        if close is not None:
            close()
    log.warning("store restored from %s (previous store kept as %s); %d queued item(s) dropped",
                backup_path, previous, len(lost))
    return RestoreResult(backup_path, previous, tuple(lost), entry.seq)
