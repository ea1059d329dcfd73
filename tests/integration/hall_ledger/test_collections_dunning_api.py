"""The dunning API over HTTP (uvicorn on 127.0.0.1, SQLite and PostgreSQL): the contract's
paths and shapes, the token's hall only, actors recorded, refusals that change nothing, the
injected clock for locks and promises, a promise kept by a bank channel payment."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
import pytest
from sqlalchemy import func, select

from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.services.dunning_state import StateProviders
from hall_ledger.store.models import CollectionAction, DunningLock, DunningRun

TODAY = date(2026, 3, 20)


class Clock:
    def __init__(self, today: date):
        self.today = today

    def __call__(self) -> date:
        return self.today


@pytest.fixture
def api(engine, halls):
    app = create_app(engine)
    clock = Clock(TODAY)
    app.state.collections_clock = clock
    with ThreadedServer(app) as srv:
        def client(hall="H001", terminal="T01"):
            return httpx.Client(base_url=srv.url, timeout=20, headers={
                "Authorization": f"Bearer {halls[hall].tokens[terminal]}"})
        with client() as h1, client("H002") as h2, client("H001", "BANK") as bank:
            yield type("Api", (), {"h1": h1, "h2": h2, "bank": bank, "clock": clock,
                                   "app": app})


def ok(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


def refused(response: httpx.Response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()["error"]
    if code is not None:
        assert body["code"] == code, body
    return body


def count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_run_proposal_edit_execute_reverse_over_http(api, engine):
    body = ok(api.h1.post("/v1/collections/dunning/runs",
                          json={"as_of": "2026-03-20", "actor": "2001"}))
    assert body["created"] and body["status"] == "proposal" and body["customer_class"] == "all"
    line = next(x for x in body["lines"] if x["account_no"] == "3301000001")
    assert set(line) >= {"account_no", "name", "area", "overdue_days", "total_fen",
                         "current_level", "proposed_level", "final_level", "action", "blocked",
                         "note"}
    rid = body["run_id"]
    again = ok(api.h1.post("/v1/collections/dunning/runs",
                           json={"as_of": "2026-03-20", "actor": "2002"}))
    assert not again["created"] and again["run_id"] == rid
    listed = ok(api.h1.get("/v1/collections/dunning/runs"))["runs"]
    assert [r["run_id"] for r in listed] == [rid] and "lines" not in listed[0]
    # edits: raise by two refused (and nothing recorded), raise by one accepted
    before = count(engine, CollectionAction)
    refused(api.h1.post(f"/v1/collections/dunning/runs/{rid}/lines/3301000001",
                        json={"actor": "2002", "level": 3}), 409,
            "collections.dunning.line.raise_too_far")
    assert count(engine, CollectionAction) == before
    edited = ok(api.h1.post(f"/v1/collections/dunning/runs/{rid}/lines/3301000001",
                            json={"actor": "2002", "level": 2, "note": "两次未接"}))
    assert edited["final_level"] == 2 and edited["edited_by"] == "2002"
    # another hall sees no such run
    refused(api.h2.get(f"/v1/collections/dunning/runs/{rid}"), 404, "collections.dunning.no_run")
    refused(api.h2.post(f"/v1/collections/dunning/runs/{rid}/execute", json={"actor": "3001"}),
            404)
    done = ok(api.h1.post(f"/v1/collections/dunning/runs/{rid}/execute", json={"actor": "2003"}))
    assert done["status"] == "executed" and done["executed_by"] == "2003"
    state = ok(api.h1.get("/v1/collections/accounts/3301000001", params={"as_of": "2026-03-21"}))
    assert state["dunning_level"] == 2 and state["level_name"] == "催费通知单"
    assert set(state) >= {"account_no", "dunning_level", "level_name", "lock", "promise",
                          "repeat_defaulter", "notices", "stop_supply", "reconnection", "phone",
                          "as_of"}
    refused(api.h1.post(f"/v1/collections/dunning/runs/{rid}/lines/3301000002",
                        json={"actor": "2002", "blocked": True}), 409,
            "collections.dunning.run_not_proposal")
    refused(api.h1.post(f"/v1/collections/dunning/runs/{rid}/reverse",
                        json={"actor": "2002"}), 422, "request.invalid")
    back = ok(api.h1.post(f"/v1/collections/dunning/runs/{rid}/reverse",
                          json={"actor": "2002", "reason": "台区停电检修，暂缓"}))
    assert back["status"] == "reversed" and back["reverse_reason"] == "台区停电检修，暂缓"
    assert "not unsent" in back["note"]
    state = ok(api.h1.get("/v1/collections/accounts/3301000001", params={"as_of": "2026-03-21"}))
    assert state["dunning_level"] == 0


def test_the_account_state_is_the_halls_only_and_asks_the_providers(api):
    refused(api.h2.get("/v1/collections/accounts/3301000001"), 404,
            "collections.dunning.no_account")
    api.app.state.collections_state_providers = StateProviders(
        notices=lambda conn, hall, acct: [{"number": f"CF-{hall}-{acct}"}],
        phone=lambda conn, hall, acct: {"phone_status": "ok"})
    state = ok(api.h1.get("/v1/collections/accounts/3301000002"))
    assert state["notices"] == [{"number": "CF-H001-3301000002"}]
    assert state["phone"] == {"phone_status": "ok"} and state["stop_supply"] is None
    assert state["as_of"] == "2026-03-20"  # the injected clock's today


def test_procedures_get_and_put_a_new_version(api, engine):
    listed = ok(api.h1.get("/v1/collections/dunning/procedures"))["procedures"]
    assert [p["customer_class"] for p in listed] == ["residential", "non_residential",
                                                     "important"]
    assert all(p["default"] and p["version"] == 0 for p in listed)
    important = next(p for p in listed if p["customer_class"] == "important")
    assert important["levels"][-1]["days_overdue"] > listed[0]["levels"][-1]["days_overdue"]
    levels = [{"days_overdue": 3, "min_amount_fen": 500, "interval_days": 0, "action": "sms"},
              {"days_overdue": 20, "min_amount_fen": 500, "interval_days": 10,
               "action": "notice"}]
    put = ok(api.h1.put("/v1/collections/dunning/procedures/residential",
                        json={"actor": "9001", "levels": levels}))
    assert put["version"] == 1 and put["changed_by"] == "9001" and len(put["levels"]) == 2
    got = ok(api.h1.get("/v1/collections/dunning/procedures/residential"))
    assert [h["version"] for h in got["history"]] == [1]
    before = count(engine, CollectionAction)
    bad = [{**levels[0]}, {**levels[1], "days_overdue": 2}]  # days must rise
    refused(api.h1.put("/v1/collections/dunning/procedures/residential",
                       json={"actor": "9001", "levels": bad}), 422,
            "collections.dunning.procedure_invalid")
    refused(api.h1.put("/v1/collections/dunning/procedures/residential",
                       json={"actor": "bad id!", "levels": levels}), 422, "request.invalid")
    assert count(engine, CollectionAction) == before
    # H002 still has the default
    assert ok(api.h2.get("/v1/collections/dunning/procedures/residential"))["version"] == 0


def test_locks_by_the_injected_clock(api, engine):
    lock = ok(api.h1.post("/v1/collections/dunning/locks", json={
        "actor": "2001", "account_no": "3301000001", "reason": "medical", "until": "2026-03-25",
        "note": "家中有透析病人"}))
    assert lock["starts_on"] == "2026-03-20"
    refused(api.h1.post("/v1/collections/dunning/locks", json={
        "actor": "2001", "account_no": "3301000001", "reason": "dispute",
        "until": "2026-03-19"}), 422, "collections.dunning.lock_until")
    refused(api.h2.post("/v1/collections/dunning/locks", json={
        "actor": "3001", "account_no": "3301000001", "reason": "dispute",
        "until": "2026-03-25"}), 404)
    assert count(engine, DunningLock) == 1
    assert [x["lock_id"] for x in ok(api.h1.get("/v1/collections/dunning/locks"))["locks"]] == [
        lock["lock_id"]]
    api.clock.today = date(2026, 3, 26)  # the lock has expired by itself
    assert ok(api.h1.get("/v1/collections/dunning/locks"))["locks"] == []
    assert ok(api.h1.get("/v1/collections/accounts/3301000001"))["lock"] is None
    api.clock.today = date(2026, 3, 21)
    assert ok(api.h1.get("/v1/collections/accounts/3301000001"))["lock"]["reason"] == "medical"
    released = ok(api.h1.request("DELETE", "/v1/collections/dunning/locks", json={
        "actor": "2002", "account_no": "3301000001"}))["released"]
    assert released[0]["released_by"] == "2002"
    assert ok(api.h1.get("/v1/collections/accounts/3301000001"))["lock"] is None


def test_a_promise_over_http_kept_by_a_bank_channel_payment(api):
    promise = ok(api.h1.post("/v1/collections/dunning/promises", json={
        "actor": "2001", "account_no": "3301000002", "tolerance_days": 0,
        "instalments": [{"due_date": "2026-03-24", "amount_fen": 8100}]}))
    assert promise["state"] == "open" and promise["kind"] == "promise"
    refused(api.h1.post("/v1/collections/dunning/promises", json={
        "actor": "2001", "account_no": "3301000002",
        "instalments": [{"due_date": "2026-03-28", "amount_fen": 100}]}), 409,
        "collections.dunning.promise_running")
    paid = api.bank.post("/v1/channel-payments", json={"payments": [{
        "payment_uuid": str(uuid.uuid4()), "account_no": "3301000002", "amount_fen": 8100,
        "paid_at": "2026-03-24T18:00:00", "reference": "ICBC0001"}]})
    assert paid.status_code in (200, 201), paid.text
    got = ok(api.h1.get("/v1/collections/dunning/promises",
                        params={"account_no": "3301000002", "as_of": "2026-03-25"}))
    assert got["promises"][0]["state"] == "kept" and got["promises"][0]["paid_fen"] == 8100


def test_a_broken_plan_over_http(api):
    ok(api.h1.post("/v1/collections/dunning/promises", json={
        "actor": "2001", "account_no": "3301000001", "tolerance_days": 1,
        "instalments": [{"due_date": "2026-03-22", "amount_fen": 10000},
                        {"due_date": "2026-04-22", "amount_fen": 7200}]}))
    state = ok(api.h1.get("/v1/collections/accounts/3301000001", params={"as_of": "2026-03-24"}))
    assert state["promise"]["state"] == "broken" and state["promise"]["kind"] == "plan"


def test_field_areas_worklist_in_walking_order_and_visits(api, engine):
    refused(api.h1.put("/v1/collections/field/areas", json={
        "actor": "2001", "area": "无此台区", "collector": "C01"}), 404,
        "collections.dunning.no_area")
    ok(api.h1.put("/v1/collections/field/areas", json={
        "actor": "2001", "area": "东1", "collector": "C01"}))
    assert ok(api.h1.get("/v1/collections/field/areas"))["areas"][0]["collector"] == "C01"
    work = ok(api.h1.get("/v1/collections/field/worklist",
                         params={"collector": "C01", "as_of": "2026-04-01"}))
    # 东1: 人民路1号, 2号, 4号 (3301000003 is in 东2, not the collector's)
    assert [a["account_no"] for a in work["accounts"]] == ["3301000001", "3301000002",
                                                           "3301000004"]
    assert work["accounts"][0]["address"].endswith("人民路1号")
    assert work["total_fen"] == sum(a["total_fen"] for a in work["accounts"])
    visit = ok(api.h1.post("/v1/collections/field/visits", json={
        "actor": "C01", "account_no": "3301000002", "visited_on": "2026-03-20",
        "outcome": "not_at_home", "note": "留言门上"}))
    assert visit["collector"] == "C01"
    refused(api.h1.post("/v1/collections/field/visits", json={
        "actor": "C01", "account_no": "3301000002", "visited_on": "2026-03-21",
        "outcome": "not_at_home"}), 422, "collections.dunning.visit_date")  # tomorrow
    refused(api.h1.post("/v1/collections/field/visits", json={
        "actor": "C01", "account_no": "3301000002", "visited_on": "2026-03-20",
        "outcome": "gone"}), 422, "request.invalid")
    work = ok(api.h1.get("/v1/collections/field/worklist",
                         params={"collector": "C01", "as_of": "2026-04-01"}))
    assert work["accounts"][1]["last_visit"]["outcome"] == "not_at_home"
    assert ok(api.h2.get("/v1/collections/field/worklist",
                         params={"collector": "C01"}))["accounts"] == []
    assert [v["visit_id"] for v in ok(api.h1.get("/v1/collections/field/visits", params={
        "account_no": "3301000002"}))["visits"]] == [visit["visit_id"]]


def test_the_bank_channel_cannot_use_the_collections_api(api, engine):
    refused(api.bank.post("/v1/collections/dunning/runs", json={"actor": "2001"}), 403)
    assert count(engine, DunningRun) == 0
