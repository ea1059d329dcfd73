"""Per-terminal reconciliation (counts and sums per shift and day, receipt gaps) and the report."""

from __future__ import annotations

import uuid
from datetime import date

from hall_ledger.services.recon import daily_report
from tests.helpers.ledger import card, payment


def small(account_no: str, receipt: int, shift: int, amount: int = 100, *, terminal="T01",
          tenders=None, day="2026-03-20"):
    """A payment that only adds credit (keeps the bills out of the way)."""
    return payment(account_no, terminal_id=terminal, amount_fen=amount, allocations=[],
                   credit_fen=amount, receipt_number=receipt, shift_id=shift, tenders=tenders,
                   business_date=day)


def test_counts_sums_per_shift_and_day_and_receipt_gaps(halls, connect):
    t1 = connect(halls["H001"].tokens["T01"])
    batch = [
        small("3301000001", 1, 7, 1000),
        small("3301000002", 2, 7, 2000, tenders=[card(2000)]),
        small("3301000003", 4, 7, 3000),
        small("3301000001", 7, 8, 500),
        small("3301000002", 8, 8, 700, day="2026-03-21"),  # another business date
        small("3301000003", 10, 8, 300, day="2026-03-21"),
    ]
    assert all(r.status == 201 for r in t1.post_payments(batch))
    # A second payment under an existing receipt number (a counter bug) shows as a duplicate.
    t1.post_payments([small("3301000004", 4, 8, 100)])

    rec = t1.reconciliation(date(2026, 3, 20))

    assert rec["terminal_id"] == "T01" and rec["business_date"] == "2026-03-20"
    assert rec["day"]["count"] == 5 and rec["day"]["amount_fen"] == 6600
    assert rec["day"]["by_tender"] == {"cash": {"count": 4, "amount_fen": 4600},
                                       "card": {"count": 1, "amount_fen": 2000}}
    shifts = {s["shift_id"]: s for s in rec["shifts"]}
    assert (shifts[7]["count"], shifts[7]["amount_fen"]) == (3, 6000)
    assert (shifts[8]["count"], shifts[8]["amount_fen"]) == (2, 600)
    assert (shifts[7]["first_receipt"], shifts[7]["last_receipt"]) == (1, 4)
    receipts = rec["receipts"]  # over the terminal's whole history
    assert (receipts["first"], receipts["last"], receipts["count"]) == (1, 10, 7)
    assert receipts["gaps"] == [[3, 3], [5, 6], [9, 9]]
    assert receipts["missing_count"] == 4
    assert receipts["duplicates"] == [4]
    other = connect(halls["H001"].tokens["T02"]).reconciliation("2026-03-20")
    assert other["day"]["count"] == 0 and other["receipts"]["gaps"] == []


def test_shift_report_is_compared_with_the_ledgers_figures(halls, connect):
    t1 = connect(halls["H001"].tokens["T01"])
    t1.post_payments([small("3301000001", 1, 3, 1000), small("3301000002", 2, 3, 2500)])
    report = {"shift_id": 3, "terminal_id": "T01", "opened_by": "1001", "closed_by": "2001",
              "opened_at": "2026-03-20T08:00:00", "closed_at": "2026-03-20T17:00:00",
              "business_date": "2026-03-20", "payment_count": 2, "payment_total_fen": 3500,
              "cash_fen": 3500, "card_fen": 0, "void_count": 0, "first_receipt_number": 1,
              "last_receipt_number": 2, "opening_float_fen": 50000, "counted_cash_fen": 53500,
              "over_short_fen": 0, "denominations": {"10000": 5, "1000": 3, "500": 1}}
    [r] = t1.post_items("shift_report", [("shift-T01-3", report)])
    assert r.status == 201 and r.result["matches"] is True

    wrong = {**report, "shift_id": 4, "payment_count": 1}
    [w] = t1.post_items("shift_report", [("shift-T01-4", wrong)])
    assert w.status == 201 and w.result["matches"] is False

    rec = t1.reconciliation("2026-03-20")
    [shift] = rec["shifts"]
    assert shift["matches_counter_report"] is True
    assert shift["counter_report"]["payment_total_fen"] == 3500


def test_daily_report_per_hall_terminal_tender_and_channel(engine, halls, connect):
    connect(halls["H001"].tokens["T01"]).post_payments([
        small("3301000001", 1, 1, 1000), small("3301000002", 2, 1, 2000, tenders=[card(2000)])])
    connect(halls["H001"].tokens["T02"]).post_payments([
        small("3301000003", 1, 1, 400, terminal="T02")])
    connect(halls["H002"].tokens["T01"]).post_payments([small("4401000001", 1, 1, 600)])
    connect(halls["H001"].tokens["BANK"]).post_channel_payments([{
        "payment_uuid": str(uuid.uuid4()), "account_no": "3301000004", "amount_fen": 3000,
        "paid_at": "2026-03-20T09:00:00", "reference": "BANK0001"}])

    report = daily_report(engine, date(2026, 3, 20))

    assert report["total"] == {"count": 5, "amount_fen": 7000, "void_count": 0}
    assert {h["hall_id"]: h["amount_fen"] for h in report["halls"]} == {"H001": 6400, "H002": 600}
    assert {(t["hall_id"], t["terminal_id"]): t["count"] for t in report["terminals"]} == {
        ("H001", "BANK"): 1, ("H001", "T01"): 2, ("H001", "T02"): 1, ("H002", "T01"): 1}
    assert {t["kind"]: t["amount_fen"] for t in report["tenders"]} == {
        "bank": 3000, "card": 2000, "cash": 2000}
    assert {c["channel"]: c["count"] for c in report["channels"]} == {"bank": 1, "counter": 4}
    assert daily_report(engine, date(2026, 3, 19))["total"]["count"] == 0
