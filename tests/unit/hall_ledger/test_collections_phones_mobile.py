"""Mobile numbers are checked with Google's libphonenumber (the `phonenumbers` package)."""

import pytest

from hall_ledger.services.phones import is_mobile


@pytest.mark.parametrize("phone", ["13812345678", "+86 138 1234 5678", "0086 13812345678",
                                   "19912345678", "16612345678", "138-1234-5678"])
def test_good_mobile_numbers(phone):
    assert is_mobile(phone)


@pytest.mark.parametrize(("phone", "why"), [
    ("057188880000", "a landline (Hangzhou)"),
    ("01088886666", "a landline (Beijing)"),
    ("1381234", "too short"),
    ("138123456789", "too long"),
    ("12012345678", "no mobile prefix 12x"),
    ("10012345678", "no mobile prefix 10x"),
    ("", "empty"),
    (None, "none"),
    ("abc", "not digits"),
    ("+1 650 253 0000", "not a mainland number"),
])
def test_not_mobile_numbers(phone, why):
    assert not is_mobile(phone), why
