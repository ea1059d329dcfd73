"""One counter draining queued payments to a ledger on 127.0.0.1 (target: 10,000 in < 10 s).

The payments are taken through services.take_payment on a demo store (one per account), the
ledger (SQLite, `counter-ledger serve` in its own process) holds the same demo customers.
Timed: the relay (`sync_once`, batches of 500) from the first request to an empty outbox.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta

from counter_app.adapters.relay_thread import ClientLedger
from counter_app.adapters.storage import open_store
from counter_app.adapters.storage.sync_repo import SqliteSyncStore
from counter_app.bootstrap import DEMO_SEED
from counter_app.demo import build_demo_store
from counter_app.ledger_link import sync_once
from counter_app.services import sync
from counter_app.services.payments import take_payment
from counter_app.services.shifts import open_shift
from hall_domain.late_fees import LateFeeRuleSet
from hall_domain.shifts import DenominationCount
from hall_domain.tenders import CashTender
from hall_ledger.services.demo import load_demo_data
from hall_ledger.services.terminals import add_terminal
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine

from ._common import BenchContext, remove_store
from ._ledger import LedgerProcess

REF = date(2026, 3, 20)


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    return {"drain_10k_seconds": ("<", 10.0)}


def run(ctx: BenchContext) -> dict[str, float]:
    n = 1_000 if ctx.quick else 10_000
    folder = ctx.out_dir / "sync_drain"
    folder.mkdir(parents=True, exist_ok=True)
    counter_path, ledger_path = folder / "counter.db", folder / "ledger.db"
    remove_store(counter_path)
    remove_store(ledger_path)
    build_demo_store(counter_path, customers=n, seed=DEMO_SEED, reference_date=REF)
    engine = make_engine(f"sqlite:///{ledger_path}")
    migrate.upgrade(engine)
    load_demo_data(engine, customers=n, seed=DEMO_SEED, reference_date=REF)
    token = add_terminal(engine, hall_id="H001", terminal_id="T01")
    engine.dispose()

    store = open_store(counter_path)
    started = time.perf_counter()
    _queue_payments(store, n)
    queue_seconds = time.perf_counter() - started
    now = datetime(2026, 3, 21, 9, 0)
    with LedgerProcess(f"sqlite:///{ledger_path}") as ledger_proc:
        ledger = ClientLedger.connect(ledger_proc.url, token, timeout=60)
        try:
            started = time.perf_counter()
            result = sync_once(store, ledger, clock=lambda: now, pull_reference=False,
                               hall_id="H001", policy=sync.RelayPolicy(batch_size=500))
            seconds = time.perf_counter() - started
        finally:
            ledger.close()
    status = sync.sync_status(SqliteSyncStore(store))
    store.close()
    if result.error or status.pending:
        raise RuntimeError(f"drain incomplete: {result.error}, {status.pending} left")
    return {
        "payments": n,
        "drain_seconds": round(seconds, 3),
        "drain_10k_seconds": round(seconds * 10_000 / n, 3),
        "payments_per_s": round(n / seconds, 1),
        "batches": result.report.batches,
        "queue_seconds": round(queue_seconds, 3),
    }


def _queue_payments(store, n: int) -> None:
    """n payments through take_payment (one per account: the per-account order never waits)."""
    with store.read() as tx:
        user = tx.users.get_user("1001")
        accounts = [r[0] for r in tx.raw.execute("SELECT account_no FROM customers ORDER BY id")]
    now = datetime(2026, 3, 20, 8, 0)
    open_shift(store, terminal_id="T01", user=user, opening_float=DenominationCount({10000: 1}),
               now=now)
    rng, rules = random.Random(5), LateFeeRuleSet()
    for i in range(n):
        amount = rng.randint(1_000, 50_000)
        take_payment(store, terminal_id="T01", user=user, account_no=accounts[i],
                     amount_fen=amount, tenders=[CashTender(amount, amount)],
                     now=now + timedelta(seconds=i), rules=rules)
