"""CSV files in the import formats, written from demo customers."""

from __future__ import annotations

import csv

from counter_app.demo.csv_export import write_bills_csv, write_customers_csv
from hall_domain.money import parse_yuan
from hall_domain.sample_population import generate_customers


def test_customers_csv_round_trips_names_outside_the_bmp(tmp_path):
    customers = list(generate_customers(3000, seed=7))
    path = tmp_path / "customers.csv"
    assert write_customers_csv(path, customers) == 3000
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["account_no", "name", "address", "phone", "user_type", "area"]
    assert [r["account_no"] for r in rows] == [c.account_no for c in customers]
    assert [r["name"] for r in rows] == [c.name for c in customers]
    assert any("𠮷" in r["name"] for r in rows)
    assert {r["user_type"] for r in rows} == {"residential", "other"}
    missing = [r for r, c in zip(rows, customers, strict=True) if c.phone is None]
    assert missing and all(r["phone"] == "" for r in missing)


def test_bills_csv_has_yuan_amounts_and_open_bills_by_default(tmp_path):
    customers = list(generate_customers(500, seed=7))
    open_path, all_path = tmp_path / "open.csv", tmp_path / "all.csv"
    n_open = write_bills_csv(open_path, customers)
    n_all = write_bills_csv(all_path, customers, open_only=False)
    assert n_all == 6 * 500
    assert n_open == sum(len(c.open_bills) for c in customers) < n_all
    with open(all_path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["account_no", "period", "kwh", "amount", "due_date"]
    bills = [b for c in customers for b in c.bills]
    for r, b in zip(rows, bills, strict=True):
        assert r["amount"].count(".") == 1 and len(r["amount"].split(".")[1]) == 2
        assert parse_yuan(r["amount"]) == b.amount_fen
        assert r["due_date"] == b.due_date.isoformat()
        assert int(r["kwh"]) == b.kwh
