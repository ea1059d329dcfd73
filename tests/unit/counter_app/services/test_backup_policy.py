"""When a timed backup is due: only after payments, and only once the interval has passed."""

from __future__ import annotations

from datetime import datetime, timedelta

from counter_app.services.backups import BackupPolicy, backup_due

T = datetime(2026, 12, 1, 9, 0)
POLICY = BackupPolicy(interval=timedelta(minutes=30))


def test_no_payment_no_backup():
    assert not backup_due(now=T, last_backup_at=None, last_payment_at=None, policy=POLICY)


def test_the_first_payment_makes_the_first_backup_due():
    assert backup_due(now=T, last_backup_at=None, last_payment_at=T, policy=POLICY)


def test_due_after_the_interval_only_when_a_payment_came_since():
    last = T
    assert not backup_due(now=T + timedelta(minutes=29), last_backup_at=last,
                          last_payment_at=T + timedelta(minutes=5), policy=POLICY)
    assert backup_due(now=T + timedelta(minutes=30), last_backup_at=last,
                      last_payment_at=T + timedelta(minutes=5), policy=POLICY)
    assert not backup_due(now=T + timedelta(hours=5), last_backup_at=last,
                          last_payment_at=T - timedelta(minutes=1), policy=POLICY)
