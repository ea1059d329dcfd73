"""login (PIN, counting, lockout and its expiry), create_user, list_users, enable/disable."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counter_app.services.audit_service import verify_audit
from counter_app.services.auth import create_user, list_users, login, set_user_active
from hall_domain.errors import AuthError, PermissionDenied
from hall_domain.security import LOCKOUT, Role
from tests.helpers.services import NOW, PIN, TERMINAL, table_rows


def try_login(store, user_id="u_cashier", pin=PIN, now=NOW):
    return login(store, user_id=user_id, pin=pin, now=now, terminal_id=TERMINAL)


def login_audit(store):
    rows = table_rows(store, "audit_log")["audit_log"]
    return [(r[4], r[5], r[6], r[7]) for r in rows if r[4] == "auth.login"]


def test_right_pin_logs_in_and_is_audited(store, users):
    user = try_login(store)
    assert user.user_id == "u_cashier" and user.role == Role.CASHIER
    assert login_audit(store) == [("auth.login", "user:u_cashier", "ok", "")]


def test_wrong_pins_count_down_then_lock_for_fifteen_minutes(store, users):
    left = []
    for i in range(4):
        with pytest.raises(AuthError) as e:
            try_login(store, pin="0000", now=NOW + timedelta(seconds=i))
        assert e.value.code == "auth.wrong_pin"
        left.append(e.value.params["attempts_left"])
    assert left == [4, 3, 2, 1]
    with pytest.raises(AuthError) as e:
        try_login(store, pin="0000", now=NOW + timedelta(seconds=10))
    assert e.value.code == "auth.locked"
    until = e.value.params["until"]
    assert until == NOW + timedelta(seconds=10) + LOCKOUT
    # Locked: even the right PIN is refused until the lock runs out.
    with pytest.raises(AuthError) as e:
        try_login(store, now=until - timedelta(seconds=1))
    assert e.value.code == "auth.locked" and e.value.params["until"] == until
    user = try_login(store, now=until)
    assert user.failed_pins == 0 and user.locked_until is None
    outcomes = [r[2] for r in login_audit(store)]
    assert outcomes == ["wrong_pin"] * 4 + ["locked_now", "locked", "ok"]
    assert verify_audit(store) is None


def test_a_good_login_resets_the_count(store, users):
    for _ in range(3):
        with pytest.raises(AuthError):
            try_login(store, pin="1111")
    try_login(store)
    with pytest.raises(AuthError) as e:
        try_login(store, pin="1111")
    assert e.value.params["attempts_left"] == 4


def test_the_pin_is_never_written_to_the_audit_log(store, users):
    with pytest.raises(AuthError):
        try_login(store, pin="975312")
    try_login(store)
    dump = repr(table_rows(store, "audit_log"))
    assert "975312" not in dump and PIN not in dump


def test_unknown_and_disabled_users(store, users):
    with pytest.raises(AuthError) as e:
        try_login(store, user_id="nobody")
    assert e.value.code == "auth.unknown_user"
    set_user_active(store, actor=users["admin"], user_id="u_cashier", active=False, now=NOW,
                    terminal_id=TERMINAL)
    with pytest.raises(AuthError) as e:
        try_login(store)
    assert e.value.code == "auth.disabled"
    assert [r[2] for r in login_audit(store)] == ["unknown_user", "disabled"]
    assert login_audit(store)[0][1] == "user:nobody"


def test_first_user_needs_no_actor_but_the_second_does(store):
    admin = create_user(store, actor=None, user_id="boss", name="王管理", role=Role.ADMIN,
                        pin="13579", now=NOW, terminal_id=TERMINAL)
    assert try_login(store, user_id="boss", pin="13579").role == Role.ADMIN
    with pytest.raises(PermissionDenied):
        create_user(store, actor=None, user_id="sneaky", name="x", role=Role.ADMIN, pin="1234",
                    now=NOW, terminal_id=TERMINAL)
    create_user(store, actor=admin, user_id="c1", name="收费员一", role=Role.CASHIER, pin="2222",
                now=NOW, terminal_id=TERMINAL)
    assert [u.user_id for u in list_users(store)] == ["boss", "c1"]
    with pytest.raises(AuthError) as e:
        create_user(store, actor=admin, user_id="c1", name="again", role=Role.CASHIER,
                    pin="2222", now=NOW, terminal_id=TERMINAL)
    assert e.value.code == "user.exists"


def test_only_user_managers_create_users_and_bad_input_is_refused(store, users):
    with pytest.raises(PermissionDenied):
        create_user(store, actor=users["supervisor"], user_id="x1", name="x", role=Role.CASHIER,
                    pin="1234", now=NOW, terminal_id=TERMINAL)
    admin = users["admin"]
    for kwargs, code in [
        ({"user_id": "bad id"}, "user.id_format"),
        ({"name": "  "}, "user.name"),
        ({"pin": "12"}, "auth.pin_format"),
        ({"role": "janitor"}, "user.role"),
    ]:
        args = {"user_id": "x2", "name": "x", "role": Role.CASHIER, "pin": "1234", **kwargs}
        with pytest.raises(AuthError) as e:
            create_user(store, actor=admin, now=NOW, terminal_id=TERMINAL, **args)
        assert e.value.code == code
    assert len(list_users(store)) == len(users)


def test_nobody_disables_themselves(store, users):
    with pytest.raises(AuthError) as e:
        set_user_active(store, actor=users["admin"], user_id="u_admin", active=False, now=NOW,
                        terminal_id=TERMINAL)
    assert e.value.code == "user.self_disable"
