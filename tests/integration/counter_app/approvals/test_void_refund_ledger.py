"""Voids and refunds end to end through the real ledger (uvicorn on 127.0.0.1, SQLite and
PostgreSQL): the counter queues them, the relay sends them, the ledger reverses the payment's
bookings (bills reopened as they were, credit taken back, changes for the other counters) or
takes the refund off the credit (its receipt number counted, no gap); resends are duplicates."""

from __future__ import annotations

import json
import os
import time
import uuid
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import create_engine, select, text

from counter_app.adapters.ledger_client import LedgerClient
from counter_app.adapters.relay_thread import ClientLedger
from counter_app.adapters.storage.sync_repo import SqliteSyncStore
from counter_app.services import sync, voids
from counter_app.services.sync import RelayPolicy
from hall_domain.security import Action
from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.services.balances import verify
from hall_ledger.services.channels import channel_principal, ingest_channel_payments
from hall_ledger.services.imports import import_bills, import_customers
from hall_ledger.services.terminals import add_terminal
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine
from hall_ledger.store.models import Bill as LedgerBill
from hall_ledger.store.models import Customer as LedgerCustomer
from hall_ledger.store.models import Payment as LedgerPayment
from tests.helpers.approvals import CTX, LATE, PRINTER, approve, close_shift_raw, do_void, later
from tests.helpers.cash_fixtures import TERMINAL, pay, start_shift

CUSTOMERS = "account_no,name,address,phone,user_type,area\n" + "".join(
    f"33010000{i:02d},客户{i},城东区人民路{i}号,,residential,东1\n" for i in range(1, 6))
# The same bills as the counter's (tests/helpers/cash_fixtures.make_counter), amounts in yuan.
BILLS = "account_no,period,kwh,amount,due_date\n" + "".join(
    f"33010000{i:02d},2026-03,100,{(10000 + i * 100) / 100:.2f},2026-04-15\n" for i in range(1, 6))
PG_ENV = "COUNTER_TEST_PG_URL"


def _pg_url(base: str, schema: str) -> str:
    parts = urlsplit(base)
    query = "&".join(q for q in (parts.query, f"options=-csearch_path%3D{schema}") if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def ledger_engine(request, tmp_path):
    """The counter's customers and bills on a SQLite ledger or in a new PostgreSQL schema."""
    admin = schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ledger.db'}"
    else:
        base = os.environ.get(PG_ENV)
        if not base:
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(f"{PG_ENV} is not set, but CI=true: the PostgreSQL tests must run")
            pytest.skip(f"{PG_ENV} not set (PostgreSQL variant skipped locally)")
        schema = f"void_test_{uuid.uuid4().hex[:12]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = _pg_url(base, schema)
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        assert import_customers(engine, CUSTOMERS, hall_id="H001").ok
        assert import_bills(engine, BILLS, hall_id="H001").ok
        yield engine
    finally:
        engine.dispose()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()


@pytest.fixture
def ledger(ledger_engine):
    """(engine, server url, T01 token, T02 token)."""
    t01 = add_terminal(ledger_engine, hall_id="H001", terminal_id="T01")
    t02 = add_terminal(ledger_engine, hall_id="H001", terminal_id="T02")
    with ThreadedServer(create_app(ledger_engine)) as srv:
        yield ledger_engine, srv.url, t01, t02


def relay(c, url: str, token: str) -> sync.PassReport:
    """Everything the counter queued goes to the ledger through the relay (real HTTP)."""
    import random

    ledger = ClientLedger.connect(url, token, timeout=20.0)
    try:
        report = sync.drain(SqliteSyncStore(c.store), ledger, clock=lambda: LATE + timedelta(days=1),
                            sleep=time.sleep, timeout=20,
                            policy=RelayPolicy(batch_size=50, base_delay=0.02, max_delay=0.2,
                                               rng=random.Random(7)))
    finally:
        ledger.close()
    assert report.error is None, report.error
    return report


def state(engine, account_no: str) -> tuple[list[dict], int]:
    """The ledger's bills of an account (all columns but the change number) and its credit."""
    with engine.connect() as conn:
        bills = [{k: v for k, v in row._mapping.items() if k != "change_seq"}
                 for row in conn.execute(select(LedgerBill.__table__)
                                         .where(LedgerBill.account_no == account_no)
                                         .order_by(LedgerBill.period))]
        credit = conn.execute(select(LedgerCustomer.credit_fen)
                              .where(LedgerCustomer.account_no == account_no)).scalar_one()
    return bills, credit


def outbox_item(c, kind: str) -> tuple[str, str]:
    with c.store.read() as tx:
        row = tx.raw.execute("SELECT item_key, payload_json FROM outbox WHERE kind = ? "
                             "ORDER BY id DESC LIMIT 1", (kind,)).fetchone()
    return row[0], row[1]


def answer(c, kind: str, key: str):
    with SqliteSyncStore(c.store).read() as tx:
        return tx.answers.get_ledger_answer(kind, key)


def refund(c, p, amount_fen: int, at):
    ok = approve(c, Action.REFUND_CREDIT, f"refund:{p.payment_uuid}", at=at)
    return voids.refund_credit(c.store, terminal_id=TERMINAL, user=c.cashier,
                               payment_uuid=p.payment_uuid, amount_fen=amount_fen,
                               reason="客户要求退预存", approval=ok, now=at + timedelta(minutes=1),
                               receipt_ctx=CTX, printer_uri=PRINTER)


def test_void_reverses_the_ledger_booking_and_other_counters_see_it(counter, ledger):
    engine, url, t01, t02 = ledger
    c = counter
    start_shift(c, at=LATE)
    full_acct, part_acct = "3301000002", "3301000003"
    first_part = pay(c, 2, cash=5000, at=later(1))  # part of 3301000003's bill
    relay(c, url, t01)
    before_full, before_part = state(engine, full_acct), state(engine, part_acct)
    assert before_full[0][0]["status"] == "open" and before_part[0][0]["status"] == "partial"
    other = LedgerClient(url, t02, timeout=20.0)  # another counter of the hall
    try:
        cursor = other.pull_snapshot().changes_cursor

        full = pay(c, 1, cash=20000, at=later(2))  # the whole bill, the rest is credit
        rest = pay(c, 2, cash=20000, at=later(3))  # the rest of the bill and credit
        relay(c, url, t01)
        for acct, p in ((full_acct, full), (part_acct, rest)):
            bills, credit = state(engine, acct)
            assert bills[0]["status"] == "paid" and credit == p.credit_fen > 0

        v_full = do_void(c, full, at=later(5))
        key, payload = outbox_item(c, "void")  # as the relay will send it
        v_rest = do_void(c, rest, at=later(6))
        assert relay(c, url, t01).recorded == 2
        assert state(engine, full_acct) == before_full  # bill, fee and credit as before
        assert state(engine, part_acct) == before_part  # back to the first part payment
        assert verify(engine) == []
        for v in (v_full, v_rest):
            a = answer(c, "void", v.void_id)
            assert a.outcome == "recorded" and a.status == 201

        changes = other.pull_changes(cursor)
        bills = {b["account_no"]: b for b in changes.bills}
        customers = {x["account_no"]: x for x in changes.customers}
        assert bills[full_acct]["status"] == "open" and bills[full_acct]["principal_paid_fen"] == 0
        assert bills[part_acct]["status"] == "partial"
        assert bills[part_acct]["principal_paid_fen"] == before_part[0][0]["principal_paid_fen"]
        assert customers[full_acct]["credit_fen"] == 0 == customers[part_acct]["credit_fen"]
    finally:
        other.close()

    # A resend (the answer was lost) is a duplicate with the original answer; nothing changes.
    assert key == v_full.void_id
    payload = sync.wire_payload("void", payload)
    client = LedgerClient(url, t01, timeout=20.0)
    try:
        [first] = client.post_items("void", [(key, payload)])
        [again] = client.post_items("void", [(key, payload)])
        assert first.status == again.status == 200 and first.outcome == "duplicate"
        assert first.result == again.result and first.result["balances_reversed"] is True
        assert first.result["reversed"]["credit_fen"] == full.credit_fen
        rec = client.reconciliation(LATE.date())
    finally:
        client.close()
    assert state(engine, full_acct) == before_full and verify(engine) == []
    assert rec["day"]["void_count"] == 2 and rec["day"]["count"] == 1
    assert rec["receipts"]["gaps"] == []
    with engine.connect() as conn:
        voided = dict(conn.execute(select(LedgerPayment.payment_uuid, LedgerPayment.voided)).all())
    assert voided == {first_part.payment_uuid: False, full.payment_uuid: True,
                      rest.payment_uuid: True}


def test_refund_after_the_shift_reaches_the_ledger_without_a_receipt_gap(counter, ledger):
    engine, url, t01, _ = ledger
    c = counter
    shift = start_shift(c, at=LATE)
    p = pay(c, 1, cash=20000, at=later(1))
    relay(c, url, t01)
    _, credit_before = state(engine, p.account_no)
    assert credit_before == p.credit_fen > 0
    close_shift_raw(c, shift.shift_id, later(10))
    start_shift(c, at=later(20))
    r = refund(c, p, p.credit_fen - 100, later(21))
    q = pay(c, 3, cash=10400, at=later(30))
    assert (p.receipt_number, r.receipt_number, q.receipt_number) == (
        p.receipt_number, p.receipt_number + 1, p.receipt_number + 2)
    key, payload = outbox_item(c, "refund")
    assert key == r.refund_uuid and json.loads(payload)["receipt_number"] == r.receipt_number
    payload = sync.wire_payload("refund", payload)
    relay(c, url, t01)

    assert state(engine, p.account_no)[1] == 100  # the ledger's credit went down by the refund
    a = answer(c, "refund", r.refund_uuid)
    assert a.outcome == "recorded" and not a.review
    assert verify(engine) == []
    client = LedgerClient(url, t01, timeout=20.0)
    try:
        rec = client.reconciliation(LATE.date())
        assert rec["receipts"]["gaps"] == [] and rec["receipts"]["missing_count"] == 0
        assert rec["receipts"]["last"] == q.receipt_number
        [again] = client.post_items("refund", [(key, payload)])  # resend
        assert again.status == 200 and again.outcome == "duplicate"
        assert again.result["credit_taken_fen"] == p.credit_fen - 100
        assert again.result["receipt_no"] == r.receipt_no
    finally:
        client.close()
    assert state(engine, p.account_no)[1] == 100 and verify(engine) == []


def test_refund_of_credit_used_elsewhere_is_recorded_and_flagged(counter, ledger):
    engine, url, t01, t02 = ledger
    c = counter
    shift = start_shift(c, at=LATE)
    p = pay(c, 1, cash=20000, at=later(1))
    relay(c, url, t01)
    # Meanwhile another counter paid out most of the same credit on the ledger.
    other = LedgerClient(url, t02, timeout=20.0)
    try:
        rid = str(uuid.uuid4())
        [elsewhere] = other.post_items("refund", [(rid, {
            "refund_id": rid, "payment_uuid": p.payment_uuid, "terminal_id": "T02",
            "account_no": p.account_no, "amount_fen": p.credit_fen - 300, "receipt_number": 1,
            "shift_id": 1, "cashier_id": "1002", "approved_by": "2002", "reason": "退预存",
            "refunded_at": later(15).isoformat(), "business_date": LATE.date().isoformat()})])
        assert elsewhere.status == 201 and elsewhere.result["review"] is False
    finally:
        other.close()
    assert state(engine, p.account_no)[1] == 300
    close_shift_raw(c, shift.shift_id, later(10))
    start_shift(c, at=later(20))
    r = refund(c, p, p.credit_fen, later(21))  # the counter still sees all of it
    relay(c, url, t01)

    a = answer(c, "refund", r.refund_uuid)
    assert a.outcome == "recorded" and a.review and "credit_short" in a.review_reasons
    assert state(engine, p.account_no)[1] == 0  # never below zero; the rest is flagged
    key, payload = outbox_item_or_none(c, r.refund_uuid)
    assert key is None  # acknowledged: gone from the outbox
    assert verify(engine) == []
    client = LedgerClient(url, t01, timeout=20.0)
    try:
        rec = client.reconciliation(LATE.date())
    finally:
        client.close()
    assert rec["receipts"]["gaps"] == [] and rec["receipts"]["last"] == r.receipt_number


def outbox_item_or_none(c, key: str):
    with c.store.read() as tx:
        row = tx.raw.execute("SELECT item_key, payload_json FROM outbox WHERE item_key = ?",
                             (key,)).fetchone()
    return (row[0], row[1]) if row else (None, None)


def test_void_is_refused_when_the_ledger_booked_more_on_the_bill_or_used_the_credit(counter,
                                                                                   ledger):
    engine, url, t01, t02 = ledger
    c = counter
    start_shift(c, at=LATE)
    part = pay(c, 2, cash=5000, at=later(1))  # part of 3301000003's bill
    credit = pay(c, 3, cash=20000, at=later(2))  # 3301000004: bill paid, the rest is credit
    relay(c, url, t01)
    # The bank collects the rest of 3301000003's bill; another counter refunds 4's credit.
    [bank] = ingest_channel_payments(engine, channel_principal(engine, part.account_no, "bank"), [
        {"payment_uuid": str(uuid.uuid4()), "account_no": part.account_no, "amount_fen": 9000,
         "paid_at": later(3).isoformat(), "reference": "BANK-1"}])
    assert bank["status"] == 201 and bank["result"]["allocations"]
    other = LedgerClient(url, t02, timeout=20.0)
    try:
        rid = str(uuid.uuid4())
        [r] = other.post_items("refund", [(rid, {
            "refund_id": rid, "payment_uuid": credit.payment_uuid, "terminal_id": "T02",
            "account_no": credit.account_no, "amount_fen": 100, "receipt_number": 1,
            "shift_id": 1, "cashier_id": "1002", "approved_by": "2002", "reason": "退预存",
            "refunded_at": later(3).isoformat(), "business_date": LATE.date().isoformat()})])
        assert r.status == 201
    finally:
        other.close()
    before = state(engine, part.account_no), state(engine, credit.account_no)

    v_part = do_void(c, part, at=later(5))  # the counter knows nothing of either
    v_credit = do_void(c, credit, at=later(6))
    relay(c, url, t01)
    assert answer(c, "void", v_part.void_id).status == 422
    assert c_review(c) == {v_part.void_id, v_credit.void_id}
    with SqliteSyncStore(c.store).read() as tx:
        codes = {row[0]: row[1] for row in tx.raw.execute(
            "SELECT item_key, last_error FROM outbox WHERE state = 'review'")}
    assert "void.later_payment" in codes[v_part.void_id]
    assert "void.credit_spent" in codes[v_credit.void_id]
    # The ledger is unchanged: nothing reversed, neither payment voided.
    assert (state(engine, part.account_no), state(engine, credit.account_no)) == before
    with engine.connect() as conn:
        assert not any(conn.execute(select(LedgerPayment.voided)).scalars())
    assert verify(engine) == []


def c_review(c) -> set[str]:
    with c.store.read() as tx:
        return {r[0] for r in tx.raw.execute("SELECT item_key FROM outbox WHERE state = 'review'")}
