"""The WAL is checkpointed on a background thread once the counter is idle, not inside
whichever payment's commit crosses SQLite's automatic threshold."""

from __future__ import annotations

import time

from counter_app.adapters.storage import open_store
from counter_app.adapters.storage import store as store_module
from tests.helpers.waiting import wait_until


def test_no_automatic_checkpoint_inside_commits(tmp_path):
    store = open_store(tmp_path / "counter.db")
    try:
        with store.read() as tx:
            assert tx.raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    finally:
        store.close()


def test_checkpoint_runs_after_an_idle_pause_and_not_between_busy_commits(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "CHECKPOINT_IDLE_SECONDS", 0.3)
    store = open_store(tmp_path / "counter.db")
    calls: list[float] = []
    real = store.checkpoint

    def spy() -> None:
        # Noted when the checkpoint has finished: the test's own checkpoint below would
        # otherwise race the background one and find the checkpoint lock busy.
        begun = time.monotonic()
        real()
        calls.append(begun)

    store.checkpoint = spy
    try:
        commits: list[float] = []
        spell_began = time.monotonic()
        # Busy: commits back to back for 0.2 s (at most 400), shorter than the idle pause.
        while time.monotonic() - spell_began < 0.2 and len(commits) < 400:
            with store.write() as tx:
                tx.meta.set_meta(f"k{len(commits)}", "v" * 2000)
            commits.append(time.monotonic())
        assert wait_until(lambda: calls, 5)
        # Never between busy commits: every checkpoint comes at least the idle pause after the
        # commit before it (a loaded machine may stretch a gap past 0.3 s; that gap is idle).
        for at in calls:
            last_commit = max((c for c in commits if c <= at), default=None)
            assert last_commit is not None and at - last_commit >= 0.29  # noted just after
        gaps = [b - a for a, b in zip(commits, commits[1:], strict=False)]
        if max(gaps) < 0.3:  # no idle pause inside the spell: exactly one checkpoint, after it
            assert len(calls) == 1 and calls[0] >= commits[-1]
        # Everything written is in the main file now: a fresh PASSIVE checkpoint finds the
        # WAL fully copied back.
        with store.read() as tx:
            busy, log_frames, done = tx.raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert busy == 0 and log_frames == done
    finally:
        store.close()
    assert store._checkpointer is not None and not store._checkpointer.is_alive()


def test_a_long_busy_spell_checkpoints_once_the_wal_is_large(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "CHECKPOINT_WAL_LIMIT", 64 * 1024)
    store = open_store(tmp_path / "counter.db")
    calls: list[int] = []
    real = store.checkpoint
    store.checkpoint = lambda: (calls.append(1), real())
    try:
        for i in range(40):  # no pause at all, but the WAL passes 64 KiB
            with store.write() as tx:
                tx.meta.set_meta(f"k{i}", "v" * 4000)
        assert wait_until(lambda: calls, 5)
    finally:
        store.close()
