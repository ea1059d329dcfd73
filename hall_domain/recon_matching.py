"""Matching a channel's day (its file's lines) with the ledger's payments: pure rules, no I/O.

Exact amounts only, never fuzzy on money. The rules, in order (DESIGN.md §3):
1. our reference (the line's order reference is the ledger payment's UUID) and the amount;
2. the channel's transaction id (the ledger payment's tender reference) and the amount;
3. (户号, amount, date ± 1 day), one to one: a line with exactly one candidate payment that has
   exactly one candidate line.
A reference or transaction id that names a payment of another amount is `amount_differs`.
Reversals (冲正) and refunds cancel the line they name (`original_txn_id`); a reversal of a
reversal reinstates it. A reversal whose original is unknown, or of another amount, is
`reversal_unmatched`; so is a cancelled line whose payment the ledger still holds.
What is left: lines are `channel_only`, the day's payments `ledger_only`.
Settlement: the bank statement's credits for the channel's day must equal the sum of the
channel's net amounts for that day, fees apart; otherwise `settlement_short`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

EXCEPTION_KINDS = (
    "channel_only", "ledger_only", "amount_differs", "duplicate_across_channels",
    "reversal_unmatched", "settlement_short",
)
RULES = ("reference", "txn_id", "account_amount", "hand")
CANCELLING = ("reversal", "refund")


@dataclass(frozen=True, slots=True)
class ChannelTxn:
    line_id: int
    kind: str  # payment | refund | reversal
    txn_date: date
    txn_id: str
    amount_fen: int  # signed: money in positive
    order_ref: str | None = None
    original_txn_id: str | None = None
    account_no: str | None = None
    fee_fen: int = 0
    hall_id: str | None = None


@dataclass(frozen=True, slots=True)
class LedgerTxn:
    payment_uuid: str
    account_no: str
    amount_fen: int
    business_date: date
    reference: str | None = None  # the channel's transaction id on the payment's tender
    hall_id: str | None = None
    terminal_id: str = ""
    credit_fen: int = 0


@dataclass(frozen=True, slots=True)
class Found:
    """An exception found: what kind, and which line and/or payment it is about."""

    kind: str
    amount_fen: int
    line_id: int | None = None
    payment_uuid: str | None = None
    account_no: str | None = None
    expected_fen: int | None = None
    hall_id: str | None = None
    note: str = ""


@dataclass(slots=True)
class DayResult:
    matches: list[tuple[int, str, str]] = field(default_factory=list)  # line, payment, rule
    paired_reversals: list[int] = field(default_factory=list)  # line ids of valid reversals
    cancelled: list[int] = field(default_factory=list)  # payment lines cancelled by reversal
    exceptions: list[Found] = field(default_factory=list)


def cancelled_lines(lines: dict[str, ChannelTxn]) -> tuple[set[str], set[str], set[str]]:
    """(cancelled txn ids, valid reversal txn ids, unmatched reversal txn ids) among `lines`
    (every line the day's reversals may name, keyed by txn id)."""
    valid: set[str] = set()
    bad: set[str] = set()
    targets: dict[str, list[str]] = defaultdict(list)
    for t in lines.values():
        if t.kind not in CANCELLING:
            continue
        original = lines.get(t.original_txn_id or "")
        # a reversal carries the original's amount, signed as money out; a reversal of a
        # reversal puts the money back (files write it with either sign: the size must agree)
        if (original is None or abs(original.amount_fen) != abs(t.amount_fen)
                or original.txn_id == t.txn_id):
            bad.add(t.txn_id)
        else:
            valid.add(t.txn_id)
            targets[original.txn_id].append(t.txn_id)
    memo: dict[str, bool] = {}

    def is_cancelled(txn_id: str, depth: int = 0) -> bool:
        if txn_id in memo:
            return memo[txn_id]
        if depth > 64:  # a cycle of reversals: treat as not cancelled
            return False
        memo[txn_id] = any(not is_cancelled(r, depth + 1) for r in targets.get(txn_id, ()))
        return memo[txn_id]

    return {x for x in lines if is_cancelled(x)}, valid, bad


def match_day(day: date, lines: list[ChannelTxn], known: dict[str, ChannelTxn],
              ledger: list[LedgerTxn]) -> DayResult:
    """Match the channel's lines of `day` with the ledger payments (of `day` ± 1, not yet
    matched, not voided). `known` holds every line a reversal may name (any day), by txn id."""
    out = DayResult()
    everything = dict(known)
    everything.update({t.txn_id: t for t in lines})
    cancelled, valid_rev, bad_rev = cancelled_lines(everything)
    payments = [t for t in lines if t.kind not in CANCELLING]
    for t in lines:
        if t.kind in CANCELLING:
            if t.txn_id in bad_rev:
                out.exceptions.append(Found("reversal_unmatched", t.amount_fen, line_id=t.line_id,
                                            account_no=t.account_no, hall_id=t.hall_id,
                                            note="the reversed transaction is not known"
                                            if t.original_txn_id not in everything else
                                            "the reversal's amount differs from the original"))
            elif t.txn_id in valid_rev:
                out.paired_reversals.append(t.line_id)
    open_ledger = {p.payment_uuid: p for p in ledger}
    by_ref = {p.reference: p for p in ledger if p.reference}
    remaining: list[ChannelTxn] = []
    for t in payments:
        if t.txn_id in cancelled:
            out.cancelled.append(t.line_id)
            held = open_ledger.get(t.order_ref or "") or by_ref.get(t.txn_id)
            if held is not None:
                del open_ledger[held.payment_uuid]
                out.exceptions.append(Found("reversal_unmatched", held.amount_fen,
                                            line_id=t.line_id, payment_uuid=held.payment_uuid,
                                            account_no=held.account_no, hall_id=held.hall_id,
                                            note="reversed by the channel, still booked"))
            continue
        remaining.append(t)

    def keyed(rule: str, key_of_line, lookup) -> None:
        nonlocal remaining
        left = []
        for t in remaining:
            key = key_of_line(t)
            p = lookup(key) if key else None
            if p is None or p.payment_uuid not in open_ledger:
                left.append(t)
                continue
            del open_ledger[p.payment_uuid]
            if p.amount_fen == t.amount_fen:
                out.matches.append((t.line_id, p.payment_uuid, rule))
            else:
                out.exceptions.append(Found("amount_differs", t.amount_fen, line_id=t.line_id,
                                            payment_uuid=p.payment_uuid, account_no=p.account_no,
                                            expected_fen=p.amount_fen, hall_id=p.hall_id,
                                            note=f"same {rule}, other amount"))
        remaining = left

    keyed("reference", lambda t: t.order_ref, lambda k: open_ledger.get(k))
    refs = {p.reference: p for p in open_ledger.values() if p.reference}
    keyed("txn_id", lambda t: t.txn_id, refs.get)

    # rule 3: (户号, amount, date ± 1), one to one
    def near(t: ChannelTxn, p: LedgerTxn) -> bool:
        return abs((p.business_date - t.txn_date).days) <= 1

    by_key: dict[tuple[str, int], list[LedgerTxn]] = defaultdict(list)
    for p in open_ledger.values():
        by_key[(p.account_no, p.amount_fen)].append(p)
    line_cands = {t.line_id: [p for p in by_key.get((t.account_no or "", t.amount_fen), [])
                              if near(t, p)] for t in remaining}
    pay_cands: dict[str, int] = defaultdict(int)
    for cands in line_cands.values():
        for p in cands:
            pay_cands[p.payment_uuid] += 1
    left = []
    for t in remaining:
        cands = line_cands[t.line_id]
        if len(cands) == 1 and pay_cands[cands[0].payment_uuid] == 1:
            p = cands[0]
            del open_ledger[p.payment_uuid]
            out.matches.append((t.line_id, p.payment_uuid, "account_amount"))
        else:
            left.append(t)
    for t in left:
        out.exceptions.append(Found("channel_only", t.amount_fen, line_id=t.line_id,
                                    account_no=t.account_no, hall_id=t.hall_id,
                                    note="ambiguous: several payments fit" if
                                    len(line_cands[t.line_id]) > 1 else ""))
    for p in open_ledger.values():
        if p.business_date == day:
            out.exceptions.append(Found("ledger_only", p.amount_fen, payment_uuid=p.payment_uuid,
                                        account_no=p.account_no, hall_id=p.hall_id))
    return out


def duplicates_across_channels(matched: list[LedgerTxn], others: list[LedgerTxn]) -> list[Found]:
    """A matched payment that the ledger turned (partly) into prepaid credit because the same
    account paid on another channel (another terminal) within a day: the second payment."""
    by_account: dict[str, list[LedgerTxn]] = defaultdict(list)
    for q in others:
        by_account[q.account_no].append(q)
    found = []
    for p in matched:
        if p.credit_fen <= 0:
            continue
        for q in by_account.get(p.account_no, ()):
            if (q.payment_uuid != p.payment_uuid and q.terminal_id != p.terminal_id
                    and abs((q.business_date - p.business_date).days) <= 1):
                found.append(Found("duplicate_across_channels", p.credit_fen,
                                   payment_uuid=p.payment_uuid, account_no=p.account_no,
                                   hall_id=p.hall_id, note=f"also paid by {q.payment_uuid}"))
                break
    return found


def effect_fen(t: ChannelTxn, known: dict[str, ChannelTxn], depth: int = 0) -> int:
    """The money a line moves: a payment its amount; a reversal or refund the opposite of what
    the line it names moved (so a reversal of a reversal puts the money back); a reversal of
    nothing known, its amount as written."""
    if t.kind not in CANCELLING:
        return t.amount_fen
    original = known.get(t.original_txn_id or "")
    if original is None or depth > 64 or abs(original.amount_fen) != abs(t.amount_fen):
        return t.amount_fen
    return -effect_fen(original, known, depth + 1)


def settlement_expected(lines: list[ChannelTxn],
                        known: dict[str, ChannelTxn] | None = None) -> tuple[int, int]:
    """(net amount, fees) of a channel's day: the bank should credit net − fees. `known`:
    lines reversals may name (any day), by txn id; the day's own lines are added."""
    every = dict(known or {})
    every.update({t.txn_id: t for t in lines})
    return sum(effect_fen(t, every) for t in lines), sum(t.fee_fen for t in lines)


def settlement_check(lines: list[ChannelTxn], credited_fen: int | None,
                     known: dict[str, ChannelTxn] | None = None) -> Found | None:
    """settlement_short when the statement credited other than net − fees (None: no statement
    for the day yet, nothing to say)."""
    if credited_fen is None:
        return None
    net, fees = settlement_expected(lines, known)
    expected = net - fees
    if credited_fen == expected:
        return None
    return Found("settlement_short", expected - credited_fen, expected_fen=expected,
                 note=f"statement credited {credited_fen}, expected {expected}")
