"""Shared set-up for the cash-control tests: a store with users, customers, bills and a shift."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from counter_app.adapters.storage import open_store
from counter_app.adapters.storage.cash_repo import SqliteCashStore
from counter_app.services.payments import take_payment
from counter_app.services.ports import NewBill
from counter_app.services.shifts import open_shift
from hall_domain.accounts import Customer, UserType
from hall_domain.late_fees import LateFeeRuleSet
from hall_domain.security import Role, User, hash_pin
from hall_domain.shifts import DenominationCount
from hall_domain.tenders import CardTender, CashTender

PIN = "2468"
SUP_PIN = "1357"
TERMINAL = "T01"
T0 = datetime(2026, 3, 20, 8, 0)
RULES = LateFeeRuleSet()
FLOAT = DenominationCount({10000: 2, 1000: 5, 100: 10})  # ¥260.00
_HASHES: dict[str, str] = {}


def _hash(pin: str) -> str:
    if pin not in _HASHES:
        _HASHES[pin] = hash_pin(pin)
    return _HASHES[pin]


@dataclass
class Counter:
    store: object
    cash: SqliteCashStore
    cashier: User
    cashier2: User
    supervisor: User
    supervisor2: User
    account_prefix: str = "33010000"  # the customers' account numbers: prefix + 01, 02, ...

    def close(self) -> None:
        self.store.close()


def make_counter(path, *, customers: int = 5, account_prefix: str = "33010000") -> Counter:
    store = open_store(path)
    users = [
        User("1001", "收费员甲", Role.CASHIER, _hash(PIN)),
        User("1002", "收费员乙", Role.CASHIER, _hash(PIN)),
        User("2001", "值班长王", Role.SUPERVISOR, _hash(SUP_PIN)),
        User("2002", "值班长李", Role.SUPERVISOR, _hash(SUP_PIN)),
    ]
    with store.write() as tx:
        for u in users:
            tx.users.insert_user(u)
        tx.customers.upsert_customers([
            Customer(account_no=f"{account_prefix}{i:02d}", name=f"客户{i}", address=f"城东区人民路{i}号",
                     phone=None, user_type=UserType.RESIDENTIAL, area="东1")
            for i in range(1, customers + 1)], now=T0)
        tx.bills.insert_bills([NewBill(f"{account_prefix}{i:02d}", "2026-03", 100, 10000 + i * 100,
                                       date(2026, 4, 15)) for i in range(1, customers + 1)])
    return Counter(store, SqliteCashStore(store), *users, account_prefix=account_prefix)


def start_shift(c: Counter, *, at: datetime = T0):
    return open_shift(c.store, terminal_id=TERMINAL, user=c.cashier, opening_float=FLOAT, now=at)


def pay(c: Counter, i: int, *, cash: int = 0, tendered: int | None = None, card: int = 0,
        at: datetime | None = None, user: User | None = None):
    tenders = []
    if card:
        tenders.append(CardTender(amount_fen=card, reference=f"{i:012d}", auth_code="A1B2C3",
                                  masked_card="622848******1234"))
    if cash:
        tenders.append(CashTender(cash, cash if tendered is None else tendered))
    return take_payment(c.store, terminal_id=TERMINAL, user=user or c.cashier,
                        account_no=f"{c.account_prefix}{(i % 5) + 1:02d}", amount_fen=cash + card,
                        tenders=tenders, now=at or T0 + timedelta(minutes=i), rules=RULES)


def drop_outbox(c: Counter, kind: str = "payment") -> None:
    """What the relay does once the ledger acknowledged everything."""
    with c.store.write() as tx:
        tx.raw.execute("DELETE FROM outbox WHERE kind = ?", (kind,))
