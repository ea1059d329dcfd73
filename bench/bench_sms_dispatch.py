"""SMS dispatch rate to the local simulator with the caps applied (issue 14; target ≥ 500
messages/s).

The simulator runs as `counter-ledger sms simulator` in its own process, pushing receipts to a
`counter-ledger serve` process on the same database (so receipts land while dispatch runs);
the dispatcher is `dispatch()` in this process (batches of 200 claimed and committed before the
calls, 16 concurrent calls on keep-alive connections). Setup: N accounts with an approved
template; each account has two reminders queued (the second must be held by the daily cap),
a quarter of them three sends earlier in the month and a tenth four (the 30-day cap holds
theirs). Every phone ends in 0 (delivered) except 5% vacant and 5% rate-limited.

Measured: messages handed to the provider per second over the whole dispatch (claims, checks
— opt-out, still owed, the approved text, caps — calls, recording), and that no out-id went
twice. PostgreSQL when COUNTER_BENCH_PG_URL or
COUNTER_TEST_PG_URL is set (a schema of its own, dropped afterwards), and SQLite always.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
from sqlalchemy import create_engine, func, insert, select, text

from hall_domain.sms import count_parts, reminder_values, render
from hall_ledger.services.sms.dispatch import dispatch
from hall_ledger.services.sms.gw_simulator import SimulatorGateway
from hall_ledger.services.sms.messages import add_gateway_token
from hall_ledger.services.sms.templates import approve_template, draft_template
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine
from hall_ledger.store.models import Bill, Customer, SmsMessage

from ._common import BenchContext
from ._ledger import LedgerProcess, pg_url

TEXT = "${name}您好，您的户号${account_no}尚有电费${amount}元未缴，请及时缴纳。缴费提醒"
NOW = datetime(2026, 4, 20, 2, 0)  # 10:00 in Beijing: inside the window
HALL = "H001"


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    out = {"sqlite_messages_per_s": (">=", 500.0)}
    if pg_url():
        out["postgres_messages_per_s"] = (">=", 500.0)
    return out


def _with_schema(url: str, schema: str) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, f"options=-csearch_path%3D{schema}") if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _phone(i: int) -> str:
    last = "1" if i % 20 == 7 else "3" if i % 20 == 13 else "0"
    return f"139{i:07d}"[:10] + last


def _seed(engine, accounts: int) -> None:
    with engine.begin() as conn:
        t = draft_template(conn, HALL, name="缴费提醒", text=TEXT, signature="国网城东供电",
                           actor="3001", now=NOW)
        approve_template(conn, HALL, t["template_id"], actor="3002", now=NOW)
        tid = t["template_id"]
        rows, bills, msgs = [], [], []
        for i in range(accounts):
            acct = f"33{i:08d}"
            rows.append({"account_no": acct, "hall_id": HALL, "name": f"客户{i}",
                         "address": "城东区", "phone": _phone(i), "user_type": "residential",
                         "area": "东1", "credit_fen": 0, "change_seq": 0, "updated_at": NOW})
            bills.append({"account_no": acct, "hall_id": HALL, "period": "2026-03", "kwh": 200,
                          "amount_fen": 12000 + i, "due_date": date(2026, 3, 15),
                          "principal_paid_fen": 0, "late_fee_assessed_fen": 0,
                          "late_fee_paid_fen": 0, "late_fee_waived": False, "status": "open",
                          "change_seq": 0})
            values = reminder_values(name=f"客户{i}", account_no=acct, amount_fen=12000 + i,
                                     months=1, oldest_period="2026-03", due_date=date(2026, 3, 15),
                                     hall=HALL)
            body = render(TEXT, values)
            length = count_parts(body, "国网城东供电")
            base = {"hall_id": HALL, "account_no": acct, "phone": _phone(i), "template_id": tid,
                    "variables": json.dumps(values, ensure_ascii=False, sort_keys=True),
                    "text": body, "chars": length.chars, "parts": length.parts,
                    "as_of": date(2026, 4, 20), "attempts": 0,
                    # every row names every column (an executemany takes the first row's keys)
                    "sending_at": None, "sent_at": None, "provider": None}
            for k, source in enumerate(("dunning:r1:1", "manual:2026-04-20")):
                msgs.append({**base, "message_id": str(uuid.uuid4()), "source": source,
                             "status": "queued", "queued_at": NOW - timedelta(minutes=2 - k)})
            earlier = 4 if i % 10 == 0 else 3 if i % 4 == 0 else 0
            for d in range(earlier):  # sends earlier in the month (the 30-day cap)
                at = NOW - timedelta(days=3 + 5 * d)
                msgs.append({**base, "message_id": str(uuid.uuid4()), "source": f"old:{d}",
                             "status": "delivered", "queued_at": at, "sending_at": at,
                             "sent_at": at, "provider": "simulator"})
        for chunk in range(0, len(rows), 5000):
            conn.execute(insert(Customer), rows[chunk:chunk + 5000])
        for chunk in range(0, len(bills), 5000):
            conn.execute(insert(Bill), bills[chunk:chunk + 5000])
        for chunk in range(0, len(msgs), 5000):
            conn.execute(insert(SmsMessage), msgs[chunk:chunk + 5000])
    with engine.begin() as conn:  # statistics, as a ledger in service has them
        conn.execute(text("ANALYZE"))


class SimulatorProcess:
    def __init__(self, ledger_url: str, token_file: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hall_ledger.cli", "sms", "simulator", "--port", "0",
             "--ledger-url", ledger_url, "--token-file", str(token_file),
             "--until-stdin-closes"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            cwd=Path(__file__).resolve().parents[1])
        self.url = json.loads(self.proc.stdout.readline())["url"]

    def stats(self) -> dict:
        return httpx.get(f"{self.url}/sim/stats", timeout=30).json()

    def stop(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def _measure(url: str, accounts: int, out_dir: Path, label: str) -> dict[str, float]:
    engine = make_engine(url, pool_size=20)
    migrate.upgrade(engine)
    _seed(engine, accounts)
    token_file = out_dir / f"sms-token-{label}"
    token_file.write_text(add_gateway_token(engine, "bench") + "\n")
    token_file.chmod(0o600)
    with LedgerProcess(url) as ledger:
        sim = SimulatorProcess(ledger.url, token_file)
        gw = SimulatorGateway(sim.url, pool=16)
        try:
            started = time.perf_counter()
            report = dispatch(engine, gw, now=NOW, concurrency=16, batch_size=200)
            seconds = time.perf_counter() - started
            stats = sim.stats()
            deadline = time.monotonic() + 60  # the receipts still on their way
            while stats["pending_receipts"] and time.monotonic() < deadline:
                time.sleep(0.2)
                stats = sim.stats()
        finally:
            gw.close()
            sim.stop()
    with engine.connect() as conn:
        statuses = dict(conn.execute(select(SmsMessage.status, func.count())
                                     .group_by(SmsMessage.status)).all())
    engine.dispose()
    calls = report.get("sent_calls")
    assert max(stats["per_out_id"].values()) == 1, "an out-id went twice"
    return {f"{label}_messages_per_s": round(calls / seconds, 1),
            f"{label}_provider_calls": calls,
            f"{label}_dispatch_seconds": round(seconds, 3),
            f"{label}_deferred_day_cap": report.get("deferred_day_cap"),
            f"{label}_deferred_month_cap": report.get("deferred_month_cap"),
            f"{label}_rate_limited": report.get("rate_limited"),
            f"{label}_delivered_after": statuses.get("delivered", 0),
            f"{label}_vacant_after": statuses.get("vacant", 0)}


def run(ctx: BenchContext) -> dict[str, float]:
    accounts = 1_500 if ctx.quick else 10_000
    results: dict[str, float] = {"accounts": accounts}
    sqlite_path = ctx.out_dir / "sms-dispatch.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(sqlite_path) + suffix).unlink(missing_ok=True)
    results.update(_measure(f"sqlite:///{sqlite_path}", accounts, ctx.out_dir, "sqlite"))
    base = pg_url()
    if base:
        schema = f"bench_sms_{uuid.uuid4().hex[:10]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            results.update(_measure(_with_schema(base, schema), accounts, ctx.out_dir,
                                    "postgres"))
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()
    return results
