"""The matching rules as pure functions: order, one to one, exact amounts, reversal chains."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hall_domain.recon_matching import (
    ChannelTxn,
    LedgerTxn,
    cancelled_lines,
    duplicates_across_channels,
    match_day,
    settlement_check,
)

D = date(2026, 3, 20)


def line(n, amount, *, acct="A1", ref=None, txn=None, kind="payment", orig=None, day=D, fee=0):
    return ChannelTxn(n, kind, day, txn or f"T{n}", amount, ref, orig, acct, fee, "H1")


def pay(u, amount, *, acct="A1", ref=None, day=D, term="WX", credit=0):
    return LedgerTxn(u, acct, amount, day, ref, "H1", term, credit)


def test_rules_apply_in_order_and_the_reference_wins():
    # the line's reference names p1; p2 has the line's transaction id; both ¥1.00
    result = match_day(D, [line(1, 100, ref="p1", txn="X")], {},
                       [pay("p2", 100, ref="X"), pay("p1", 100)])
    assert result.matches == [(1, "p1", "reference")]
    assert [(f.kind, f.payment_uuid) for f in result.exceptions] == [("ledger_only", "p2")]


def test_a_reference_with_another_amount_is_amount_differs_never_a_match():
    result = match_day(D, [line(1, 101, ref="p1")], {}, [pay("p1", 100)])
    assert result.matches == []
    [f] = result.exceptions
    assert (f.kind, f.amount_fen, f.expected_fen) == ("amount_differs", 101, 100)


def test_account_and_amount_only_one_to_one_within_a_day():
    two_lines = [line(1, 500), line(2, 500)]
    result = match_day(D, two_lines, {}, [pay("p1", 500)])
    assert result.matches == []  # ambiguous: neither is matched
    assert sorted(f.kind for f in result.exceptions) == ["channel_only", "channel_only",
                                                         "ledger_only"]
    far = match_day(D, [line(1, 500)], {}, [pay("p1", 500, day=D + timedelta(2))])
    assert far.matches == [] and [f.kind for f in far.exceptions] == ["channel_only"]
    near = match_day(D, [line(1, 500)], {}, [pay("p1", 500, day=D - timedelta(1))])
    assert near.matches == [(1, "p1", "account_amount")]


def test_reversal_chains():
    lines = {t.txn_id: t for t in [
        line(1, 100, txn="A"), line(2, -100, txn="B", kind="reversal", orig="A"),
        line(3, -100, txn="C", kind="reversal", orig="B"),  # reinstates A
        line(4, 100, txn="E"), line(5, -100, txn="F", kind="refund", orig="E"),
        line(6, -50, txn="G", kind="reversal", orig="nowhere"),
        line(7, -60, txn="H", kind="reversal", orig="E")]}  # of another amount
    cancelled, valid, bad = cancelled_lines(lines)
    assert cancelled == {"B", "E"} and valid == {"B", "C", "F"} and bad == {"G", "H"}


def test_duplicates_are_the_payment_that_became_credit():
    first = pay("c1", 800, term="T01", acct="A2")
    second = pay("w1", 800, term="WX", acct="A2", credit=800)
    [f] = duplicates_across_channels([second], [first, second])
    assert (f.kind, f.payment_uuid, f.amount_fen) == ("duplicate_across_channels", "w1", 800)
    assert duplicates_across_channels([pay("w2", 800, credit=800)], []) == []


def test_settlement_is_net_minus_fees_exactly():
    lines = [line(1, 10000, fee=60), line(2, 5000, fee=30)]
    assert settlement_check(lines, None) is None
    assert settlement_check(lines, 14910) is None
    short = settlement_check(lines, 14909)
    assert (short.kind, short.amount_fen, short.expected_fen) == ("settlement_short", 1, 14910)


@given(st.lists(st.tuples(st.integers(1, 3), st.integers(1, 4)), max_size=12),
       st.lists(st.tuples(st.integers(1, 3), st.integers(1, 4), st.integers(-2, 2)),
                max_size=12))
def test_never_a_match_of_different_money_and_every_line_accounted_for(ls, ps):
    lines = [line(i, amt * 100, acct=f"A{a}") for i, (a, amt) in enumerate(ls)]
    pays = [pay(f"p{i}", amt * 100, acct=f"A{a}", day=D + timedelta(dd))
            for i, (a, amt, dd) in enumerate(ps)]
    result = match_day(D, lines, {}, pays)
    by_line = {t.line_id: t for t in lines}
    by_pay = {p.payment_uuid: p for p in pays}
    for line_id, uuid, _ in result.matches:
        assert by_line[line_id].amount_fen == by_pay[uuid].amount_fen
        assert by_line[line_id].account_no == by_pay[uuid].account_no
    seen = [m[0] for m in result.matches] + [f.line_id for f in result.exceptions if f.line_id
                                             is not None]
    assert sorted(seen) == sorted(by_line)  # each line once: matched or an exception
