"""Helpers for service tests (imported by conftest and the test modules)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from counter_app.services.ports import NewBill
from hall_domain.accounts import Customer, UserType
from hall_domain.late_fees import LateFeeRuleSet
from hall_domain.security import User
from hall_domain.shifts import DenominationCount

PIN = "2468"
TERMINAL = "T01"
NOW = datetime(2026, 4, 4, 9, 30)
RULES = LateFeeRuleSet()


def add_customer(store, account_no: str, name: str, address: str = "杭州市西湖区文三路1号",
                 *, phone: str | None = None, user_type: UserType = UserType.RESIDENTIAL,
                 area: str = "A1") -> Customer:
    c = Customer(account_no=account_no, name=name, address=address, phone=phone,
                 user_type=user_type, area=area)
    with store.write() as tx:
        tx.customers.upsert_customers([c], now=NOW)
    return c


def add_bill(store, account_no: str, period: str, amount_fen: int, due: date, kwh: int = 100):
    with store.write() as tx:
        tx.bills.insert_bills([NewBill(account_no, period, kwh, amount_fen, due)])


def open_test_shift(store, user: User, terminal_id: str = TERMINAL):
    with store.write() as tx:
        return tx.shifts.insert_shift(terminal_id=terminal_id, opened_by=user.user_id, opened_at=NOW,
                                      opening_float=DenominationCount({10000: 2, 1000: 5}))


def table_rows(store, *tables: str) -> dict[str, list[tuple]]:
    """Every row of the given tables, read through a separate sqlite3 connection."""
    con = sqlite3.connect(store.path)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    finally:
        con.close()


def count(store, table: str) -> int:
    con = sqlite3.connect(store.path)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()
