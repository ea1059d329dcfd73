"""Users, roles, the permission matrix, PIN hashing (scrypt) and the lockout rule."""

from __future__ import annotations

import enum
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import AuthError, PermissionDenied

MAX_FAILED_PINS = 5
LOCKOUT = timedelta(minutes=15)
_PIN = re.compile(r"^[0-9]{4,8}$")  # ASCII digits only

# scrypt cost: n=2**14, r=8, p=1 needs 16 MiB; maxmem is set explicitly so OpenSSL's
# 32 MiB default never refuses it on some builds.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_SCRYPT_MAXMEM = 64 * 1024 * 1024


class Role(enum.StrEnum):
    CASHIER = "cashier"
    SUPERVISOR = "supervisor"
    TECHNICIAN = "technician"
    ADMIN = "admin"


class Action(enum.StrEnum):
    TAKE_PAYMENT = "take_payment"
    LOOKUP_CUSTOMER = "lookup_customer"
    UPDATE_CONTACT = "update_contact"
    OPEN_SHIFT = "open_shift"
    CLOSE_SHIFT = "close_shift"
    REPRINT_RECEIPT = "reprint_receipt"
    VOID_PAYMENT = "void_payment"
    WAIVE_LATE_FEE = "waive_late_fee"
    CASH_OUT = "cash_out"
    IMPORT_DATA = "import_data"
    CONFIGURE_DEVICES = "configure_devices"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    # Cash control (shifts): CASH_IN also starts a cash out, which a CASH_OUT holder approves.
    CASH_IN = "cash_in"
    COUNT_CASH = "count_cash"  # begin a close and enter the blind count
    X_REPORT = "x_report"
    Z_REPORT = "z_report"
    RECONCILE = "reconcile"
    # Dual control (services/approvals.py): what an approver must hold to approve these.
    REFUND_CREDIT = "refund_credit"
    OPEN_DRAWER_NO_SALE = "open_drawer_no_sale"
    REPRINT_BEYOND_LIMIT = "reprint_beyond_limit"
    CLOSE_WITH_QUEUED = "close_with_queued"
    EXCEED_OFFLINE_LIMIT = "exceed_offline_limit"
    # Correct a queued item the ledger refused for its content (e.g. a card reference) and
    # resend it under the same UUID: the money and the item stay, the correction is audited.
    CORRECT_SYNC_ITEM = "correct_sync_item"
    # Put a backup back although items queued for the ledger since it was taken would be lost.
    RESTORE_OVER_QUEUED = "restore_over_queued"
    # Collections (催费, #14): the supervisor's workspace (arrears, runs, notices, SMS, stop
    # supply, reconnections); a stop-supply request is approved by a second supervisor.
    WORK_COLLECTIONS = "work_collections"
    APPROVE_STOP_SUPPLY = "approve_stop_supply"


# Deny by default: an action a role is not listed for is refused.
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.CASHIER: frozenset(
        {Action.TAKE_PAYMENT, Action.LOOKUP_CUSTOMER, Action.UPDATE_CONTACT, Action.OPEN_SHIFT,
         Action.REPRINT_RECEIPT, Action.CASH_IN, Action.COUNT_CASH, Action.X_REPORT}
    ),
    Role.SUPERVISOR: frozenset(
        {Action.TAKE_PAYMENT, Action.LOOKUP_CUSTOMER, Action.UPDATE_CONTACT, Action.OPEN_SHIFT,
         Action.CLOSE_SHIFT, Action.REPRINT_RECEIPT, Action.VOID_PAYMENT, Action.WAIVE_LATE_FEE,
         Action.CASH_OUT, Action.IMPORT_DATA, Action.VIEW_AUDIT, Action.CASH_IN,
         Action.COUNT_CASH, Action.X_REPORT, Action.Z_REPORT, Action.RECONCILE}
        | {Action.REFUND_CREDIT, Action.OPEN_DRAWER_NO_SALE, Action.REPRINT_BEYOND_LIMIT,
           Action.CLOSE_WITH_QUEUED, Action.EXCEED_OFFLINE_LIMIT, Action.CORRECT_SYNC_ITEM,
           Action.RESTORE_OVER_QUEUED}
        | {Action.WORK_COLLECTIONS, Action.APPROVE_STOP_SUPPLY}
    ),
    Role.TECHNICIAN: frozenset({Action.LOOKUP_CUSTOMER, Action.CONFIGURE_DEVICES}),
    Role.ADMIN: frozenset(
        {Action.LOOKUP_CUSTOMER, Action.IMPORT_DATA, Action.CONFIGURE_DEVICES, Action.MANAGE_USERS,
         Action.VIEW_AUDIT}
    ),
}


def can(role: Role, action: Action) -> bool:
    return action in PERMISSIONS.get(role, frozenset())


@dataclass(frozen=True, slots=True)
class User:
    user_id: str
    name: str
    role: Role
    pin_hash: str
    failed_pins: int = 0
    locked_until: datetime | None = None
    active: bool = True


def require(user: User, action: Action) -> None:
    if not user.active:
        raise PermissionDenied(f"User {user.user_id} is disabled.", code="permission.disabled")
    if not can(user.role, action):
        raise PermissionDenied(
            f"{user.name} ({user.role.value}) may not {action.value.replace('_', ' ')}.",
            code="permission.denied",
            role=user.role.value,
            action=action.value,
        )


def validate_pin(pin: str) -> str:
    if not _PIN.match(pin or ""):
        raise AuthError("PIN must be 4 to 8 digits.", code="auth.pin_format")
    return pin


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """scrypt with a per-user salt; stored as 'scrypt$n$r$p$salthex$hashhex'."""
    validate_pin(pin)
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(
        pin.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, maxmem=_SCRYPT_MAXMEM, dklen=32
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """True when `pin` matches the stored hash; False for a wrong PIN or a damaged hash."""
    try:
        scheme, n, r, p, salt_hex, hash_hex = (stored or "").split("$")
        if scheme != "scrypt" or not 16 <= len(hash_hex) <= 128 or len(hash_hex) % 2:
            return False
        expected = bytes.fromhex(hash_hex)
        digest = hashlib.scrypt(
            (pin or "").encode(), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r), p=int(p),
            maxmem=_SCRYPT_MAXMEM, dklen=len(expected),
        )
    except (ValueError, TypeError, OverflowError, MemoryError):
        return False
    return hmac.compare_digest(digest, expected)


def is_locked(user: User, now: datetime) -> bool:
    return user.locked_until is not None and now < user.locked_until


def after_failed_pin(user: User, now: datetime) -> tuple[int, datetime | None]:
    """New (failed count, locked_until) after a wrong PIN: the fifth locks for 15 minutes."""
    failed = user.failed_pins + 1
    if failed >= MAX_FAILED_PINS:
        return 0, now + LOCKOUT
    return failed, user.locked_until
