"""Fixtures for the ledger: the same tests on SQLite and PostgreSQL, a real uvicorn server."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import create_engine, text

from counter_app.adapters.ledger_client import LedgerClient
from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine
from tests.helpers.ledger import Hall, seed_halls

PG_ENV = "COUNTER_TEST_PG_URL"


def pg_base_url() -> str:
    """The PostgreSQL URL from the environment; skip without it, but fail on CI."""
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{PG_ENV} is not set, but CI=true: the PostgreSQL tests must run")
        pytest.skip(f"{PG_ENV} not set (PostgreSQL variant skipped locally)")
    return url


def with_search_path(url: str, schema: str) -> str:
    """The URL with libpq `options` setting the search path (one schema per test)."""
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, f"options=-csearch_path%3D{schema}") if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite ledger migrated once; each test gets a copy (Alembic takes a while)."""
    path = tmp_path_factory.mktemp("ledger-template") / "ledger.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()  # the last connection closed checkpoints the WAL into the file
    assert not path.with_name("ledger.db-wal").exists()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_db_url(request, tmp_path) -> Iterator[str]:
    """An empty database: a new SQLite file, or a new schema in the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    base = pg_base_url()
    schema = f"ledger_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield with_search_path(base, schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db_url(request, fresh_db_url) -> str:
    """A fresh database with the ledger schema (SQLite: a copy of one migrated file)."""
    if fresh_db_url.startswith("sqlite:///"):
        shutil.copyfile(request.getfixturevalue("sqlite_template"),
                        fresh_db_url.removeprefix("sqlite:///"))
    return fresh_db_url


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def halls(engine) -> dict[str, Hall]:
    return seed_halls(engine)


@pytest.fixture
def server(engine) -> Iterator[ThreadedServer]:
    with ThreadedServer(create_app(engine)) as srv:
        yield srv


@pytest.fixture
def connect(server):
    """connect(token) -> a LedgerClient on the running server (closed after the test)."""
    clients: list[LedgerClient] = []

    def make(token: str, **kw) -> LedgerClient:
        client = LedgerClient(server.url, token, timeout=kw.pop("timeout", 20.0), **kw)
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()
