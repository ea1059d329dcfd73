"""Shared relay test code: a counter taking payments on a clock, and the exactly-once check."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from counter_app.adapters.relay_thread import ClientLedger
from counter_app.adapters.storage import open_store
from counter_app.adapters.storage.sync_repo import SqliteSyncStore
from counter_app.services.payments import quote_account, take_payment
from counter_app.services.shifts import open_shift
from counter_app.services.sync import RelayPolicy
from hall_domain.late_fees import LateFeeRuleSet
from hall_domain.shifts import DenominationCount
from hall_domain.tenders import CardTender, CashTender
from hall_ledger.services.balances import verify
from hall_ledger.store.models import Payment as LedgerPayment
from tests.helpers.waiting import wait_until

DEMO_N = 60
REF_DATE = date(2026, 3, 20)
START = datetime(2026, 3, 20, 9, 0, 0)
FAST = dict(base_delay=0.02, max_delay=0.3)


class Clock:
    """The counter's clock (naive local time): starts at `start`, runs with real time, and can
    be moved on by hand (a simulated day passes in an instant)."""

    def __init__(self, start: datetime = START) -> None:
        self._start = start
        self._t0 = time.monotonic()
        self._offset = timedelta()

    def __call__(self) -> datetime:
        return (self._start + self._offset
                + timedelta(seconds=time.monotonic() - self._t0)).replace(microsecond=0)

    def advance(self, **kw) -> None:
        self._offset += timedelta(**kw)


@dataclass
class Counter:
    path: Path
    store: object
    clock: Clock = field(default_factory=Clock)
    terminal_id: str = "T01"
    _user: object = None

    @classmethod
    def open(cls, path: Path) -> Counter:
        return cls(path=path, store=open_store(path))

    @property
    def sync_store(self) -> SqliteSyncStore:
        return SqliteSyncStore(self.store)

    def close(self) -> None:
        self.store.close()

    def accounts(self) -> list[str]:
        with self.store.read() as tx:
            return [r[0] for r in tx.raw.execute(
                "SELECT account_no FROM customers ORDER BY account_no").fetchall()]

    def user(self):
        if self._user is None:
            with self.store.read() as tx:
                self._user = tx.users.get_user("1001")
            with self.store.read() as tx:
                shift = tx.shifts.open_shift_for(self.terminal_id)
            if shift is None:
                open_shift(self.store, terminal_id=self.terminal_id, user=self._user,
                           opening_float=DenominationCount({10000: 2}), now=self.clock())
        return self._user

    def pay(self, account_no: str, amount_fen: int | None = None, *, card: bool = False):
        """Take a payment (default: all that is due) at the counter's clock; one second on."""
        user = self.user()
        if amount_fen is None:
            q = quote_account(self.store, account_no, on=self.clock().date(),
                              rules=LateFeeRuleSet())
            amount_fen = q.total_due_fen or 1000
        tender = (CardTender(amount_fen, reference="123456789012", auth_code="A1B2C3",
                             masked_card="622848******1234") if card
                  else CashTender(amount_fen, amount_fen + 50))
        p = take_payment(self.store, terminal_id=self.terminal_id, user=user,
                         account_no=account_no, amount_fen=amount_fen, tenders=[tender],
                         now=self.clock(), rules=LateFeeRuleSet())
        self.clock.advance(seconds=1)
        return p

    def pay_many(self, n: int, **kw) -> list:
        accounts = self.accounts()
        return [self.pay(accounts[i % len(accounts)], 1000 + i, **kw) for i in range(n)]

    def payments(self) -> dict[str, tuple[int, int]]:
        """uuid -> (amount_fen, receipt_number)."""
        con = sqlite3.connect(self.path)
        try:
            return {u: (a, r) for u, a, r in con.execute(
                "SELECT payment_uuid, amount_fen, receipt_number FROM payments")}
        finally:
            con.close()

    def outbox(self) -> dict[str, int]:
        with self.store.read() as tx:
            return tx.outbox.outbox_counts()

    def review_keys(self) -> set[str]:
        with self.store.read() as tx:
            return {r[0] for r in tx.raw.execute(
                "SELECT item_key FROM outbox WHERE state = 'review'")}


def policy(batch: int = 20, **kw) -> RelayPolicy:
    import random

    return RelayPolicy(batch_size=batch, rng=random.Random(7), **{**FAST, **kw})


def client(url: str, token: str, timeout: float = 5.0) -> ClientLedger:
    return ClientLedger.connect(url, token, timeout=timeout)


def ledger_payments(engine, terminal_id: str = "T01") -> dict[str, tuple[int, int]]:
    with engine.connect() as conn:
        rows = conn.execute(select(LedgerPayment.payment_uuid, LedgerPayment.amount_fen,
                                   LedgerPayment.receipt_number)
                            .where(LedgerPayment.terminal_id == terminal_id)).all()
    return {r[0]: (r[1], r[2]) for r in rows}


def assert_exactly_once(counter: Counter, engine, *, terminal_id: str = "T01",
                        review: set[str] = frozenset()) -> None:
    """Same UUIDs, count and sum to the fen on both sides (the review list apart); every
    receipt number once; nothing queued but the review list; the ledger's balances hold."""
    ours = {u: v for u, v in counter.payments().items() if u not in review}
    theirs = {u: v for u, v in ledger_payments(engine, terminal_id).items() if u not in review}
    assert set(ours) == set(theirs)
    assert len(ours) == len(theirs)
    assert sum(a for a, _ in ours.values()) == sum(a for a, _ in theirs.values())
    assert ours == theirs  # amount and receipt number per UUID
    receipts = [r for _, r in ledger_payments(engine, terminal_id).values()]
    assert len(receipts) == len(set(receipts))
    counts = counter.outbox()
    assert counts["pending"] == 0
    assert counter.review_keys() == set(review)
    assert verify(engine) == []


def write_config(data_dir: Path, url: str, token: str, **more) -> Path:
    from counter_app.config import Config

    cfg = Config({"ledger.url": url, "ledger.token": token, **more})
    return cfg.save(data_dir / "config.toml")


def counter_app(data_dir: Path, *args: str, timeout: float = 60.0):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "counter_app", "--data-dir", str(data_dir),
                           *args], capture_output=True, text=True, timeout=timeout)


def spawn_counter_app(data_dir: Path, *args: str):
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-m", "counter_app", "--data-dir", str(data_dir),
                             *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.02) -> bool:
    return wait_until(predicate, timeout, interval)


def pending_count(path: Path) -> int:
    con = sqlite3.connect(path, timeout=5)
    try:
        return con.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0]
    finally:
        con.close()
