"""The wire format: strict validation of counter payments and a canonical content hash."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from hall_ledger.wire import PaymentIn, content_hash

BASE = {
    "payment_uuid": "0C7D4CBB-52A6-4F11-9D39-1F0C5C5A8E51", "terminal_id": "T01", "shift_id": 3,
    "cashier_id": "1001", "account_no": "3301000001", "amount_fen": 12640, "credit_fen": 0,
    "taken_at": "2026-04-04T10:15:02", "business_date": "2026-04-04", "receipt_number": 57,
    "tenders": [{"kind": "cash", "amount_fen": 12640, "tendered_fen": 13000, "change_fen": 360,
                 "reference": None, "auth_code": None, "masked_card": None}],
    "allocations": [{"bill_id": 17, "period": "2026-03", "late_fee_fen": 240,
                     "principal_fen": 12000, "late_fee_assessed_fen": 240},
                    {"bill_id": 18, "period": "2026-04", "late_fee_fen": 0,
                     "principal_fen": 400, "late_fee_assessed_fen": 0}],
}


def variant(**changes):
    data = copy.deepcopy(BASE)
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for p in parents:
            target = target[int(p)] if p.isdigit() else target[p]
        target[int(last) if last.isdigit() else last] = value
    return data


def test_a_valid_payment_normalises_its_uuid():
    assert PaymentIn.model_validate(BASE).payment_uuid == "0c7d4cbb-52a6-4f11-9d39-1f0c5c5a8e51"


@pytest.mark.parametrize("changes", [
    {"amount_fen": 12640.0},  # never float
    {"amount_fen": "12640"},
    {"amount_fen": True},
    {"amount_fen": -5},
    {"credit_fen": 1},  # allocations + credit must equal the amount
    {"tenders__0__change_fen": 0},  # change must be tendered - amount
    {"tenders__0__amount_fen": 100},
    {"allocations__1__period": "2026-13"},
    {"allocations__1__period": "2026-03"},  # a bill twice
    {"allocations__0__late_fee_fen": 300},  # more fee than assessed
    {"payment_uuid": "not-a-uuid"},
    {"account_no": "33-01"},
    {"receipt_number": 0},
    {"surprise": 1},  # unknown fields are refused
    {"tenders": []},
])
def test_malformed_payments_are_refused(changes):
    with pytest.raises(ValidationError):
        PaymentIn.model_validate(variant(**changes))


def test_card_tenders_never_carry_a_full_card_number():
    card = {"kind": "card", "amount_fen": 12640, "tendered_fen": None, "change_fen": 0,
            "reference": "123456789012", "auth_code": "A1B2C3", "masked_card": "622848******1234"}
    assert PaymentIn.model_validate(variant(tenders=[card]))
    for field, value in (("masked_card", "6228480000001234"), ("reference", "6228480000001234")):
        with pytest.raises(ValidationError, match="card number"):
            PaymentIn.model_validate(variant(tenders=[{**card, field: value}]))


def test_content_hash_ignores_key_order_spacing_and_uuid_case():
    reordered = dict(reversed(list(BASE.items())))
    reordered["payment_uuid"] = BASE["payment_uuid"].lower()
    a, b = PaymentIn.model_validate(BASE), PaymentIn.model_validate(reordered)
    assert content_hash(a) == content_hash(b)
    c = PaymentIn.model_validate(variant(receipt_number=58))
    assert content_hash(c) != content_hash(a)
