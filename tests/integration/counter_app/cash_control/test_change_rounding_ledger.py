"""A payment whose change was rounded reaches a real ledger (uvicorn on 127.0.0.1) as the relay
sends it; the ledger books the change handed back; a resend is the same content (duplicate),
and an unrounded payment's wire form carries no rounding field at all."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from counter_app.services.payments import take_payment
from counter_app.services.sync import wire_payload
from hall_domain.tenders import CashTender, ChangeRounding
from hall_ledger.store.models import PaymentTender
from tests.helpers.cash_fixtures import RULES, T0, TERMINAL, start_shift


def _take(c, account_no, rule, minute):
    return take_payment(c.store, terminal_id=TERMINAL, user=c.cashier, account_no=account_no,
                        amount_fen=9107, tenders=[CashTender(9107, 10000)],
                        now=T0 + timedelta(minutes=minute), rules=RULES, change_rounding=rule)


def _sent(c, payment) -> str:
    with c.store.read() as tx:
        [row] = tx.raw.execute("SELECT payload_json FROM outbox WHERE item_key = ?",
                               (payment.payment_uuid,)).fetchall()
    return wire_payload("payment", row[0])


def test_rounded_and_unrounded_change_at_the_ledger(counter, ledger):
    engine, client = ledger
    c = counter
    start_shift(c)
    rounded = _take(c, "3301000001", ChangeRounding.JIAO, 1)
    plain = _take(c, "3301000002", ChangeRounding.NONE, 2)
    sent = [_sent(c, rounded), _sent(c, plain)]
    assert json.loads(sent[0])["tenders"][0]["change_rounding_fen"] == 3
    assert "change_rounding_fen" not in json.loads(sent[1])["tenders"][0]
    first = client.post_payments(sent)
    assert [r.outcome for r in first] == ["recorded", "recorded"], \
        [(r.error_code, r.error_message) for r in first]
    again = client.post_payments(sent)  # the relay's resend after a lost answer
    assert [r.outcome for r in again] == ["duplicate", "duplicate"]
    with engine.connect() as conn:
        change = {u: f for u, f in conn.execute(
            select(PaymentTender.payment_uuid, PaymentTender.change_fen))}
    assert change == {rounded.payment_uuid: 890, plain.payment_uuid: 893}
    # A rounding that does not explain the change is refused, never booked.
    bad = json.loads(sent[0])
    bad["tenders"][0]["change_rounding_fen"] = 2
    bad["payment_uuid"] = "0c7d4cbb-52a6-4f11-9d39-1f0c5c5a8e51"
    [refused] = client.post_payments([bad])
    assert refused.outcome == "refused"
