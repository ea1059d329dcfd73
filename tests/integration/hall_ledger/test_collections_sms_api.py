"""The SMS routes over HTTP on a real server: templates with four-eyes approval, the log,
opt-outs from the counter, settings, and the gateway's receipts (its own token only)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from hall_ledger.services.collections_audit import actions_for
from hall_ledger.services.sms.messages import add_gateway_token, revoke_gateway_tokens
from hall_ledger.store.models import CollectionAction, SmsMessage, SmsOptOut, SmsTemplate
from tests.helpers.sms import DELIVERED, TEXT, seed_sms


@pytest.fixture
def api(engine, halls, server):
    seed_sms(engine)

    def call(method: str, path: str, token: str | None = None, **kw) -> httpx.Response:
        token = token or halls["H001"].tokens["T01"]
        return httpx.request(method, f"{server.url}/v1/collections/sms{path}",
                             headers={"Authorization": f"Bearer {token}"}, timeout=20, **kw)

    return call


def count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_template_is_drafted_by_one_and_approved_by_another(api, engine, halls):
    r = api("POST", "/templates", json={"actor": "3001", "name": "缴费提醒", "text": TEXT,
                                        "signature": "国网城东供电"})
    assert r.status_code == 201, r.text
    t = r.json()
    assert (t["status"], t["drafted_by"], t["parts"]) == ("draft", "3001", 2)
    assert t["variables"] == ["name", "account_no", "due_date", "amount"]
    same = api("POST", f"/templates/{t['template_id']}/approve", json={"actor": "3001"})
    assert same.status_code == 409
    assert same.json()["error"]["code"] == "collections.sms.template.same_person"
    ok = api("POST", f"/templates/{t['template_id']}/approve", json={"actor": "3002"})
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    assert ok.json()["approved_by"] == "3002"
    again = api("POST", f"/templates/{t['template_id']}/approve", json={"actor": "3003"})
    assert again.json()["error"]["code"] == "collections.sms.template.not_draft"
    # another hall neither sees nor approves it
    other = halls["H002"].tokens["T01"]
    assert api("GET", "/templates", token=other).json() == {"templates": []}
    assert api("POST", f"/templates/{t['template_id']}/approve", token=other,
               json={"actor": "4001"}).status_code == 404
    listed = api("GET", "/templates", params={"status": "approved"}).json()["templates"]
    assert [x["template_id"] for x in listed] == [t["template_id"]]
    with engine.connect() as conn:
        assert [a.action for a in actions_for(conn, "H001")][:2] == [
            "sms.template.approved", "sms.template.drafted"]


@pytest.mark.parametrize(("body", "code"), [
    ({"text": "请立即还款，否则催款"}, "collections.sms.template.forbidden_wording"),
    ({"text": "${balance}您好"}, "collections.sms.template.unknown_variable"),
    ({"actor": "30 01"}, "request.invalid"),
    ({"actor": "3001\n"}, "request.invalid"),
    ({"name": "卡号4111111111111111"}, "request.invalid"),
    ({"extra": 1}, "request.invalid"),
])
def test_refused_templates_change_nothing(api, engine, body, code):
    before = (count(engine, SmsTemplate), count(engine, CollectionAction))
    r = api("POST", "/templates", json={"actor": "3001", "name": "x", "text": TEXT, **body})
    assert r.status_code == 422 and r.json()["error"]["code"] == code, r.text
    assert (count(engine, SmsTemplate), count(engine, CollectionAction)) == before


def approve(api) -> None:
    t = api("POST", "/templates", json={"actor": "3001", "name": "t", "text": TEXT}).json()
    api("POST", f"/templates/{t['template_id']}/approve", json={"actor": "3002"})


def test_the_log_shows_a_queued_reminder_and_its_receipt(api, engine):
    approve(api)
    r = api("POST", "/messages", json={"actor": "3001", "account_no": DELIVERED,
                                       "as_of": "2026-04-20"})
    assert r.status_code == 201 and r.json()["queued"]
    mid = r.json()["message_id"]
    log = api("GET", "/messages", params={"account_no": DELIVERED}).json()
    assert [m["message_id"] for m in log["messages"]] == [mid]
    assert log["counts"]["queued"] == 1 and log["messages"][0]["text"].startswith("钱*您好")
    assert api("GET", "/messages", params={"status": "delivered"}).json()["messages"] == []
    token = add_gateway_token(engine, "relay")
    # a counter's token cannot push receipts
    assert api("POST", "/receipts", json={"receipts": []}).status_code == 401
    receipt = {"receipts": [{"out_id": mid, "status": "delivered", "phone": "13912340000",
                             "code": "DELIVRD"}]}
    wrong_phone = {"receipts": [{**receipt["receipts"][0], "phone": "13912349999"}]}
    assert api("POST", "/receipts", token=token, json=wrong_phone).json()["results"][0][
        "outcome"] == "unknown_message"
    assert api("POST", "/receipts", token=token, json=receipt).json()["results"][0][
        "outcome"] == "recorded"
    assert api("GET", "/messages", params={"status": "delivered"}).json()["messages"][0][
        "receipt_code"] == "DELIVRD"
    revoke_gateway_tokens(engine, "relay")
    assert api("POST", "/receipts", token=token, json=receipt).status_code == 401


def test_opt_out_at_the_counter_by_account_and_back_in(api, engine):
    r = api("POST", "/opt-outs", json={"actor": "1001", "account_no": DELIVERED,
                                       "reason": "客户不愿收短信"})
    assert r.json() == {"opted_out": True, "changed": True}
    with engine.connect() as conn:
        row = conn.execute(select(SmsOptOut)).one()
        assert (row.phone, row.source, row.actor, row.hall_id) == (
            "13912340000", "counter", "1001", "H001")
        assert actions_for(conn, "H001", subject=DELIVERED)[0].action == "sms.opt_out.added"
    assert api("POST", "/opt-outs", json={"actor": "1001", "phone": "13912340000"}).json()[
        "changed"] is False
    back = api("POST", "/opt-outs", json={"actor": "1001", "account_no": DELIVERED,
                                          "opt_in": True})
    assert back.json() == {"opted_out": False, "changed": True}
    assert count(engine, SmsOptOut) == 0
    both = api("POST", "/opt-outs", json={"actor": "1001", "account_no": DELIVERED,
                                          "phone": "13912340000"})
    assert both.status_code == 422
    landline = api("POST", "/opt-outs", json={"actor": "1001", "account_no": "3301000003"})
    assert landline.json()["error"]["code"] == "collections.sms.opt_out.phone"


def test_settings_are_per_hall_and_checked(api, halls):
    assert api("GET", "/settings").json()["window_start"] == "08:00"
    r = api("PUT", "/settings", json={"actor": "3001", "window_start": "09:00", "day_cap": 1,
                                      "month_cap": 3})
    assert r.status_code == 200 and r.json()["month_cap"] == 3
    assert api("GET", "/settings", token=halls["H002"].tokens["T01"]).json()["month_cap"] == 4
    bad = api("PUT", "/settings", json={"actor": "3001", "window_end": "09:00"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "collections.sms.settings"
    assert api("PUT", "/settings", json={"actor": "3001", "tz": "Mars/Olympus"}).status_code == 422


def test_queueing_for_an_account_of_another_hall_is_refused(api, engine, halls):
    approve(api)
    r = api("POST", "/messages", json={"actor": "3001", "account_no": "4401000001"})
    assert r.status_code == 404
    assert count(engine, SmsMessage) == 0


def test_the_gateway_routes_refuse_bad_fields_and_keep_replies_on_one_line(api, engine):
    token = add_gateway_token(engine, "relay")
    bad = {"receipts": [{"out_id": "0" * 36, "status": "delivered", "code": "A\x00B"}]}
    assert api("POST", "/receipts", token=token, json=bad).status_code == 422
    far = {"replies": [{"phone": "13912340000", "text": "TD", "received_at": "1900-01-01T00:00:00"}]}
    assert api("POST", "/inbound", token=token, json=far).status_code == 422
    ok = {"replies": [{"phone": "13912340000", "text": "已缴\n谢谢\x00"}]}
    assert api("POST", "/inbound", token=token, json=ok).json()["results"][0]["outcome"] == "kept"
    from hall_ledger.store.models import SmsInbound

    with engine.connect() as conn:
        assert conn.execute(select(SmsInbound.text)).scalar_one() == "已缴 谢谢 "
