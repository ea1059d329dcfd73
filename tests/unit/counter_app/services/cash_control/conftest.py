"""Fixtures: a counter store on disk with two cashiers and two supervisors."""

from __future__ import annotations

import pytest

from tests.helpers.cash_fixtures import make_counter


@pytest.fixture
def counter(tmp_path):
    c = make_counter(tmp_path / "counter.db")
    yield c
    c.close()
