"""One tender rule on both sides: whatever the counter accepts the ledger accepts, and the reverse.

The same generated tenders go to the counter's check (`validate_tenders`, what take_payment runs
before its transaction) and, as the counter would queue them (`tender_record` in the payment
payload, `wire_payload` on the way out), to the ledger's validation of the wire payload.
"""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from counter_app.services.payments import tender_record
from counter_app.services.sync import wire_payload
from hall_domain.errors import TenderError
from hall_domain.tenders import CardTender, CashTender, validate_tenders
from hall_ledger.wire import PaymentIn

BASE = {
    "payment_uuid": "0c7d4cbb-52a6-4f11-9d39-1f0c5c5a8e51", "terminal_id": "T01", "shift_id": 3,
    "cashier_id": "1001", "account_no": "3301000001", "amount_fen": 0, "credit_fen": 0,
    "change_fen": 0, "taken_at": "2026-04-04T10:15:02", "business_date": "2026-04-04",
    "receipt_number": 57, "receipt_no": "T01-00000057", "tenders": [], "allocations": [],
}

# Text near the rules' edges: digits (ASCII and full-width), letters, the mask characters,
# separators, a newline, and whole values that are famous for it.
_CHARS = st.sampled_from("0123456789" "0123456789" "AZaz" "*xX•" " -\n" "１２")
_FIELD = st.one_of(
    st.text(_CHARS, max_size=24),
    st.sampled_from([
        "123456789012", "1234567890123", "1234567890123456", "12345678901234567890",
        "6222021234567890128", "4111111111111111", "4111-1111-1111-1111", "AB12CD34EF56GH78IJ",
        "A1B2C3", "a1b2c3", "622848******1234", "622848xxxxxx1234", "6228 48** **** 1234",
        "****1234", "", " 123456789012", "123456789012\n", "１２３４５６７８９０１２",
    ]),
)
_AMOUNT = st.integers(min_value=-5, max_value=10**9)


@st.composite
def _tender(draw):
    amount = draw(_AMOUNT)
    if draw(st.booleans()):
        return CashTender(amount, draw(st.one_of(_AMOUNT, st.just(amount))))
    return CardTender(amount, draw(_FIELD), draw(_FIELD), draw(_FIELD))


def counter_verdict(tenders: list) -> bool:
    try:
        validate_tenders(sum(t.amount_fen for t in tenders), tenders)
    except TenderError:
        return False
    return True


def ledger_verdict(tenders: list) -> bool:
    total = sum(t.amount_fen for t in tenders)
    payload = copy.deepcopy(BASE)
    payload.update(amount_fen=total, credit_fen=total,
                   tenders=[tender_record(t) for t in tenders])
    wire = wire_payload("payment", json.dumps(payload, ensure_ascii=False))
    try:
        PaymentIn.model_validate(json.loads(wire))
    except ValidationError:
        return False
    return True


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_tender(), min_size=1, max_size=3))
@example([CardTender(9000, "1234567890123456", "A1B2C3", "622848******1234")])
@example([CardTender(9000, "12345678901234567890", "A1B2C3", "622848******1234")])
@example([CardTender(9000, "1234567890123", "A1B2C3", "622848******1234")])
@example([CardTender(9000, "123456789012", "A1B2C3", "622848******1234")])
def test_counter_and_ledger_give_the_same_verdict(tenders):
    assert counter_verdict(tenders) == ledger_verdict(tenders)


@pytest.mark.parametrize("reference", ["1234567890123456", "12345678901234567890", "1234567890123"])
def test_the_issue_references_are_refused_on_both_sides(reference):
    tenders = [CardTender(9000, reference, "A1B2C3", "622848******1234")]
    assert not counter_verdict(tenders)
    assert not ledger_verdict(tenders)
    assert counter_verdict([CardTender(9000, "123456789012", "A1B2C3", "622848******1234")])
