"""Backups of a live store: taken while payments are written, checked, pruned, and restored
only when nothing queued for the ledger would be lost (or a supervisor confirms the loss)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from counter_app.adapters.storage import open_store
from counter_app.adapters.storage.backup import SqliteBackups
from counter_app.services.backups import (
    BackupError,
    BackupPolicy,
    check_backup,
    restore_backup,
    take_backup,
    would_lose,
)
from tests.helpers.cash_fixtures import PIN, SUP_PIN, T0, make_counter, pay, start_shift


def _open(path: Path):
    return open_store(path, create=False)


def payment_uuids(path: Path) -> set[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0] for row in con.execute("SELECT payment_uuid FROM payments")}
    finally:
        con.close()


@pytest.fixture
def counter(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    c = make_counter(data / "counter.db")
    start_shift(c)
    yield c
    c.close()


@pytest.fixture
def archive(counter, tmp_path):
    return SqliteBackups(Path(counter.store.path), tmp_path / "usb" / "backups")


def test_a_backup_of_a_live_store_holds_every_payment_committed_before_it(counter, archive):
    before = {pay(counter, i, cash=10100 + i * 100).payment_uuid for i in range(5)}
    stop = threading.Event()
    written: list[str] = []

    def keep_paying() -> None:  # a busy counter: payments go on while the copy is made
        i = 100
        while not stop.is_set() and i < 160:
            written.append(pay(counter, i, cash=20000).payment_uuid)
            i += 1

    payer = threading.Thread(target=keep_paying)
    payer.start()
    try:
        result = take_backup(archive, now=T0, policy=BackupPolicy())
    finally:
        stop.set()
        payer.join(timeout=60)
    assert result.taken.path.parent == archive.folder
    assert not list(archive.folder.glob(".*.partial"))
    copied = payment_uuids(result.taken.path)
    assert before <= copied
    assert copied <= before | set(written)  # a consistent snapshot: nothing invented
    check = check_backup(archive, result.taken.path, open_store=_open)
    assert check.ok, check.problems
    assert check.queued == len(copied)  # nothing reached a ledger: every payment still queued


def test_generations_beyond_keep_are_removed_oldest_first(counter, archive):
    policy = BackupPolicy(keep=3)
    taken = []
    for minute in range(5):
        pay(counter, minute, cash=10100)
        taken.append(take_backup(archive, now=T0 + timedelta(minutes=minute), policy=policy).taken)
    names = [b.path.name for b in archive.list()]
    assert names == [b.path.name for b in taken[2:]]
    assert not taken[0].path.exists() and not taken[1].path.exists()


def test_two_backups_in_one_second_both_stay(counter, archive):
    first = take_backup(archive, now=T0, policy=BackupPolicy()).taken
    second = take_backup(archive, now=T0, policy=BackupPolicy()).taken
    assert first.path != second.path and first.path.exists() and second.path.exists()


def test_check_finds_a_damaged_file_and_a_rewritten_audit_entry(counter, archive, tmp_path):
    pay(counter, 1, cash=10200)
    good = take_backup(archive, now=T0, policy=BackupPolicy()).taken.path

    rewritten = tmp_path / "rewritten.db"
    rewritten.write_bytes(good.read_bytes())
    con = sqlite3.connect(rewritten)
    for (trigger,) in con.execute(  # whoever edits the file can drop the append-only triggers
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
    ).fetchall():
        con.execute(f'DROP TRIGGER "{trigger}"')
    con.execute("UPDATE audit_log SET detail = '{}' WHERE seq = (SELECT max(seq) FROM audit_log)")
    con.commit()
    con.close()
    check = check_backup(archive, rewritten, open_store=_open)
    assert not check.ok
    assert any("audit chain" in p for p in check.problems)

    torn = tmp_path / "torn.db"
    data = bytearray(good.read_bytes())
    data[4096:8192] = os.urandom(4096)  # a sector of garbage in the middle of the file
    torn.write_bytes(bytes(data))
    check = check_backup(archive, torn, open_store=_open)
    assert not check.ok


def test_restore_refuses_to_lose_queued_payments_unless_a_supervisor_confirms(counter, archive):
    kept = pay(counter, 1, cash=10200).payment_uuid
    backup = take_backup(archive, now=T0, policy=BackupPolicy()).taken.path
    late = pay(counter, 2, cash=10300, at=T0 + timedelta(minutes=5))
    store_path = archive.store_path
    counter.store.close()  # the counter program is stopped for a restore

    lost = would_lose(archive, backup)
    assert [q.item_key for q in lost] == [late.payment_uuid]
    assert lost[0].amount_fen == 10300
    before = store_path.read_bytes()
    with pytest.raises(BackupError) as refused:
        restore_backup(archive, backup, now=T0 + timedelta(hours=1), terminal_id="T01",
                       open_store=_open)
    assert refused.value.code == "backup.would_lose_queued"
    assert store_path.read_bytes() == before  # refused means untouched
    with pytest.raises(Exception) as denied:  # a cashier may not confirm a loss
        restore_backup(archive, backup, now=T0 + timedelta(hours=1), terminal_id="T01",
                       open_store=_open, confirmed_by=counter.cashier)
    assert getattr(denied.value, "code", "") == "permission.denied"

    result = restore_backup(archive, backup, now=T0 + timedelta(hours=1), terminal_id="T01",
                            open_store=_open, confirmed_by=counter.supervisor)
    assert payment_uuids(store_path) == {kept}
    assert late.payment_uuid in payment_uuids(result.previous_store)  # kept beside, not gone
    store = _open(store_path)
    try:
        with store.read() as tx:
            entry = tx.audit.last_audit()
        assert entry.action == "store.restored" and entry.user_id == counter.supervisor.user_id
        assert json.loads(entry.detail)["lost_items"] == [late.payment_uuid]
    finally:
        store.close()


def test_restore_into_a_fresh_folder_brings_the_payment_back(counter, archive, tmp_path):
    paid = pay(counter, 3, cash=10400).payment_uuid
    backup = take_backup(archive, now=T0, policy=BackupPolicy()).taken.path
    fresh = SqliteBackups(tmp_path / "new-pc" / "counter.db", archive.folder)
    fresh.store_path.parent.mkdir()
    result = restore_backup(fresh, backup, now=T0, terminal_id="T01", open_store=_open)
    assert result.lost == ()
    assert paid in payment_uuids(fresh.store_path)
    assert check_backup(fresh, fresh.store_path, open_store=_open).ok


def cli(data_dir: Path, *args: str, env_pin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COUNTER_APP_LANG": "en"}
    env.pop("COUNTER_APP_PIN", None)
    if env_pin is not None:
        env["COUNTER_APP_PIN"] = env_pin
    return subprocess.run([sys.executable, "-m", "counter_app", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, timeout=120, env=env, stdin=subprocess.DEVNULL)


def test_the_backup_commands_end_to_end(counter, tmp_path):
    data_dir = Path(counter.store.path).parent
    pay(counter, 1, cash=10200)
    done = cli(data_dir, "backup", "now", "--json")
    assert done.returncode == 0, done.stderr
    backup = Path(json.loads(done.stdout)["file"])
    assert backup.parent == data_dir / "backups"
    listed = json.loads(cli(data_dir, "backup", "list", "--json").stdout)
    assert [Path(b["file"]) for b in listed] == [backup]
    verified = cli(data_dir, "backup", "verify")
    assert verified.returncode == 0 and backup.name in verified.stdout, verified.stderr

    late = pay(counter, 2, cash=10300, at=T0 + timedelta(minutes=9))
    counter.store.close()
    refused = cli(data_dir, "backup", "restore", str(backup))
    assert refused.returncode == 3
    assert late.payment_uuid in refused.stderr and "103.00" in refused.stderr
    wrong = cli(data_dir, "backup", "restore", str(backup), "--as", "1001", env_pin=PIN)
    assert wrong.returncode == 1 and late.payment_uuid in payment_uuids(data_dir / "counter.db")
    ok = cli(data_dir, "backup", "restore", str(backup), "--as", "2001", env_pin=SUP_PIN)
    assert ok.returncode == 0, ok.stderr
    assert late.payment_uuid not in payment_uuids(data_dir / "counter.db")
    assert list(data_dir.glob("counter.db.before-restore-*"))
