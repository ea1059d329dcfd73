"""Payment commit latency through services.take_payment, against raw fsync on the same disk."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from datetime import datetime

from counter_app.adapters.storage import open_store
from counter_app.demo.users import DEMO_USERS
from counter_app.services.auth import login
from counter_app.services.payments import quote_account, take_payment
from counter_app.services.shifts import current_shift, open_shift
from hall_domain.late_fees import LateFeeRuleSet
from hall_domain.security import Role
from hall_domain.shifts import DenominationCount
from hall_domain.tenders import CashTender

from ._common import BenchContext, ensure_demo_store, percentile

TERMINAL = "B01"
FSYNC_BLOCK = 4096


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    return {"commit_p99_over_fsync_p99": ("<=", 3.0)}


class FsyncProbe:
    """A file next to the store; each `sample()` writes 4 KiB and fsyncs it, timed in ms.

    The physical floor for a durable commit: SQLite in WAL mode with synchronous=FULL
    fsyncs the WAL file once per commit.
    """

    def __init__(self, folder) -> None:
        self.path = os.path.join(folder, "fsync-probe.bin")
        self._block = os.urandom(FSYNC_BLOCK)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        self._i = 0
        os.write(self._fd, self._block * 16)
        os.fsync(self._fd)

    def sample(self) -> float:
        t0 = time.perf_counter_ns()
        os.pwrite(self._fd, self._block, (self._i % 16) * FSYNC_BLOCK)
        os.fsync(self._fd)
        self._i += 1
        return (time.perf_counter_ns() - t0) / 1e6

    def close(self) -> None:
        os.close(self._fd)
        os.unlink(self.path)


def _accounts_with_open_bills(path, n: int, seed: int) -> list[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT DISTINCT account_no FROM bills WHERE status IN ('open', 'partial') "
            "ORDER BY random() LIMIT ?", (n * 3,)
        ).fetchall()
    finally:
        con.close()
    accounts = [r[0] for r in rows]
    random.Random(seed).shuffle(accounts)
    return accounts


def run(ctx: BenchContext) -> dict[str, float]:
    path = ensure_demo_store(ctx)
    n = 100 if ctx.quick else 500
    warmup = 20
    rules = LateFeeRuleSet()
    cashier = next(u for u in DEMO_USERS if u.role == Role.CASHIER)
    accounts = _accounts_with_open_bills(path, n + warmup, ctx.seed)
    store = open_store(path)
    probe = FsyncProbe(path.parent)
    fsync: list[float] = []
    try:
        user = login(store, user_id=cashier.user_id, pin=cashier.pin, now=datetime.now(),
                     terminal_id=TERMINAL)
        if current_shift(store, terminal_id=TERMINAL) is None:
            open_shift(store, terminal_id=TERMINAL, user=user,
                       opening_float=DenominationCount({10000: 5, 1000: 20}), now=datetime.now())
        samples = []
        rng = random.Random(ctx.seed)
        for i, account in enumerate(accounts[: n + warmup]):
            now = datetime.now()
            due = quote_account(store, account, on=now.date(), rules=rules).total_due_fen
            # Most pay in full; some pay part, some round up (the rest becomes credit).
            r = rng.random()
            amount = due if r < 0.7 else (max(1, due // 2) if r < 0.85 else due + 1000)
            tendered = -(-amount // 10000) * 10000
            t0 = time.perf_counter_ns()
            take_payment(store, terminal_id=TERMINAL, user=user, account_no=account,
                         amount_fen=amount, tenders=[CashTender(amount, tendered)], now=now,
                         rules=rules)
            if i >= warmup:
                samples.append((time.perf_counter_ns() - t0) / 1e6)
                # Interleaved, so both see the same disk and the same load on the machine.
                fsync.append(probe.sample())
    finally:
        probe.close()
        store.close()
    commit_p99, fsync_p99 = percentile(samples, 99), percentile(fsync, 99)
    return {
        "payments": len(samples),
        "commit_p50_ms": round(percentile(samples, 50), 3),
        "commit_p99_ms": round(commit_p99, 3),
        "fsync_p50_ms": round(percentile(fsync, 50), 3),
        "fsync_p99_ms": round(fsync_p99, 3),
        "commit_p50_over_fsync_p50": round(percentile(samples, 50) / percentile(fsync, 50), 2),
        "commit_p99_over_fsync_p99": round(commit_p99 / fsync_p99, 2),
    }
