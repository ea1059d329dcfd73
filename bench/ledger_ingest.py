"""Ledger ingest on PostgreSQL: 20 terminals posting batches of 100 payments at once (target
≥ 2,000 payments/s, i.e. ≤ 5 s per 10,000), against the ceiling measured in the same run: the
same rows (payment, tender, journal entry) INSERTed in batches of 100 by 20 connections.

Needs COUNTER_BENCH_PG_URL or COUNTER_TEST_PG_URL (a role that may create schemas). The
ledger runs as `counter-ledger serve --workers 2` in its own processes; each run uses a new
schema, dropped afterwards.

The load generator is the counter's own LedgerClient (one keep-alive connection per terminal
thread, payloads serialised before the clock starts, every answer parsed and checked), in
this process: it competes with the server for the same 2 cores, and `client_cpu_share`
reports how much of the machine it used during the API phase.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import threading
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
from sqlalchemy import create_engine, text

from counter_app.adapters.ledger_client import LedgerClient
from counter_app.bootstrap import DEMO_SEED
from hall_ledger.services.balances import verify
from hall_ledger.services.demo import load_demo_data
from hall_ledger.services.terminals import add_terminal
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine

from ._common import BenchContext
from ._ledger import LedgerProcess, pg_url

TERMINALS = 20
BATCH = 100


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    return {"seconds_per_10k_payments": ("<=", 5.0)}


def _with_schema(url: str, schema: str) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, f"options=-csearch_path%3D{schema}") if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def run(ctx: BenchContext) -> dict[str, float]:
    base = pg_url()
    if base is None:
        raise RuntimeError("set COUNTER_BENCH_PG_URL (or COUNTER_TEST_PG_URL) to a PostgreSQL URL")
    batches = 3 if ctx.quick else 10  # per terminal
    customers = 1_000 if ctx.quick else 5_000
    schema = f"bench_ingest_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = _with_schema(base, schema)
    try:
        engine = make_engine(url)
        migrate.upgrade(engine)
        load_demo_data(engine, customers=customers, seed=DEMO_SEED)
        with engine.connect() as conn:
            accounts = [r[0] for r in conn.execute(text("SELECT account_no FROM customers"))]
        tokens = {f"T{i:02d}": add_terminal(engine, hall_id="H001", terminal_id=f"T{i:02d}")
                  for i in range(1, TERMINALS + 1)}
        engine.dispose()
        work = _payloads(tokens, accounts, batches)
        with LedgerProcess(url, workers=2) as proc:
            api_seconds, client_cpu = _post_all(proc.url, tokens, work)
        engine = make_engine(url)
        try:  # what was booked agrees with the journal (as `counter-ledger verify` checks)
            differences = verify(engine)
        finally:
            engine.dispose()
        if differences:
            raise RuntimeError(f"balances differ from the journal: {differences[:3]}")
        raw_seconds = _raw_inserts(url, work)
        with admin.connect() as conn:
            stored = conn.execute(text(f'SELECT count(*) FROM "{schema}".payments')).scalar_one()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
    n = TERMINALS * batches * BATCH
    if stored != n:
        raise RuntimeError(f"the ledger stored {stored} payments, not {n}")
    api_rate, raw_rate = n / api_seconds, n / raw_seconds
    return {
        "payments": n,
        "api_payments_per_s": round(api_rate, 1),
        "seconds_per_10k_payments": round(10_000 / api_rate, 3),
        "raw_insert_payments_per_s": round(raw_rate, 1),
        "api_over_raw_ratio": round(api_rate / raw_rate, 3),
        # The load generator shares the 2 cores with the server and PostgreSQL: its own CPU
        # time during the API phase, as a share of the machine's CPU time in that phase.
        "client_cpu_share": round(client_cpu / (api_seconds * (os.cpu_count() or 1)), 3),
    }


def _payloads(tokens: dict[str, str], accounts: list[str], batches: int) -> dict:
    rng = random.Random(11)
    work: dict[str, list[list[str]]] = {}
    for terminal in tokens:
        receipt = 0
        work[terminal] = []
        for _ in range(batches):
            batch = []
            for _ in range(BATCH):
                receipt += 1
                amount = rng.randint(1_000, 50_000)
                batch.append(json.dumps({
                    "payment_uuid": str(uuid.uuid4()), "terminal_id": terminal, "shift_id": 1,
                    "cashier_id": "1001", "account_no": rng.choice(accounts),
                    "amount_fen": amount, "credit_fen": amount,
                    "taken_at": "2026-03-20T10:00:00", "business_date": "2026-03-20",
                    "receipt_number": receipt, "allocations": [],
                    "tenders": [{"kind": "cash", "amount_fen": amount, "tendered_fen": amount,
                                 "change_fen": 0}]}, separators=(",", ":")))
            work[terminal].append(batch)
    return work


def _post_all(url: str, tokens: dict[str, str], work: dict) -> tuple[float, float]:
    """Wall seconds from the start signal to the last answer, and this process's CPU seconds
    (the client threads') in that time."""
    errors: list[str] = []
    barrier = threading.Barrier(len(tokens) + 1)

    def terminal(tid: str) -> None:
        with LedgerClient(url, tokens[tid], timeout=120) as client:
            client.health()  # connect before the clock starts
            barrier.wait()
            for batch in work[tid]:
                results = client.post_payments(batch)
                if not all(r.status == 201 for r in results):
                    errors.append(f"{tid}: {[r.error_code for r in results if r.status != 201]}")

    threads = [threading.Thread(target=terminal, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    barrier.wait()
    started, cpu = time.perf_counter(), time.process_time()
    for t in threads:
        t.join()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if errors:
        raise RuntimeError(f"ledger refused payments: {errors[:3]}")
    return seconds, cpu


def _raw_inserts(url: str, work: dict) -> float:
    """The same rows into copies of the ledger's tables: batched INSERTs, one commit each."""
    conninfo = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for table in ("payments", "payment_tenders", "journal"):
            conn.execute(f"CREATE TABLE raw_{table} (LIKE {table} INCLUDING DEFAULTS "
                         "INCLUDING INDEXES)")
    barrier = threading.Barrier(len(work) + 1)
    errors: list[BaseException] = []

    def terminal(batches: list[list[str]]) -> None:
        rows = [[json.loads(p) for p in batch] for batch in batches]
        with psycopg.connect(conninfo) as conn:
            barrier.wait()
            try:
                for batch in rows:
                    with conn.cursor() as cur:
                        _insert_batch(cur, batch)
                    conn.commit()
            except BaseException as exc:  # reported below, not lost in the thread
                errors.append(exc)

    threads = [threading.Thread(target=terminal, args=(b,)) for b in work.values()]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"raw inserts failed: {errors[0]!r}")
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute("SELECT count(*) FROM raw_journal").fetchone()[0]
    if rows != sum(len(b) for batches in work.values() for b in batches):
        raise RuntimeError(f"raw inserts stored {rows} journal rows")
    return seconds


def _insert_batch(cur, batch: list[dict]) -> None:
    marks = ", ".join(["(%s, %s, 'H001', %s, 'counter', 1, '1001', %s, %s, %s, %s, %s, %s, "
                       "false, '', false, now(), %s)"] * len(batch))
    params = []
    for p in batch:
        answer = json.dumps({"payment_uuid": p["payment_uuid"], "amount_fen": p["amount_fen"],
                             "credit_fen": p["credit_fen"], "allocations": [],
                             "review": False, "review_reasons": []})
        params += [p["payment_uuid"], hashlib.sha256(answer.encode()).hexdigest(),
                   p["terminal_id"], p["account_no"], p["amount_fen"], p["credit_fen"],
                   p["taken_at"], p["business_date"], p["receipt_number"], answer]
    cur.execute(
        "INSERT INTO raw_payments (payment_uuid, content_hash, hall_id, terminal_id, channel, "
        "shift_id, cashier_id, account_no, amount_fen, credit_fen, taken_at, business_date, "
        f"receipt_number, review, review_reasons, voided, recorded_at, result_json) VALUES {marks}",
        params)
    cur.executemany(
        "INSERT INTO raw_payment_tenders (payment_uuid, position, kind, amount_fen, "
        "tendered_fen, change_fen) VALUES (%s, 0, 'cash', %s, %s, 0)",
        [(p["payment_uuid"], p["amount_fen"], p["amount_fen"]) for p in batch])
    cur.executemany(
        "INSERT INTO raw_journal (recorded_at, hall_id, terminal_id, kind, ref, account_no, "
        "amount_fen, principal_fen, late_fee_fen, late_fee_assessed_fen, credit_fen, detail) "
        "VALUES (now(), 'H001', %s, 'payment', %s, %s, %s, 0, 0, 0, %s, '')",
        [(p["terminal_id"], p["payment_uuid"], p["account_no"], p["amount_fen"],
          p["credit_fen"]) for p in batch])
