"""Import of one 1,000,000-line bank agency file (bank-pipe) into the ledger, as
`counter-ledger channel import` does it: read, SHA-256, control totals, parse, look up the
halls, one transaction (target ≤ 20 s). On SQLite (a temp file) and, when
COUNTER_BENCH_PG_URL / COUNTER_TEST_PG_URL is set, on PostgreSQL (a new schema, dropped after).
The ledger holds 20,000 demo customers; the file's lines cycle through their accounts.
`--quick`: 50,000 lines."""

from __future__ import annotations

import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from hall_ledger.services.channel_files import import_channel_file
from hall_ledger.services.demo import load_demo_data
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine
from hall_ledger.store.models import ChannelLine

from ._common import BenchContext
from ._ledger import pg_url
from .channel_fixtures import bank_pipe_bulk
from .ledger_ingest import _with_schema

CUSTOMERS = 20_000
ON = date(2026, 12, 1)


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    return {"sqlite_import_seconds": ("<=", 20.0), "postgres_import_seconds": ("<=", 20.0)}


def _measure(url: str, lines: int) -> tuple[float, float]:
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        load_demo_data(engine, customers=CUSTOMERS, seed=20261127)
        with engine.connect() as conn:
            accounts = [r[0] for r in conn.execute(text("SELECT account_no FROM customers"))]
        data = bank_pipe_bulk(lines, ON, accounts=accounts)
        started = time.perf_counter()
        r = import_channel_file(engine, data, channel="icbc", fmt="bank-pipe",
                                file_name="bench.txt")
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = import_channel_file(engine, data, channel="icbc", fmt="bank-pipe",
                                    file_name="bench.txt")
        noop = time.perf_counter() - started
        with engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(ChannelLine)).scalar_one()
        assert r.line_count == stored == lines and again.status == "already_imported"
        return seconds, noop
    finally:
        engine.dispose()


def run(ctx: BenchContext) -> dict[str, float]:
    lines = 50_000 if ctx.quick else 1_000_000
    results: dict[str, float] = {"lines": lines}
    with tempfile.TemporaryDirectory() as tmp:
        seconds, noop = _measure(f"sqlite:///{Path(tmp) / 'ledger.db'}", lines)
    results["sqlite_import_seconds"] = round(seconds, 3)
    results["sqlite_reimport_noop_seconds"] = round(noop, 3)
    base = pg_url()
    if base:
        schema = f"bench_chan_{uuid.uuid4().hex[:10]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            seconds, noop = _measure(_with_schema(base, schema), lines)
            results["postgres_import_seconds"] = round(seconds, 3)
            results["postgres_reimport_noop_seconds"] = round(noop, 3)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    return results
