"""SMS dispatch against the local simulator (a real HTTP service on 127.0.0.1) pushing receipts
to a real ledger server: exactly once across crashes and timeouts, quiet hours, caps, opt-outs,
vacant numbers, template mismatch. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import select, update

from hall_ledger.services.collections_audit import actions_for
from hall_ledger.services.sms import queue_reminder, sms_delivered
from hall_ledger.services.sms.dispatch import DEFAULT_GRACE, dispatch
from hall_ledger.services.sms.gw_simulator import SimulatorGateway
from hall_ledger.services.sms.messages import add_gateway_token, add_opt_out
from hall_ledger.services.sms.settings import set_settings
from hall_ledger.services.sms.simulator import Simulator
from hall_ledger.store.models import SmsMessage, SmsTemplate
from tests.helpers.sms import (
    AS_OF,
    DELIVERED,
    LATE,
    LIMITED,
    MORNING,
    NO_RECEIPT,
    VACANT,
    approved,
    seed_sms,
)
from tests.helpers.waiting import wait_until


class Crash(BaseException):
    """Stands for the process dying: nothing below the raise runs, no except catches it."""


@pytest.fixture
def sim(engine, halls, server):
    seed_sms(engine)
    token = add_gateway_token(engine, "simulator")
    with Simulator(ledger_url=server.url, token=token, receipt_delay=0.0,
                   late_seconds=2.0) as s:
        yield s


@pytest.fixture
def gw(sim):
    g = SimulatorGateway(sim.url)
    yield g
    g.close()


def queue(engine, account: str, source: str = "dunning:r1:1", as_of=AS_OF, now=MORNING):
    with engine.begin() as conn:
        return queue_reminder(conn, "H001", account, source, as_of, now=now)


def message(engine, message_id: str):
    with engine.connect() as conn:
        return conn.execute(select(SmsMessage).where(SmsMessage.message_id == message_id)).one()


def status(engine, message_id: str) -> str:
    return message(engine, message_id).status


def test_a_reminder_goes_once_with_the_approved_text_and_its_receipt_comes_back(engine, sim, gw):
    approved(engine)
    mid = queue(engine, DELIVERED)
    assert queue(engine, DELIVERED) == mid  # the same source again: the same message
    m = message(engine, mid)
    assert m.text == "钱*您好，您的户号****0100截至2026-03-15尚有电费120.00元未缴，请及时缴纳。缴费提醒"
    assert (m.chars, m.parts) == (len(m.text) + len("【国网城东供电】"), 1)
    report = dispatch(engine, gw, now=MORNING)
    assert report.get("sent") == 1
    assert wait_until(lambda: status(engine, mid) == "delivered")
    assert sim.stats()["per_out_id"] == {mid: 1}
    with engine.connect() as conn:
        assert sms_delivered(conn, "H001", DELIVERED, AS_OF)
        assert not sms_delivered(conn, "H001", NO_RECEIPT, AS_OF)
        assert [a.action for a in actions_for(conn, "H001", subject=DELIVERED)] == [
            "sms.message.delivered", "sms.message.sent", "sms.message.queued"]
    assert dispatch(engine, gw, now=MORNING + timedelta(hours=1)).get("sent_calls") == 0


@pytest.mark.parametrize(("local", "goes"), [("07:59", False), ("08:00", True),
                                             ("19:59", True), ("20:00", False)])
def test_quiet_hours_hold_messages_until_the_window_opens(engine, sim, gw, local, goes):
    approved(engine)
    mid = queue(engine, DELIVERED)
    hh, mm = map(int, local.split(":"))
    now = datetime(2026, 4, 20, hh, mm) - timedelta(hours=8)  # Beijing wall clock to UTC
    report = dispatch(engine, gw, now=now)
    assert report.get("sent") == (1 if goes else 0)
    assert report.get("deferred_window") == (0 if goes else 1)
    assert status(engine, mid) in (("sent", "delivered") if goes else ("queued",))
    assert sim.stats()["sends"] == (1 if goes else 0)


def test_the_window_is_the_halls_setting(engine, sim, gw):
    approved(engine)
    with engine.begin() as conn:
        set_settings(conn, "H001", actor="3001", now=MORNING, window_start="09:00",
                     window_end="17:30")
    mid = queue(engine, DELIVERED)
    assert dispatch(engine, gw, now=MORNING - timedelta(hours=1, minutes=1)).get("sent") == 0
    assert dispatch(engine, gw, now=datetime(2026, 4, 20, 9, 30)).get("sent") == 0  # 17:30 CST
    assert dispatch(engine, gw, now=MORNING).get("sent") == 1  # 10:00 CST
    assert status(engine, mid) in ("sent", "delivered")


def test_day_cap_defers_the_second_reminder_to_the_next_morning(engine, sim, gw):
    approved(engine)
    first = queue(engine, DELIVERED, "dunning:r1:1")
    assert dispatch(engine, gw, now=MORNING).get("sent") == 1
    second = queue(engine, DELIVERED, "manual:2026-04-20")
    report = dispatch(engine, gw, now=MORNING + timedelta(hours=2))
    assert report.get("deferred_day_cap") == 1 and report.get("sent_calls") == 0
    m = message(engine, second)
    assert m.status == "queued"
    assert m.not_before == datetime(2026, 4, 21, 0, 0)  # 08:00 CST the next day
    assert dispatch(engine, gw, now=datetime(2026, 4, 20, 23, 59)).get("sent_calls") == 0
    assert dispatch(engine, gw, now=datetime(2026, 4, 21, 0, 0)).get("sent") == 1
    assert sim.stats()["per_out_id"] == {first: 1, second: 1}


def test_thirty_day_cap_allows_four_and_frees_when_the_oldest_drops_out(engine, sim, gw):
    approved(engine)
    sent = []
    for day in range(4):  # four reminders on four days
        now = MORNING + timedelta(days=day * 3)
        sent.append(queue(engine, DELIVERED, f"dunning:d{day}:1", now=now))
        assert dispatch(engine, gw, now=now).get("sent") == 1
    fifth = queue(engine, DELIVERED, "dunning:d5:1", now=MORNING + timedelta(days=12))
    report = dispatch(engine, gw, now=MORNING + timedelta(days=12))
    assert report.get("deferred_month_cap") == 1
    # the first went at 10:00 CST on 04-20: it stops counting 30 days later
    assert message(engine, fifth).not_before == MORNING + timedelta(days=30)
    assert dispatch(engine, gw, now=MORNING + timedelta(days=29, hours=23)).get("sent_calls") == 0
    assert dispatch(engine, gw, now=MORNING + timedelta(days=30),
                    expire_after=timedelta(days=40)).get("sent") == 1


def test_a_td_reply_puts_the_phone_on_the_opt_out_list(engine, sim, gw):
    approved(engine)
    first = queue(engine, DELIVERED)
    dispatch(engine, gw, now=MORNING)
    answer = httpx.post(f"{sim.url}/sim/inbound", json={"phone": "13912340000", "text": "td"})
    assert answer.json()["answer"]["results"] == [{"phone": "13912340000",
                                                   "outcome": "opted_out"}]
    second = queue(engine, DELIVERED, "dunning:r2:2", now=MORNING + timedelta(days=2))
    report = dispatch(engine, gw, now=MORNING + timedelta(days=2))
    assert report.get("opted_out") == 1 and report.get("sent_calls") == 0
    assert status(engine, second) == "opted_out"
    assert sim.stats()["per_out_id"] == {first: 1}
    # a reply that is not an opt-out is kept and changes nothing
    other = httpx.post(f"{sim.url}/sim/inbound", json={"phone": "13912340005", "text": "已缴"})
    assert other.json()["answer"]["results"][0]["outcome"] == "kept"


def test_an_opt_out_taken_at_the_counter_is_honoured(engine, sim, gw):
    approved(engine)
    with engine.begin() as conn:
        assert add_opt_out(conn, hall_id="H001", phone="+86 139-1234-0000", source="counter",
                           actor="1001", now=MORNING, reason="客户要求")
    mid = queue(engine, DELIVERED)
    assert dispatch(engine, gw, now=MORNING).get("opted_out") == 1
    assert status(engine, mid) == "opted_out"
    assert sim.stats()["sends"] == 0


def test_a_crash_between_the_provider_call_and_recording_never_sends_twice(engine, sim, gw):
    approved(engine)
    mid = queue(engine, NO_RECEIPT)  # no receipt: only the query can tell what happened

    def die(_message_id, _outcome):
        raise Crash

    with pytest.raises(Crash):
        dispatch(engine, gw, now=MORNING, after_send=die)
    assert sim.stats()["per_out_id"] == {mid: 1}
    assert status(engine, mid) == "sending"  # committed before the call
    # at once, another dispatch leaves it alone (it may still be on its way) ...
    assert dispatch(engine, gw, now=MORNING + timedelta(seconds=5)).get("sent_calls") == 0
    # ... after the grace it is queried by its out-id, found, and marked sent, not resent
    report = dispatch(engine, gw, now=MORNING + DEFAULT_GRACE)
    assert report.get("resolved") == 1 and report.get("sent_calls") == 0
    m = message(engine, mid)
    assert (m.status, m.provider_ref is not None) == ("sent", True)
    assert sim.stats()["per_out_id"] == {mid: 1}
    assert sim.stats()["sends"] == 1


def test_a_crash_before_the_provider_call_is_queried_then_sent_once(engine, sim, gw):
    approved(engine)
    mid = queue(engine, DELIVERED)

    class NeverCalled:
        name = "simulator"

        def send(self, request):
            raise Crash  # dies after the commit, before anything reached the provider

    with pytest.raises(Crash):
        dispatch(engine, NeverCalled(), now=MORNING)
    assert status(engine, mid) == "sending" and sim.stats()["sends"] == 0
    report = dispatch(engine, gw, now=MORNING + DEFAULT_GRACE)
    assert report.get("requeued") == 1 and report.get("sent") == 1
    assert wait_until(lambda: status(engine, mid) == "delivered")
    assert sim.stats()["per_out_id"] == {mid: 1}


def test_an_unknown_outcome_is_queried_never_resent(engine, sim, gw):
    approved(engine)
    mid = queue(engine, NO_RECEIPT)
    httpx.post(f"{sim.url}/sim/control", json={"drop_answers": 1})
    report = dispatch(engine, gw, now=MORNING)
    assert report.get("unknown") == 1
    assert status(engine, mid) == "unknown"
    assert dispatch(engine, gw, now=MORNING + timedelta(seconds=10)).get("sent_calls") == 0
    report = dispatch(engine, gw, now=MORNING + DEFAULT_GRACE)
    assert report.get("resolved") == 1 and report.get("sent_calls") == 0
    assert status(engine, mid) == "sent"
    assert sim.stats()["sends"] == 1


def test_a_vacant_number_receipt_calls_the_hook_and_is_recorded(engine, sim, gw, server):
    approved(engine)
    flagged = []
    server.server.config.app.state.sms_on_vacant = (
        lambda conn, hall, account, phone, at: flagged.append((hall, account, phone)))
    mid = queue(engine, VACANT)
    dispatch(engine, gw, now=MORNING)
    assert wait_until(lambda: status(engine, mid) == "vacant")
    assert flagged == [("H001", VACANT, "13912340001")]
    assert message(engine, mid).receipt_code == "MK:0001"


def test_the_default_vacant_hook_records_an_action(engine, sim, gw):
    approved(engine)
    mid = queue(engine, VACANT)
    dispatch(engine, gw, now=MORNING)
    assert wait_until(lambda: status(engine, mid) == "vacant")
    with engine.connect() as conn:
        actions = [a.action for a in actions_for(conn, "H001", subject=VACANT)]
    assert "sms.phone.vacant" in actions


def test_late_receipts_and_rate_limits(engine, sim, gw):
    approved(engine)
    late, limited = queue(engine, LATE), queue(engine, LIMITED)
    report = dispatch(engine, gw, now=MORNING)
    assert (report.get("sent"), report.get("rate_limited")) == (1, 1)
    assert status(engine, late) == "sent"
    assert wait_until(lambda: status(engine, late) == "delivered", timeout=10)
    m = message(engine, limited)
    assert (m.status, m.not_before) == ("queued", MORNING + timedelta(hours=1))
    assert "rate limited" in m.last_error
    assert sim.stats()["per_out_id"] == {late: 1}


def test_a_text_that_is_not_the_approved_template_filled_is_refused(engine, sim, gw):
    approved(engine)
    tampered = queue(engine, DELIVERED)
    edited = queue(engine, LATE, now=MORNING + timedelta(minutes=1))  # queued after it
    with engine.begin() as conn:
        conn.execute(update(SmsMessage).where(SmsMessage.message_id == tampered)
                     .values(text="钱*您好，请立即还款"))
    report = dispatch(engine, gw, now=MORNING + timedelta(minutes=1), limit=1)
    assert report.get("refused") == 1
    assert status(engine, tampered) == "refused"
    assert "template mismatch" in message(engine, tampered).last_error
    # the approved template's text edited behind the ledger's back: refused as well
    with engine.begin() as conn:
        conn.execute(update(SmsTemplate).values(text=SmsTemplate.text + "速来"))
    assert dispatch(engine, gw, now=MORNING + timedelta(minutes=1)).get("refused") == 1
    assert status(engine, edited) == "refused"
    assert sim.stats()["sends"] == 0


def test_no_approved_template_or_no_mobile_phone(engine, sim, gw):
    assert queue(engine, DELIVERED) is None  # nothing approved yet: skipped and recorded
    approved(engine)
    mid = queue(engine, "3301000003", "dunning:r1:1")  # a landline
    assert status(engine, mid) == "no_phone"
    assert dispatch(engine, gw, now=MORNING).get("sent_calls") == 0


def test_old_queued_messages_expire(engine, sim, gw):
    approved(engine)
    mid = queue(engine, DELIVERED)
    assert dispatch(engine, gw, now=MORNING + timedelta(days=4)).get("expired") == 1
    assert status(engine, mid) == "expired"
    assert sim.stats()["sends"] == 0


def bank_pays(engine, account: str, amount_fen: int) -> None:
    """A payment at the bank (another channel than the counter), booked by the ledger."""
    import uuid

    from hall_ledger.services.channels import channel_principal, ingest_channel_payments

    principal = channel_principal(engine, account, "bank")
    [result] = ingest_channel_payments(engine, principal, [{
        "payment_uuid": str(uuid.uuid4()), "account_no": account, "amount_fen": amount_fen,
        "paid_at": "2026-04-20T09:00:00", "reference": f"BANK{uuid.uuid4().hex[:12]}"}])
    assert result["status"] in (200, 201), result


def test_a_reminder_for_an_account_paid_since_is_cancelled(engine, sim, gw):
    approved(engine)
    mid = queue(engine, DELIVERED)
    bank_pays(engine, DELIVERED, 20000)  # ¥120.00 and its late fee, the rest is credit
    report = dispatch(engine, gw, now=MORNING)
    assert report.get("cancelled") == 1 and report.get("sent_calls") == 0
    assert status(engine, mid) == "cancelled"
    assert sim.stats()["sends"] == 0


def test_a_part_payment_since_queued_changes_the_amount_in_the_text(engine, sim, gw):
    approved(engine)
    mid = queue(engine, "3301000105")  # two bills: ¥66.60 (2026-01) and ¥80.00 (2026-02)
    assert "146.60元" in message(engine, mid).text
    bank_pays(engine, "3301000105", 7100)  # the oldest bill with its late fee (¥70.86)
    assert dispatch(engine, gw, now=MORNING).get("sent") == 1
    m = message(engine, mid)
    assert "80.00元" in m.text and "截至2026-03-15" in m.text
    [kept] = sim.state.messages.values()
    assert kept.text == m.text  # what went out is what the log shows
    with engine.connect() as conn:
        assert "sms.message.amended" in [a.action for a in actions_for(conn, "H001",
                                                                        subject="3301000105")]


def test_the_dunning_sink_queues_once_per_run_and_level_and_a_reversal_withdraws_it(
        engine, sim, gw):
    from hall_ledger.services.sms import cancel_queued, dunning_sms

    approved(engine)
    with engine.begin() as conn:
        first = dunning_sms(conn, "H001", DELIVERED, 7, 1, AS_OF)
        assert dunning_sms(conn, "H001", DELIVERED, 7, 1, AS_OF) == first
        other = dunning_sms(conn, "H001", LATE, 7, 1, AS_OF)
    assert message(engine, first).source == "dunning:7:1"
    with engine.begin() as conn:
        assert cancel_queued(conn, "H001", "dunning:7:", actor="3001", reason="run reversed",
                             now=MORNING) == 2
    assert {status(engine, first), status(engine, other)} == {"cancelled"}
    assert dispatch(engine, gw, now=MORNING).get("sent_calls") == 0


KILLED_DISPATCHER = """
import os, sys
from datetime import datetime
from hall_ledger.services.sms.dispatch import dispatch
from hall_ledger.services.sms.gw_simulator import SimulatorGateway
from hall_ledger.store.db import make_engine

def die(message_id, outcome):
    print(message_id, type(outcome).__name__, flush=True)
    os._exit(9)  # the process dies: no finally, no rollback, no recording

dispatch(make_engine(sys.argv[1]), SimulatorGateway(sys.argv[2]),
         now=datetime.fromisoformat(sys.argv[3]), after_send=die)
"""


def test_a_dispatcher_killed_after_the_provider_call_never_sends_twice(db_url, engine, sim, gw):
    import subprocess
    import sys

    from tests.helpers.paths import REPO

    approved(engine)
    mid = queue(engine, NO_RECEIPT)
    proc = subprocess.run([sys.executable, "-c", KILLED_DISPATCHER, db_url, sim.url,
                           MORNING.isoformat()], cwd=REPO, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 9, proc.stderr
    assert proc.stdout.split() == [mid, "SendResult"]  # the provider had accepted it
    assert status(engine, mid) == "sending"
    report = dispatch(engine, gw, now=MORNING + DEFAULT_GRACE)
    assert report.get("resolved") == 1 and report.get("sent_calls") == 0
    assert status(engine, mid) == "sent"
    assert sim.stats()["sends"] == 1 and sim.stats()["per_out_id"] == {mid: 1}
