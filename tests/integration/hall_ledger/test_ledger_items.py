"""Voids, shift reports and contact changes: idempotent per item key, like payments."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from hall_ledger.store.models import Customer, Payment
from tests.helpers.ledger import ledger_state, payment


def void_of(p: dict, **over) -> dict:
    return {"payment_uuid": p["payment_uuid"], "terminal_id": p["terminal_id"],
            "account_no": p["account_no"], "receipt_number": p["receipt_number"],
            "shift_id": p["shift_id"], "cashier_id": "1001", "approved_by": "2001",
            "reason": "收错户号", "voided_at": "2026-03-20T10:20:00",
            "business_date": "2026-03-20", **over}


def test_void_is_recorded_once_and_a_conflicting_repeat_is_refused(engine, halls, connect):
    t1 = connect(halls["H001"].tokens["T01"])
    p = payment()
    t1.post_payments([p])
    key = str(uuid.uuid4())

    [first] = t1.post_items("void", [(key, void_of(p))])
    state = ledger_state(engine)
    [again] = t1.post_items("void", [(key, void_of(p))])
    [conflict] = t1.post_items("void", [(key, void_of(p, reason="另一个原因"))])
    [second_void] = t1.post_items("void", [(str(uuid.uuid4()), void_of(p))])
    [unknown] = t1.post_items("void", [(str(uuid.uuid4()),
                                        void_of(payment(receipt_number=9)))])

    assert (first.status, again.status, again.result) == (201, 200, first.result)
    assert first.result["payment_uuid"] == p["payment_uuid"]
    assert conflict.status == 422 and conflict.error_code == "void.key_conflict"
    assert second_void.error_code == "void.already_voided"
    assert unknown.error_code == "void.unknown_payment"
    assert ledger_state(engine) == state
    with engine.connect() as conn:
        assert conn.execute(select(Payment.voided)).scalar_one() is True
    rec = t1.reconciliation("2026-03-20")
    assert rec["day"]["count"] == 0 and rec["day"]["void_count"] == 1
    assert rec["receipts"]["count"] == 1  # a voided receipt keeps its number


def test_contact_change_updates_the_customer_once(engine, halls, connect):
    t1 = connect(halls["H001"].tokens["T01"])
    key = str(uuid.uuid4())
    change = {"account_no": "3301000004", "terminal_id": "T01", "phone": "+86 138 0000 1234",
              "changed_at": "2026-03-20T10:00:00", "changed_by": "1001"}

    results = t1.post_items("contact_change", [(key, change), ("bad key!", change),
                                                (str(uuid.uuid4()), {**change, "phone": "x"})])
    [again] = t1.post_items("contact_change", [(key, change)])

    assert [r.status for r in results] == [201, 422, 422]
    assert results[1].key == "bad key!" and results[1].error_code == "item.key"
    assert results[2].error_code == "contact_change.invalid"
    assert again.status == 200 and again.result == results[0].result
    with engine.connect() as conn:
        assert conn.execute(select(Customer.phone).where(
            Customer.account_no == "3301000004")).scalar_one() == "13800001234"


def test_unknown_item_kind_is_refused_whole(halls, server):
    import httpx

    r = httpx.post(server.url + "/v1/items/adjustment", json={"items": []},
                   headers={"Authorization": f"Bearer {halls['H001'].tokens['T01']}"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "items.unknown_kind"
