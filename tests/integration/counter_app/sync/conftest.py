"""Fixtures for the relay: a demo counter store and a ledger with the same customers, served by
uvicorn on 127.0.0.1 with scripted faults; the same tests on SQLite and PostgreSQL ledgers."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import create_engine, text

from counter_app.adapters.storage import open_store  # noqa: E402
from counter_app.bootstrap import DEMO_SEED  # noqa: E402
from counter_app.demo import build_demo_store  # noqa: E402
from hall_ledger.app import create_app  # noqa: E402
from hall_ledger.faults import ScriptedFaults  # noqa: E402
from hall_ledger.server import ThreadedServer  # noqa: E402
from hall_ledger.services.demo import load_demo_data  # noqa: E402
from hall_ledger.services.terminals import add_terminal  # noqa: E402
from hall_ledger.store import migrate  # noqa: E402
from hall_ledger.store.db import make_engine  # noqa: E402
from tests.helpers.sync import DEMO_N, REF_DATE, Counter  # noqa: E402

PG_ENV = "COUNTER_TEST_PG_URL"


def pg_base_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{PG_ENV} is not set, but CI=true: the PostgreSQL tests must run")
        pytest.skip(f"{PG_ENV} not set (PostgreSQL variant skipped locally)")
    return url


def with_search_path(url: str, schema: str) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, f"options=-csearch_path%3D{schema}") if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


@pytest.fixture(scope="session")
def counter_template(tmp_path_factory) -> Path:
    """A demo counter store built once (DEMO_N customers); each test gets a copy."""
    path = tmp_path_factory.mktemp("counter-template") / "counter.db"
    build_demo_store(path, customers=DEMO_N, seed=DEMO_SEED, terminal_id="T01",
                     reference_date=REF_DATE)
    open_store(path).close()  # migrated to head, WAL checkpointed into the file
    return path


@pytest.fixture(scope="session")
def sqlite_ledger_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ledger-template") / "ledger.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    load_demo_data(engine, customers=DEMO_N, seed=DEMO_SEED, reference_date=REF_DATE)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def ledger_url(request, tmp_path) -> Iterator[str]:
    """A ledger database with the demo customers: a SQLite copy, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        path = tmp_path / "ledger.db"
        shutil.copyfile(request.getfixturevalue("sqlite_ledger_template"), path)
        yield f"sqlite:///{path}"
        return
    base = pg_base_url()
    schema = f"sync_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = with_search_path(base, schema)
    engine = make_engine(url)
    migrate.upgrade(engine)
    load_demo_data(engine, customers=DEMO_N, seed=DEMO_SEED, reference_date=REF_DATE)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def ledger_engine(ledger_url):
    engine = make_engine(ledger_url)
    yield engine
    engine.dispose()


@pytest.fixture
def tokens(ledger_engine) -> dict[str, str]:
    return {t: add_terminal(ledger_engine, hall_id="H001", terminal_id=t,
                            channel="bank" if t == "BANK" else "counter")
            for t in ("T01", "T02", "BANK")}


@pytest.fixture
def faults() -> ScriptedFaults:
    return ScriptedFaults()


@pytest.fixture
def ledger_server(ledger_engine, faults) -> Iterator[ThreadedServer]:
    with ThreadedServer(create_app(ledger_engine, faults=faults)) as srv:
        yield srv


@pytest.fixture
def counter(tmp_path, counter_template) -> Iterator[Counter]:
    path = tmp_path / "counter" / "counter.db"
    path.parent.mkdir()
    shutil.copyfile(counter_template, path)
    c = Counter.open(path)
    yield c
    c.close()


@pytest.fixture
def proxy(ledger_server):
    from tests.helpers.tcp_proxy import TcpProxy

    with TcpProxy(ledger_server.host, ledger_server.port, io_timeout=10.0) as p:
        yield p
