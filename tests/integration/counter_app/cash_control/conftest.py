"""Fixtures: a counter store with users and customers; a real ledger (uvicorn on 127.0.0.1)."""

from __future__ import annotations

import pytest

from counter_app.adapters.ledger_client import LedgerClient
from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.services.imports import import_customers
from hall_ledger.services.terminals import add_terminal
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine
from tests.helpers.cash_fixtures import make_counter

CUSTOMERS = "account_no,name,address,phone,user_type,area\n" + "".join(
    f"33010000{i:02d},客户{i},城东区人民路{i}号,,residential,东1\n" for i in range(1, 6))


@pytest.fixture
def counter(tmp_path):
    c = make_counter(tmp_path / "counter.db")
    yield c
    c.close()


@pytest.fixture
def ledger(tmp_path):
    """(engine, client for H001/T01) on a fresh SQLite ledger served by uvicorn."""
    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    migrate.upgrade(engine)
    token = add_terminal(engine, hall_id="H001", terminal_id="T01")
    assert import_customers(engine, CUSTOMERS, hall_id="H001").ok
    with ThreadedServer(create_app(engine)) as srv:
        assert srv.host == "127.0.0.1"
        client = LedgerClient(srv.url, token, timeout=20.0)
        try:
            yield engine, client
        finally:
            client.close()
    engine.dispose()
