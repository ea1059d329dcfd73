"""A bounded fault campaign: payments taken while relays, the link and the ledger fail on purpose.

Three kinds of process share one counter store and one ledger: a payer taking payments through
`take_payment`, two relays (`counter-app sync run`, one holds the store's OS lock, the other waits
for it) and the ledger (`counter-ledger serve`). A TCP proxy sits between the relays and the
ledger. For a fixed number of rounds (seeded, so a run can be repeated) the campaign does one
thing per round: switch the proxy (pass, delay past the client's timeout, cut the answer after N
bytes so the ledger did the work but the counter never hears, cut the request, blackhole),
SIGKILL a relay, SIGKILL the payer, or SIGKILL the ledger and restart it on the same port. Then
it heals everything, lets the relays drain, and checks exactly-once: every payment the counter
committed is at the ledger once, with its amount and receipt number, the sums equal to the fen,
nothing left queued or on review, and the ledger's journal balances.

`python -m bench --only fault_campaign` (or `python -m bench.fault_campaign [--rounds N]`).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from ._common import BenchContext, remove_store
from ._ledger import LedgerProcess

REF = date(2026, 3, 20)
CUSTOMERS = 200
ROOT = Path(__file__).resolve().parents[1]
ACTIONS = ("delay", "cut_down", "cut_up", "blackhole", "pass", "kill_relay", "kill_payer",
           "kill_ledger")


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    # The campaign passes only when nothing is lost and nothing is recorded twice.
    return {"lost": ("<=", 0), "duplicated": ("<=", 0), "amount_mismatch_fen": ("<=", 0),
            "left_queued": ("<=", 0), "on_review": ("<=", 0), "journal_errors": ("<=", 0)}


def run(ctx: BenchContext) -> dict[str, float]:
    return campaign(ctx.out_dir / "fault_campaign", rounds=25 if ctx.quick else 80, seed=ctx.seed)



def _kill(proc: subprocess.Popen | None) -> None:
    if proc is not None and proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)


def _setup(folder: Path) -> tuple[Path, Path, str]:
    from counter_app.bootstrap import DEMO_SEED, STORE_FILE_NAME
    from counter_app.demo import build_demo_store
    from hall_ledger.services.demo import load_demo_data
    from hall_ledger.services.terminals import add_terminal
    from hall_ledger.store import migrate
    from hall_ledger.store.db import make_engine

    folder.mkdir(parents=True, exist_ok=True)
    counter_path, ledger_path = folder / STORE_FILE_NAME, folder / "ledger.db"
    remove_store(counter_path)
    remove_store(ledger_path)
    build_demo_store(counter_path, customers=CUSTOMERS, seed=DEMO_SEED, reference_date=REF)
    engine = make_engine(f"sqlite:///{ledger_path}")
    migrate.upgrade(engine)
    load_demo_data(engine, customers=CUSTOMERS, seed=DEMO_SEED, reference_date=REF)
    token = add_terminal(engine, hall_id="H001", terminal_id="T01")
    engine.dispose()
    return counter_path, ledger_path, token


def _write_config(folder: Path, url: str, token: str) -> None:
    from counter_app.config import Config

    path = Config({"ledger.url": url, "ledger.token": token}).save(folder / "config.toml")
    os.chmod(path, 0o600)


def _spawn_relay(folder: Path, log) -> subprocess.Popen:
    # Client timeout 1 s, so the proxy's 2 s delay is an unknown outcome (resend the same UUID).
    return subprocess.Popen(
        [sys.executable, "-m", "counter_app", "--data-dir", str(folder), "sync", "run",
         "--batch", "20", "--timeout", "1.0", "--idle", "0.1", "--base-delay", "0.05",
         "--max-delay", "0.4", "--max-seconds", "600"],
        stdout=log, stderr=log, cwd=ROOT)


def _spawn_payer(counter_path: Path, start: int, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bench.fault_campaign", "pay", "--store", str(counter_path),
         "--start", str(start), "--count", "100000"],
        stdout=log, stderr=log, cwd=ROOT)


def _counter_payments(path: Path) -> dict[str, tuple[int, int]]:
    con = sqlite3.connect(path, timeout=30)
    try:
        return {u: (a, r) for u, a, r in con.execute(
            "SELECT payment_uuid, amount_fen, receipt_number FROM payments")}
    finally:
        con.close()


def _outbox(path: Path) -> Counter:
    con = sqlite3.connect(path, timeout=30)
    try:
        return Counter(dict(con.execute("SELECT state, count(*) FROM outbox GROUP BY state")))
    finally:
        con.close()


def _ledger_rows(path: Path) -> list[tuple[str, int, int]]:
    con = sqlite3.connect(path, timeout=30)
    try:
        return con.execute("SELECT payment_uuid, amount_fen, receipt_number FROM payments "
                           "WHERE terminal_id = 'T01'").fetchall()
    finally:
        con.close()


def campaign(folder: Path, *, rounds: int, seed: int) -> dict[str, float]:
    from tests.helpers.tcp_proxy import TcpProxy
    from tests.helpers.waiting import wait_until

    rng = random.Random(seed)
    counter_path, ledger_path, token = _setup(folder)
    ledger_url = f"sqlite:///{ledger_path}"
    ledger = LedgerProcess(ledger_url)
    proxy = TcpProxy("127.0.0.1", ledger.port, max_connections=64, io_timeout=5.0).start()
    _write_config(folder, proxy.url, token)
    log = (folder / "processes.log").open("w")
    relays = [_spawn_relay(folder, log), _spawn_relay(folder, log)]
    payer = _spawn_payer(counter_path, 0, log)
    done = Counter()
    started = time.perf_counter()
    try:
        # Faults start once payments flow (a loaded machine takes seconds to start Python).
        if not wait_until(lambda: len(_counter_payments(counter_path)) >= 20, 120, 0.1):
            raise RuntimeError(f"the payer did not start: see {folder / 'processes.log'}")
        started = time.perf_counter()
        for _ in range(rounds):
            action = rng.choice(ACTIONS)
            done[action] += 1
            if action == "delay":
                proxy.set_mode("delay", delay=2.0)
            elif action == "cut_down":
                proxy.set_mode("cut", cut_after=rng.randint(1, 400), direction="down")
            elif action == "cut_up":
                proxy.set_mode("cut", cut_after=rng.randint(1, 400), direction="up")
            elif action in ("blackhole", "pass"):
                proxy.set_mode(action)
            elif action == "kill_relay":
                i = rng.randrange(2)
                _kill(relays[i])
                relays[i] = _spawn_relay(folder, log)
            elif action == "kill_payer":
                _kill(payer)
                payer = _spawn_payer(counter_path, len(_counter_payments(counter_path)), log)
            elif action == "kill_ledger":
                _kill(ledger.proc)
                port = ledger.port
                ledger.log.close()
                ledger = LedgerProcess(ledger_url, port=port)
            time.sleep(rng.uniform(0.2, 1.2))
        chaos_seconds = time.perf_counter() - started
        _kill(payer)
        payer = None
        proxy.set_mode("pass")
        taken = _counter_payments(counter_path)
        heal = time.perf_counter()
        drained = wait_until(lambda: _outbox(counter_path)["pending"] == 0, 180, 0.2)
        drain_seconds = time.perf_counter() - heal
    finally:
        for p in (*relays, payer):
            _kill(p)
        proxy.close()
        ledger.stop()
        log.close()
    rows = _ledger_rows(ledger_path)
    theirs = {u: (a, r) for u, a, r in rows}
    receipts = Counter(r for _, _, r in rows)
    outbox = _outbox(counter_path)
    from hall_ledger.services.balances import verify
    from hall_ledger.store.db import make_engine

    engine = make_engine(ledger_url)
    try:
        journal_errors = len(verify(engine))
    finally:
        engine.dispose()
    return {
        "rounds": rounds,
        "chaos_seconds": round(chaos_seconds, 1),
        **{f"{a}_rounds": done[a] for a in ACTIONS},
        "proxy_connections": proxy.connections,
        "proxy_cuts": proxy.cuts,
        "payments_taken": len(taken),
        "payments_at_ledger": len(theirs),
        "sum_counter_fen": sum(a for a, _ in taken.values()),
        "sum_ledger_fen": sum(a for a, _ in theirs.values()),
        "drained": int(drained),
        "drain_after_heal_seconds": round(drain_seconds, 2),
        "lost": len(set(taken) - set(theirs)),
        "duplicated": (len(rows) - len(theirs)) + sum(n - 1 for n in receipts.values() if n > 1),
        "amount_mismatch_fen": sum(abs(taken[u][0] - theirs[u][0]) for u in taken if u in theirs),
        "left_queued": outbox["pending"],
        "on_review": outbox["review"],
        "journal_errors": journal_errors,
    }


def pay(store_path: Path, start: int, count: int) -> None:
    """Take payments one after another until killed (the campaign's payer process)."""
    from counter_app.adapters.storage import open_store
    from counter_app.bootstrap import local_now
    from counter_app.services.payments import take_payment
    from counter_app.services.shifts import current_shift, open_shift
    from hall_domain.late_fees import LateFeeRuleSet
    from hall_domain.shifts import DenominationCount
    from hall_domain.tenders import CashTender

    store = open_store(store_path, create=False)
    with store.read() as tx:
        user = tx.users.get_user("1001")
        accounts = [r[0] for r in tx.raw.execute(
            "SELECT account_no FROM customers ORDER BY account_no")]
    if current_shift(store, terminal_id="T01") is None:
        open_shift(store, terminal_id="T01", user=user,
                   opening_float=DenominationCount({10000: 2}), now=local_now())
    rules = LateFeeRuleSet()
    for i in range(start, start + count):
        amount = 1000 + i
        take_payment(store, terminal_id="T01", user=user, account_no=accounts[i % len(accounts)],
                     amount_fen=amount, tenders=[CashTender(amount, amount)], now=local_now(),
                     rules=rules)
        time.sleep(0.02)  # a busy counter, not a bulk load: the relays get their turns


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.fault_campaign", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command")
    c = sub.add_parser("run", help="run the campaign and print its figures")
    c.add_argument("--rounds", type=int, default=80)
    c.add_argument("--seed", type=int, default=20261202)
    c.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "fault_campaign")
    w = sub.add_parser("pay", help=argparse.SUPPRESS)
    w.add_argument("--store", type=Path, required=True)
    w.add_argument("--start", type=int, default=0)
    w.add_argument("--count", type=int, default=100000)
    args = p.parse_args(argv)
    if args.command == "pay":
        pay(args.store, args.start, args.count)
        return 0
    if args.command is None:
        args = p.parse_args(["run", *(argv or [])])
    results = campaign(args.out, rounds=args.rounds, seed=args.seed)
    for k, v in results.items():
        print(f"{k:<28} {v:>12}")
    failed = [m for m, (_, limit) in targets(None).items() if results[m] > limit]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
