"""The notices and stop-supply API on a real uvicorn (SQLite and PostgreSQL): hall scoping,
the gates answered with a 409, PDFs, and payments through the real payment routes (a counter
payment and a bank channel payment) cancelling a pending request or opening a reconnection
task for a stopped customer."""

from __future__ import annotations

import subprocess
import uuid
from datetime import date, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select

from hall_ledger.services import notices, stop_supply
from hall_ledger.store.models import CollectionAction, StopSupplyRequest
from tests.helpers.ledger import payment

H = "H001"


@pytest.fixture
def api(server, halls):
    clients: dict[str, httpx.Client] = {}

    def make(token_of: tuple[str, str] = ("H001", "T01")) -> httpx.Client:
        if token_of not in clients:
            hall, terminal = token_of
            clients[token_of] = httpx.Client(
                base_url=server.url, timeout=30,
                headers={"Authorization": f"Bearer {halls[hall].tokens[terminal]}"})
        return clients[token_of]

    yield make
    for c in clients.values():
        c.close()


def now_local() -> datetime:
    return datetime.now().replace(microsecond=0)


def ready_by_api(c: httpx.Client, account: str) -> None:
    """A reminder and a stop-supply notice issued today and delivered a minute ago."""
    at = (now_local() - timedelta(minutes=1)).isoformat()
    for kind in ("reminder", "stop_warning"):
        r = c.post("/v1/collections/notices", json={"actor": "3001", "account_no": account,
                                                    "kind": kind})
        assert r.status_code == 201, r.text
        d = c.post(f"/v1/collections/notices/{r.json()['notice_no']}/delivery",
                   json={"actor": "3001", "method": "in_person", "signed_by": "户主",
                         "delivered_at": at})
        assert d.status_code == 200 and d.json()["status"] == "delivered", d.text


def raise_and_approve(c: httpx.Client, account: str) -> int:
    planned = (now_local() + timedelta(days=4)).isoformat()
    r = c.post("/v1/collections/stop-supply", json={"actor": "2001", "account_no": account,
                                                    "planned_at": planned})
    assert r.status_code == 201, r.text
    request_id = r.json()["id"]
    same = c.post(f"/v1/collections/stop-supply/{request_id}/approve", json={"actor": "2001"})
    assert same.status_code == 409
    assert same.json()["error"]["code"] == "collections.stop_supply.four_eyes"
    a = c.post(f"/v1/collections/stop-supply/{request_id}/approve", json={"actor": "2002"})
    assert a.status_code == 200 and a.json()["status"] == "approved", a.text
    return request_id


def test_notices_json_pdf_delivery_and_hall_scope(api, tmp_path):
    c = api()
    r = c.post("/v1/collections/notices", json={"actor": "3001", "account_no": "3301000001",
                                                "kind": "reminder", "as_of": "2026-04-20"})
    assert r.status_code == 201, r.text
    n = r.json()
    number = n["notice_no"]
    assert number == "H001-CF-2026-000001" and n["late_fee_fen"] == 948
    listed = c.get("/v1/collections/notices", params={"account_no": "3301000001",
                                                      "status": "pending"}).json()["notices"]
    assert [x["notice_no"] for x in listed] == [number]
    got = c.get(f"/v1/collections/notices/{number}").json()
    assert got["print_lines"][0] == "电费催费通知单" and got["name"] == "张三"
    pdf = c.get(f"/v1/collections/notices/{number}/pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    (tmp_path / "n.pdf").write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "n.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert number in text and "张三" in text and "179.48" in text and "182.03" in text
    # other halls do not see it; channels may not ask
    other = api(("H002", "T01"))
    assert other.get(f"/v1/collections/notices/{number}").status_code == 404
    assert other.get("/v1/collections/notices").json()["notices"] == []
    bank = api(("H001", "BANK"))
    assert bank.get("/v1/collections/notices").status_code == 403
    bad = c.post(f"/v1/collections/notices/{number}/delivery",
                 json={"actor": "not an id!", "method": "posted",
                       "delivered_at": "2026-04-21T10:00:00"})
    assert bad.status_code == 422
    d = c.post(f"/v1/collections/notices/{number}/delivery",
               json={"actor": "3001", "method": "posted", "delivered_at": "2026-04-21T10:00:00"})
    assert d.status_code == 200 and d.json()["status"] == "delivered"
    batch = c.post("/v1/collections/notices/batch", json={"kind": "reminder", "area": "东1"})
    assert batch.status_code == 404  # delivered: nothing pending left to hand out
    assert batch.json()["error"]["code"] == "collections.notices.none"


def test_a_failing_gate_is_a_409_listing_every_gate_and_writes_nothing(api, engine):
    c = api()
    with engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(CollectionAction)).scalar()
    planned = (now_local() + timedelta(days=4)).isoformat()
    r = c.post("/v1/collections/stop-supply", json={"actor": "2001", "account_no": "3301000001",
                                                    "planned_at": planned})
    assert r.status_code == 409
    body = r.json()
    assert body["error"]["code"] == "collections.stop_supply.gates"
    assert [g["gate"] for g in body["gates"]] == ["overdue", "reminder_delivered",
                                                  "notice_window", "four_eyes",
                                                  "regulator_notified", "renotice"]
    assert {g["gate"]: g["ok"] for g in body["gates"]}["reminder_delivered"] is False
    assert all(g["basis"] for g in body["gates"])
    preview = c.get("/v1/collections/stop-supply/gates",
                    params={"account_no": "3301000001", "planned_at": planned}).json()
    assert preview["gates"] == body["gates"]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(StopSupplyRequest)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(CollectionAction)).scalar() == before
    past = c.post("/v1/collections/stop-supply", json={
        "actor": "2001", "account_no": "3301000001", "planned_at": "2026-01-01T10:00:00"})
    assert past.status_code == 422


def test_a_counter_payment_through_the_api_cancels_the_pending_request(api):
    c = api()
    ready_by_api(c, "3301000002")
    request_id = raise_and_approve(c, "3301000002")
    paid = c.post("/v1/payments", json={"payments": [payment("3301000002")]})
    assert paid.status_code == 200 and paid.json()["results"][0]["outcome"] == "recorded", \
        paid.text
    got = c.get(f"/v1/collections/stop-supply/{request_id}").json()
    assert got["status"] == "cancelled" and got["cancel_reason"] == "arrears paid"
    assert c.get("/v1/collections/stop-supply", params={"status": "approved"}).json()[
        "requests"] == []


def test_a_bank_payment_cancels_the_pending_request(api):
    c = api()
    ready_by_api(c, "3301000001")
    request_id = raise_and_approve(c, "3301000001")
    bank = api(("H001", "BANK"))
    item = {"payment_uuid": str(uuid.uuid4()), "account_no": "3301000001", "amount_fen": 5000,
            "paid_at": now_local().isoformat(), "reference": "B0001"}
    assert bank.post("/v1/channel-payments", json={"payments": [item]}).status_code == 200
    assert c.get(f"/v1/collections/stop-supply/{request_id}").json()["status"] == "approved"
    item = {**item, "payment_uuid": str(uuid.uuid4()), "amount_fen": 30000, "reference": "B0002"}
    assert bank.post("/v1/channel-payments", json={"payments": [item]}).status_code == 200
    got = c.get(f"/v1/collections/stop-supply/{request_id}").json()
    assert got["status"] == "cancelled" and got["cancelled_by"] == "system"


def test_a_stopped_customer_paying_at_the_counter_gets_a_reconnection_task(api, engine):
    # The stop happened in April (the service with its clock); the payment comes now.
    def at(day, hour=10):
        return datetime(2026, 4, day, hour, 0)

    with engine.begin() as conn:
        for kind, issued, delivered in (("reminder", date(2026, 4, 1), at(2)),
                                        ("stop_warning", date(2026, 4, 20), at(20, 15))):
            n = notices.issue_notice(conn, H, "3301000001", kind, issued, "test")
            notices.record_delivery(conn, H, n["notice_no"], actor="3001", terminal_id=None,
                                    method="left_at_door", signed_by=None, delivered_at=delivered,
                                    now=delivered)
        r = stop_supply.request_stop(conn, H, "3301000001", at(25), actor="2001",
                                     terminal_id=None, now=at(20, 18))
        kw = {"terminal_id": None}
        stop_supply.approve(conn, H, r["id"], actor="2002", now=at(21), **kw)
        stop_supply.renotified(conn, H, r["id"], actor="2002", now=at(25, 9), **kw)
        stop_supply.stopped(conn, H, r["id"], actor="5001", now=at(25, 10), **kw)
    c = api()
    assert c.get("/v1/collections/reconnections", params={"open": "true"}).json()["tasks"] == []
    both = payment("3301000001", amount_fen=17000, allocations=[
        {"bill_id": 1, "period": "2026-01", "late_fee_fen": 0, "principal_fen": 12000,
         "late_fee_assessed_fen": 0},
        {"bill_id": 2, "period": "2026-02", "late_fee_fen": 0, "principal_fen": 5000,
         "late_fee_assessed_fen": 0}])
    paid = c.post("/v1/payments", json={"payments": [both]})
    assert paid.json()["results"][0]["outcome"] == "recorded", paid.text
    [task] = c.get("/v1/collections/reconnections", params={"open": "true"}).json()["tasks"]
    assert task["account_no"] == "3301000001" and task["overdue"] is False
    assert (datetime.fromisoformat(task["due_at"]) - datetime.fromisoformat(task["opened_at"])
            == timedelta(hours=24))
    assert c.get(f"/v1/collections/stop-supply/{r['id']}").json()["status"] == "stopped"
    closed = c.post(f"/v1/collections/reconnections/{task['id']}/close", json={"actor": "5001"})
    assert closed.status_code == 200 and closed.json()["open"] is False
    assert c.get("/v1/collections/reconnections", params={"open": "true"}).json()["tasks"] == []
    assert c.get(f"/v1/collections/stop-supply/{r['id']}").json()["status"] == "reconnected"
    again = c.post(f"/v1/collections/reconnections/{task['id']}/close", json={"actor": "5001"})
    assert again.status_code == 409
