"""Phone status rules (hall_domain/phones.py): the order of the rules and the 12-month edge."""

from datetime import date

import pytest

from hall_domain.phones import (
    PhoneStatus,
    add_months,
    needs_check,
    phone_status,
    reverify_due,
    status_as_of,
)


def status(phone="13812345678", *, valid=True, vacant=False, verified_on=date(2025, 3, 15),
           as_of=date(2026, 3, 14)):
    return phone_status(phone, valid=valid, vacant=vacant, verified_on=verified_on, as_of=as_of)


def test_verified_less_than_twelve_months_ago_is_ok():
    assert status() == PhoneStatus.OK


def test_twelve_months_to_the_day_is_unverified():
    assert status(as_of=date(2026, 3, 15)) == PhoneStatus.UNVERIFIED
    assert status(as_of=date(2026, 3, 14)) == PhoneStatus.OK


def test_never_verified_is_unverified():
    assert status(verified_on=None) == PhoneStatus.UNVERIFIED


@pytest.mark.parametrize(("verified", "due"), [
    (date(2024, 2, 29), date(2025, 2, 28)),  # leap day: the month's last day
    (date(2025, 1, 31), date(2026, 1, 31)),
    (date(2025, 12, 31), date(2026, 12, 31)),
    (date(2023, 2, 28), date(2024, 2, 28)),  # into a leap year: not the 29th
])
def test_due_again_twelve_calendar_months_later(verified, due):
    assert reverify_due(verified) == due
    assert status(verified_on=verified, as_of=due) == PhoneStatus.UNVERIFIED
    assert status(verified_on=verified, as_of=date.fromordinal(due.toordinal() - 1)) == (
        PhoneStatus.OK)


def test_add_months_crosses_years_both_ways():
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)


def test_rules_in_order_none_vacant_invalid():
    assert status(phone=None) == PhoneStatus.NONE
    assert status(phone="") == PhoneStatus.NONE
    assert status(vacant=True, valid=False) == PhoneStatus.VACANT  # the receipt's word first
    assert status(valid=False) == PhoneStatus.INVALID
    assert status(valid=False, verified_on=None) == PhoneStatus.INVALID


def test_the_counter_recomputes_age_but_keeps_flags():
    verified = date(2025, 6, 1)
    assert status_as_of("ok", verified, date(2026, 5, 31)) == PhoneStatus.OK
    assert status_as_of("ok", verified, date(2026, 6, 1)) == PhoneStatus.UNVERIFIED  # aged offline
    assert status_as_of("unverified", date(2026, 5, 1), date(2026, 6, 1)) == PhoneStatus.OK
    assert status_as_of("unverified", None, date(2026, 6, 1)) == PhoneStatus.UNVERIFIED
    assert status_as_of("vacant", verified, date(2025, 7, 1)) == PhoneStatus.VACANT
    assert status_as_of("invalid", None, date(2025, 7, 1)) == PhoneStatus.INVALID
    assert status_as_of(None, verified, date(2026, 7, 1)) is None  # never sent by the ledger
    assert status_as_of("bogus", verified, date(2026, 7, 1)) is None


def test_which_statuses_ask_the_cashier():
    assert [s for s in PhoneStatus if needs_check(s)] == [
        PhoneStatus.UNVERIFIED, PhoneStatus.VACANT, PhoneStatus.INVALID]
    assert not needs_check(None)
