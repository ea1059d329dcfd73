"""Reference data: a paged snapshot with a cursor, then the changes since that cursor."""

from __future__ import annotations

import uuid

import pytest

from counter_app.adapters.ledger_client import LedgerRefused
from hall_ledger.services.imports import import_bills, import_customers
from tests.helpers.ledger import payment


def pull_all(client, limit):
    pages = list(client.iter_snapshot(limit=limit))
    customers = [c for p in pages for c in p.customers]
    bills = [b for p in pages for b in p.bills]
    cursors = {p.changes_cursor for p in pages}
    assert len(cursors) == 1  # every page names the cursor taken at the snapshot's start
    return pages, customers, bills, cursors.pop()


def drain(client, cursor, limit=None):
    customers, bills, calls = {}, {}, 0
    while True:
        calls += 1
        ch = client.pull_changes(cursor, limit=limit)
        customers.update({c["account_no"]: c for c in ch.customers})
        bills.update({b["bill_id"]: b for b in ch.bills})
        cursor = ch.cursor
        if not ch.has_more:
            return customers, bills, cursor, calls


def test_snapshot_pages_then_changes_since_its_cursor(engine, halls, connect):
    t1 = connect(halls["H001"].tokens["T01"])
    pages, customers, bills, cursor = pull_all(t1, limit=3)

    assert len(pages) == 2 and pages[-1].next_page is None
    assert [c["account_no"] for c in customers] == [
        "3301000001", "3301000002", "3301000003", "3301000004"]
    assert len(bills) == 5 and all(b["status"] == "open" for b in bills)
    assert next(c for c in customers if c["account_no"] == "3301000004")["name"] == "赵𠮷"
    nothing = t1.pull_changes(cursor)
    assert (nothing.customers, nothing.bills, nothing.has_more) == ([], [], False)
    assert nothing.cursor == cursor

    # Changes from everywhere: a bank payment, a payment at T02, a contact change, new data.
    connect(halls["H001"].tokens["BANK"]).post_channel_payments([{
        "payment_uuid": str(uuid.uuid4()), "account_no": "3301000002", "amount_fen": 8000,
        "paid_at": "2026-03-15T09:00:00", "reference": "BANK0001"}])
    t2 = connect(halls["H001"].tokens["T02"])
    t2.post_payments([payment("3301000004", terminal_id="T02", amount_fen=5000,
                              allocations=[{"period": "2026-02", "late_fee_fen": 0,
                                            "principal_fen": 3000, "late_fee_assessed_fen": 0}],
                              credit_fen=2000)])
    t2.post_items("contact_change", [(str(uuid.uuid4()), {
        "account_no": "3301000001", "terminal_id": "T02", "phone": "139-0000-0009",
        "changed_at": "2026-03-20T11:00:00", "changed_by": "1001"})])
    assert import_customers(engine, "account_no,name,address,phone,user_type,area\n"
                            "3301000005,新户,城东区,13800000005,residential,东3\n",
                            hall_id="H001").ok
    assert import_bills(engine, "account_no,period,kwh,amount,due_date\n"
                        "3301000005,2026-03,10,5.00,2026-04-15\n", hall_id="H001").ok

    changed_customers, changed_bills, new_cursor, calls = drain(t1, cursor, limit=2)

    assert calls >= 3  # paged by limit
    assert int(new_cursor) > int(cursor)
    by_period = {(b["account_no"], b["period"]): b for b in changed_bills.values()}
    assert by_period[("3301000002", "2026-02")]["status"] == "paid"
    assert by_period[("3301000002", "2026-02")]["closed_by"] == "bank"
    assert by_period[("3301000004", "2026-02")]["status"] == "paid"
    assert by_period[("3301000005", "2026-03")]["status"] == "open"
    assert changed_customers["3301000004"]["credit_fen"] == 2000
    assert changed_customers["3301000001"]["phone"] == "13900000009"
    assert "3301000005" in changed_customers
    assert "3301000003" not in changed_customers  # untouched
    # Nothing new since: the cursor holds.
    again = t1.pull_changes(new_cursor)
    assert (again.customers, again.bills, again.cursor) == ([], [], new_cursor)
    # A fresh snapshot no longer lists the closed bills.
    _, _, fresh_bills, _ = pull_all(t1, limit=100)
    assert ("3301000002", "2026-02") not in {(b["account_no"], b["period"]) for b in fresh_bills}


def test_changes_made_while_paging_the_snapshot_come_as_changes(halls, connect):
    t1 = connect(halls["H001"].tokens["T01"])
    first = t1.pull_snapshot(limit=2)
    # 3301000004 is on the second page; pay it before that page is read.
    connect(halls["H001"].tokens["T02"]).post_payments([
        payment("3301000004", terminal_id="T02", amount_fen=3000)])
    second = t1.pull_snapshot(first.next_page, limit=2)
    assert second.changes_cursor == first.changes_cursor
    # the first page says how many customers the whole snapshot holds (H001 has 4)
    assert (first.customers_total, second.customers_total) == (4, None)
    customers, bills, _, _ = drain(t1, first.changes_cursor)
    assert [b["status"] for b in bills.values() if b["account_no"] == "3301000004"] == ["paid"]


def test_bad_cursors_are_refused(halls, connect):
    t1 = connect(halls["H001"].tokens["T01"])
    for call in (lambda: t1.pull_changes("abc"), lambda: t1.pull_snapshot("!!not-a-token")):
        with pytest.raises(LedgerRefused) as exc:
            call()
        assert exc.value.status == 400
