"""Item keys are scoped by the caller's hall and terminal (issue 11, item 2): two halls whose
counters share terminal ids keep apart; an audit head or shift report sent again under another
key is the same item; items recorded before the migration still answer exactly once."""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest
from sqlalchemy import func, inspect, select

from hall_ledger.services.items import ingest_items
from hall_ledger.services.terminals import Principal, add_terminal
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine
from hall_ledger.store.models import Item, JournalEntry
from hall_ledger.wire import VoidIn, content_hash
from tests.helpers.ledger import ledger_state

# The key a counter made for T01's shift 1 before keys named the hall: the same in every hall.
LEGACY_REPORT_KEY = str(uuid.uuid5(uuid.UUID("6f1c1d7e-5b0a-4c59-9a51-0c2f3e9a7b11"), "T01/1"))


def report(terminal_id: str = "T01", shift_id: int = 1, total: int = 8000) -> dict:
    return {"shift_id": shift_id, "terminal_id": terminal_id, "opened_by": "1001",
            "closed_by": "2001", "opened_at": "2026-03-20T08:00:00",
            "closed_at": "2026-03-20T17:00:00", "business_date": "2026-03-20",
            "payment_count": 1, "payment_total_fen": total, "cash_fen": total, "card_fen": 0}


def head(seq: int, fill: str, terminal_id: str = "T01") -> dict:
    return {"terminal_id": terminal_id, "seq": seq, "hash": fill * 64,
            "at": "2026-03-20T17:00:00"}


def items_of(engine, kind: str) -> list[tuple[str, str, str]]:
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(
            select(Item.hall_id, Item.terminal_id, Item.item_key).where(Item.kind == kind)))


def test_two_halls_with_the_same_terminal_ids_and_keys_keep_apart(engine, halls, connect):
    h1_t1 = connect(halls["H001"].tokens["T01"])
    h1_t2 = connect(halls["H001"].tokens["T02"])
    h2_t1 = connect(halls["H002"].tokens["T01"])

    [a] = h1_t1.post_items("shift_report", [(LEGACY_REPORT_KEY, report(total=8000))])
    [b] = h2_t1.post_items("shift_report", [(LEGACY_REPORT_KEY, report(total=6000))])
    [c] = h1_t2.post_items("shift_report", [(LEGACY_REPORT_KEY, report("T02", total=0))])
    assert [r.status for r in (a, b, c)] == [201, 201, 201], [
        (r.error_code, r.error_message) for r in (a, b, c)]
    [x] = h1_t1.post_items("audit_head", [("T01:5", head(5, "a"))])
    [y] = h2_t1.post_items("audit_head", [("T01:5", head(5, "b"))])
    assert (x.status, y.status) == (201, 201), (y.error_code, y.error_message)

    # Each terminal reads back its own head; resends are duplicates with their own answer.
    assert h1_t1.audit_head()["hash"] == "a" * 64
    assert h2_t1.audit_head()["hash"] == "b" * 64
    [again] = h2_t1.post_items("shift_report", [(LEGACY_REPORT_KEY, report(total=6000))])
    assert again.status == 200 and again.result == b.result
    assert items_of(engine, "shift_report") == sorted([
        ("H001", "T01", LEGACY_REPORT_KEY), ("H001", "T02", LEGACY_REPORT_KEY),
        ("H002", "T01", LEGACY_REPORT_KEY)])
    # A different content under the same key is still a conflict within one terminal.
    state = ledger_state(engine)
    [conflict] = h2_t1.post_items("shift_report", [(LEGACY_REPORT_KEY, report(total=1))])
    assert conflict.status == 422 and conflict.error_code == "shift_report.key_conflict"
    assert ledger_state(engine) == state


def test_a_head_or_report_sent_again_under_another_key_is_the_same_item(engine, halls, connect):
    t1 = connect(halls["H001"].tokens["T01"])
    [old] = t1.post_items("audit_head", [("T01:7", head(7, "c"))])
    [rpt] = t1.post_items("shift_report", [(LEGACY_REPORT_KEY, report())])
    journal = ledger_state(engine)["journal"]

    new_key, other_key = str(uuid.uuid4()), str(uuid.uuid4())
    [same_head] = t1.post_items("audit_head", [(new_key, head(7, "c"))])
    [same_rpt] = t1.post_items("shift_report", [(new_key, report())])
    [rewritten] = t1.post_items("audit_head", [(other_key, head(7, "d"))])
    [other_rpt] = t1.post_items("shift_report", [(other_key, report(total=1))])

    assert (old.status, rpt.status) == (201, 201)
    assert (same_head.status, same_head.result) == (200, old.result)
    assert (same_rpt.status, same_rpt.result) == (200, rpt.result)
    assert rewritten.status == 422 and rewritten.error_code == "audit_head.key_conflict"
    assert other_rpt.status == 422 and other_rpt.error_code == "shift_report.key_conflict"
    assert ledger_state(engine)["journal"] == journal  # no second shift_report entry
    assert len(items_of(engine, "audit_head")) == 1 and len(items_of(engine, "shift_report")) == 1


def test_items_recorded_before_the_migration_answer_exactly_once(fresh_db_url):
    """A ledger at 0001 (items keyed by kind and key) records H001/T01's report and head; after
    the upgrade the counter's resend under the same old key is a duplicate, and H002's T01 may
    now use that key."""
    engine = make_engine(fresh_db_url)
    try:
        migrate.upgrade(engine, "0001")
        # only the terminals: the ORM models describe the newest schema, and later revisions
        # add columns to customers that a 0001 database does not have yet
        for hall_id in ("H001", "H002"):
            add_terminal(engine, hall_id=hall_id, terminal_id="T01")
        h1, h2 = Principal("H001", "T01", "counter"), Principal("H002", "T01", "counter")
        before = [ingest_items(engine, h1, "shift_report", [
                      {"item_key": LEGACY_REPORT_KEY, "payload": report()}]),
                  ingest_items(engine, h1, "audit_head", [
                      {"item_key": "T01:3", "payload": head(3, "e")}])]
        assert [r[0]["status"] for r in before] == [201, 201]

        migrate.upgrade(engine)

        pk = inspect(engine).get_pk_constraint("items")["constrained_columns"]
        assert pk == ["hall_id", "terminal_id", "kind", "item_key"]
        with engine.connect() as conn:
            journal = conn.execute(select(func.count()).select_from(JournalEntry)).scalar_one()
        [resent] = ingest_items(engine, h1, "shift_report", [
            {"item_key": LEGACY_REPORT_KEY, "payload": report()}])
        [head_again] = ingest_items(engine, h1, "audit_head", [
            {"item_key": "T01:3", "payload": head(3, "e")}])
        [other_hall] = ingest_items(engine, h2, "shift_report", [
            {"item_key": LEGACY_REPORT_KEY, "payload": report(total=6000)}])
        assert (resent["status"], resent["result"]) == (200, before[0][0]["result"])
        assert head_again["status"] == 200
        assert other_hall["status"] == 201, other_hall["error"]
        with engine.connect() as conn:
            after = conn.execute(select(func.count()).select_from(JournalEntry)).scalar_one()
        assert after == journal + 1  # only H002's report was journaled
        assert items_of(engine, "shift_report") == [("H001", "T01", LEGACY_REPORT_KEY),
                                                    ("H002", "T01", LEGACY_REPORT_KEY)]
    finally:
        engine.dispose()


@pytest.mark.parametrize("with_approval", [False, True])
def test_a_void_hashes_as_before_unless_it_carries_an_approval(with_approval):
    """Voids queued before `approval` existed keep their content hash, so a resend of one the
    ledger recorded then is still a duplicate, not a conflict."""
    old = {"payment_uuid": str(uuid.uuid4()), "terminal_id": "T01", "account_no": "3301000002",
           "receipt_number": 1, "shift_id": 1, "cashier_id": "1001", "approved_by": "2001",
           "reason": "收错户号", "voided_at": "2026-03-20T10:20:00", "business_date": "2026-03-20"}
    text = json.dumps(old, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    before = hashlib.sha256(text.encode()).hexdigest()
    payload = dict(old)
    if with_approval:
        payload["approval"] = {"approval_id": 4, "approver_id": "2001",
                               "approved_at": "2026-03-20T10:19:00"}
    assert (content_hash(VoidIn.model_validate(payload)) == before) is not with_approval
