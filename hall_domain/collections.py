"""Collections vocabulary shared by the ledger and the counter: a customer's dunning class."""

from __future__ import annotations

import enum

from .accounts import UserType


class CustomerClass(enum.StrEnum):
    """Which dunning procedure applies: 居民, 非居民, 重要用户 (important users such as
    hospitals and water works; stopping their supply also needs the regulator told)."""

    RESIDENTIAL = "residential"
    NON_RESIDENTIAL = "non_residential"
    IMPORTANT = "important"


def customer_class(user_type: str, stored: str | None) -> CustomerClass:
    """The stored class when one was set, else the one the late-fee user type implies."""
    if stored:
        return CustomerClass(stored)
    return CustomerClass.RESIDENTIAL if user_type == UserType.RESIDENTIAL else (
        CustomerClass.NON_RESIDENTIAL)
