"""import_customers / import_bills: good files, BOM, bad rows by line number, nothing half-imported."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from counter_app.services.imports import ImportRefused, RowError, import_bills, import_customers
from counter_app.services.lookup import find_customers
from counter_app.services.status import store_summary
from hall_domain.accounts import UserType
from hall_domain.errors import PermissionDenied
from tests.helpers.services import count, table_rows

NOW = datetime(2026, 4, 1, 8, 0)
CUSTOMERS = (
    "account_no,name,address,phone,user_type,area\n"
    "3101000001,张伟,杭州市西湖区文三路100号,13800138000,residential,TQ-1\n"
    "3101000002,鑫源商贸有限公司,杭州市拱墅区莫干山路8号,0571-88886666,other,TQ-2\n"
    '3101000003,"王,五",杭州市上城区解放路1号,,residential,\n'
)
BILLS = (
    "account_no,period,kwh,amount,due_date\n"
    "3101000001,2026-02,230,121.51,2026-03-15\n"
    "3101000001,2026-03,180,95.09,2026-04-15\n"
    "3101000002,2026-03,5000,\"3,929.00\",2026-04-20\n"
)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def refused(fn, *args, **kwargs) -> list[RowError]:
    with pytest.raises(ImportRefused) as e:
        fn(*args, **kwargs)
    assert e.value.code == "import.refused"
    return e.value.errors


def test_good_customer_file(store, tmp_path):
    report = import_customers(store, write(tmp_path, "c.csv", CUSTOMERS), now=NOW)
    assert (report.rows, report.inserted, report.updated) == (3, 3, 0)
    with store.read() as tx:
        c1, c2, c3 = (tx.customers.get_customer(f"310100000{i}") for i in (1, 2, 3))
    assert (c1.name, c1.phone, c1.user_type, c1.area) == ("张伟", "13800138000",
                                                          UserType.RESIDENTIAL, "TQ-1")
    assert c2.phone == "0571-88886666" and not c2.phone_valid and c2.user_type == UserType.OTHER
    assert c3.name == "王,五" and c3.phone is None and c3.area == ""
    assert [c.account_no for c in find_customers(store, "莫干山")] == ["3101000002"]
    (audit,) = table_rows(store, "audit_log")["audit_log"]
    assert audit[4] == "import.customers" and audit[5] == "file:c.csv"


def test_utf8_bom_is_accepted(store, tmp_path):
    report = import_customers(store, write(tmp_path, "c.csv", CUSTOMERS, "utf-8-sig"), now=NOW)
    assert report.inserted == 3


def test_existing_accounts_are_updated_and_keep_their_credit(store, tmp_path):
    import_customers(store, write(tmp_path, "c.csv", CUSTOMERS), now=NOW)
    with store.write() as tx:
        tx.customers.add_customer_credit("3101000001", 500, now=NOW)
    again = write(tmp_path, "c2.csv", "account_no,name,address,phone,user_type,area\n"
                  "3101000001,张伟,杭州市滨江区江南大道1号,13800138000,residential,TQ-9\n"
                  "3101000004,新户,宁波市鄞州区,,residential,TQ-3\n")
    report = import_customers(store, again, now=NOW)
    assert (report.inserted, report.updated) == (1, 1)
    with store.read() as tx:
        c1 = tx.customers.get_customer("3101000001")
    assert (c1.address, c1.area, c1.credit_fen) == ("杭州市滨江区江南大道1号", "TQ-9", 500)
    assert find_customers(store, "文三路") == []
    assert [c.account_no for c in find_customers(store, "江南大道")] == ["3101000001"]


def test_bad_rows_are_each_reported_by_line_and_nothing_is_imported(store, tmp_path):
    text = (
        "account_no,name,address,phone,user_type,area\n"          # 1
        "3101000001,张伟,杭州市西湖区文三路100号,13800138000,residential,A\n"  # 2 good
        "31010000x2,李娜,杭州市,,residential,A\n"                 # 3 account_no
        "3101000003,,杭州市,,residential,A\n"                     # 4 name
        "\n"                                                      # 5 blank: skipped
        "3101000005,赵六,杭州市,call me,residential,A\n"           # 6 phone
        "3101000006,钱七,杭州市,,company,A\n"                      # 7 user_type
        "3101000001,张伟,杭州市,,residential,A\n"                  # 8 duplicate account
        "3101000008,孙八,杭州市\n"                                 # 9 too few fields
        "310100009,周九,,,residential,A\n"                         # 10 two problems
    )
    errors = refused(import_customers, store, write(tmp_path, "bad.csv", text), now=NOW)
    got = [(e.line_number, e.reason.split(":")[0]) for e in errors]
    assert got == [(3, "account_no"), (4, "name"), (6, "phone"), (7, "user_type"),
                   (8, "account_no"), (9, "row"), (10, "account_no"), (10, "address")]
    assert "first on line 2" in errors[4].reason
    assert "company" in errors[3].reason
    assert count(store, "customers") == 0 and count(store, "audit_log") == 0
    assert find_customers(store, "张伟") == []


def test_header_problems_and_encoding(store, tmp_path):
    errors = refused(import_customers, store,
                     write(tmp_path, "h.csv", "account_no,name,addr,phone,user_type,area\n"),
                     now=NOW)
    assert errors[0].line_number == 1 and "missing column(s) address" in errors[0].reason
    assert "unknown column(s) 'addr'" in errors[0].reason
    gbk = write(tmp_path, "gbk.csv", CUSTOMERS, "gbk")
    errors = refused(import_customers, store, gbk, now=NOW)
    assert errors[0].line_number == 2 and "UTF-8" in errors[0].reason
    errors = refused(import_customers, store, write(tmp_path, "empty.csv", ""), now=NOW)
    assert "empty" in errors[0].reason


def test_import_needs_the_import_permission_when_a_user_is_given(store, tmp_path, users):
    path = write(tmp_path, "c.csv", CUSTOMERS)
    with pytest.raises(PermissionDenied):
        import_customers(store, path, now=NOW, user=users["cashier"])
    import_customers(store, path, now=NOW, user=users["supervisor"], terminal_id="T01")
    assert count(store, "customers") == 3


def test_good_bill_file(store, tmp_path):
    import_customers(store, write(tmp_path, "c.csv", CUSTOMERS), now=NOW)
    report = import_bills(store, write(tmp_path, "b.csv", BILLS), now=NOW)
    assert (report.rows, report.inserted) == (3, 3)
    with store.read() as tx:
        bills = tx.bills.open_bills("3101000001") + tx.bills.open_bills("3101000002")
    assert [(b.period, b.kwh, b.amount_fen, b.due_date) for b in bills] == [
        ("2026-02", 230, 12151, date(2026, 3, 15)),
        ("2026-03", 180, 9509, date(2026, 4, 15)),
        ("2026-03", 5000, 392900, date(2026, 4, 20)),
    ]
    assert store_summary(store)["open_bills"] == 3


def test_bad_bill_rows_and_duplicates_refuse_the_whole_file(store, tmp_path):
    import_customers(store, write(tmp_path, "c.csv", CUSTOMERS), now=NOW)
    import_bills(store, write(tmp_path, "b.csv", BILLS), now=NOW)
    text = (
        "account_no,period,kwh,amount,due_date\n"   # 1
        "3101000003,2026-03,100,50.00,2026-04-15\n"  # 2 good
        "3101000003,2026-13,100,50.00,2026-04-15\n"  # 3 period
        "3101000003,2026-04,-1,50.00,2026-05-15\n"   # 4 kwh
        "3101000003,2026-05,100,12.345,2026-06-15\n"  # 5 amount
        "3101000003,2026-06,100,50.00,2026-02-30\n"  # 6 due_date
        "3101000003,2026-03,100,50.00,2026-04-15\n"  # 7 duplicate in file
        "3101000003,2026-07,100,1e3,2026-08-15\n"    # 8 amount
    )
    errors = refused(import_bills, store, write(tmp_path, "bad.csv", text), now=NOW)
    assert [(e.line_number, e.reason.split(":")[0]) for e in errors] == [
        (3, "period"), (4, "kwh"), (5, "amount"), (6, "due_date"), (7, "period"), (8, "amount")]
    # Rows that only the store can judge: unknown account, a period already billed.
    text = (
        "account_no,period,kwh,amount,due_date\n"
        "3101000003,2026-03,100,50.00,2026-04-15\n"
        "3101099999,2026-03,100,50.00,2026-04-15\n"
        "3101000001,2026-02,100,50.00,2026-03-15\n"
    )
    errors = refused(import_bills, store, write(tmp_path, "bad2.csv", text), now=NOW)
    assert [(e.line_number, e.reason.split(":")[0]) for e in errors] == [
        (3, "account_no"), (4, "period")]
    assert "already has a bill for 2026-02" in errors[1].reason
    assert count(store, "bills") == 3


def test_store_summary(store, tmp_path):
    import_customers(store, write(tmp_path, "c.csv", CUSTOMERS), now=NOW)
    import_bills(store, write(tmp_path, "b.csv", BILLS), now=NOW)
    with store.write() as tx:
        tx.payments.next_receipt_number("T01")
        tx.payments.next_receipt_number("T01")
        tx.outbox.add_outbox(kind="payment", item_key="k1", account_no=None, payload_json="{}",
                             created_at=NOW)
        review = tx.outbox.add_outbox(kind="payment", item_key="k2", account_no=None,
                                      payload_json="{}", created_at=NOW)
        tx.outbox.outbox_to_review(review, error="bill already paid at the bank")
    assert store_summary(store) == {"customers": 3, "open_bills": 3, "queued": 1, "review": 1,
                                    "last_receipt": {"T01": 2}}


def test_short_aliases_the_cli_uses(store, tmp_path):
    report = import_customers(store, write(tmp_path, "c.csv", CUSTOMERS), now=NOW)
    assert report.count == 3
    (err,) = refused(import_customers, store, write(tmp_path, "x.csv", "nonsense\n"), now=NOW)
    assert err.line == err.line_number == 1 and str(err).startswith("line 1: header:")
