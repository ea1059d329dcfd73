"""A payment as data: one UUID for life, its tenders, allocations and gapless receipt number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .allocation import Allocation
from .tenders import Tender


def format_receipt_no(terminal_id: str, number: int) -> str:
    """Printed form of a receipt number: terminal id and an 8-digit gapless counter."""
    return f"{terminal_id}-{number:08d}"


@dataclass(frozen=True, slots=True)
class Payment:
    payment_uuid: str
    terminal_id: str
    shift_id: int
    cashier_id: str
    account_no: str
    amount_fen: int
    taken_at: datetime
    business_date: date
    receipt_number: int
    tenders: tuple[Tender, ...]
    allocations: tuple[Allocation, ...]
    credit_fen: int  # new prepaid credit from this payment

    @property
    def receipt_no(self) -> str:
        return format_receipt_no(self.terminal_id, self.receipt_number)

    @property
    def change_fen(self) -> int:
        """Change handed back (rounded by the hall's rule, if any)."""
        return sum(t.change_fen for t in self.tenders)

    @property
    def change_rounding_fen(self) -> int:
        """Change due minus change handed back (> 0: the drawer kept it; < 0: it gave it)."""
        return sum(t.rounding_fen for t in self.tenders)
