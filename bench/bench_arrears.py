"""The arrears list on PostgreSQL at company scale (issue 14): `--customers` accounts (default
1,000,000) with 6 monthly bills each (6,000,000 bills) in 10 halls, bulk-loaded with COPY into a
new schema (dropped afterwards). Target: the whole arrears list (every hall, every account with
overdue bills, late fees through the counter's quote, totals per bucket/area/user type) in
≤ 15 s; reported beside the floor measured in the same run: one raw `SELECT … GROUP BY account`
over the same bills (counts, sums and the oldest due date per account, no late fees).

Who owes what (fixed seed): 55 % of accounts paid up, 30 % owe their last 1–2 bills, 10 % owe
3–5, 5 % owe all 6; one in ten debtors paid part of the oldest bill late (an assessed fee on
it); 15 % of accounts are non-residential. As of 2026-04-20 the bills span 2025-10 … 2026-03,
so arrears fall into four buckets and across the year end (prior-year arrears).

Needs COUNTER_BENCH_PG_URL or COUNTER_TEST_PG_URL (a role that may create schemas).
Also measured: one hall's list as the API serves it (first page of 200, totals over the hall),
and the recovery report over all halls.
"""

from __future__ import annotations

import random
import time
import uuid
from datetime import date
from urllib.parse import urlsplit, urlunsplit

import psycopg
from sqlalchemy import create_engine, text

from hall_domain.arrears import ArrearsTotals
from hall_ledger.services.arrears import account_arrears, arrears_report
from hall_ledger.services.arrears_recovery import recovery_report
from hall_ledger.store import migrate
from hall_ledger.store.db import consistent_reader, make_engine

from ._common import BenchContext
from ._ledger import pg_url

AS_OF = date(2026, 4, 20)
PERIODS = ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]
HALLS = 10
AREAS_PER_HALL = 40


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    return {"arrears_seconds": ("<=", 15.0)}


def _with_schema(url: str, schema: str) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, f"options=-csearch_path%3D{schema}") if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _due(period: str) -> date:
    y, m = int(period[:4]), int(period[5:])
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return date(y, m, 15)


def _load(url: str, customers: int, seed: int) -> dict[str, int]:
    """COPY the customers, then their bills (two passes: a connection runs one COPY at a
    time); returns counts."""
    rng = random.Random(seed)
    dues = [_due(p).isoformat() for p in PERIODS]
    per_hall = -(-customers // HALLS)
    open_bills = 0
    plans: list[tuple[bool, int, bool, int]] = []  # (other, bills owed, part paid, base amount)
    with psycopg.connect(_libpq(url)) as conn, conn.cursor() as cur:
        with cur.copy("COPY customers (account_no, hall_id, name, address, phone, user_type, "
                      "area, credit_fen, change_seq, updated_at) FROM STDIN") as cp:
            lines: list[str] = []
            for i in range(customers):
                hall = i // per_hall
                other = rng.random() < 0.15
                area = f"TQ-{hall:02d}{rng.randrange(AREAS_PER_HALL):03d}"
                lines.append(
                    f"{3100000000 + i:010d}\tH{hall + 1:03d}\t户{i}\t路{i % 997}号\t"
                    f"1{3 + i % 7}{i:09d}\t{'other' if other else 'residential'}\t{area}\t0\t0\t"
                    "2026-04-01 00:00:00\n")
                r = rng.random()
                owed = 0 if r < 0.55 else rng.randint(1, 2) if r < 0.85 else (
                    rng.randint(3, 5) if r < 0.95 else 6)
                plans.append((other, owed, bool(owed) and rng.random() < 0.1,
                              rng.randint(3000, 40000) * (20 if other else 1)))
                if len(lines) >= 50_000:
                    cp.write("".join(lines))
                    lines.clear()
            cp.write("".join(lines))
        with cur.copy("COPY bills (bill_id, account_no, hall_id, period, kwh, amount_fen, "
                      "due_date, principal_paid_fen, late_fee_assessed_fen, late_fee_paid_fen, "
                      "fee_accrued_through, late_fee_waived, status, change_seq) FROM STDIN") as bp:
            lines = []
            bill_id = 0
            for i, (_other, owed, part_paid, base) in enumerate(plans):
                acc, hall = f"{3100000000 + i:010d}", f"H{i // per_hall + 1:03d}"
                for n, (period, due) in enumerate(zip(PERIODS, dues, strict=True)):
                    bill_id += 1
                    amount = base + rng.randint(-2000, 2000)
                    if n < 6 - owed:  # paid
                        state = f"{amount}\t0\t0\t\\N\tf\tpaid"
                    elif part_paid and n == 6 - owed:  # half paid late: a fee assessed then
                        fee = amount * 5 // 1000
                        state = f"{amount // 2}\t{fee}\t0\t{max(due, '2026-03-01')}\tf\tpartial"
                        open_bills += 1
                    else:
                        state = "0\t0\t0\t\\N\tf\topen"
                        open_bills += 1
                    lines.append(f"{bill_id}\t{acc}\t{hall}\t{period}\t{amount // 60}\t"
                                 f"{amount}\t{due}\t{state}\t0\n")
                if len(lines) >= 60_000:
                    bp.write("".join(lines))
                    lines.clear()
            bp.write("".join(lines))
        conn.commit()
        conn.autocommit = True
        cur.execute("ANALYZE customers")
        cur.execute("ANALYZE bills")
    return {"customers": customers, "bills": customers * len(PERIODS), "open_bills": open_bills}


FLOOR_SQL = """
SELECT c.account_no, c.name, c.area, c.user_type, count(*), min(b.due_date),
       sum(b.amount_fen - b.principal_paid_fen), sum(b.late_fee_assessed_fen - b.late_fee_paid_fen)
FROM bills b JOIN customers c ON c.account_no = b.account_no
WHERE b.status <> 'paid' AND b.due_date < :as_of
GROUP BY c.account_no, c.name, c.area, c.user_type
"""


def run(ctx: BenchContext) -> dict[str, float]:
    base = pg_url()
    if base is None:
        raise RuntimeError("set COUNTER_BENCH_PG_URL (or COUNTER_TEST_PG_URL) to a PostgreSQL URL")
    customers = min(ctx.customers, 20_000) if ctx.quick else ctx.customers
    schema = f"bench_arrears_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = _with_schema(base, schema)
    results: dict[str, float] = {}
    try:
        engine = make_engine(url)
        migrate.upgrade(engine)
        t0 = time.perf_counter()
        counts = _load(url, customers, ctx.seed)
        results["load_seconds"] = round(time.perf_counter() - t0, 1)
        results.update({k: float(v) for k, v in counts.items()})
        reader = consistent_reader(engine)

        # the floor: one GROUP BY over the same bills, every row fetched
        with reader.connect() as conn:
            t0 = time.perf_counter()
            floor_rows = len(conn.execute(text(FLOOR_SQL), {"as_of": AS_OF}).all())
            results["floor_group_by_seconds"] = round(time.perf_counter() - t0, 3)
        results["floor_accounts"] = float(floor_rows)

        # the arrears stream alone (what the CLI's JSON and the dunning proposal read) + totals
        with reader.connect() as conn:
            t0 = time.perf_counter()
            totals = ArrearsTotals()
            for a in account_arrears(conn, as_of=AS_OF):
                totals.add(a)
            results["arrears_stream_seconds"] = round(time.perf_counter() - t0, 3)
        results["arrears_accounts"] = float(totals.all["accounts"])
        if totals.all["accounts"] != floor_rows:
            raise AssertionError(f"arrears found {totals.all['accounts']} accounts, the "
                                 f"GROUP BY {floor_rows}")

        # the whole report as the API builds it (rows with the extra columns, totals, a page)
        with reader.connect() as conn:
            t0, cpu0 = time.perf_counter(), time.process_time()
            report = arrears_report(conn, as_of=AS_OF, limit=200)
            results["arrears_seconds"] = round(time.perf_counter() - t0, 3)
            # this process's CPU alone (the machine is shared: wall time includes waiting)
            results["arrears_python_cpu_seconds"] = round(time.process_time() - cpu0, 3)
        assert report["totals"]["all"]["accounts"] == floor_rows
        results["ratio_to_floor"] = round(results["arrears_seconds"]
                                          / max(results["floor_group_by_seconds"], 1e-6), 2)
        results["accounts_per_second"] = round(floor_rows / results["arrears_seconds"])

        with reader.connect() as conn:  # one hall, as GET /v1/collections/arrears serves it
            t0 = time.perf_counter()
            arrears_report(conn, as_of=AS_OF, hall_id="H001", limit=200)
            results["one_hall_api_seconds"] = round(time.perf_counter() - t0, 3)
            t0 = time.perf_counter()
            recovery_report(conn, first=PERIODS[0], last=PERIODS[-1])
            results["recovery_seconds"] = round(time.perf_counter() - t0, 3)
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
    return results
