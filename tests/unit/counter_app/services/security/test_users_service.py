"""User management: admins only, every change audited, never a PIN in the audit."""

from __future__ import annotations

from datetime import datetime

import pytest

from counter_app.services import auth, users
from hall_domain.errors import AuthError, PermissionDenied
from hall_domain.security import Role
from tests.helpers.cash_fixtures import PIN, TERMINAL

NOW = datetime(2026, 3, 20, 9, 0)
KW = dict(now=NOW, terminal_id=TERMINAL)


def actions(c) -> list[tuple[str, str, str]]:
    with c.store.read() as tx:
        return [(e.action, e.user_id, e.target) for e in tx.audit.audit_entries()
                if e.action.startswith("user.")]


def test_admin_manages_users_and_each_change_is_audited(counter):
    c = counter
    users.add_user(c.store, actor=c.admin, user_id="1003", name="新收费员", role=Role.CASHIER,
                   pin="4321", **KW)
    users.set_role(c.store, actor=c.admin, user_id="1003", role=Role.SUPERVISOR, **KW)
    users.reset_pin(c.store, actor=c.admin, user_id="1003", new_pin="8765", **KW)
    users.set_active(c.store, actor=c.admin, user_id="1003", active=False, **KW)
    assert actions(c) == [("user.create", "9001", "user:1003"), ("user.set_role", "9001", "user:1003"),
                          ("user.reset_pin", "9001", "user:1003"), ("user.disable", "9001", "user:1003")]
    with pytest.raises(AuthError) as err:
        auth.login(c.store, user_id="1003", pin="8765", **KW)
    assert err.value.code == "auth.disabled"
    users.set_active(c.store, actor=c.admin, user_id="1003", active=True, **KW)
    assert auth.login(c.store, user_id="1003", pin="8765", **KW).role == Role.SUPERVISOR
    with c.store.read() as tx:
        details = " ".join(e.detail for e in tx.audit.audit_entries())
    assert "8765" not in details and "4321" not in details


def test_reset_pin_lifts_a_lockout(counter):
    c = counter
    for _ in range(5):
        with pytest.raises(AuthError):
            auth.login(c.store, user_id="1001", pin="0000", **KW)
    with pytest.raises(AuthError) as err:
        auth.login(c.store, user_id="1001", pin=PIN, **KW)
    assert err.value.code == "auth.locked"
    users.reset_pin(c.store, actor=c.admin, user_id="1001", new_pin="5555", **KW)
    assert auth.login(c.store, user_id="1001", pin="5555", **KW).user_id == "1001"


@pytest.mark.parametrize("who", ["cashier", "supervisor", "tech"])
def test_only_admins_manage_users(counter, who):
    c = counter
    actor = getattr(c, who)
    calls = [
        lambda: users.add_user(c.store, actor=actor, user_id="x1", name="x", role=Role.CASHIER,
                               pin="1234", **KW),
        lambda: users.set_role(c.store, actor=actor, user_id="1001", role=Role.ADMIN, **KW),
        lambda: users.reset_pin(c.store, actor=actor, user_id="1001", new_pin="1234", **KW),
        lambda: users.set_active(c.store, actor=actor, user_id="1001", active=False, **KW),
        lambda: users.list_users(c.store, actor=actor),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert actions(c) == []


def test_admin_cannot_lock_themselves_out(counter):
    c = counter
    with pytest.raises(AuthError):
        users.set_role(c.store, actor=c.admin, user_id="9001", role=Role.CASHIER, **KW)
    with pytest.raises(AuthError):
        users.set_active(c.store, actor=c.admin, user_id="9001", active=False, **KW)
    with pytest.raises(AuthError) as err:
        users.reset_pin(c.store, actor=c.admin, user_id="nobody", new_pin="1234", **KW)
    assert err.value.code == "auth.unknown_user"
