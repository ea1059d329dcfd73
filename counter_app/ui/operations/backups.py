"""Backups of the store the window takes on its own (every backup.interval_minutes while
payments are taken, and at shift close)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject

from counter_app.services.backups import BackupPolicy, BackupResult, backup_due, take_backup

from ..worker import Op


def backup_if_due(parent: QObject, archive, *, policy: BackupPolicy, now: datetime,
                  last_payment_at: datetime | None, force: bool = False) -> Op[BackupResult | None]:
    """A backup when one is due (or `force`d, at shift close); None when none was due."""

    def work() -> BackupResult | None:
        existing = archive.list()
        last = existing[-1].taken_at if existing else None
        if not force and not backup_due(now=now, last_backup_at=last,
                                        last_payment_at=last_payment_at, policy=policy):
            return None
        return take_backup(archive, now=now, policy=policy)

    return Op(parent, work)
