"""Reconciliation (对账): this terminal's payments of a business date against the ledger's.

The ledger answers `GET /v1/reconciliation?date=` with counts and sums per shift and the
receipt numbers it holds (first, last, gaps, duplicates). Receipt numbers are gapless on the
counter, so comparing number sets finds payments the ledger is MISSING and payments it holds
that the counter does not have (EXTRA). A shift whose sums still differ after that has a
payment recorded with DIFFERENT figures; the ledger's answer carries no per-payment amounts,
so that difference is reported per shift (with the amount) unless the port can also list the
ledger's payments (`payments(date)`), which pinpoints the receipt.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable

from hall_domain.money import format_fen
from hall_domain.security import Action, User, require
from hall_domain.shift_totals import PaymentLine

from .shift_reports import CashStore


class LedgerReconciliation(Protocol):
    """adapters.ledger_client.LedgerClient fits."""

    def reconciliation(self, date: date | str) -> dict[str, Any]: ...


@runtime_checkable
class LedgerPaymentList(Protocol):
    """Optional: the ledger's own payment lines of the date (receipt_number, payment_uuid,
    amount_fen, shift_id, voided)."""

    def payments(self, date: date | str) -> list[dict[str, Any]]: ...


class DiffKind(enum.StrEnum):
    MISSING = "missing"  # the counter took it; the ledger does not hold it
    EXTRA = "extra"  # the ledger holds it; the counter has no such payment
    DIFFERENT = "different"  # both hold it, with other figures
    DUPLICATE = "duplicate"  # the ledger holds the receipt number twice


@dataclass(frozen=True, slots=True)
class PaymentDiff:
    kind: DiffKind
    shift_id: int | None
    receipt_number: int | None
    counter_amount_fen: int | None = None
    ledger_amount_fen: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Figures:
    count: int = 0
    amount_fen: int = 0
    cash_fen: int = 0
    card_fen: int = 0
    void_count: int = 0


@dataclass(frozen=True, slots=True)
class ShiftRecon:
    shift_id: int
    counter: Figures
    ledger: Figures
    counter_report_matches: bool | None = None  # the ledger's check of our shift_report

    @property
    def matches(self) -> bool:
        return self.counter == self.ledger


@dataclass(frozen=True, slots=True)
class Reconciliation:
    business_date: date
    terminal_id: str
    shifts: tuple[ShiftRecon, ...]
    diffs: tuple[PaymentDiff, ...]
    ledger_last_receipt: int | None = None
    pending_in_outbox: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.diffs and all(s.matches for s in self.shifts)

    def of_kind(self, kind: DiffKind) -> list[PaymentDiff]:
        return [d for d in self.diffs if d.kind == kind]


def _counter_figures(lines: Iterable[PaymentLine]) -> Figures:
    live = [p for p in lines if not p.voided]
    return Figures(count=len(live), amount_fen=sum(p.amount_fen for p in live),
                   cash_fen=sum(p.cash_fen for p in live), card_fen=sum(p.card_fen for p in live),
                   void_count=sum(1 for p in lines if p.voided))


def _ledger_figures(s: dict[str, Any]) -> Figures:
    tender = s.get("by_tender") or {}
    return Figures(count=s["count"], amount_fen=s["amount_fen"],
                   cash_fen=tender.get("cash", {}).get("amount_fen", 0),
                   card_fen=tender.get("card", {}).get("amount_fen", 0),
                   void_count=s.get("void_count", 0))


def _ledger_numbers(answer: dict[str, Any]) -> tuple[set[int], set[int]]:
    """Receipt numbers the ledger holds for the terminal (from first/last/gaps), duplicates."""
    r = answer.get("receipts") or {}
    if not r.get("count"):
        return set(), set()
    held = set(range(r["first"], r["last"] + 1))
    for lo, hi in r.get("gaps", []):
        held -= set(range(lo, hi + 1))
    return held, set(r.get("duplicates", []))


def compare(*, business_date: date, terminal_id: str, counter: list[tuple[int, PaymentLine]],
            ledger: dict[str, Any], ledger_lines: list[dict[str, Any]] | None = None,
            pending_uuids: frozenset[str] = frozenset()) -> Reconciliation:
    """Pure comparison of the counter's lines (shift id, line) with the ledger's answer."""
    by_shift: dict[int, list[PaymentLine]] = defaultdict(list)
    for shift_id, line in counter:
        by_shift[shift_id].append(line)
    ledger_shifts = {s["shift_id"]: s for s in ledger.get("shifts", [])}
    held, dups = _ledger_numbers(ledger)
    # The ledger's numbers of this date: inside one of its shifts' ranges of the date.
    day_ranges = {sid: (s["first_receipt"], s["last_receipt"]) for sid, s in ledger_shifts.items()
                  if s.get("first_receipt") is not None}
    ledger_day: dict[int, int] = {}  # receipt number -> ledger shift id
    for sid, (lo, hi) in day_ranges.items():
        for n in range(lo, hi + 1):
            if n in held:
                ledger_day.setdefault(n, sid)
    counter_numbers = {line.receipt_number: (sid, line) for sid, line in counter}
    diffs: list[PaymentDiff] = []
    notes: list[str] = []
    for n, (sid, line) in sorted(counter_numbers.items()):
        if n not in ledger_day:
            queued = line.payment_uuid in pending_uuids
            diffs.append(PaymentDiff(DiffKind.MISSING, sid, n, counter_amount_fen=line.amount_fen,
                                     note="still in the outbox" if queued else "not in the outbox"))
    for n, sid in sorted(ledger_day.items()):
        if n not in counter_numbers:
            diffs.append(PaymentDiff(DiffKind.EXTRA, sid, n))
    for n in sorted(dups):
        if n in ledger_day:
            diffs.append(PaymentDiff(DiffKind.DUPLICATE, ledger_day[n], n))
    missing = {d.receipt_number for d in diffs if d.kind == DiffKind.MISSING}
    extra_shifts = {d.shift_id for d in diffs if d.kind in (DiffKind.EXTRA, DiffKind.DUPLICATE)}

    if ledger_lines is not None:
        theirs = {x["receipt_number"]: x for x in ledger_lines}
        for n, (sid, line) in sorted(counter_numbers.items()):
            x = theirs.get(n)
            if x is not None and (x["amount_fen"] != line.amount_fen
                                  or x.get("payment_uuid", line.payment_uuid) != line.payment_uuid
                                  or bool(x.get("voided")) != line.voided):
                diffs.append(PaymentDiff(DiffKind.DIFFERENT, sid, n, line.amount_fen,
                                         x["amount_fen"]))
    shifts: list[ShiftRecon] = []
    for sid in sorted(set(by_shift) | set(ledger_shifts)):
        mine = _counter_figures(by_shift.get(sid, []))
        theirs_s = ledger_shifts.get(sid)
        ledger_fig = _ledger_figures(theirs_s) if theirs_s else Figures()
        shifts.append(ShiftRecon(sid, mine, ledger_fig,
                                 None if theirs_s is None else theirs_s.get("matches_counter_report")))
        if ledger_lines is None and sid not in extra_shifts:
            expected = _counter_figures([p for p in by_shift.get(sid, [])
                                         if p.receipt_number not in missing])
            if expected != ledger_fig:
                delta = ledger_fig.amount_fen - expected.amount_fen
                diffs.append(PaymentDiff(
                    DiffKind.DIFFERENT, sid, None, expected.amount_fen, ledger_fig.amount_fen,
                    note=f"shift {sid}: same receipts, the ledger's sum differs by "
                         f"{format_fen(delta)} (void count {expected.void_count} vs "
                         f"{ledger_fig.void_count})"))
    if ledger_lines is None and any(d.kind == DiffKind.DIFFERENT for d in diffs):
        notes.append("The ledger's answer has no per-payment amounts: a difference is shown per shift.")
    r = ledger.get("receipts") or {}
    return Reconciliation(business_date=business_date, terminal_id=terminal_id,
                          shifts=tuple(shifts), diffs=tuple(diffs),
                          ledger_last_receipt=r.get("last"),
                          pending_in_outbox=sum(1 for _, p in counter
                                                if p.payment_uuid in pending_uuids),
                          notes=tuple(notes))


def reconcile(store: CashStore, ledger: LedgerReconciliation, *, terminal_id: str,
              business_date: date, user: User) -> Reconciliation:
    """Ask the ledger (network: never on the GUI thread) and compare with the local store."""
    require(user, Action.RECONCILE)
    with store.read() as tx:
        counter = tx.cash.payment_lines_on(terminal_id, business_date)
        pending = frozenset(i.item_key for i in tx.outbox.due_outbox(now=datetime.max, limit=100_000)
                            if i.kind == "payment")
    answer = ledger.reconciliation(business_date)
    lines = ledger.payments(business_date) if isinstance(ledger, LedgerPaymentList) else None
    return compare(business_date=business_date, terminal_id=terminal_id, counter=counter,
                   ledger=answer, ledger_lines=lines, pending_uuids=pending)
