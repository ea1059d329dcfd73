"""Two halls whose counters are both T01 (issue 11, item 2), end to end: two counter stores take
payments, close their shift 1 and relay everything (payments, shift report, audit head) to one
real ledger (uvicorn on 127.0.0.1, SQLite and PostgreSQL). Nothing is refused, each hall's
report and head are its own — also when both reports are still queued under the key a counter
made before keys named the hall (the same key in both halls)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from counter_app.adapters.ledger_client import LedgerClient
from counter_app.adapters.relay_thread import ClientLedger
from counter_app.adapters.storage.sync_repo import SqliteSyncStore
from counter_app.ledger_link import sync_once
from counter_app.services import cash_control as cc
from counter_app.services import sync
from counter_app.services.reconciliation import reconcile
from hall_domain.shifts import DenominationCount
from hall_ledger.services.imports import import_bills, import_customers
from hall_ledger.services.terminals import add_terminal
from hall_ledger.store.models import Item
from tests.helpers.cash_fixtures import SUP_PIN, T0, TERMINAL, make_counter, pay, start_shift

DAY = date(2026, 3, 20)
CLOSE_AT = T0 + timedelta(hours=8)
PREFIX = {"H001": "33010000", "H002": "44020000"}
LEGACY_KEY = str(uuid.uuid5(uuid.UUID("6f1c1d7e-5b0a-4c59-9a51-0c2f3e9a7b11"), "T01/1"))


def seed(engine, hall_id: str) -> str:
    prefix = PREFIX[hall_id]
    customers = "account_no,name,address,phone,user_type,area\n" + "".join(
        f"{prefix}{i:02d},客户{i},人民路{i}号,,residential,东1\n" for i in range(1, 6))
    bills = "account_no,period,kwh,amount,due_date\n" + "".join(
        f"{prefix}{i:02d},2026-03,100,{(10000 + i * 100) / 100:.2f},2026-04-15\n"
        for i in range(1, 6))
    assert import_customers(engine, customers, hall_id=hall_id).ok
    assert import_bills(engine, bills, hall_id=hall_id).ok
    return add_terminal(engine, hall_id=hall_id, terminal_id=TERMINAL)


def relay(c, url: str, token: str, hall_id: str, at) -> None:
    port = ClientLedger.connect(url, token)
    try:
        result = sync_once(c.store, port, clock=lambda: at, hall_id=hall_id, pull_reference=False,
                           ignore_schedule=True, policy=sync.RelayPolicy(batch_size=50))
    finally:
        port.close()
    assert result.error is None, result.error
    assert result.report.refused == 0, sync.review_list(SqliteSyncStore(c.store))


def close_shift(c, shift_id: int, hall_id: str) -> None:
    cc.begin_close(c.cash, terminal_id=TERMINAL, user=c.cashier, now=CLOSE_AT)
    cc.submit_blind_count(c.cash, shift_id=shift_id, user=c.cashier,
                          counted=DenominationCount({10000: 4, 100: 1}),
                          bank_settlement_fen=10200, now=CLOSE_AT)
    cc.supervisor_sign_off(c.cash, shift_id=shift_id, supervisor_id="2001", pin=SUP_PIN,
                           now=CLOSE_AT)
    cc.close_shift(c.cash, shift_id=shift_id, user=c.supervisor, now=CLOSE_AT, hall_id=hall_id)


def legacy_report_key(hall_id: str, terminal_id: str, shift_id: int) -> str:
    """The key close_shift made before keys named the hall: uuid5("T01/<shift>")."""
    return str(uuid.uuid5(uuid.UUID("6f1c1d7e-5b0a-4c59-9a51-0c2f3e9a7b11"),
                          f"{terminal_id}/{shift_id}"))


@pytest.mark.parametrize("legacy_keys", [False, True], ids=["new-keys", "legacy-keys"])
def test_two_halls_with_the_same_terminal_id_sync_everything(engine, server, tmp_path,
                                                             legacy_keys, monkeypatch):
    if legacy_keys:  # both reports queued (and sealed) as a counter did before the upgrade
        monkeypatch.setattr(cc, "report_item_key", legacy_report_key)
    counters, tokens, shifts = {}, {}, {}
    try:
        for hall_id in ("H001", "H002"):
            tokens[hall_id] = seed(engine, hall_id)
            c = counters[hall_id] = make_counter(tmp_path / f"{hall_id}.db",
                                                 account_prefix=PREFIX[hall_id])
            shifts[hall_id] = start_shift(c).shift_id
            pay(c, 1, cash=10100, tendered=20000)
            pay(c, 2, card=10200)
        for hall_id, c in counters.items():  # interleaved, as real halls are
            relay(c, server.url, tokens[hall_id], hall_id, T0 + timedelta(hours=1))
        for hall_id, c in counters.items():
            close_shift(c, shifts[hall_id], hall_id)
        for hall_id, c in counters.items():
            relay(c, server.url, tokens[hall_id], hall_id, CLOSE_AT + timedelta(minutes=1))

        with engine.connect() as conn:
            reports = sorted(tuple(r) for r in conn.execute(
                select(Item.hall_id, Item.terminal_id, Item.item_key)
                .where(Item.kind == "shift_report")))
        assert [r[:2] for r in reports] == [("H001", "T01"), ("H002", "T01")]
        if legacy_keys:
            assert {r[2] for r in reports} == {LEGACY_KEY}
        else:
            assert len({r[2] for r in reports}) == 2
            assert reports[0][2] == cc.report_item_key("H001", "T01", shifts["H001"])
            assert reports[1][2] == cc.report_item_key("H002", "T01", shifts["H002"])
        for hall_id, c in counters.items():
            status = sync.sync_status(SqliteSyncStore(c.store))
            assert (status.pending, status.review_items) == (0, 0), (hall_id, status)
            assert cc.report_sent(c.cash, shift_id=shifts[hall_id]) is True
            with SqliteSyncStore(c.store).read() as tx:
                last = tx.audit.last_audit()
            with LedgerClient(server.url, tokens[hall_id]) as client:
                kept = client.audit_head()
                assert (kept["seq"], kept["hash"]) == (last.seq, last.hash), hall_id
                r = reconcile(c.cash, client, terminal_id=TERMINAL, business_date=DAY,
                              user=c.supervisor)
            assert r.ok and r.shifts[0].counter_report_matches is True, (hall_id, r)
            # A resend after a lost answer: the same answer, still one report per hall.
            with c.store.read() as tx:
                key = tx.raw.execute("SELECT report_item_key FROM shift_closes").fetchone()[0]
            with LedgerClient(server.url, tokens[hall_id]) as client:
                [again] = client.post_items("shift_report", [(key, _payload_of(engine, hall_id))])
            assert again.status == 200, (again.error_code, again.error_message)
    finally:
        for c in counters.values():
            c.close()


def _payload_of(engine, hall_id: str) -> str:
    with engine.connect() as conn:
        return conn.execute(select(Item.payload_json).where(
            Item.kind == "shift_report", Item.hall_id == hall_id)).scalar_one()
