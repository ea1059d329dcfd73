"""GET /v1/reports/hall-day: the day of the asking terminal's hall, for the counter's daily
hall report (营业日报), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.adapters.ledger_client import LedgerError
from tests.helpers.ledger import card, payment


def small(account_no: str, receipt: int, shift: int, amount: int, *, terminal="T01",
          tenders=None, day="2026-03-20"):
    return payment(account_no, terminal_id=terminal, amount_fen=amount, allocations=[],
                   credit_fen=amount, receipt_number=receipt, shift_id=shift, tenders=tenders,
                   business_date=day)


def test_the_hall_day_holds_every_terminal_of_the_hall_and_no_other_hall(halls, connect):
    t1, t2 = connect(halls["H001"].tokens["T01"]), connect(halls["H001"].tokens["T02"])
    assert all(r.status == 201 for r in t1.post_payments([
        small("3301000001", 1, 7, 1000), small("3301000002", 2, 7, 2000, tenders=[card(2000)]),
        small("3301000003", 3, 8, 500, day="2026-03-21")]))  # another business date
    assert t2.post_payments([small("3301000001", 1, 3, 700, terminal="T02")])[0].status == 201
    other_hall = connect(halls["H002"].tokens["T01"])
    assert other_hall.post_payments([small("4401000001", 1, 1, 9900)])[0].status == 201

    day = t2.hall_day(date(2026, 3, 20))  # any counter of the hall sees the whole hall

    assert (day["hall_id"], day["date"]) == ("H001", "2026-03-20")
    shifts = {(s["terminal_id"], s["shift_id"]): s for s in day["shifts"]}
    assert set(shifts) == {("T01", 7), ("T02", 3)}
    assert (shifts[("T01", 7)]["count"], shifts[("T01", 7)]["amount_fen"]) == (2, 3000)
    assert (shifts[("T01", 7)]["cash_fen"], shifts[("T01", 7)]["card_fen"]) == (1000, 2000)
    assert shifts[("T01", 7)]["over_short_fen"] is None  # no shift report sent yet
    assert day["total"] == {"count": 3, "amount_fen": 3700, "void_count": 0}
    assert {t["kind"]: t["amount_fen"] for t in day["tenders"]} == {"cash": 1700, "card": 2000}
    assert other_hall.hall_day("2026-03-20")["total"]["amount_fen"] == 9900
    assert t1.hall_day("2026-03-22")["shifts"] == []


def test_the_hall_day_is_for_counters_only(halls, connect):
    with pytest.raises(LedgerError) as refused:
        connect(halls["H001"].tokens["BANK"]).hall_day("2026-03-20")
    assert refused.value.status == 403 and refused.value.code == "auth.not_a_counter"
