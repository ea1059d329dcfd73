"""Fixtures for service tests: a real store file in tmp_path and one user per role."""

from __future__ import annotations

import pytest

from counter_app.adapters.storage import open_store
from hall_domain.security import Role, User, hash_pin
from tests.helpers.services import PIN


@pytest.fixture(scope="session")
def pin_hash() -> str:
    return hash_pin(PIN)  # scrypt once per run, not per test


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "counter.db")
    yield s
    s.close()


@pytest.fixture
def users(store, pin_hash) -> dict[str, User]:
    made = {
        role.value: User(user_id=f"u_{role.value}", name=f"{role.value} one", role=role,
                         pin_hash=pin_hash)
        for role in Role
    }
    with store.write() as tx:
        for u in made.values():
            tx.users.insert_user(u)
    return made


@pytest.fixture
def cashier(users) -> User:
    return users["cashier"]


