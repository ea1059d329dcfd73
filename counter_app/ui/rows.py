"""Plain rows the table models show, built from domain objects (no Qt here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hall_domain.accounts import BillStatus, Customer, UserType
from hall_domain.allocation import AllocationResult, Quote


@dataclass(frozen=True, slots=True)
class BillRow:
    bill_id: int
    period: str
    kwh: int
    amount_fen: int  # the bill as issued
    principal_fen: int  # still owed of it
    late_fee_fen: int  # due if paid today (after the minimum rule)
    due_date: date
    days_overdue: int
    status: BillStatus

    @property
    def total_fen(self) -> int:
        return self.principal_fen + self.late_fee_fen


@dataclass(frozen=True, slots=True)
class CustomerRow:
    account_no: str
    name: str
    address: str
    phone: str
    user_type: UserType
    credit_fen: int
    owed_fen: int | None = None  # bills and late fees due today; None: not worked out


@dataclass(frozen=True, slots=True)
class AllocationRow:
    period: str  # empty for the prepaid-credit row
    late_fee_fen: int
    principal_fen: int
    settles_bill: bool
    is_credit: bool = False

    @property
    def total_fen(self) -> int:
        return self.late_fee_fen + self.principal_fen


def bill_rows(quote: Quote) -> list[BillRow]:
    return [
        BillRow(
            bill_id=line.bill.bill_id,
            period=line.bill.period,
            kwh=line.bill.kwh,
            amount_fen=line.bill.amount_fen,
            principal_fen=line.principal_fen,
            late_fee_fen=line.late_fee_fen,
            due_date=line.bill.due_date,
            days_overdue=line.days_overdue,
            status=line.bill.status,
        )
        for line in quote.lines
    ]


def customer_rows(customers: list[Customer],
                  owed: dict[str, int] | None = None) -> list[CustomerRow]:
    owed = owed or {}
    return [
        CustomerRow(
            account_no=c.account_no, name=c.name, address=c.address, phone=c.phone or "",
            user_type=c.user_type, credit_fen=c.credit_fen, owed_fen=owed.get(c.account_no),
        )
        for c in customers
    ]


def allocation_rows(result: AllocationResult) -> list[AllocationRow]:
    rows = [
        AllocationRow(
            period=a.period, late_fee_fen=a.late_fee_fen, principal_fen=a.principal_fen,
            settles_bill=a.settles_bill,
        )
        for a in result.allocations
    ]
    if result.credit_fen:
        rows.append(AllocationRow(period="", late_fee_fen=0, principal_fen=result.credit_fen,
                                  settles_bill=False, is_credit=True))
    return rows


@dataclass(frozen=True, slots=True)
class UserRow:
    user_id: str
    name: str
    role: str  # Role value
    demo_pin: str = ""  # shown only in demo mode
