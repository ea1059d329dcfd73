"""A void reaches the real ledger (uvicorn on 127.0.0.1) as its outbox item, recorded once."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from counter_app.adapters.ledger_client import LedgerClient
from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.services.imports import import_customers
from hall_ledger.services.terminals import add_terminal
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine
from hall_ledger.store.models import Payment as LedgerPayment
from tests.helpers.approvals import LATE, do_void, later
from tests.helpers.cash_fixtures import pay, start_shift

CUSTOMERS = "account_no,name,address,phone,user_type,area\n" + "".join(
    f"33010000{i:02d},客户{i},城东区人民路{i}号,,residential,东1\n" for i in range(1, 6))


@pytest.fixture
def ledger(tmp_path):
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


def outbox(c, kind: str) -> list[tuple[str, dict]]:
    with c.store.read() as tx:
        rows = tx.raw.execute("SELECT item_key, payload_json FROM outbox WHERE kind = ? ORDER BY id",
                              (kind,)).fetchall()
    return [(k, json.loads(p)) for k, p in rows]


def wire_payment(payload: dict) -> dict:
    """The outbox payment as the ledger's wire format (what the relay sends)."""
    p = dict(payload)
    p.pop("receipt_no", None)
    p.pop("change_fen", None)
    p["allocations"] = [{k: v for k, v in a.items() if k != "settles_bill"}
                        for a in p["allocations"]]
    for t in p["tenders"]:
        t.setdefault("change_fen", 0)
        for k in ("tendered_fen", "reference", "auth_code", "masked_card"):
            t.setdefault(k, None)
    return p


def test_void_item_is_recorded_by_the_ledger_once(counter, ledger):
    engine, client = ledger
    c = counter
    start_shift(c, at=LATE)
    p = pay(c, 1, cash=20000, at=later(1))
    [(_, payment_payload)] = outbox(c, "payment")
    [paid] = client.post_payments([wire_payment(payment_payload)])
    assert paid.acknowledged, (paid.error_code, paid.error_message)

    result = do_void(c, p)
    [(key, payload)] = outbox(c, "void")
    assert key == result.void_id

    [first] = client.post_items("void", [(key, payload)])
    [again] = client.post_items("void", [(key, payload)])  # a resend after a lost answer
    assert first.status == 201 and first.outcome == "recorded", (first.error_code,
                                                                 first.error_message)
    assert again.status == 200 and again.acknowledged
    with engine.connect() as conn:
        assert conn.execute(select(LedgerPayment.voided)).scalar_one() is True
    rec = client.reconciliation(LATE.date())
    assert rec["day"]["void_count"] == 1 and rec["day"]["count"] == 0
