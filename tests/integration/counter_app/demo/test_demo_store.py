"""build_demo_store on a real SQLite file: it opens with open_store and the services find its data."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest

from counter_app.adapters.storage import StoreError, open_store
from counter_app.demo import DEMO_USERS, build_demo_store, generate_customers
from counter_app.services.auth import login
from counter_app.services.lookup import find_customers
from counter_app.services.payments import quote_account
from hall_domain.errors import AuthError
from hall_domain.late_fees import LateFeeRuleSet

N = 500
SEED = 11


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    calls = []
    stats = build_demo_store(path, customers=N, seed=SEED, progress=lambda d, t: calls.append((d, t)))
    return path, stats, calls


@pytest.fixture(scope="module")
def expected():
    return list(generate_customers(N, seed=SEED))


def test_stats_and_progress(built, expected):
    path, stats, calls = built
    assert stats.customers == N and stats.bills == 6 * N and stats.users == len(DEMO_USERS)
    assert stats.open_bills == sum(len(c.open_bills) for c in expected)
    assert stats.reference_date == date(2026, 3, 20)
    assert str(stats).startswith(f"{N:,} customers, {6 * N:,} bills (")
    assert stats.db_bytes == path.stat().st_size > 0
    assert calls and calls[-1] == (N, N)


def test_store_passes_open_store_checks_and_keeps_durability_pragmas(built):
    path, _, _ = built
    with open_store(path, create=False) as store:
        assert store.pragmas() == {
            "journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000,
        }
        with store.read() as tx:
            assert tx.customers.count_customers() == N
            assert tx.raw.execute("PRAGMA foreign_key_check").fetchall() == []
            assert tx.raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            # The secondary indexes dropped for the bulk load are back.
            names = {r[0] for r in tx.raw.execute("SELECT name FROM sqlite_master WHERE type='index'")}
            assert {"ix_customers_name", "ix_customers_phone", "ix_bills_account_no_status"} <= names


def test_rows_are_the_generated_ones(built, expected):
    path, _, _ = built
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT account_no, name, address, phone, user_type, area, credit_fen FROM customers "
            "ORDER BY id"
        ).fetchall()
        bills = con.execute(
            "SELECT account_no, period, kwh, amount_fen, due_date, principal_paid_fen, status "
            "FROM bills ORDER BY id"
        ).fetchall()
    finally:
        con.close()
    assert rows == [
        (c.account_no, c.name, c.address, c.phone, c.user_type.value, c.area, c.credit_fen)
        for c in expected
    ]
    assert bills == [
        (c.account_no, b.period, b.kwh, b.amount_fen, b.due_date.isoformat(), b.paid_fen,
         b.status.value)
        for c in expected for b in c.bills
    ]


def test_find_customers_by_account_name_and_address(built, expected):
    path, _, _ = built
    with open_store(path, create=False) as store:
        c = expected[123]
        assert [x.account_no for x in find_customers(store, c.account_no)] == [c.account_no]
        assert c.account_no in [x.account_no for x in find_customers(store, c.name, limit=50)]
        fragment = c.address[-8:]
        assert c.account_no in [x.account_no for x in find_customers(store, fragment, limit=500)]
        rare = next(x for x in expected if "𠮷" in x.name or "䶮" in x.name)
        found = find_customers(store, rare.name, limit=50)
        assert rare.account_no in [x.account_no for x in found]


def test_quotes_show_the_arrears(built, expected):
    path, _, _ = built
    arrears = next(c for c in expected if len(c.open_bills) >= 4)
    with open_store(path, create=False) as store:
        q = quote_account(store, arrears.account_no, on=date(2026, 3, 20), rules=LateFeeRuleSet())
    assert [line.bill.period for line in q.lines] == [b.period for b in arrears.open_bills]
    assert q.principal_total_fen == sum(b.amount_fen - b.paid_fen for b in arrears.open_bills)
    assert q.late_fee_total_fen > 0


def test_demo_users_log_in_with_their_pins(built):
    path, _, _ = built
    with open_store(path, create=False) as store:
        for u in DEMO_USERS:
            user = login(store, user_id=u.user_id, pin=u.pin, now=datetime(2026, 3, 20, 9, 0),
                         terminal_id="T01")
            assert (user.name, user.role) == (u.name, u.role)
        with pytest.raises(AuthError):
            login(store, user_id="1001", pin="0000", now=datetime(2026, 3, 20, 9, 1), terminal_id="T01")


def test_a_store_with_data_is_refused(built):
    path, _, _ = built
    with pytest.raises(StoreError) as err:
        build_demo_store(path, customers=10, seed=1)
    assert err.value.code == "demo.store_not_empty"
    with open_store(path, create=False) as store, store.read() as tx:
        assert tx.customers.count_customers() == N


def test_an_error_mid_build_leaves_an_empty_usable_store(tmp_path):
    path = tmp_path / "broken.db"

    def stop(done, total):
        if done >= 20_000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_demo_store(path, customers=50_000, seed=1, progress=stop)
    with open_store(path, create=False) as store:
        assert store.pragmas()["journal_mode"] == "wal"
        with store.read() as tx:
            assert tx.customers.count_customers() == 0 and tx.users.count_users() == 0
    stats = build_demo_store(path, customers=100, seed=1)  # and it can be built again
    assert stats.customers == 100
