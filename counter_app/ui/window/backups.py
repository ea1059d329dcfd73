"""Backups while the counter works: a check every minute, a backup when payments were taken
and the interval passed, and one at every shift close. Never on the store's thread: a copy of
a large store takes seconds and the cashier must not wait for it."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QThreadPool, QTimer

from ..operations import backups as backup_ops
from .base import WindowPart

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 60_000


class BackupsPart(WindowPart):
    def __init__(self, window) -> None:
        super().__init__(window)
        from counter_app.bootstrap import backup_policy

        self.policy = backup_policy(self.ctx.config)
        self.last_payment_at: datetime | None = None
        self.last_result = None  # the last BackupResult (tests and the status read it)
        self.last_error: Exception | None = None
        self._busy = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        if self.ctx.backups is not None:
            self.timer.start()

    def on_payment_taken(self, payment, _customer=None) -> None:
        self.last_payment_at = getattr(payment, "taken_at", None) or self.ctx.clock()

    def on_shift_closed(self) -> None:
        self.check(force=True)

    def check(self, force: bool = False) -> None:
        archive = self.ctx.backups
        if archive is None or self._busy:
            return
        self._busy = True
        backup_ops.backup_if_due(self.w, archive, policy=self.policy, now=self.ctx.clock(),
                                 last_payment_at=self.last_payment_at, force=force) \
            .success(self._done).failure(self._failed) \
            .finally_(lambda: setattr(self, "_busy", False)) \
            .run_in_background(self._pool)

    def _done(self, result) -> None:
        if result is not None:
            self.last_result, self.last_error = result, None

    def _failed(self, exc: Exception) -> None:
        # A full USB stick must not stop payments: tell the status bar and keep trying.
        self.last_error = exc
        log.error("backup failed: %s", exc)
        self.w.status.showMessage(self.tr("Backup failed: %1").replace("%1", str(exc)), 60_000)

    def stop(self) -> None:
        self.timer.stop()
        self._pool.waitForDone(30_000)  # a backup half-written is removed; let it finish
