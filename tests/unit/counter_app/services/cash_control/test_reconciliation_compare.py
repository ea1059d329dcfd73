"""The pure comparison: receipt sets from the ledger's gaps, and exact lines when the port lists them."""

from __future__ import annotations

from datetime import date, datetime

from counter_app.services.reconciliation import DiffKind, compare
from hall_domain.shift_totals import PaymentLine

DAY = date(2026, 3, 20)


def line(n: int, amount: int, *, voided: bool = False) -> PaymentLine:
    return PaymentLine(payment_uuid=f"u{n}", receipt_number=n, receipt_no=f"T01-{n:08d}",
                       cashier_id="1001", account_no="3301000001", taken_at=datetime(2026, 3, 20, 9),
                       amount_fen=amount, cash_fen=amount, cash_tendered_fen=amount, voided=voided)


def answer(shifts, first, last, gaps=(), dups=()):
    return {"shifts": [{"shift_id": sid, "count": c, "amount_fen": a, "void_count": 0,
                        "by_tender": {"cash": {"count": c, "amount_fen": a}},
                        "first_receipt": lo, "last_receipt": hi, "matches_counter_report": None}
                       for sid, c, a, lo, hi in shifts],
            "receipts": {"first": first, "last": last, "count": last - first + 1,
                         "gaps": [list(g) for g in gaps], "duplicates": list(dups)}}


def test_everything_matches():
    counter = [(1, line(1, 100)), (1, line(2, 200))]
    r = compare(business_date=DAY, terminal_id="T01", counter=counter,
                ledger=answer([(1, 2, 300, 1, 2)], 1, 2))
    assert r.ok and r.diffs == ()


def test_receipt_level_and_shift_level():
    counter = [(1, line(1, 100)), (1, line(2, 200)), (1, line(3, 300))]
    # The ledger: 1 (¥1.50 instead of ¥1.00), 2 missing (a gap), 3, and 4 which we never issued.
    ledger = answer([(1, 3, 150 + 300 + 999, 1, 4)], 1, 4, gaps=[(2, 2)])
    r = compare(business_date=DAY, terminal_id="T01", counter=counter, ledger=ledger,
                pending_uuids=frozenset({"u2"}))
    assert [(d.kind, d.receipt_number) for d in r.diffs] == [(DiffKind.MISSING, 2), (DiffKind.EXTRA, 4)]
    assert r.diffs[0].note == "still in the outbox" and r.pending_in_outbox == 1
    assert not r.ok and not r.shifts[0].matches


def test_exact_lines_pinpoint_the_different_payment():
    counter = [(1, line(1, 100)), (1, line(2, 200))]
    ledger = answer([(1, 2, 350, 1, 2)], 1, 2)
    lines = [{"receipt_number": 1, "payment_uuid": "u1", "amount_fen": 100},
             {"receipt_number": 2, "payment_uuid": "u2", "amount_fen": 250}]
    r = compare(business_date=DAY, terminal_id="T01", counter=counter, ledger=ledger,
                ledger_lines=lines)
    [d] = r.diffs
    assert (d.kind, d.receipt_number, d.counter_amount_fen, d.ledger_amount_fen) == (
        DiffKind.DIFFERENT, 2, 200, 250)


def test_duplicate_receipt_number_in_the_ledger():
    counter = [(1, line(1, 100))]
    ledger = answer([(1, 2, 200, 1, 1)], 1, 1, dups=[1])
    r = compare(business_date=DAY, terminal_id="T01", counter=counter, ledger=ledger)
    assert [d.kind for d in r.diffs] == [DiffKind.DUPLICATE]
