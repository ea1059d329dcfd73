"""Shift totals, expected cash and over/short: worked examples and properties (hypothesis)."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hall_domain.errors import ShiftError
from hall_domain.shift_totals import (
    CashMovement,
    MovementKind,
    PaymentLine,
    close_figures,
    deposit_breakdown,
    shift_totals,
)
from hall_domain.shifts import DENOMINATIONS_FEN, DenominationCount

AT = datetime(2026, 4, 4, 10, 0)


def line(n: int, *, cash: int = 0, tendered: int | None = None, card: int = 0,
         voided: bool = False) -> PaymentLine:
    tendered = cash if tendered is None else tendered
    return PaymentLine(payment_uuid=f"u{n}", receipt_number=n, receipt_no=f"T01-{n:08d}",
                       cashier_id="c", account_no="3201000001", taken_at=AT,
                       amount_fen=cash + card, cash_fen=cash, cash_tendered_fen=tendered if cash else 0,
                       change_fen=tendered - cash if cash else 0, card_fen=card, voided=voided)


def move(i: int, kind: MovementKind, fen: int) -> CashMovement:
    return CashMovement(movement_id=i, shift_id=1, kind=kind, amount_fen=fen, reason="r",
                        created_by="c", created_at=AT)


def test_worked_example():
    payments = [line(1, cash=17740, tendered=20000), line(2, card=10000),
                line(3, cash=7740, tendered=8000, card=10000), line(4, cash=5000, voided=True)]
    t = shift_totals(opening_float_fen=50000, payments=payments,
                     movements=[move(1, MovementKind.CASH_IN, 10000),
                                move(2, MovementKind.CASH_OUT, 30000)])
    assert (t.payment_count, t.payment_total_fen) == (3, 45480)
    assert (t.cash.count, t.cash.amount_fen, t.card.count, t.card.amount_fen) == (2, 25480, 2, 20000)
    assert (t.cash_tendered_fen, t.change_fen) == (28000, 2520)
    assert (t.void_count, t.void_total_fen) == (1, 5000)
    # 500.00 + 280.00 − 25.20 + 100.00 − 300.00
    assert t.expected_cash_fen == 55480
    assert (t.first_receipt_number, t.last_receipt_number) == (1, 4)
    f = close_figures(t, counted=DenominationCount({10000: 5, 500: 1, 10: 48}),
                      bank_settlement_fen=19900)
    assert f.cash.counted_fen == 50980 and f.cash.over_short_fen == -4500  # short ¥45.00
    assert f.card.over_short_fen == -100 and not f.balanced


def test_settlement_must_be_whole_fen():
    t = shift_totals(opening_float_fen=0, payments=[], movements=[])
    for bad in (-1, 1.0, "100", True):
        with pytest.raises(ShiftError):
            close_figures(t, counted=DenominationCount(), bank_settlement_fen=bad)


def test_movement_must_be_positive():
    with pytest.raises(ShiftError):
        shift_totals(opening_float_fen=0, payments=[], movements=[move(1, MovementKind.CASH_IN, 0)])


fen = st.integers(min_value=1, max_value=5_000_000)
lines = st.lists(
    st.tuples(st.integers(0, 5_000_000), st.integers(0, 100_000), st.integers(0, 5_000_000),
              st.booleans()).filter(lambda t: t[0] + t[2] > 0),
    max_size=40,
)
moves = st.lists(st.tuples(st.sampled_from(list(MovementKind)), fen), max_size=10)
counts = st.dictionaries(st.sampled_from(DENOMINATIONS_FEN), st.integers(0, 500))


@settings(max_examples=200, deadline=None)
@given(float_fen=st.integers(0, 10_000_000), raw=lines, raw_moves=moves, counted=counts,
       settlement=st.integers(0, 10_000_000))
def test_properties(float_fen, raw, raw_moves, counted, settlement):
    payments = [line(i + 1, cash=c, tendered=c + extra if c else None, card=k, voided=v)
                for i, (c, extra, k, v) in enumerate(raw)]
    movements = [move(i, kind, f) for i, (kind, f) in enumerate(raw_moves)]
    t = shift_totals(opening_float_fen=float_fen, payments=payments, movements=movements)
    live = [p for p in payments if not p.voided]
    assert t.payment_count + t.void_count == len(payments)
    assert t.payment_total_fen == t.cash.amount_fen + t.card.amount_fen
    assert t.cash_tendered_fen - t.change_fen == t.cash.amount_fen
    ins = sum(f for k, f in raw_moves if k == MovementKind.CASH_IN)
    outs = sum(f for k, f in raw_moves if k == MovementKind.CASH_OUT)
    assert t.expected_cash_fen == float_fen + sum(p.cash_fen for p in live) + ins - outs
    assert all(type(v) is int for v in (t.expected_cash_fen, t.payment_total_fen))
    dc = DenominationCount(counted)
    f = close_figures(t, counted=dc, bank_settlement_fen=settlement)
    assert f.cash.expected_fen + f.cash.over_short_fen == dc.total_fen
    assert f.card.expected_fen + f.card.over_short_fen == settlement
    assert f.balanced == (dc.total_fen == t.expected_cash_fen and settlement == t.card.amount_fen)
    # Order does not matter.
    again = shift_totals(opening_float_fen=float_fen, payments=list(reversed(payments)),
                         movements=list(reversed(movements)))
    assert again == t


@settings(max_examples=200, deadline=None)
@given(counted=counts, keep=st.integers(0, 1_000_000))
def test_deposit_never_more_than_counted(counted, keep):
    dc = DenominationCount(counted)
    dep = deposit_breakdown(dc, keep_float_fen=keep)
    assert all(dep.counts.get(d, 0) <= dc.counts.get(d, 0) for d in DENOMINATIONS_FEN)
    kept = dc.total_fen - dep.total_fen
    assert 0 <= kept <= keep


def test_refunds_lower_expected_cash_and_voids_stay_out():
    from hall_domain.shift_totals import RefundLine

    at = datetime(2026, 3, 20, 9, 0)
    lines = [PaymentLine("a", 1, "T01-1", "1001", "1", at, 10000, cash_fen=10000,
                         cash_tendered_fen=10000),
             PaymentLine("b", 2, "T01-2", "1001", "2", at, 5000, cash_fen=5000,
                         cash_tendered_fen=5000, voided=True)]
    refunds = [RefundLine("r", 3, "T01-3", "3", 3000, at)]
    t = shift_totals(opening_float_fen=20000, payments=lines, movements=[], refunds=refunds)
    assert (t.refund_count, t.refund_fen, t.void_count) == (1, 3000, 1)
    assert t.expected_cash_fen == 20000 + 10000 - 3000
    with pytest.raises(ShiftError):
        shift_totals(opening_float_fen=0, payments=[], movements=[],
                     refunds=[RefundLine("r", 3, "T01-3", "3", 0, at)])
