"""A shift's totals as pure arithmetic: tenders, drawer movements, expected cash, over/short.

Expected cash = opening float + cash received − change given + cash in − cash out
− prepaid credit refunded (paid out in cash by this shift, services/voids.refund_credit).
Change given is change due after the hall's rounding, so the expected cash holds the sum of
the rounding differences (change_rounding_fen) and a perfect count balances to the fen.
A voided payment is counted apart and left out of every sum (its cash went back out).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from hall_domain.money import format_fen

from .errors import ShiftError
from .shifts import DENOMINATIONS_FEN, DenominationCount


class MovementKind(enum.StrEnum):
    CASH_IN = "in"  # 备用金补充: change added to the drawer
    CASH_OUT = "out"  # 中途解款: cash taken out (to the safe, the bank)


@dataclass(frozen=True, slots=True)
class PaymentLine:
    """One payment of the shift, as much as the totals and the reports need."""

    payment_uuid: str
    receipt_number: int
    receipt_no: str
    cashier_id: str
    account_no: str
    taken_at: datetime
    amount_fen: int
    cash_fen: int = 0  # the cash tender's amount (tendered − change due)
    cash_tendered_fen: int = 0
    change_fen: int = 0  # change handed back (after rounding)
    card_fen: int = 0
    voided: bool = False
    change_rounding_fen: int = 0  # change due − change handed back (> 0: kept in the drawer)
    customer_name: str = ""  # 户名, for lists a person picks from (the void list)


@dataclass(frozen=True, slots=True)
class CashMovement:
    movement_id: int
    shift_id: int
    kind: MovementKind
    amount_fen: int
    reason: str
    created_by: str
    created_at: datetime
    approved_by: str | None = None

    @property
    def signed_fen(self) -> int:
        return self.amount_fen if self.kind == MovementKind.CASH_IN else -self.amount_fen


@dataclass(frozen=True, slots=True)
class RefundLine:
    """Prepaid credit paid back in cash during the shift (its own receipt number)."""

    refund_uuid: str
    receipt_number: int
    receipt_no: str
    account_no: str
    amount_fen: int
    refunded_at: datetime


@dataclass(frozen=True, slots=True)
class TenderTotal:
    count: int = 0
    amount_fen: int = 0


@dataclass(frozen=True, slots=True)
class ShiftTotals:
    opening_float_fen: int
    payment_count: int
    payment_total_fen: int
    cash: TenderTotal
    card: TenderTotal
    cash_tendered_fen: int
    change_fen: int
    cash_in_fen: int
    cash_out_fen: int
    void_count: int
    void_total_fen: int
    first_receipt_number: int | None
    last_receipt_number: int | None
    refund_count: int = 0
    refund_fen: int = 0  # cash paid out for prepaid-credit refunds
    change_rounding_fen: int = 0  # sum of change rounding (> 0: the drawer holds more)

    @property
    def expected_cash_fen(self) -> int:
        return (self.opening_float_fen + self.cash_tendered_fen - self.change_fen
                + self.cash_in_fen - self.cash_out_fen - self.refund_fen)

    @property
    def by_tender(self) -> dict[str, TenderTotal]:
        return {"cash": self.cash, "card": self.card}


def shift_totals(
    *, opening_float_fen: int, payments: Iterable[PaymentLine], movements: Iterable[CashMovement],
    refunds: Iterable[RefundLine] = (),
) -> ShiftTotals:
    """Sum one shift; every figure is int fen."""
    count = total = cash_n = cash = card_n = card = tendered = change = voids = void_fen = 0
    rounding = 0
    first = last = None
    for p in payments:
        if (p.cash_tendered_fen
                and p.cash_fen + p.change_rounding_fen != p.cash_tendered_fen - p.change_fen):
            raise ShiftError(f"Payment {p.receipt_no}: cash tendered minus change is not the "
                             "cash amount.", code="shift.bad_payment")
        first = p.receipt_number if first is None else min(first, p.receipt_number)
        last = p.receipt_number if last is None else max(last, p.receipt_number)
        if p.voided:
            voids += 1
            void_fen += p.amount_fen
            continue
        count += 1
        total += p.amount_fen
        if p.cash_fen:
            cash_n += 1
            cash += p.cash_fen
            tendered += p.cash_tendered_fen or p.cash_fen
            change += p.change_fen
            rounding += p.change_rounding_fen
        if p.card_fen:
            card_n += 1
            card += p.card_fen
    cash_in = cash_out = 0
    for m in movements:
        if m.amount_fen <= 0:
            raise ShiftError("A drawer movement must be more than zero.", code="shift.movement")
        if m.kind == MovementKind.CASH_IN:
            cash_in += m.amount_fen
        else:
            cash_out += m.amount_fen
    refund_n = refund_fen = 0
    for r in refunds:
        if r.amount_fen <= 0:
            raise ShiftError("A refund must be more than zero.", code="shift.refund")
        refund_n += 1
        refund_fen += r.amount_fen
    return ShiftTotals(
        opening_float_fen=opening_float_fen, payment_count=count, payment_total_fen=total,
        cash=TenderTotal(cash_n, cash), card=TenderTotal(card_n, card), cash_tendered_fen=tendered,
        change_fen=change, cash_in_fen=cash_in, cash_out_fen=cash_out, void_count=voids,
        void_total_fen=void_fen, first_receipt_number=first, last_receipt_number=last,
        refund_count=refund_n, refund_fen=refund_fen, change_rounding_fen=rounding,
    )


@dataclass(frozen=True, slots=True)
class TenderBalance:
    """Expected against counted for one tender; over_short > 0 is over (长款), < 0 short (短款)."""

    tender: str
    expected_fen: int
    counted_fen: int

    @property
    def over_short_fen(self) -> int:
        return self.counted_fen - self.expected_fen


@dataclass(frozen=True, slots=True)
class CloseFigures:
    counted: DenominationCount
    cash: TenderBalance
    card: TenderBalance

    @property
    def over_short_fen(self) -> int:
        return self.cash.over_short_fen + self.card.over_short_fen

    @property
    def balanced(self) -> bool:
        return self.cash.over_short_fen == 0 and self.card.over_short_fen == 0


def close_figures(
    totals: ShiftTotals, *, counted: DenominationCount, bank_settlement_fen: int
) -> CloseFigures:
    """Cash counted in the drawer against expected; the bank terminal's settlement against card."""
    if type(bank_settlement_fen) is not int or bank_settlement_fen < 0:
        raise ShiftError("The bank terminal's settlement total must be whole fen ≥ 0.",
                         code="shift.settlement")
    return CloseFigures(
        counted=counted,
        cash=TenderBalance("cash", totals.expected_cash_fen, counted.total_fen),
        card=TenderBalance("card", totals.card.amount_fen, bank_settlement_fen),
    )


def deposit_breakdown(counted: DenominationCount, *, keep_float_fen: int = 0) -> DenominationCount:
    """Notes and coins to bank (解款), keeping about `keep_float_fen` back, small change first."""
    if keep_float_fen < 0:
        raise ShiftError("The float to keep must be ≥ 0.", code="shift.keep_float")
    keep: dict[int, int] = {}
    left = keep_float_fen
    for denom in reversed(DENOMINATIONS_FEN):  # keep coins and small notes for change
        n = min(counted.counts.get(denom, 0), left // denom)
        if n:
            keep[denom] = n
            left -= n * denom
    return DenominationCount({d: counted.counts.get(d, 0) - keep.get(d, 0)
                              for d in DENOMINATIONS_FEN if counted.counts.get(d, 0) - keep.get(d, 0)})


def over_short_text(fen: int) -> str:
    if fen > 0:
        return f"长款 {format_fen(fen)}"
    if fen < 0:
        return f"短款 {format_fen(-fen)}"
    return "平 ¥0.00"
