"""Demo CSV files go through the real import service into a store, rare characters and all."""

from __future__ import annotations

from datetime import date, datetime

from counter_app.adapters.storage import open_store
from counter_app.demo import generate_customers, write_bills_csv, write_customers_csv
from counter_app.services.imports import import_bills, import_customers
from counter_app.services.lookup import find_customers
from counter_app.services.payments import quote_account
from hall_domain.late_fees import LateFeeRuleSet


def test_demo_csvs_import_cleanly(tmp_path):
    customers = list(generate_customers(2000, seed=21))
    cpath, bpath = tmp_path / "customers.csv", tmp_path / "bills.csv"
    write_customers_csv(cpath, customers)
    n_bills = write_bills_csv(bpath, customers)
    now = datetime(2026, 3, 20, 8, 0)
    with open_store(tmp_path / "import.db") as store:
        assert import_customers(store, cpath, now=now).inserted == 2000
        assert import_bills(store, bpath, now=now).inserted == n_bills
        with store.read() as tx:
            assert tx.customers.count_customers() == 2000
            assert tx.bills.count_open_bills() == n_bills
        rare = next(c for c in customers if "𠮷" in c.name)
        assert rare.account_no in [c.account_no for c in find_customers(store, rare.name, limit=50)]
        landline = next(c for c in customers if c.phone and "-" in c.phone)
        (found,) = find_customers(store, landline.account_no)
        assert found.phone == landline.phone and not found.phone_valid
        arrears = next(c for c in customers if len(c.open_bills) >= 4)
        q = quote_account(store, arrears.account_no, on=date(2026, 3, 20), rules=LateFeeRuleSet())
        assert [line.bill.period for line in q.lines] == [b.period for b in arrears.open_bills]
