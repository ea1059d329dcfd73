"""The counter's void carries the supervisor's approval to the ledger (issue 11, item 6): the
ledger records it, and it is what lets another terminal of the hall void a payment there."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import select

from counter_app.adapters.ledger_client import LedgerClient
from counter_app.adapters.relay_thread import ClientLedger
from counter_app.ledger_link import sync_once
from counter_app.services import sync
from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.services.imports import import_customers
from hall_ledger.services.terminals import add_terminal
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine
from hall_ledger.store.models import JournalEntry
from hall_ledger.store.models import Payment as LedgerPayment
from tests.helpers.approvals import LATE, do_void, later
from tests.helpers.cash_fixtures import pay, start_shift

CUSTOMERS = "account_no,name,address,phone,user_type,area\n" + "".join(
    f"33010000{i:02d},客户{i},城东区人民路{i}号,,residential,东1\n" for i in range(1, 6))


@pytest.fixture
def ledger(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    migrate.upgrade(engine)
    tokens = {(h, t): add_terminal(engine, hall_id=h, terminal_id=t)
              for h, t in (("H001", "T01"), ("H001", "T02"), ("H002", "T01"))}
    assert import_customers(engine, CUSTOMERS, hall_id="H001").ok
    with ThreadedServer(create_app(engine)) as srv:
        yield engine, srv.url, tokens
    engine.dispose()


def relay(c, url: str, token: str) -> None:
    port = ClientLedger.connect(url, token)
    try:
        result = sync_once(c.store, port, clock=lambda: later(30), hall_id="H001",
                           pull_reference=False, policy=sync.RelayPolicy(batch_size=50))
    finally:
        port.close()
    assert result.error is None and result.report.refused == 0, result


def queued_void(c) -> tuple[str, dict]:
    """Take the void out of the outbox (this test sends it by hand)."""
    with c.store.write() as tx:
        [(key, payload)] = tx.raw.execute(
            "SELECT item_key, payload_json FROM outbox WHERE kind = 'void'").fetchall()
        tx.raw.execute("DELETE FROM outbox WHERE kind = 'void'")
    return key, json.loads(payload)


def void_details(engine) -> dict[str, tuple[str, dict]]:
    with engine.connect() as conn:
        return {ref: (terminal, json.loads(detail)) for ref, terminal, detail in conn.execute(
            select(JournalEntry.ref, JournalEntry.terminal_id, JournalEntry.detail)
            .where(JournalEntry.kind == "void"))}


def test_the_counters_void_carries_the_approval_the_ledger_records(counter, ledger):
    engine, url, tokens = ledger
    c = counter
    start_shift(c, at=LATE)
    p1 = pay(c, 1, cash=20000, at=later(1))
    p2 = pay(c, 2, cash=20000, at=later(2))
    relay(c, url, tokens["H001", "T01"])

    # Voided at the counter that took it: the relay sends it; the approval rides along.
    v1 = do_void(c, p1, at=later(5))
    with c.store.read() as tx:
        [(raw,)] = tx.raw.execute("SELECT payload_json FROM outbox WHERE kind = 'void'")
    approval = json.loads(raw)["approval"]
    assert approval["approver_id"] == v1.approved_by == "2001"
    assert isinstance(approval["approval_id"], int) and approval["approved_at"]
    relay(c, url, tokens["H001", "T01"])
    details = void_details(engine)
    assert details[p1.payment_uuid][1]["approval"] == approval

    # The same counter-made void of p2 arriving from T02 of the hall: only with its approval.
    do_void(c, p2, at=later(6))
    _, payload = queued_void(c)
    from_t2 = {**payload, "terminal_id": "T02"}
    bare = {k: v for k, v in from_t2.items() if k != "approval"}
    with LedgerClient(url, tokens["H001", "T02"]) as t2, \
            LedgerClient(url, tokens["H002", "T01"]) as other_hall:
        [refused] = t2.post_items("void", [(str(uuid.uuid4()), bare)])
        [elsewhere] = other_hall.post_items("void", [(str(uuid.uuid4()), payload)])
        assert (refused.status, refused.error_code) == (422, "void.other_terminal")
        assert (elsewhere.status, elsewhere.error_code) == (422, "void.other_hall")
        [accepted] = t2.post_items("void", [(str(uuid.uuid4()), from_t2)])
    assert accepted.status == 201, (accepted.error_code, accepted.error_message)
    terminal, detail = void_details(engine)[p2.payment_uuid]
    assert terminal == "T02" and detail["payment_terminal_id"] == "T01"
    assert detail["approval"] == payload["approval"]
    with engine.connect() as conn:
        assert conn.execute(select(LedgerPayment.voided).where(
            LedgerPayment.payment_uuid == p2.payment_uuid)).scalar_one() is True
