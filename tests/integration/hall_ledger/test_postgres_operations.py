"""The ledger on PostgreSQL as IT runs it: installer/ledger/postgres-setup.sh and grants.sql give
the service a role that books payments but cannot rewrite history, and the restore drill of
docs/operations.md (pg_dump, pg_restore into a new database) brings back every row."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from urllib.parse import urlsplit

import psycopg
import pytest
from sqlalchemy import func, select

from counter_app.adapters.ledger_client import LedgerClient
from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine
from hall_ledger.store.models import Base
from tests.helpers.ledger import assert_balanced, payment, seed_halls
from tests.helpers.paths import REPO

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
SETUP = REPO / "installer" / "ledger" / "postgres-setup.sh"
GRANTS = REPO / "installer" / "ledger" / "grants.sql"


def pg_base_url() -> str:
    url = os.environ.get("COUNTER_TEST_PG_URL")
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("COUNTER_TEST_PG_URL is not set, but CI=true: PostgreSQL tests must run")
        pytest.skip("COUNTER_TEST_PG_URL not set")
    return url


class Cluster:
    """The test server, reached as the CI role (CREATEDB, CREATEROLE), with libpq variables."""

    def __init__(self) -> None:
        parts = urlsplit(pg_base_url())
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 5432
        self.user, self.password = parts.username, parts.password
        self.suffix = uuid.uuid4().hex[:10]

    def env(self, user: str | None = None, password: str | None = None, **more: str) -> dict:
        return {**os.environ, "PGHOST": self.host, "PGPORT": str(self.port),
                "PGUSER": user or self.user, "PGPASSWORD": password or self.password, **more}

    def url(self, user: str, password: str, db: str) -> str:
        return f"postgresql+psycopg://{user}:{password}@{self.host}:{self.port}/{db}"

    def admin(self, *sql: str) -> None:
        with psycopg.connect(host=self.host, port=self.port, user=self.user,
                             password=self.password, dbname="postgres", autocommit=True) as c:
            for s in sql:
                c.execute(s)


@pytest.fixture
def cluster():
    if not shutil.which("psql") or not shutil.which("pg_dump"):
        pytest.skip("psql / pg_dump not installed")
    c = Cluster()
    names = {k: f"{k}_{c.suffix}" for k in ("ledger", "restored", "owner", "app")}
    c.names = names
    yield c
    c.admin(f'DROP DATABASE IF EXISTS "{names["ledger"]}" WITH (FORCE)',
            f'DROP DATABASE IF EXISTS "{names["restored"]}" WITH (FORCE)')
    c.admin(f'DROP ROLE IF EXISTS "{names["app"]}"', f'DROP ROLE IF EXISTS "{names["owner"]}"')


def _setup(c: Cluster) -> None:
    n = c.names
    proc = subprocess.run(
        ["bash", str(SETUP), "--db", n["ledger"], "--owner", n["owner"], "--app", n["app"],
         "--schema", "ledger"],
        env=c.env(LEDGER_OWNER_PASSWORD="owner-pw", LEDGER_APP_PASSWORD="app-pw"),
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    owner_engine = make_engine(c.url(n["owner"], "owner-pw", n["ledger"]))
    try:
        migrate.upgrade(owner_engine)  # counter-ledger init-db, as the owner
    finally:
        owner_engine.dispose()
    proc = subprocess.run(
        ["psql", "-v", "ON_ERROR_STOP=1", "-qAtX", "-d", n["ledger"], "-v", "schema=ledger",
         "-v", f"app={n['app']}", "-f", str(GRANTS)],
        env=c.env(n["owner"], "owner-pw"), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def _refused(c: Cluster, sql: str) -> str:
    n = c.names
    with (psycopg.connect(host=c.host, port=c.port, user=n["app"], password="app-pw",
                          dbname=n["ledger"], autocommit=True) as conn,
          pytest.raises(psycopg.Error) as err):
        conn.execute(sql)
    return str(err.value)


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables}


def test_service_role_books_payments_but_cannot_rewrite_history(cluster):
    _setup(cluster)
    n = cluster.names
    app_engine = make_engine(cluster.url(n["app"], "app-pw", n["ledger"]))
    try:
        halls = seed_halls(app_engine)  # terminals, customers, bills: the service's own inserts
        with ThreadedServer(create_app(app_engine)) as srv:
            client = LedgerClient(srv.url, halls["H001"].tokens["T01"], timeout=20)
            try:
                [r] = client.post_payments([payment()])
            finally:
                client.close()
        assert (r.status, r.outcome) == (201, "recorded")
        assert _counts(app_engine)["journal"] > 0
        assert_balanced(app_engine)
    finally:
        app_engine.dispose()
    assert "permission denied" in _refused(cluster, "UPDATE journal SET ref = ref")
    assert "permission denied" in _refused(cluster, "DELETE FROM journal")
    assert "permission denied" in _refused(cluster, "TRUNCATE journal")
    assert "permission denied" in _refused(cluster, "DELETE FROM payments")
    assert "must be owner" in _refused(cluster, "ALTER TABLE journal DISABLE TRIGGER ALL")
    assert "must be owner" in _refused(cluster,
                                       "DROP TRIGGER journal_append_only ON journal")
    assert "permission denied" in _refused(cluster, "CREATE TABLE ledger.x (i int)")
    assert "permission denied" in _refused(cluster,
                                           "UPDATE ledger_alembic_version SET version_num = 'x'")


def test_restore_drill_brings_back_every_row(cluster, tmp_path):
    _setup(cluster)
    n = cluster.names
    app_engine = make_engine(cluster.url(n["app"], "app-pw", n["ledger"]))
    try:
        halls = seed_halls(app_engine)
        with ThreadedServer(create_app(app_engine)) as srv:
            client = LedgerClient(srv.url, halls["H001"].tokens["T01"], timeout=20)
            try:
                client.post_payments([payment(receipt_number=i, amount_fen=100 + i)
                                      for i in range(1, 6)])
            finally:
                client.close()
        before = _counts(app_engine)
    finally:
        app_engine.dispose()
    # docs/operations.md, "Restore drill": the same commands.
    dump = tmp_path / "ledger.dump"
    owner_env = cluster.env(n["owner"], "owner-pw")
    subprocess.run(["pg_dump", "-Fc", "-d", n["ledger"], "-f", str(dump)], env=owner_env,
                   check=True, capture_output=True, timeout=120)
    cluster.admin(f'CREATE DATABASE "{n["restored"]}" OWNER "{n["owner"]}" TEMPLATE template0')
    subprocess.run(["pg_restore", "--exit-on-error", "-d", n["restored"], str(dump)],
                   env=owner_env, check=True, capture_output=True, timeout=120)
    restored = make_engine(cluster.url(n["owner"], "owner-pw", n["restored"])
                           + "?options=-csearch_path%3Dledger")
    try:
        assert migrate.is_current(restored)
        assert _counts(restored) == before and before["payments"] == 5
        assert_balanced(restored)
    finally:
        restored.dispose()
