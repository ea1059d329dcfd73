"""Fixtures: a store with one user per role (plus a second cashier), customers and bills."""

from __future__ import annotations

import pytest

from hall_domain.security import Role, User
from tests.helpers.cash_fixtures import PIN, _hash, make_counter


@pytest.fixture
def counter(tmp_path):
    c = make_counter(tmp_path / "counter.db")
    c.admin = User("9001", "管理员", Role.ADMIN, _hash(PIN))
    c.tech = User("8001", "运维", Role.TECHNICIAN, _hash(PIN))
    with c.store.write() as tx:
        tx.users.insert_user(c.admin)
        tx.users.insert_user(c.tech)
    c.by_role = {Role.CASHIER: c.cashier, Role.SUPERVISOR: c.supervisor, Role.TECHNICIAN: c.tech,
                 Role.ADMIN: c.admin}
    yield c
    c.close()
