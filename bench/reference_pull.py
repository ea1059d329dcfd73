"""Reference data into the counter: a snapshot of N customers into an empty store (target for
1,000,000: < 90 s), then a change set of 1,000 (target < 1 s).

The ledger (SQLite, `counter-ledger serve` in its own process) holds N demo customers; it is
built once per size and kept in bench/out/reference_pull/. The change set is 1,000 bank
payments on 1,000 accounts (each changes a customer and its bills).
"""

from __future__ import annotations

import contextlib
import time
import uuid
from datetime import date, datetime

from sqlalchemy import func, select

from counter_app.adapters.ledger_client import LedgerClient
from counter_app.adapters.relay_thread import ClientLedger
from counter_app.adapters.storage import open_store
from counter_app.adapters.storage.sync_repo import SqliteSyncStore
from counter_app.bootstrap import DEMO_SEED
from counter_app.services import reference_sync
from hall_ledger.services.demo import load_demo_data
from hall_ledger.services.terminals import TerminalError, add_terminal, revoke_terminal
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine
from hall_ledger.store.models import Customer

from ._common import BenchContext, remove_store
from ._ledger import LedgerProcess

REF = date(2026, 3, 20)
CHANGES = 1_000


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    return {"snapshot_1m_seconds": ("<", 90.0), "changes_1000_seconds": ("<", 1.0)}


def _ledger_db(ctx: BenchContext):
    folder = ctx.out_dir / "reference_pull"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"ledger-{ctx.customers}.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        have = conn.execute(select(func.count()).select_from(Customer)).scalar_one()
    if have < ctx.customers:
        load_demo_data(engine, customers=ctx.customers, seed=DEMO_SEED, reference_date=REF)
    tokens = {}
    for terminal, channel in (("T01", "counter"), ("BANK", "bank")):
        with contextlib.suppress(TerminalError):  # not registered yet
            revoke_terminal(engine, terminal_id=terminal, hall_id="H001")
        tokens[terminal] = add_terminal(engine, hall_id="H001", terminal_id=terminal,
                                        channel=channel)
    engine.dispose()
    return path, tokens


def run(ctx: BenchContext) -> dict[str, float]:
    ledger_path, tokens = _ledger_db(ctx)
    store_path = ctx.out_dir / "reference_pull" / "counter.db"
    remove_store(store_path)
    store = open_store(store_path)
    sstore = SqliteSyncStore(store)
    now = datetime(2026, 3, 21, 9, 0)
    with LedgerProcess(f"sqlite:///{ledger_path}") as proc:
        ledger = ClientLedger.connect(proc.url, tokens["T01"], timeout=120)
        try:
            started = time.perf_counter()
            snap = reference_sync.pull_reference(sstore, ledger, now=now, limit=10_000)
            snapshot_seconds = time.perf_counter() - started
            with store.read() as tx:
                accounts = [r[0] for r in tx.raw.execute(
                    "SELECT account_no FROM customers ORDER BY id LIMIT ?", (CHANGES,))]
            _bank_payments(proc.url, tokens["BANK"], accounts, now)
            started = time.perf_counter()
            changes = reference_sync.pull_reference(sstore, ledger, now=now)
            changes_seconds = time.perf_counter() - started
        finally:
            ledger.close()
    with store.read() as tx:
        customers = tx.customers.count_customers()
    store.close()
    if customers != ctx.customers:
        raise RuntimeError(f"snapshot stored {customers} customers, not {ctx.customers}")
    return {
        "customers": ctx.customers,
        "snapshot_bills": snap.bills,
        "snapshot_seconds": round(snapshot_seconds, 2),
        "snapshot_1m_seconds": round(snapshot_seconds * 1_000_000 / ctx.customers, 2),
        "changed_customers": changes.customers,
        "changed_bills": changes.bills,
        "changes_1000_seconds": round(changes_seconds, 3),
    }


def _bank_payments(url: str, token: str, accounts: list[str], now: datetime) -> None:
    with LedgerClient(url, token, timeout=120) as bank:
        for i in range(0, len(accounts), 500):
            results = bank.post_channel_payments([
                {"payment_uuid": str(uuid.uuid4()), "account_no": a, "amount_fen": 5_000,
                 "paid_at": now.isoformat(), "reference": f"B{i + j}"}
                for j, a in enumerate(accounts[i:i + 500])])
            assert all(r.acknowledged for r in results)
