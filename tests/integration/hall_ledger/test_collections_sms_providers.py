"""The Aliyun SMS and Tencent Cloud SMS adapters, through their official SDKs, against the
simulator's imitation of the providers' JSON on 127.0.0.1 (no network beyond loopback).
Skipped when the optional SDK is not installed (the [sms-aliyun] / [sms-tencent] extras)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from hall_ledger.services.sms.dispatch import DEFAULT_GRACE, dispatch
from hall_ledger.services.sms.gateway import SendRequest
from hall_ledger.services.sms.messages import add_gateway_token
from hall_ledger.services.sms.simulator import Simulator
from hall_ledger.store.models import SmsMessage
from tests.helpers.sms import DELIVERED, NO_RECEIPT, VACANT, approved, seed_sms
from tests.helpers.waiting import wait_until

TODAY = (datetime.utcnow() + timedelta(hours=8)).date()  # the simulator dates sends in China


@pytest.fixture
def sim():
    with Simulator(receipt_delay=0.0) as s:
        yield s


def aliyun(sim):
    pytest.importorskip("alibabacloud_dysmsapi20170525")
    from hall_ledger.services.sms.gw_aliyun import AliyunGateway

    return AliyunGateway(access_key_id="test-id", access_key_secret="test-secret",
                         endpoint=sim.url.removeprefix("http://"), protocol="http")


def tencent(sim):
    pytest.importorskip("tencentcloud.sms.v20210111")
    from hall_ledger.services.sms.gw_tencent import TencentGateway

    return TencentGateway(secret_id="test-id", secret_key="test-key", sdk_app_id="1400000000",
                          endpoint=sim.url.removeprefix("http://"), scheme="http")


PROVIDERS = [aliyun, tencent]


def request(phone: str, out_id: str = "6d1f3c1e-0000-4000-8000-000000000001") -> SendRequest:
    return SendRequest(out_id=out_id, phone=phone, signature="国网城东供电",
                       template_code="SMS_1001", params={"name": "钱*", "amount": "120.00"},
                       text="钱*您好 ... 120.00元")


@pytest.mark.parametrize("make", PROVIDERS)
def test_send_carries_our_id_as_the_out_id_and_query_finds_it(sim, make):
    gw = make(sim)
    result = gw.send(request("13912340000"))
    assert result.outcome == "accepted" and result.provider_ref
    [kept] = sim.state.messages.values()
    assert kept.out_id == "6d1f3c1e-0000-4000-8000-000000000001"
    assert kept.sign == "国网城东供电" and kept.template_code == "SMS_1001"
    assert set(kept.params.values()) == {"钱*", "120.00"}
    assert wait_until(lambda: kept.receipt == "delivered")
    found = gw.query(kept.out_id, "13912340000", TODAY)
    assert (found.found, found.status) == (True, "delivered")
    assert not gw.query("6d1f3c1e-0000-4000-8000-0000000000ff", "13912340000", TODAY).found


@pytest.mark.parametrize("make", PROVIDERS)
def test_rate_limits_vacant_numbers_and_no_receipt(sim, make):
    gw = make(sim)
    limited = gw.send(request("13912340003", "6d1f3c1e-0000-4000-8000-000000000003"))
    assert limited.outcome == "rate_limited" and limited.code
    assert gw.send(request("13912340001", "6d1f3c1e-0000-4000-8000-000000000011")).outcome == \
        "accepted"
    assert gw.send(request("13912340002", "6d1f3c1e-0000-4000-8000-000000000012")).outcome == \
        "accepted"
    msg = sim.state.messages["6d1f3c1e-0000-4000-8000-000000000011"]
    assert wait_until(lambda: msg.receipt == "vacant")
    assert gw.query(msg.out_id, "13912340001", TODAY).status == "vacant"
    assert gw.query("6d1f3c1e-0000-4000-8000-000000000012", "13912340002", TODAY).status == "sent"


@pytest.mark.parametrize("make", PROVIDERS)
def test_dispatch_through_the_sdk_and_a_lost_answer_is_queried(engine, halls, server, make):
    seed_sms(engine)
    approved(engine)
    token = add_gateway_token(engine, "sim")
    with Simulator(ledger_url=server.url, token=token, receipt_delay=0.0) as s:
        gw = make(s)
        from hall_ledger.services.sms import queue_reminder

        now = datetime.utcnow().replace(microsecond=0)
        with engine.begin() as conn:
            from hall_ledger.services.sms.settings import set_settings

            set_settings(conn, "H001", actor="3001", now=now, window_start="00:00",
                         window_end="23:59")
            # queued in this order, sent in this order (one at a time)
            ids = [queue_reminder(conn, "H001", a, "dunning:r1:1", date(2026, 4, 20),
                                  now=now - timedelta(seconds=10 - i))
                   for i, a in enumerate((NO_RECEIPT, DELIVERED, VACANT))]
        # the first answer (no receipt will come for it) is lost: its outcome is unknown
        s.state.drop_answers = 1
        report = dispatch(engine, gw, now=now, concurrency=1)
        assert report.get("sent_calls") == 3 and report.get("unknown") == 1
        report = dispatch(engine, gw, now=now + DEFAULT_GRACE)
        assert report.get("resolved") == 1 and report.get("sent_calls") == 0

        def statuses():
            with engine.connect() as conn:
                rows = conn.execute(select(SmsMessage.message_id, SmsMessage.status)).all()
            return dict(rows)

        assert wait_until(lambda: [statuses()[i] for i in ids] == ["sent", "delivered", "vacant"])
        assert s.stats()["per_out_id"] == {i: 1 for i in ids}
