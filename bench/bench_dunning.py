"""A dunning proposal at company scale on PostgreSQL (issue 14): `--customers` accounts
(default 1,000,000) with 6 monthly bills each, ALL in one hall (the worst case: one proposal
walks every account), bulk-loaded with COPY into a new schema (dropped afterwards).
Target: the proposal (arrears of every account through the counter's quote, current levels,
locks, promises, the one-level-per-run rule, the lines written) in ≤ 30 s.

History (fixed seed): 45 % of accounts owe 1–6 bills; of the debtors, a third were dunned to
level 1 and a sixth to level 2 by an executed run 10 days earlier (so the proposal mixes new
accounts, climbing ones and ones waiting for their interval), 2 % have a dunning lock and 2 %
a promise to pay. Reported beside the floor measured in the same run: the arrears stream alone
(what the proposal must read anyway) and a raw INSERT of the same number of lines.
Also measured: executing the proposal with the default (recording) sink.

Needs COUNTER_BENCH_PG_URL or COUNTER_TEST_PG_URL (a role that may create schemas).
"""

from __future__ import annotations

import random
import time
import uuid
from datetime import date, timedelta
from urllib.parse import urlsplit, urlunsplit

import psycopg
from sqlalchemy import create_engine, text

from hall_ledger.services import dunning
from hall_ledger.services.arrears import account_arrears
from hall_ledger.services.dunning_accounts import Who
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine

from ._common import BenchContext
from ._ledger import pg_url

AS_OF = date(2026, 4, 20)
BEFORE = AS_OF - timedelta(days=10)
PERIODS = ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]
DUES = [date(2025, 11, 15), date(2025, 12, 15), date(2026, 1, 15), date(2026, 2, 15),
        date(2026, 3, 15), date(2026, 4, 15)]
HALL = "H001"


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    return {"proposal_seconds": ("<=", 30.0)}


def _schema_url(url: str, schema: str) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, f"options=-csearch_path%3D{schema}") if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _seed(url: str, customers: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    counts = {"debtors": 0, "dunned": 0, "locks": 0, "promises": 0}
    libpq = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(libpq) as conn:
        cur = conn.cursor()
        cur.execute("INSERT INTO dunning_runs (hall_id, as_of, customer_class, status, "
                    "procedure_versions, created_at, created_by) VALUES (%s, %s, 'all', "
                    "'executed', '{}', now(), 'bench') RETURNING run_id", (HALL, BEFORE))
        old_run = cur.fetchone()[0]
        cust, bills, events, locks, promises, inst = [], [], [], [], [], []
        bill_id = 0
        for i in range(customers):
            acc = f"{5100000000 + i:010d}"
            other = rng.random() < 0.15
            cust.append(f"{acc}\t{HALL}\t户{i}\t幸福路{i % 3000}号\t139{i:08d}\t"
                        f"{'other' if other else 'residential'}\tTQ{i % 400:03d}\t0\t0\t"
                        "2026-04-01 00:00:00\n")
            owed = rng.randint(1, 6) if rng.random() < 0.45 else 0
            for n, due in enumerate(DUES):
                bill_id += 1
                amount = rng.randint(2000, 40000) * (10 if other else 1)
                unpaid = n >= 6 - owed
                bills.append(f"{bill_id}\t{acc}\t{HALL}\t{PERIODS[n]}\t100\t{amount}\t"
                             f"{due.isoformat()}\t{0 if unpaid else amount}\t0\t0\t\\N\tf\t"
                             f"{'open' if unpaid else 'paid'}\t0\n")
            if not owed:
                continue
            counts["debtors"] += 1
            r = rng.random()
            if r < 0.5:
                level = 1 if r < 1 / 3 else 2
                events.append(f"{HALL}\t{acc}\t{old_run}\t{level}\t"
                              f"{'sms' if level == 1 else 'notice'}\t{BEFORE.isoformat()}\t"
                              "10000\t\\N\tf\n")
                counts["dunned"] += 1
            r = rng.random()
            if r < 0.02:
                locks.append(f"{HALL}\t{acc}\tdispute\t\t{BEFORE.isoformat()}\t"
                             f"{(AS_OF + timedelta(days=20)).isoformat()}\t2026-04-10 00:00:00\t"
                             "bench\t\\N\t\\N\n")
                counts["locks"] += 1
            elif r < 0.04:
                counts["promises"] += 1
                pid = counts["promises"]
                promises.append(f"{pid}\t{HALL}\t{acc}\tpromise\t{BEFORE.isoformat()}\t3\t\t"
                                "2026-04-10 00:00:00\tbench\t\\N\t\\N\n")
                inst.append(f"{pid}\t1\t{(AS_OF + timedelta(days=5)).isoformat()}\t5000\n")
        copies = (
            ("customers (account_no, hall_id, name, address, phone, user_type, area, credit_fen, "
             "change_seq, updated_at)", cust),
            ("bills (bill_id, account_no, hall_id, period, kwh, amount_fen, due_date, "
             "principal_paid_fen, late_fee_assessed_fen, late_fee_paid_fen, fee_accrued_through, "
             "late_fee_waived, status, change_seq)", bills),
            ("dunning_events (hall_id, account_no, run_id, level, action, reached_on, total_fen, "
             "action_ref, reversed)", events),
            ("dunning_locks (hall_id, account_no, reason, note, starts_on, until, created_at, "
             "created_by, released_at, released_by)", locks),
            ("payment_promises (promise_id, hall_id, account_no, kind, starts_on, "
             "tolerance_days, note, created_at, created_by, cancelled_at, cancelled_by)", promises),
            ("promise_instalments (promise_id, position, due_date, amount_fen)", inst),
        )
        for table, rows in copies:
            with cur.copy(f"COPY {table} FROM STDIN") as cp:
                for start in range(0, len(rows), 50_000):
                    cp.write("".join(rows[start:start + 50_000]))
        cur.execute("SELECT setval(pg_get_serial_sequence('payment_promises', 'promise_id'), "
                    "GREATEST(%s, 1))", (len(promises),))
        conn.commit()
        conn.autocommit = True
        for table in ("customers", "bills", "dunning_events", "dunning_locks",
                      "payment_promises", "promise_instalments"):
            cur.execute(f"ANALYZE {table}")
    return counts


def run(ctx: BenchContext) -> dict[str, float]:
    base = pg_url()
    if base is None:
        raise RuntimeError("set COUNTER_BENCH_PG_URL (or COUNTER_TEST_PG_URL) to a PostgreSQL URL")
    customers = 20_000 if ctx.quick else ctx.customers
    schema = f"bench_dunning_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = _schema_url(base, schema)
    results: dict[str, float] = {"customers": float(customers), "bills": float(customers * 6)}
    try:
        engine = make_engine(url)
        migrate.upgrade(engine)
        t0 = time.perf_counter()
        counts = _seed(url, customers, ctx.seed)
        results["load_seconds"] = round(time.perf_counter() - t0, 1)
        results.update({k: float(v) for k, v in counts.items()})

        with engine.connect() as conn:  # floor 1: the arrears stream the proposal reads
            t0 = time.perf_counter()
            n = sum(1 for _ in account_arrears(conn, as_of=AS_OF, hall_id=HALL))
            results["floor_arrears_stream_seconds"] = round(time.perf_counter() - t0, 3)
        results["arrears_accounts"] = float(n)

        who = Who(HALL, None, "bench")
        with engine.begin() as conn:
            t0 = time.perf_counter()
            proposal, created = dunning.make_run(conn, who, AS_OF, lines=False)
            results["proposal_seconds"] = round(time.perf_counter() - t0, 3)
        assert created
        with engine.connect() as conn:
            lines = dunning.run_json(conn, HALL, proposal["run_id"])["lines"]
        results["lines"] = float(len(lines))
        results["lines_blocked"] = float(sum(1 for x in lines if x["blocked"]))
        results["lines_to_level_2_plus"] = float(sum(1 for x in lines if x["final_level"] >= 2))
        results["accounts_per_second"] = round(n / results["proposal_seconds"])

        with engine.connect() as conn:  # floor 2: the same number of line rows, raw INSERT
            conn.execute(text("CREATE TEMP TABLE floor_lines (LIKE dunning_run_lines)"))
            t0 = time.perf_counter()
            conn.execute(text(
                "INSERT INTO floor_lines (run_id, account_no, name, area, customer_class, "
                "overdue_days, total_fen, current_level, proposed_level, final_level, action, "
                "blocked, note) VALUES (:run_id, :account_no, :name, :area, :customer_class, "
                ":overdue_days, :total_fen, :current_level, :proposed_level, :final_level, "
                ":action, :blocked, :note)"),
                [{**x, "run_id": proposal["run_id"]} for x in lines])
            results["floor_insert_lines_seconds"] = round(time.perf_counter() - t0, 3)
            conn.rollback()
        results["ratio_to_arrears_stream"] = round(
            results["proposal_seconds"] / max(results["floor_arrears_stream_seconds"], 1e-6), 2)

        with engine.begin() as conn:
            t0 = time.perf_counter()
            done = dunning.execute_run(conn, who, proposal["run_id"])
            results["execute_seconds"] = round(time.perf_counter() - t0, 3)
        results["events"] = float(done["actionable"])
        with engine.begin() as conn:
            t0 = time.perf_counter()
            again, created = dunning.make_run(conn, who, AS_OF, lines=False)
            results["same_run_again_seconds"] = round(time.perf_counter() - t0, 3)
        assert not created and again["run_id"] == proposal["run_id"]
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
    return results
