"""User management for admins only (add, disable/enable, reset PIN, change role); each change audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from hall_domain.errors import AuthError
from hall_domain.security import Action, Role, User, hash_pin, require, validate_pin

from . import auth
from .audit_service import append_audit
from .ports import CounterStore, CounterTx


def add_user(store: CounterStore, *, actor: User, user_id: str, name: str, role: Role, pin: str,
             now: datetime, terminal_id: str) -> User:
    require(actor, Action.MANAGE_USERS)
    return auth.create_user(store, actor=actor, user_id=user_id, name=name, role=role, pin=pin,
                            now=now, terminal_id=terminal_id)


def set_active(store: CounterStore, *, actor: User, user_id: str, active: bool, now: datetime,
               terminal_id: str) -> User:
    return auth.set_user_active(store, actor=actor, user_id=user_id, active=active, now=now,
                                terminal_id=terminal_id)


def _existing(tx: CounterTx, user_id: str) -> User:
    user = tx.users.get_user(user_id)
    if user is None:
        raise AuthError(f"There is no user {user_id!r}.", code="auth.unknown_user", user_id=user_id)
    return user


def reset_pin(store: CounterStore, *, actor: User, user_id: str, new_pin: str, now: datetime,
              terminal_id: str) -> User:
    """Set a new PIN (also lifts a lockout); the PIN itself is never audited."""
    require(actor, Action.MANAGE_USERS)
    pin_hash = hash_pin(validate_pin(new_pin))  # scrypt outside the write lock
    with store.write() as tx:
        user = _existing(tx, user_id)
        tx.users.set_user_pin_hash(user_id, pin_hash)
        append_audit(tx, at=now, terminal_id=terminal_id, user_id=actor.user_id,
                     action="user.reset_pin", target=f"user:{user_id}",
                     detail={"was_locked": user.locked_until is not None and user.locked_until > now})
    return replace(user, pin_hash=pin_hash, failed_pins=0, locked_until=None)


def set_role(store: CounterStore, *, actor: User, user_id: str, role: Role, now: datetime,
             terminal_id: str) -> User:
    """Change a user's role; an admin cannot demote themselves (there must stay an admin)."""
    require(actor, Action.MANAGE_USERS)
    try:
        role = Role(role)
    except ValueError:
        raise AuthError(f"Unknown role: {role!r}.", code="user.role") from None
    if actor.user_id == user_id and role != actor.role:
        raise AuthError("You cannot change your own role.", code="user.self_role")
    with store.write() as tx:
        user = _existing(tx, user_id)
        if user.role == role:
            return user
        tx.users.set_user_role(user_id, role)
        append_audit(tx, at=now, terminal_id=terminal_id, user_id=actor.user_id,
                     action="user.set_role", target=f"user:{user_id}",
                     detail={"from": user.role.value, "to": role.value})
    return replace(user, role=role)


def list_users(store: CounterStore, *, actor: User) -> list[User]:
    require(actor, Action.MANAGE_USERS)
    return auth.list_users(store)
