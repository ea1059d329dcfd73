"""How the ledger books a payment against its own bills (pure: no database, no I/O).

The counter allocated the payment on its copy of the bills; the ledger is the authority.
Each line is applied to the ledger's bill of the same account and period as far as that
bill is still open; whatever cannot be applied (the bill was settled elsewhere, or is
unknown here) becomes prepaid credit and the payment is flagged for a supervisor's review.
Money received is never refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from hall_domain.accounts import Bill, BillStatus, Customer, UserType
from hall_domain.allocation import Allocation, allocate, apply_allocation, quote
from hall_domain.late_fees import LateFeeRuleSet

from ..wire import PaymentIn

UNKNOWN_ACCOUNT = "unknown_account"
UNKNOWN_BILL = "unknown_bill"
SETTLED_ELSEWHERE = "bill_settled_elsewhere"
PARTLY_SETTLED_ELSEWHERE = "bill_partly_settled_elsewhere"


@dataclass
class Posting:
    """The ledger's booking of one payment."""

    allocations: list[Allocation] = field(default_factory=list)
    credit_fen: int = 0
    review_reasons: list[str] = field(default_factory=list)
    reallocated: bool = False

    def flag(self, reason: str) -> None:
        if reason not in self.review_reasons:
            self.review_reasons.append(reason)


def post_counter_payment(
    payment: PaymentIn, bills: dict[str, Bill] | None, *, channel: str = "counter"
) -> tuple[Posting, list[Bill]]:
    """Book `payment` on `bills` (by period; None: the account is unknown here).

    Returns the posting and the bills it changed; `bills` is updated in place so the next
    payment of the same batch sees their new state.
    """
    posting = Posting(credit_fen=payment.credit_fen)
    changed: list[Bill] = []
    if bills is None:
        posting.credit_fen = payment.amount_fen
        posting.flag(UNKNOWN_ACCOUNT)
        posting.reallocated = bool(payment.allocations)
        return posting, changed
    for line in payment.allocations:
        total = line.late_fee_fen + line.principal_fen
        bill = bills.get(line.period)
        if bill is None:
            posting.credit_fen += total
            posting.flag(UNKNOWN_BILL)
            continue
        if not bill.is_open:
            posting.credit_fen += total
            posting.flag(SETTLED_ELSEWHERE)
            continue
        principal = min(line.principal_fen, bill.principal_outstanding_fen)
        if principal < line.principal_fen:
            posting.credit_fen += line.principal_fen - principal
            posting.flag(PARTLY_SETTLED_ELSEWHERE)
        # A fee assessed here by an earlier partial payment is never lost to a stale quote.
        assessed = max(line.late_fee_assessed_fen, bill.assessed_fee_outstanding_fen)
        fee = line.late_fee_fen
        if fee == 0 and principal == 0:
            continue
        alloc = Allocation(
            bill_id=bill.bill_id,
            period=bill.period,
            late_fee_fen=fee,
            principal_fen=principal,
            late_fee_assessed_fen=assessed,
            settles_bill=(fee == assessed and principal == bill.principal_outstanding_fen),
        )
        updated = _closed(apply_allocation(bill, alloc, payment.business_date), channel)
        bills[line.period] = updated
        changed.append(updated)
        posting.allocations.append(alloc)
    posting.reallocated = _differs(payment, posting)
    return posting, changed


def _differs(payment: PaymentIn, posting: Posting) -> bool:
    theirs = [(a.period, a.late_fee_fen, a.principal_fen) for a in payment.allocations]
    ours = [(a.period, a.late_fee_fen, a.principal_fen) for a in posting.allocations]
    return theirs != ours or posting.credit_fen != payment.credit_fen


def post_channel_payment(
    customer: Customer, bills: dict[str, Bill], amount_fen: int, on: date, rules: LateFeeRuleSet,
    *, channel: str,
) -> tuple[Posting, list[Bill]]:
    """Book a payment from another channel: the ledger quotes and allocates it itself."""
    result = allocate(quote(customer, list(bills.values()), on, rules), amount_fen)
    by_id = {b.bill_id: b for b in bills.values()}
    changed = []
    for alloc in result.allocations:
        updated = _closed(apply_allocation(by_id[alloc.bill_id], alloc, on), channel)
        bills[updated.period] = updated
        changed.append(updated)
    return Posting(allocations=list(result.allocations), credit_fen=result.credit_fen), changed


def bill_from_row(row) -> Bill:
    """A domain Bill from a `bills` row (mapping or Row)."""
    return Bill(
        bill_id=row.bill_id,
        account_no=row.account_no,
        period=row.period,
        kwh=row.kwh,
        amount_fen=row.amount_fen,
        due_date=row.due_date,
        principal_paid_fen=row.principal_paid_fen,
        late_fee_assessed_fen=row.late_fee_assessed_fen,
        late_fee_paid_fen=row.late_fee_paid_fen,
        fee_accrued_through=row.fee_accrued_through,
        late_fee_waived=row.late_fee_waived,
        status=BillStatus(row.status),
        extra={"closed_by": row.closed_by},
    )


def customer_from_row(row) -> Customer:
    return Customer(
        account_no=row.account_no,
        name=row.name,
        address=row.address,
        phone=row.phone,
        user_type=UserType(row.user_type),
        area=row.area,
        credit_fen=row.credit_fen,
    )


def bill_values(bill: Bill) -> dict:
    """Column values of a changed bill for the UPDATE."""
    # Bind names differ from column names: SQLAlchemy reserves those for its own use.
    return {
        "b_id": bill.bill_id,
        "v_principal_paid": bill.principal_paid_fen,
        "v_fee_assessed": bill.late_fee_assessed_fen,
        "v_fee_paid": bill.late_fee_paid_fen,
        "v_accrued_through": bill.fee_accrued_through,
        "v_status": bill.status.value,
        "v_closed_by": bill.extra.get("closed_by"),
    }


def _closed(bill: Bill, channel: str) -> Bill:
    """Note which channel settled the bill (a fresh dict: `replace` shares the old one)."""
    closed_by = channel if bill.status == BillStatus.PAID else bill.extra.get("closed_by")
    return replace(bill, extra={**bill.extra, "closed_by": closed_by})
