"""Quoting what a customer owes on a date, and allocating a payment across open bills."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .accounts import Bill, Customer
from .errors import PaymentError
from .late_fees import LateFeeRuleSet, apply_minimum, bill_fee_parts, days_overdue


@dataclass(frozen=True, slots=True)
class BillLine:
    """One open bill as the cashier sees it on a date."""

    bill: Bill
    days_overdue: int
    late_fee_fen: int  # after the minimum rule
    principal_fen: int  # outstanding

    @property
    def total_fen(self) -> int:
        return self.late_fee_fen + self.principal_fen


@dataclass(frozen=True, slots=True)
class Quote:
    customer: Customer
    on: date
    lines: tuple[BillLine, ...]

    @property
    def late_fee_total_fen(self) -> int:
        return sum(line.late_fee_fen for line in self.lines)

    @property
    def principal_total_fen(self) -> int:
        return sum(line.principal_fen for line in self.lines)

    @property
    def total_due_fen(self) -> int:
        return self.late_fee_total_fen + self.principal_total_fen


@dataclass(frozen=True, slots=True)
class Allocation:
    """What part of a payment went to one bill: late fee first, then principal."""

    bill_id: int
    period: str
    late_fee_fen: int
    principal_fen: int
    # The full fee assessed on this bill at payment time (may exceed what was paid of it).
    late_fee_assessed_fen: int
    settles_bill: bool

    @property
    def total_fen(self) -> int:
        return self.late_fee_fen + self.principal_fen


@dataclass(frozen=True, slots=True)
class AllocationResult:
    amount_fen: int
    allocations: tuple[Allocation, ...]
    credit_fen: int  # left over after all open bills: prepaid credit (预存)

    @property
    def allocated_fen(self) -> int:
        return sum(a.total_fen for a in self.allocations)


def quote(customer: Customer, bills: list[Bill], on: date, rules: LateFeeRuleSet) -> Quote:
    """Open bills oldest first, each with days overdue and late fee if paid on `on`.

    The minimum rule applies to the fees newly accrued up to `on`. Fee already assessed by an
    earlier payment (and still unpaid) is owed as it stands: it is never topped up again.
    """
    rule = rules.rule_for(on)
    open_bills = sorted((b for b in bills if b.is_open), key=Bill.sort_key)
    seen: set[int] = set()
    for b in open_bills:
        if b.bill_id in seen:
            raise PaymentError(f"Bill {b.bill_id} listed twice.", code="payment.duplicate_bill")
        seen.add(b.bill_id)
    parts = [bill_fee_parts(b, customer.user_type, on, rule) for b in open_bills]
    new_fees = apply_minimum([new for _, new in parts], rule)
    fees = [assessed + new for (assessed, _), new in zip(parts, new_fees, strict=True)]
    lines = tuple(
        BillLine(
            bill=b,
            days_overdue=days_overdue(b.due_date, on),
            late_fee_fen=fee,
            principal_fen=b.principal_outstanding_fen,
        )
        for b, fee in zip(open_bills, fees, strict=True)
    )
    return Quote(customer=customer, on=on, lines=lines)


def allocate(q: Quote, amount_fen: int) -> AllocationResult:
    """Spread `amount_fen` over the quoted bills oldest first; the rest becomes credit."""
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool):
        raise TypeError("amount must be int fen")
    if amount_fen <= 0:
        raise PaymentError("Payment amount must be more than zero.", code="payment.not_positive")
    left = amount_fen
    out: list[Allocation] = []
    for line in q.lines:
        if left == 0:
            break
        fee = min(left, line.late_fee_fen)
        left -= fee
        principal = min(left, line.principal_fen)
        left -= principal
        if fee or principal:
            out.append(
                Allocation(
                    bill_id=line.bill.bill_id,
                    period=line.bill.period,
                    late_fee_fen=fee,
                    principal_fen=principal,
                    late_fee_assessed_fen=line.late_fee_fen,
                    settles_bill=(fee == line.late_fee_fen and principal == line.principal_fen),
                )
            )
    return AllocationResult(amount_fen=amount_fen, allocations=tuple(out), credit_fen=left)


def apply_allocation(bill: Bill, alloc: Allocation, on: date) -> Bill:
    """The bill after `alloc` was paid on `on`: the fee up to `on` is assessed on it."""
    from dataclasses import replace

    from .accounts import BillStatus

    if alloc.bill_id != bill.bill_id:
        raise PaymentError("Allocation is for another bill.", code="payment.wrong_bill")
    if alloc.principal_fen < 0 or alloc.late_fee_fen < 0 or alloc.late_fee_assessed_fen < 0:
        raise PaymentError(
            f"Allocation to bill {bill.bill_id} has a negative part.", code="payment.negative_allocation"
        )
    principal_paid = bill.principal_paid_fen + alloc.principal_fen
    fee_paid = bill.late_fee_paid_fen + alloc.late_fee_fen
    assessed = bill.late_fee_paid_fen + alloc.late_fee_assessed_fen
    if principal_paid > bill.amount_fen or fee_paid > assessed:
        raise PaymentError("Allocation pays more than the bill owes.", code="payment.overpaid_bill")
    settled = principal_paid == bill.amount_fen and fee_paid == assessed
    return replace(
        bill,
        principal_paid_fen=principal_paid,
        late_fee_paid_fen=fee_paid,
        late_fee_assessed_fen=assessed,
        fee_accrued_through=on,
        status=BillStatus.PAID if settled else BillStatus.PARTIAL,
    )
