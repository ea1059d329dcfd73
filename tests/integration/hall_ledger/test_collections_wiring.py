"""The collections areas connected as the ledger app runs them (hall_ledger/collections_wiring):
a dunning run executed over HTTP issues its notices and queues its reminders, the account's
state shows them, the arrears list carries the dunning level, a vacant-number receipt flags the
phone, and a delivered reminder counts for the stop-supply gate 经催交."""

from __future__ import annotations

from datetime import date, datetime

import httpx
import pytest
from sqlalchemy import select

from hall_ledger import collections_wiring
from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.services import phones
from hall_ledger.store.models import CustomerPhone, Notice, SmsMessage
from tests.helpers.sms import approved


@pytest.fixture
def h1(engine, halls):
    app = create_app(engine)
    app.state.collections_clock = lambda: date(2026, 3, 20)
    with ThreadedServer(app) as srv, httpx.Client(
            base_url=srv.url, timeout=20,
            headers={"Authorization": f"Bearer {halls['H001'].tokens['T01']}"}) as client:
        yield client


def ok(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


def test_an_executed_run_issues_its_notices_and_queues_its_reminders(engine, h1):
    approved(engine)  # the hall's reminder text, drafted by one person, approved by another
    run = ok(h1.post("/v1/collections/dunning/runs", json={"as_of": "2026-03-20", "actor": "2001"}))
    lines = {x["account_no"]: x for x in run["lines"] if not x["blocked"]}
    assert lines
    target = next(iter(lines))
    ok(h1.post(f"/v1/collections/dunning/runs/{run['run_id']}/lines/{target}",
               json={"actor": "2002", "level": 2}))  # a supervisor raises one to the notice
    ok(h1.post(f"/v1/collections/dunning/runs/{run['run_id']}/execute", json={"actor": "2003"}))

    with engine.connect() as conn:
        notices = conn.execute(select(Notice.account_no, Notice.kind)).all()
        reminders = conn.execute(select(SmsMessage.account_no, SmsMessage.source)).all()
    assert (target, "reminder") in notices  # 催费通知单 issued by the run, not just recorded
    assert reminders and all(s.startswith(f"dunning:{run['run_id']}:") for _, s in reminders)
    assert target not in {a for a, _ in reminders}  # its level's action is the notice

    state = ok(h1.get(f"/v1/collections/accounts/{target}", params={"as_of": "2026-03-21"}))
    assert state["dunning_level"] == 2 and [n["kind"] for n in state["notices"]] == ["reminder"]
    assert state["phone"] is not None  # the phones area answers for the account too

    listed = ok(h1.get("/v1/collections/arrears", params={"as_of": "2026-03-21", "level": 2}))
    assert [a["account_no"] for a in listed["accounts"]] == [target]


def test_a_vacant_receipt_flags_the_phone_and_a_delivered_one_counts_as_reminded(engine, halls):
    account = "3301000001"
    with engine.begin() as conn:
        phone = conn.execute(select(CustomerPhone.phone).where(
            CustomerPhone.account_no == account)).scalar_one()
        assert collections_wiring.on_vacant(conn, "H001", account, phone, datetime(2026, 3, 20))
        state = phones.phone_columns(conn, "H001", [account], date(2026, 3, 20))[account]
        assert state["phone_status"] == "vacant"
        assert not collections_wiring.reminder_delivered(conn, "H001", account, date(2026, 3, 1))
