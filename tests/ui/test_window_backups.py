"""The window backs the store up on its own: after payments once the interval has passed,
never while idle, and at shift close; a backup that fails does not stop the counter."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from tests.helpers.ui import open_customer, pick, sign_in_to_counter

pytestmark = pytest.mark.gui


def payment_uuids(path) -> set[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in con.execute("SELECT payment_uuid FROM payments")}
    finally:
        con.close()


def pay_in_full(qtbot, window, account_no: str):
    open_customer(qtbot, window, account_no)
    qtbot.keyClick(window.counter.payment.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(window.counter.has_dialog)
    qtbot.keyClick(window.counter._dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.receipt_dialog is not None and window.receipt_dialog.isVisible())
    qtbot.keyClick(window.receipt_dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.receipt_dialog.isVisible())


def test_backups_follow_payments_and_the_interval(qtbot, window, ctx, clock, demo_customers):
    part, archive = window.backups_part, ctx.backups
    assert part.timer.isActive() and archive.folder == ctx.data_dir / "backups"
    part.check()  # no payment yet: nothing to back up
    qtbot.waitUntil(lambda: not part._busy)
    assert archive.list() == []

    sign_in_to_counter(qtbot, window)
    customer = pick(demo_customers, min_open=1)
    pay_in_full(qtbot, window, customer.account_no)
    assert part.last_payment_at is not None
    part.check()
    qtbot.waitUntil(lambda: len(archive.list()) == 1)
    first = archive.list()[0]
    assert payment_uuids(first.path) == payment_uuids(ctx.store_path)

    clock.advance(minutes=10)
    part.check()  # within the interval: no second copy
    qtbot.waitUntil(lambda: not part._busy)
    assert len(archive.list()) == 1

    clock.advance(minutes=25)
    part.check()  # interval passed, but no payment since the last backup
    qtbot.waitUntil(lambda: not part._busy)
    assert len(archive.list()) == 1

    part.on_shift_closed()  # a shift close always copies
    qtbot.waitUntil(lambda: len(archive.list()) == 2)


def test_a_failing_backup_is_shown_and_the_counter_goes_on(qtbot, window, ctx, demo_customers):
    blocker = ctx.data_dir / "backups"
    blocker.write_text("a file where the backup folder should be")
    part = window.backups_part
    part.on_shift_closed()
    qtbot.waitUntil(lambda: part.last_error is not None)
    shown = window.status.currentMessage()
    assert str(part.last_error) in shown and shown != str(part.last_error)  # said, with a label
    sign_in_to_counter(qtbot, window)
    customer = pick(demo_customers, min_open=1)
    before = len(payment_uuids(ctx.store_path))
    pay_in_full(qtbot, window, customer.account_no)
    assert len(payment_uuids(ctx.store_path)) == before + 1
