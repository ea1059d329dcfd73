"""Phone hygiene rules shared by the ledger and the counter (pure: no I/O, no phone library).

A customer's mobile number keeps where it came from (its source), the day it was last
verified, and a status:

- ``none``: no number on file;
- ``vacant``: an SMS delivery receipt said the number is vacant (空号);
- ``invalid``: not a valid mainland mobile number (the ledger checks with `phonenumbers`;
  a landline or a number too short or with an unused prefix);
- ``unverified``: never verified, or last verified 12 months ago or more (the counter asks the
  cashier to check it with the customer);
- ``ok``: verified less than 12 months ago.

"12 months" is calendar months: verified on 2025-03-15, due again on 2026-03-15 (that very day
counts as unverified); verified on a 29 February, due on 28 February of the next year.
"""

from __future__ import annotations

import calendar
import enum
from datetime import date


class PhoneStatus(enum.StrEnum):
    OK = "ok"
    UNVERIFIED = "unverified"
    VACANT = "vacant"
    INVALID = "invalid"
    NONE = "none"


class PhoneSource(enum.StrEnum):
    """Where a number came from: a counter (the customer in front of the cashier), a customer
    import from the billing system, or a property company's list (物业)."""

    COUNTER = "counter"
    IMPORT = "import"
    PROPERTY = "property"


REVERIFY_MONTHS = 12
# A status that makes the counter ask the cashier to check the number with the customer.
NEEDS_CHECK = frozenset({PhoneStatus.UNVERIFIED, PhoneStatus.VACANT, PhoneStatus.INVALID})


def add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months, the day clamped to the month's end (Feb 29 + 12 → Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reverify_due(verified_on: date, months: int = REVERIFY_MONTHS) -> date:
    """The first day on which a number verified on `verified_on` counts as unverified."""
    return add_months(verified_on, months)


def phone_status(phone: str | None, *, valid: bool, vacant: bool, verified_on: date | None,
                 as_of: date, months: int = REVERIFY_MONTHS) -> PhoneStatus:
    """The status of a number as of a day (see the module text for the order of the rules)."""
    if not phone:
        return PhoneStatus.NONE
    if vacant:
        return PhoneStatus.VACANT
    if not valid:
        return PhoneStatus.INVALID
    if verified_on is None or as_of >= reverify_due(verified_on, months):
        return PhoneStatus.UNVERIFIED
    return PhoneStatus.OK


def status_as_of(ledger_status: str | None, verified_on: date | None, as_of: date,
                 months: int = REVERIFY_MONTHS) -> PhoneStatus | None:
    """The counter's view: the status the ledger last sent, with ok/unverified decided again by
    the counter's own date (a number ages while the counter works offline). None when the
    ledger never sent one (a customer imported at the counter itself)."""
    if not ledger_status:
        return None
    try:
        status = PhoneStatus(ledger_status)
    except ValueError:
        return None
    if status in (PhoneStatus.OK, PhoneStatus.UNVERIFIED):
        if verified_on is None or as_of >= reverify_due(verified_on, months):
            return PhoneStatus.UNVERIFIED
        return PhoneStatus.OK
    return status


def needs_check(status: PhoneStatus | str | None) -> bool:
    """Should the cashier be asked to verify the number with the customer?"""
    return status in NEEDS_CHECK
