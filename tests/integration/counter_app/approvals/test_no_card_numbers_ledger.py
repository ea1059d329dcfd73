"""The store scan also covers the ledger's tables (SQLite and PostgreSQL): after card payments,
a void and a refund went through the relay, and a client tried to send a card number in a void
reason, no Luhn-valid run of 13-19 digits is anywhere in the ledger; a planted one is found."""

from __future__ import annotations

import uuid

from luhn_scan import card_like_runs, ledger_values
from sqlalchemy import update

# The ledger fixtures (SQLite, or a fresh PostgreSQL schema) and the relay of the void tests.
from test_void_refund_ledger import ledger, ledger_engine, relay  # noqa: F401

from counter_app.adapters.ledger_client import LedgerClient
from counter_app.services import voids
from hall_domain.security import Action
from hall_ledger.store.models import Customer as LedgerCustomer
from tests.helpers.approvals import CTX, LATE, PRINTER, approve, close_shift_raw, do_void, later
from tests.helpers.cash_fixtures import TERMINAL, pay, start_shift

PAN = "6222021234567890128"


def test_no_card_number_in_the_ledger_and_a_planted_one_is_found(counter, ledger):  # noqa: F811
    engine, url, t01, _ = ledger
    c = counter
    shift = start_shift(c, at=LATE)
    payments = [pay(c, i, card=9000 + i * 100, cash=3000 if i % 2 else 0, at=later(i))
                for i in range(1, 5)]
    do_void(c, payments[-1], at=later(6))
    credit = pay(c, 5, cash=20000, at=later(7))  # more than the bill: prepaid credit
    close_shift_raw(c, shift.shift_id, later(10))
    start_shift(c, at=later(20))
    ok = approve(c, Action.REFUND_CREDIT, f"refund:{credit.payment_uuid}", at=later(21))
    voids.refund_credit(c.store, terminal_id=TERMINAL, user=c.cashier,
                        payment_uuid=credit.payment_uuid, amount_fen=500, reason="客户要求退预存",
                        approval=ok, now=later(22), receipt_ctx=CTX, printer_uri=PRINTER)
    report = relay(c, url, t01)
    assert report.refused == 0 and report.recorded >= 6

    # A client (not our counter, which refuses it) sends a void whose reason holds a card number.
    client = LedgerClient(url, t01, timeout=10.0)
    try:
        void = {"payment_uuid": payments[0].payment_uuid, "terminal_id": "T01",
                "account_no": payments[0].account_no, "receipt_number": payments[0].receipt_number,
                "shift_id": shift.shift_id, "cashier_id": "1001", "approved_by": "2001",
                "reason": f"卡号 {PAN}", "voided_at": later(30).isoformat(),
                "business_date": LATE.date().isoformat()}
        [answer] = client.post_items("void", [(str(uuid.uuid4()), void)])
        assert answer.status == 422 and "card number" in (answer.error_message or "")
        assert PAN not in (answer.error_message or "")
    finally:
        client.close()

    data = ledger_values(engine)
    assert b"622848******1234" in data  # the masked number is there: the scan reads the items
    assert "客户要求退预存".encode() in data
    assert card_like_runs(data) == []

    with engine.begin() as conn:  # plant one where only a broken import could put it
        conn.execute(update(LedgerCustomer).where(LedgerCustomer.account_no == "3301000002")
                     .values(address=f"人民路 {PAN[:4]} {PAN[4:8]} {PAN[8:12]} {PAN[12:16]} "
                                     f"{PAN[16:]}"))
    assert card_like_runs(ledger_values(engine)) == [PAN]
