"""The one retry loop of the ledger's writers (payments, items, channel payments)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from hall_ledger.services.booking import MAX_ATTEMPTS, LostRace, in_transaction_retrying


class _Orig(Exception):
    def __init__(self, sqlstate: str | None) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 't.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
    yield engine
    engine.dispose()


def _rows(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM t")).scalar_one()


def test_a_lost_race_is_rolled_back_and_run_again(engine):
    calls = []

    def work(conn):
        conn.execute(text("INSERT INTO t VALUES (1)"))
        calls.append(1)
        if len(calls) < 3:
            raise LostRace
        return "done"

    assert in_transaction_retrying(engine, work, what="test batch") == "done"
    assert len(calls) == 3 and _rows(engine) == 1  # the two lost attempts left nothing


def test_racing_past_the_last_attempt_fails(engine):
    calls = []

    def work(conn):
        calls.append(1)
        raise LostRace

    with pytest.raises(RuntimeError, match="test batch kept racing"):
        in_transaction_retrying(engine, work, what="test batch")
    assert len(calls) == MAX_ATTEMPTS


@pytest.mark.parametrize("sqlstate", ["40P01", "40001", "23505"])
def test_deadlocks_and_serialization_failures_are_retried(engine, sqlstate):
    calls = []

    def work(conn):
        calls.append(1)
        if len(calls) == 1:
            raise DBAPIError("stmt", {}, _Orig(sqlstate))
        return len(calls)

    assert in_transaction_retrying(engine, work, what="x") == 2


def test_other_database_errors_go_to_the_caller_at_once(engine):
    calls = []

    def work(conn):
        calls.append(1)
        raise IntegrityError("stmt", {}, _Orig("23502"))  # not null: resending cannot help

    with pytest.raises(IntegrityError):
        in_transaction_retrying(engine, work, what="x")
    assert len(calls) == 1


def test_a_retryable_error_past_the_last_attempt_is_raised(engine):
    calls = []

    def work(conn):
        calls.append(1)
        raise DBAPIError("stmt", {}, _Orig("40001"))

    with pytest.raises(DBAPIError):
        in_transaction_retrying(engine, work, what="x")
    assert len(calls) == MAX_ATTEMPTS
