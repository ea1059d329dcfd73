"""Customers (户) and their bills (电费账单), as plain data with their validation rules."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date

from .errors import AccountError
from .money import to_halfwidth

DEFAULT_ACCOUNT_LENGTH = 10
# ASCII digits only (`\d` would take any Unicode digit); full-width ones are folded first.
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_PERIOD = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")


class UserType(enum.StrEnum):
    """Late fees differ for residential users (居民) and all others (非居民)."""

    RESIDENTIAL = "residential"
    OTHER = "other"


class BillStatus(enum.StrEnum):
    OPEN = "open"
    PARTIAL = "partial"
    PAID = "paid"


def validate_account_no(text: str, *, length: int = DEFAULT_ACCOUNT_LENGTH) -> str:
    """Return the account number (户号) stripped, or raise AccountError naming the problem.

    Full-width digits from a Chinese input method are accepted and returned as ASCII.
    """
    s = to_halfwidth(text or "").strip()
    if not s:
        raise AccountError("Account number is empty.", code="account.empty")
    if not s.isascii() or not s.isdigit():
        raise AccountError(
            f"Account number must be digits only: {text!r}.", code="account.not_digits", text=text
        )
    if len(s) != length:
        raise AccountError(
            f"Account number must have {length} digits, not {len(s)}: {text!r}.",
            code="account.length",
            text=text,
            length=length,
        )
    return s


def is_valid_mobile(phone: str | None) -> bool:
    """True for a mainland China mobile number (11 digits starting 13–19)."""
    return bool(phone) and bool(_MOBILE.match(normalize_phone(phone)))


def normalize_phone(phone: str) -> str:
    """Drop spaces, dashes and a +86/0086/86 prefix so equal numbers compare equal."""
    s = re.sub(r"[\s\-()]", "", to_halfwidth(phone or ""))
    if s.startswith("+86"):
        s = s[3:]
    elif s.startswith("0086") and len(s) == 15:
        s = s[4:]
    elif s.startswith("86") and len(s) == 13:
        s = s[2:]
    return s


def parse_period(text: str) -> tuple[int, int]:
    """Parse a billing period 'YYYY-MM' into (year, month)."""
    m = _PERIOD.match(to_halfwidth(text or "").strip())
    if not m:
        raise AccountError(f"Billing period must be YYYY-MM: {text!r}.", code="bill.period", text=text)
    return int(m.group(1)), int(m.group(2))


@dataclass(frozen=True, slots=True)
class Customer:
    account_no: str
    name: str
    address: str
    phone: str | None
    user_type: UserType
    area: str  # 台区 (transformer area)
    credit_fen: int = 0  # prepaid credit (预存)
    # phone hygiene (#14), as the ledger last sent them (hall_domain/phones.py); None: unknown
    phone_verified_on: date | None = None
    phone_status: str | None = None

    @property
    def phone_valid(self) -> bool:
        return is_valid_mobile(self.phone)


@dataclass(frozen=True, slots=True)
class Bill:
    """One monthly bill. Principal and late fee are tracked apart: fee is paid first."""

    bill_id: int
    account_no: str
    period: str  # YYYY-MM
    kwh: int
    amount_fen: int
    due_date: date
    principal_paid_fen: int = 0
    # Late fee already assessed (crystallised) by an earlier partial payment, and what of it is paid.
    late_fee_assessed_fen: int = 0
    late_fee_paid_fen: int = 0
    # Late fee has been accrued up to this date (None: from the due date).
    fee_accrued_through: date | None = None
    late_fee_waived: bool = False
    status: BillStatus = BillStatus.OPEN
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def principal_outstanding_fen(self) -> int:
        return self.amount_fen - self.principal_paid_fen

    @property
    def assessed_fee_outstanding_fen(self) -> int:
        return self.late_fee_assessed_fen - self.late_fee_paid_fen

    @property
    def is_open(self) -> bool:
        return self.status != BillStatus.PAID and (
            self.principal_outstanding_fen > 0 or self.assessed_fee_outstanding_fen > 0
        )

    def sort_key(self) -> tuple:
        """Oldest first: billing period, then due date, then id for a stable order."""
        return (self.period, self.due_date, self.bill_id)
