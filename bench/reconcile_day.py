"""Reconcile a peak day on PostgreSQL (target ≤ 30 s): one channel file of 1,000,000 lines
(imported as `channel import` does) against 1,000,000 ledger payments of that channel, 98% of
them matched by the bank's transaction id, 1% only by (户号, amount, date) and 1% missing (so
channel_only exceptions and suspense postings are made too). The ledger payments are written
straight into the tables for the setup (booking them one by one is the ingest benchmark's
business); what is timed is `reconcile(engine, day, "icbc")` alone, and then a second run (the
no-op re-run). Needs COUNTER_BENCH_PG_URL / COUNTER_TEST_PG_URL. `--quick`: 50,000 lines."""

from __future__ import annotations

import json
import time
import uuid
from datetime import date, datetime

from sqlalchemy import create_engine, func, select, text

from hall_ledger.services.channel_files import import_channel_file
from hall_ledger.services.demo import load_demo_data
from hall_ledger.services.reconcile import reconcile
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine, pg_pipeline
from hall_ledger.store.models import ReconException, ReconMatch

from ._common import BenchContext
from ._ledger import pg_url
from .channel_fixtures import bank_pipe_bulk
from .ledger_ingest import _with_schema

CUSTOMERS = 20_000
ON = date(2026, 12, 1)
NOW = datetime(2026, 12, 2, 9, 0)


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    return {"postgres_reconcile_seconds": ("<=", 30.0)}


def _ledger_side(engine, data: bytes) -> int:
    """Payments and tenders for the file's lines (every 100th missing, every 100th+1 with
    another reference); returns how many were written."""
    halls: dict[str, str] = {}
    with engine.connect() as conn:
        halls = dict(conn.execute(text("SELECT account_no, hall_id FROM customers")).all())
    pays, tenders = [], []
    for i, raw in enumerate(data.decode().splitlines()[1:]):
        d, txn, acct, amount, _, _ = raw.split("|")
        if i % 100 == 0:
            continue  # channel_only
        yuan, fen = amount.split(".")
        amount_fen = int(yuan) * 100 + int(fen)
        u = str(uuid.UUID(int=i + 1))
        pays.append({"payment_uuid": u, "content_hash": "0" * 64, "hall_id": halls[acct],
                     "terminal_id": "ICBC", "channel": "bank", "shift_id": None,
                     "cashier_id": None, "account_no": acct, "amount_fen": amount_fen,
                     "credit_fen": 0, "taken_at": f"{ON.isoformat()}T10:00:00",
                     "business_date": ON.isoformat(), "receipt_number": None, "review": False,
                     "review_reasons": "", "voided": False, "recorded_at": NOW.isoformat(),
                     "result_json": "{}"})
        tenders.append({"payment_uuid": u, "position": 0, "kind": "bank",
                        "amount_fen": amount_fen, "tendered_fen": None, "change_fen": 0,
                        "reference": f"OTHER{i}" if i % 100 == 1 else txn, "auth_code": None,
                        "masked_card": None})
    with engine.begin() as conn:
        for start in range(0, len(pays), 100_000):
            with pg_pipeline(conn) as pg:
                pg.execute("INSERT INTO payments SELECT * FROM json_populate_recordset("
                           "NULL::payments, %s::json)", (json.dumps(pays[start:start + 100_000]),))
                pg.execute("INSERT INTO payment_tenders SELECT * FROM json_populate_recordset("
                           "NULL::payment_tenders, %s::json)",
                           (json.dumps(tenders[start:start + 100_000]),))
    return len(pays)


def run(ctx: BenchContext) -> dict[str, float]:
    base = pg_url()
    if base is None:
        raise RuntimeError("set COUNTER_BENCH_PG_URL (or COUNTER_TEST_PG_URL) to a PostgreSQL URL")
    lines = 50_000 if ctx.quick else 1_000_000
    schema = f"bench_recon_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        engine = make_engine(_with_schema(base, schema))
        try:
            migrate.upgrade(engine)
            load_demo_data(engine, customers=CUSTOMERS, seed=20261127)
            with engine.connect() as conn:
                accounts = [r[0] for r in conn.execute(text("SELECT account_no FROM customers"))]
            data = bank_pipe_bulk(lines, ON, accounts=accounts)
            import_channel_file(engine, data, channel="icbc", fmt="bank-pipe",
                                file_name="bench.txt")
            booked = _ledger_side(engine, data)
            with engine.begin() as conn:
                conn.execute(text("ANALYZE"))
            started = time.perf_counter()
            result = reconcile(engine, ON, "icbc", now=NOW)
            seconds = time.perf_counter() - started
            started = time.perf_counter()
            reconcile(engine, ON, "icbc", now=NOW)
            again = time.perf_counter() - started
            with engine.connect() as conn:
                matched = conn.execute(select(func.count()).select_from(ReconMatch)).scalar_one()
                found = conn.execute(select(func.count()).select_from(ReconException)
                                     ).scalar_one()
        finally:
            engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    assert matched == result["matched"]["count"] and matched + found >= lines - 1
    return {"lines": lines, "ledger_payments": booked, "matched": matched,
            "exceptions": found, "postgres_reconcile_seconds": round(seconds, 3),
            "postgres_rerun_seconds": round(again, 3)}
