"""The ledger's arrears list on SQLite and PostgreSQL: the late fee of every account equals
what the counter's lookup service quotes for the same bills on the same date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from counter_app.adapters.storage import open_store
from counter_app.services.lookup import lookup_with_quotes
from hall_domain.accounts import UserType
from hall_domain.late_fees import LateFeeRuleSet
from hall_ledger.services import arrears as arrears_service
from hall_ledger.services.arrears import account_arrears
from hall_ledger.services.channels import channel_principal, ingest_channel_payments
from hall_ledger.services.imports import import_bills, import_customers
from hall_ledger.store.db import consistent_reader
from hall_ledger.store.models import Customer
from tests.helpers.services import add_bill, add_customer

RULES = LateFeeRuleSet()

# account, name, user type, area, [(period, amount fen, due date)]
ACCOUNTS = [
    ("5501000001", "张三", "residential", "东1", [("2025-11", 12000, "2025-12-15"),
                                               ("2025-12", 5000, "2026-01-15"),
                                               ("2026-01", 3000, "2026-02-15")]),
    ("5501000002", "李四商行", "other", "东2", [("2025-11", 1_000_000, "2025-12-20")]),
    ("5501000003", "王五", "residential", "东1", [("2026-01", 3000, "2026-03-15")]),
    ("5501000004", "赵六厂", "other", "西1", [("2024-01", 250_000, "2024-02-29"),
                                            ("2026-02", 90_000, "2026-03-15")]),
    ("5501000005", "钱七", "residential", "西1", [("2026-03", 8000, "2026-04-15")]),
]


def _csv(accounts) -> tuple[str, str]:
    customers = ["account_no,name,address,phone,user_type,area"]
    bills = ["account_no,period,kwh,amount,due_date"]
    for i, (acc, name, ut, area, bs) in enumerate(accounts):
        customers.append(f"{acc},{name},人民路{i}号,1380000000{i},{ut},{area}")
        for period, fen, due in bs:
            bills.append(f"{acc},{period},100,{fen // 100}.{fen % 100:02d},{due}")
    return "\n".join(customers) + "\n", "\n".join(bills) + "\n"


@pytest.fixture
def ledger(engine):
    customers, bills = _csv(ACCOUNTS)
    assert import_customers(engine, customers, hall_id="H009").ok
    assert import_bills(engine, bills, hall_id="H009").ok
    return engine


@pytest.fixture
def counter(tmp_path):
    store = open_store(tmp_path / "counter.db")
    for i, (acc, name, ut, area, bs) in enumerate(ACCOUNTS):
        add_customer(store, acc, name, f"人民路{i}号", phone=f"1380000000{i}",
                     user_type=UserType(ut), area=area)
        for period, fen, due in bs:
            add_bill(store, acc, period, fen, date.fromisoformat(due))
    yield store
    store.close()


def _ledger_arrears(engine, on, **kw):
    with engine.connect() as conn:
        return {a.account_no: a for a in account_arrears(conn, as_of=on, rules=RULES, **kw)}


def _counter_quotes(store, on):
    return {acc: lookup_with_quotes(store, acc, on=on, rules=RULES)[0] for acc, *_ in ACCOUNTS}


def _check_same(engine, store, on):
    ledger = _ledger_arrears(engine, on, hall_id="H009")
    for acc, q in _counter_quotes(store, on).items():
        overdue = [ln for ln in q.lines if ln.days_overdue > 0]
        if not overdue:
            assert acc not in ledger, (acc, on)
            continue
        a = ledger[acc]
        assert a.late_fee_fen == q.late_fee_total_fen, (acc, on)
        assert a.principal_fen == sum(ln.principal_fen for ln in overdue), (acc, on)
        assert a.overdue_days == max(ln.days_overdue for ln in overdue)
        assert a.bills == len(overdue)
    return ledger


def test_worked_dates_equal_the_counters_quote(ledger, counter):
    for on in (date(2026, 3, 15), date(2026, 3, 16), date(2026, 4, 4), date(2026, 1, 1),
               date(2025, 12, 31), date(2027, 3, 1), date(2024, 3, 1)):
        _check_same(ledger, counter, on)
    got = _check_same(ledger, counter, date(2026, 4, 4))
    assert list(got) == sorted(got)  # account order
    assert set(got) == {"5501000001", "5501000002", "5501000003", "5501000004"}
    a = got["5501000002"]  # ¥10,000.00 due 2025-12-20: 11 days at 2‰, then 94 at 3‰
    assert a.overdue_days == 105 and a.bucket == "91-180"
    assert a.late_fee_fen == 1_000_000 * 2 * 11 // 1000 + 1_000_000 * 3 * 94 // 1000
    assert a.prior_year_fen == a.total_fen and a.current_year_fen == 0
    leap = got["5501000004"]  # due on the leap day 2024-02-29
    assert leap.oldest_due_date == date(2024, 2, 29) and leap.bucket == ">365"
    assert leap.current_year_fen > 0 and leap.prior_year_fen > 0


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=1200))
def test_any_date_equals_the_counters_quote(ledger, counter, offset):
    _check_same(ledger, counter, date(2024, 1, 1) + timedelta(days=offset))


def test_filters_and_accounts(ledger, halls):
    on = date(2026, 4, 4)
    assert set(_ledger_arrears(ledger, on, hall_id="H009", area="东1")) == {"5501000001",
                                                                           "5501000003"}
    assert set(_ledger_arrears(ledger, on, user_type="other")) == {"5501000002", "5501000004",
                                                                   "3301000003"}
    assert set(_ledger_arrears(ledger, on, accounts=["5501000004", "5501000005", "9"])) == {
        "5501000004"}
    assert set(_ledger_arrears(ledger, on, hall_id="H009", after="5501000002")) == {
        "5501000003", "5501000004"}
    # the other halls' accounts stay out of a hall's list
    assert all(a.hall_id == "H001" for a in _ledger_arrears(ledger, on, hall_id="H001").values())
    assert "4401000001" in _ledger_arrears(ledger, on)  # no hall: all halls


def test_a_bank_payment_changes_the_arrears_as_the_ledger_books_it(ledger, halls):
    on = date(2026, 4, 4)
    before = _ledger_arrears(ledger, on, hall_id="H001")
    assert {"3301000001", "3301000002"} <= set(before)
    # 3301000002 pays its whole debt at the bank: it leaves the list
    owed = before["3301000002"].total_fen
    principal = channel_principal(ledger, "3301000002", "bank")
    [res] = ingest_channel_payments(ledger, principal, [{
        "payment_uuid": "0b5a4a3e-0000-4000-8000-000000000001", "account_no": "3301000002",
        "amount_fen": owed, "paid_at": "2026-04-04T10:00:00", "reference": "BANK0001"}])
    assert res["status"] in (200, 201), res
    # 3301000001 pays part: the fee assessed on the payment stays owed, the rest accrues on
    part = 5000
    [res] = ingest_channel_payments(ledger, principal, [{
        "payment_uuid": "0b5a4a3e-0000-4000-8000-000000000002", "account_no": "3301000001",
        "amount_fen": part, "paid_at": "2026-03-20T10:00:00", "reference": "BANK0002"}])
    assert res["status"] in (200, 201), res
    after = _ledger_arrears(ledger, on, hall_id="H001")
    assert "3301000002" not in after
    assert after["3301000001"].total_fen < before["3301000001"].total_fen
    fee_then = 12000 * 33 // 1000  # 2026-01 bill ¥120.00 due 02-15, paid 03-20: 33 days at 1‰
    assert after["3301000001"].principal_fen == before["3301000001"].principal_fen - (
        part - fee_then)


def test_extra_columns_may_query_the_connection_while_the_list_streams(ledger, monkeypatch):
    """A provider (dunning's, phones') reads its own tables on the same connection between
    batches of the streamed list; with batches of 2 accounts it runs mid-stream."""
    monkeypatch.setattr(arrears_service, "EXTRA_BATCH", 2)
    monkeypatch.setattr(arrears_service, "STREAM_ROWS", 1)
    calls = []

    def provider(conn, hall_id, account_nos, as_of):
        n = conn.execute(select(func.count()).select_from(Customer)
                         .where(Customer.account_no.in_(account_nos))).scalar_one()
        calls.append((list(account_nos), n))
        return {acc: {"dunning_level": i + 1} for i, acc in enumerate(account_nos)}

    with consistent_reader(ledger).connect() as conn:
        report = arrears_service.arrears_report(conn, as_of=date(2026, 4, 4), hall_id="H009",
                                                extra_columns=provider)
    assert [len(accs) for accs, _ in calls] == [2, 2]
    assert all(n == len(accs) for accs, n in calls)
    assert [a["dunning_level"] for a in report["accounts"]] == [1, 2, 1, 2]
    assert report["totals"]["all"]["accounts"] == 4
