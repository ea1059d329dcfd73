"""Log-in with PIN and lockout, and user administration (create, list, enable/disable)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from hall_domain.errors import AuthError, PermissionDenied
from hall_domain.inputs import check_free_text
from hall_domain.security import (
    MAX_FAILED_PINS,
    Action,
    Role,
    User,
    after_failed_pin,
    hash_pin,
    is_locked,
    require,
    verify_pin,
)

from .audit_service import append_audit
from .ports import CounterStore

_USER_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,32}$")
_MAX_PIN_INPUT = 64  # longer input is wrong without spending scrypt on it


def _audit_login(store: CounterStore, *, now, terminal_id, user_id, known, outcome, detail=None):
    with store.write() as tx:
        append_audit(
            tx,
            at=now,
            terminal_id=terminal_id,
            user_id=user_id if known else None,
            action="auth.login",
            target=f"user:{user_id[:64]}",
            outcome=outcome,
            detail=detail,
        )


def login(store: CounterStore, *, user_id: str, pin: str, now: datetime, terminal_id: str) -> User:
    """The user, when the PIN is right; AuthError otherwise. Every attempt is audited (never the PIN)."""
    user_id = (user_id or "").strip()
    with store.read() as tx:
        user = tx.users.get_user(user_id)
    if user is None:
        _audit_login(store, now=now, terminal_id=terminal_id, user_id=user_id, known=False,
                     outcome="unknown_user")
        raise AuthError(f"There is no user {user_id!r}.", code="auth.unknown_user", user_id=user_id)
    if not user.active:
        _audit_login(store, now=now, terminal_id=terminal_id, user_id=user_id, known=True,
                     outcome="disabled")
        raise AuthError(f"User {user_id} is disabled.", code="auth.disabled", user_id=user_id)
    if is_locked(user, now):
        _audit_login(store, now=now, terminal_id=terminal_id, user_id=user_id, known=True,
                     outcome="locked", detail={"until": user.locked_until})
        raise _locked(user_id, user.locked_until)

    # scrypt takes tens of milliseconds: never while holding the write lock.
    pin_ok = len(pin or "") <= _MAX_PIN_INPUT and verify_pin(pin or "", user.pin_hash)

    with store.write() as tx:
        fresh = tx.users.get_user(user_id)  # another counter may have failed or locked it meanwhile
        if fresh is None or not fresh.active:
            outcome, error = "disabled", AuthError(
                f"User {user_id} is disabled.", code="auth.disabled", user_id=user_id
            )
        elif is_locked(fresh, now):
            outcome, error = "locked", _locked(user_id, fresh.locked_until)
        elif pin_ok:
            tx.users.set_user_pin_state(user_id, failed_pins=0, locked_until=None)
            outcome, error = "ok", None
            user = replace(fresh, failed_pins=0, locked_until=None)
        else:
            failed, until = after_failed_pin(fresh, now)
            tx.users.set_user_pin_state(user_id, failed_pins=failed, locked_until=until)
            if until is not None and until > now:
                outcome, error = "locked_now", _locked(user_id, until)
            else:
                left = MAX_FAILED_PINS - failed
                outcome = "wrong_pin"
                error = AuthError(
                    f"Wrong PIN. {left} attempt(s) left before the account locks.",
                    code="auth.wrong_pin",
                    attempts_left=left,
                )
        detail = None
        if error is not None:
            detail = {k: error.params[k] for k in ("attempts_left", "until") if k in error.params}
        append_audit(tx, at=now, terminal_id=terminal_id, user_id=user_id, action="auth.login",
                     target=f"user:{user_id}", outcome=outcome, detail=detail)
    if error is not None:  # raised after COMMIT, so the failure count and audit entry stay
        raise error
    return user


def _locked(user_id: str, until: datetime | None) -> AuthError:
    shown = until.strftime("%H:%M") if until else "?"
    return AuthError(
        f"User {user_id} is locked after {MAX_FAILED_PINS} wrong PINs until {shown}.",
        code="auth.locked",
        until=until,
        attempts_left=0,
    )


def create_user(
    store: CounterStore,
    *,
    actor: User | None,
    user_id: str,
    name: str,
    role: Role,
    pin: str,
    now: datetime,
    terminal_id: str,
) -> User:
    """Add a user. `actor` may be None only while there are no users (first setup, demo)."""
    if actor is not None:
        require(actor, Action.MANAGE_USERS)
    user_id = (user_id or "").strip()
    if not _USER_ID.match(user_id):
        raise AuthError(
            f"User id must be 1–32 letters, digits, '.', '_' or '-': {user_id!r}.",
            code="user.id_format",
        )
    name = (name or "").strip()
    if not name or len(name) > 64:
        raise AuthError("User name must be 1–64 characters.", code="user.name")
    check_free_text(name, "user name")
    try:
        role = Role(role)
    except ValueError:
        raise AuthError(f"Unknown role: {role!r}.", code="user.role") from None
    user = User(user_id=user_id, name=name, role=role, pin_hash=hash_pin(pin))
    with store.write() as tx:
        if actor is None and tx.users.count_users() > 0:
            raise PermissionDenied(
                "Only a user administrator may add users.", code="permission.denied",
                action=Action.MANAGE_USERS.value,
            )
        if tx.users.get_user(user_id) is not None:
            raise AuthError(f"User {user_id} already exists.", code="user.exists", user_id=user_id)
        tx.users.insert_user(user)
        append_audit(tx, at=now, terminal_id=terminal_id,
                     user_id=actor.user_id if actor else None, action="user.create",
                     target=f"user:{user_id}", detail={"role": role.value, "name": name})
    return user


def set_user_active(
    store: CounterStore, *, actor: User, user_id: str, active: bool, now: datetime, terminal_id: str
) -> User:
    """Enable or disable a user (MANAGE_USERS); nobody disables themselves."""
    require(actor, Action.MANAGE_USERS)
    if actor.user_id == user_id and not active:
        raise AuthError("You cannot disable your own user.", code="user.self_disable")
    with store.write() as tx:
        user = tx.users.get_user(user_id)
        if user is None:
            raise AuthError(f"There is no user {user_id!r}.", code="auth.unknown_user",
                            user_id=user_id)
        tx.users.set_user_active(user_id, active)
        append_audit(tx, at=now, terminal_id=terminal_id, user_id=actor.user_id,
                     action="user.enable" if active else "user.disable", target=f"user:{user_id}")
    return replace(user, active=active)


def list_users(store: CounterStore) -> list[User]:
    with store.read() as tx:
        return tx.users.list_users()
