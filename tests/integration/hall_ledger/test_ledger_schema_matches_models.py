"""The migrations build exactly the tables the models describe, on SQLite and PostgreSQL, and
the collections action record reads back what was written."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from hall_ledger.services.collections_audit import actions_for, record_action
from hall_ledger.store.models import Base


def test_migrated_schema_has_no_difference_from_the_models(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # the version table is Alembic's own, not a model
    diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name == "ledger_alembic_version")]
    assert diff == []


def test_collection_actions_are_recorded_per_hall_newest_first(engine):
    with engine.begin() as conn:
        record_action(conn, hall_id="H1", terminal_id="T01", actor="3001",
                      action="dunning.lock.added", subject="0100000001", detail={"reason": "争议"})
        record_action(conn, hall_id="H1", terminal_id=None, actor="system",
                      action="dunning.lock.expired", subject="0100000001")
        record_action(conn, hall_id="H2", terminal_id="T01", actor="3001",
                      action="dunning.lock.added", subject="0100000001")
    with engine.connect() as conn:
        got = actions_for(conn, "H1", subject="0100000001")
    assert [(a.action, a.actor, a.terminal_id) for a in got] == [
        ("dunning.lock.expired", "system", None), ("dunning.lock.added", "3001", "T01")]
    assert got[1].detail == {"reason": "争议"}
