"""security: scrypt PIN hashes, the five-wrong-PINs lockout, and the deny-by-default permission matrix."""

from __future__ import annotations

from datetime import datetime, timedelta
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hall_domain import security
from hall_domain.errors import AuthError, PermissionDenied
from hall_domain.security import (
    LOCKOUT,
    MAX_FAILED_PINS,
    PERMISSIONS,
    Action,
    Role,
    User,
    after_failed_pin,
    can,
    hash_pin,
    is_locked,
    require,
    validate_pin,
    verify_pin,
)

FAST = settings(max_examples=100, deadline=None)
SALT = bytes(range(16))
NOW = datetime(2026, 4, 4, 9, 0, 0)


@pytest.fixture(scope="module")
def stored_1234() -> str:
    return hash_pin("1234", salt=SALT)  # one real scrypt hash (~0.1 s), shared by the tests


def user(role: Role = Role.CASHIER, **kw) -> User:
    return User(user_id="u1", name="赵六", role=role, pin_hash="-", **kw)


# --- PIN hashing ----------------------------------------------------------------------------


def test_hash_format_and_determinism_with_a_fixed_salt(stored_1234: str) -> None:
    scheme, n, r, p, salt_hex, hash_hex = stored_1234.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert salt_hex == SALT.hex()
    assert len(hash_hex) == 64
    assert "1234" not in hash_hex
    assert hash_pin("1234", salt=SALT) == stored_1234


def test_verify_pin(stored_1234: str) -> None:
    assert verify_pin("1234", stored_1234) is True
    assert verify_pin("1235", stored_1234) is False
    assert verify_pin("", stored_1234) is False
    assert verify_pin(None, stored_1234) is False  # type: ignore[arg-type]


def test_random_salt_per_hash() -> None:
    a, b = hash_pin("246810"), hash_pin("246810")
    assert a != b
    assert verify_pin("246810", a) and verify_pin("246810", b)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain1234",
        "bcrypt$16384$8$1$00$00",
        "scrypt$16384$8$1$00",
        "scrypt$x$8$1$00112233$" + "00" * 32,
        "scrypt$16384$8$1$zz$" + "00" * 32,
        "scrypt$16384$8$1$00112233$zz",
        "scrypt$16384$8$1$00112233$",  # an empty hash must never match
        "scrypt$1000$8$1$00112233$" + "00" * 32,  # n not a power of two
        "scrypt$1099511627776$8$1$00112233$" + "00" * 32,  # absurd cost
    ],
)
def test_verify_pin_with_a_damaged_hash_is_false_not_a_crash(stored: str) -> None:
    assert verify_pin("1234", stored) is False


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "１２３４", " 1234", None])
def test_bad_pin_format(pin: str | None) -> None:
    with pytest.raises(AuthError) as e:
        validate_pin(pin)  # type: ignore[arg-type]
    assert e.value.code == "auth.pin_format"
    assert "4 to 8 digits" in e.value.message
    with pytest.raises(AuthError):
        hash_pin(pin, salt=SALT)  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None)
@given(
    st.text(alphabet="0123456789", min_size=4, max_size=8),
    st.text(alphabet="0123456789", min_size=4, max_size=8),
    st.binary(min_size=8, max_size=16),
)
def test_pin_hash_property(pin: str, other: str, salt: bytes) -> None:
    # a cheap scrypt cost keeps this fast; the stored cost is what verify_pin uses
    with mock.patch.object(security, "_SCRYPT_N", 16):
        stored = hash_pin(pin, salt=salt)
    assert stored.split("$")[1] == "16"
    assert verify_pin(pin, stored)
    assert verify_pin(other, stored) == (other == pin)


# --- lockout --------------------------------------------------------------------------------


def fail(u: User, times: int, at: datetime = NOW) -> User:
    for _ in range(times):
        failed, locked_until = after_failed_pin(u, at)
        u = User(u.user_id, u.name, u.role, u.pin_hash, failed, locked_until, u.active)
    return u


def test_four_wrong_pins_do_not_lock() -> None:
    u = fail(user(), 4)
    assert MAX_FAILED_PINS == 5
    assert u.failed_pins == 4
    assert not is_locked(u, NOW)


def test_fifth_wrong_pin_locks_for_fifteen_minutes() -> None:
    u = fail(user(), 5)
    assert timedelta(minutes=15) == LOCKOUT
    assert u.locked_until == NOW + timedelta(minutes=15)
    assert u.failed_pins == 0
    assert is_locked(u, NOW)
    assert is_locked(u, NOW + timedelta(minutes=14, seconds=59))
    assert not is_locked(u, NOW + timedelta(minutes=15))


def test_never_failed_is_not_locked() -> None:
    assert not is_locked(user(), NOW)


@FAST
@given(st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=3600))
def test_lockout_property(wrong: int, later_s: int) -> None:
    u = fail(user(), wrong)
    later = NOW + timedelta(seconds=later_s)
    assert u.failed_pins == wrong % MAX_FAILED_PINS
    if wrong >= MAX_FAILED_PINS:
        assert is_locked(u, later) == (later_s < 15 * 60)
    else:
        assert not is_locked(u, later)


# --- permissions ----------------------------------------------------------------------------


def test_cashier() -> None:
    assert can(Role.CASHIER, Action.TAKE_PAYMENT)
    assert can(Role.CASHIER, Action.LOOKUP_CUSTOMER)
    assert not can(Role.CASHIER, Action.CLOSE_SHIFT)
    assert not can(Role.CASHIER, Action.MANAGE_USERS)
    assert not can(Role.CASHIER, Action.VOID_PAYMENT)
    assert not can(Role.CASHIER, Action.WAIVE_LATE_FEE)


def test_technician_cannot_take_payments() -> None:
    assert not can(Role.TECHNICIAN, Action.TAKE_PAYMENT)
    assert can(Role.TECHNICIAN, Action.CONFIGURE_DEVICES)


def test_supervisor() -> None:
    for action in (
        Action.CLOSE_SHIFT,
        Action.VOID_PAYMENT,
        Action.WAIVE_LATE_FEE,
        Action.TAKE_PAYMENT,
    ):
        assert can(Role.SUPERVISOR, action)
    assert not can(Role.SUPERVISOR, Action.MANAGE_USERS)


def test_only_admin_manages_users() -> None:
    assert [r for r in Role if can(r, Action.MANAGE_USERS)] == [Role.ADMIN]


def test_unknown_role_or_action_is_denied() -> None:
    assert not can("auditor", Action.LOOKUP_CUSTOMER)  # type: ignore[arg-type]
    assert not can(Role.SUPERVISOR, "delete_everything")  # type: ignore[arg-type]
    with mock.patch.dict(PERMISSIONS, clear=False):
        del PERMISSIONS[Role.TECHNICIAN]
        assert not any(can(Role.TECHNICIAN, a) for a in Action)


@FAST
@given(st.sampled_from(list(Role)), st.sampled_from(list(Action)))
def test_can_is_exactly_the_matrix(role: Role, action: Action) -> None:
    assert can(role, action) == (action in PERMISSIONS.get(role, frozenset()))


def test_require_allows() -> None:
    assert require(user(Role.CASHIER), Action.TAKE_PAYMENT) is None


def test_require_denies_with_a_clear_message() -> None:
    with pytest.raises(PermissionDenied) as e:
        require(user(Role.TECHNICIAN), Action.TAKE_PAYMENT)
    assert e.value.code == "permission.denied"
    assert e.value.message == "赵六 (technician) may not take payment."
    assert e.value.params == {"role": "technician", "action": "take_payment"}


def test_require_refuses_a_disabled_user_even_for_allowed_actions() -> None:
    with pytest.raises(PermissionDenied) as e:
        require(user(Role.SUPERVISOR, active=False), Action.LOOKUP_CUSTOMER)
    assert e.value.code == "permission.disabled"


@FAST
@given(st.sampled_from(list(Role)), st.sampled_from(list(Action)), st.booleans())
def test_require_agrees_with_can(role: Role, action: Action, active: bool) -> None:
    u = user(role, active=active)
    if active and can(role, action):
        require(u, action)
    else:
        with pytest.raises(PermissionDenied):
            require(u, action)
