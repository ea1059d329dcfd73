"""Fixtures: a counter store with cashiers, supervisors, an admin, a technician and customers."""

from __future__ import annotations

import pytest

from tests.helpers.approvals import add_staff
from tests.helpers.cash_fixtures import make_counter


@pytest.fixture
def counter(tmp_path):
    c = make_counter(tmp_path / "counter.db")
    c.admin, c.tech = add_staff(c)
    yield c
    c.close()
