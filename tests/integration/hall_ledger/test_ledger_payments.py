"""Payment batches over real HTTP: recorded once per UUID, repeats, conflicts, bad items."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import select

from hall_ledger.store.models import Bill, Customer, Payment
from tests.helpers.ledger import assert_balanced, card, ledger_state, payment


def test_first_submission_is_recorded_and_answered_with_the_ledgers_allocation(
        engine, halls, connect):
    client = connect(halls["H001"].tokens["T01"])
    p = payment("3301000001", amount_fen=17500, allocations=[
        {"bill_id": 11, "period": "2026-01", "late_fee_fen": 400, "principal_fen": 12000,
         "late_fee_assessed_fen": 400},
        {"bill_id": 12, "period": "2026-02", "late_fee_fen": 100, "principal_fen": 5000,
         "late_fee_assessed_fen": 100},
    ], tenders=[card(10000), {"kind": "cash", "amount_fen": 7500, "tendered_fen": 10000,
                              "change_fen": 2500}])

    [r] = client.post_payments([p])

    assert (r.status, r.outcome, r.acknowledged) == (201, "recorded", True)
    assert r.result["receipt_no"] == "T01-00000001"
    assert r.result["credit_fen"] == 0 and not r.result["review"] and not r.result["reallocated"]
    lines = {a["period"]: a for a in r.result["allocations"]}
    assert lines["2026-01"]["principal_fen"] == 12000 and lines["2026-01"]["settles_bill"]
    assert lines["2026-02"]["late_fee_fen"] == 100 and lines["2026-02"]["settles_bill"]
    with engine.connect() as conn:
        statuses = conn.execute(select(Bill.period, Bill.status, Bill.bill_id).where(
            Bill.account_no == "3301000001")).all()
    # The answer names the ledger's bill ids, whatever ids the counter used.
    assert {s.period: s.bill_id for s in statuses} == {
        k: v["bill_id"] for k, v in lines.items()}
    assert {s.period: s.status for s in statuses} == {"2026-01": "paid", "2026-02": "paid"}
    assert_balanced(engine)


def test_repeat_with_the_same_content_gets_the_original_answer(engine, halls, connect):
    client = connect(halls["H001"].tokens["T01"])
    p = payment()
    [first] = client.post_payments([p])
    before = ledger_state(engine)

    # The same message with its keys in another order is the same content.
    [again] = client.post_payments([dict(reversed(list(p.items())))])

    assert (first.status, again.status) == (201, 200)
    assert again.outcome == "duplicate" and again.acknowledged
    assert again.result == first.result  # recorded_at included: the original answer
    assert json.dumps(again.result) == json.dumps(first.result)  # even its key order
    assert ledger_state(engine) == before


def test_same_uuid_with_different_content_is_refused_and_changes_nothing(engine, halls, connect):
    client = connect(halls["H001"].tokens["T01"])
    p = payment()
    [first] = client.post_payments([p])
    before = ledger_state(engine)

    changed = {**p, "amount_fen": 9000, "credit_fen": 1000,
               "tenders": [{**p["tenders"][0], "amount_fen": 9000, "tendered_fen": 9000}]}
    [r] = client.post_payments([changed])

    assert (r.status, r.outcome, r.refused) == (422, "refused", True)
    assert r.error_code == "payment.uuid_conflict"
    assert ledger_state(engine) == before
    with engine.connect() as conn:
        assert conn.execute(select(Payment.amount_fen)).scalars().all() == [8000]
    # The original is still answered as before.
    [still] = client.post_payments([p])
    assert still.status == 200 and still.result == first.result


def test_a_batch_mixing_good_and_bad_items_answers_each_in_order(engine, halls, connect):
    client = connect(halls["H001"].tokens["T01"])
    recorded_before = payment("3301000001", amount_fen=1000, receipt_number=1, allocations=[
        {"period": "2026-01", "late_fee_fen": 0, "principal_fen": 1000, "late_fee_assessed_fen": 0}])
    client.post_payments([recorded_before])
    good = payment(receipt_number=2)
    float_money = {**payment(receipt_number=3), "amount_fen": 8000.0}
    bad_sum = payment(receipt_number=4)
    bad_sum["tenders"][0]["amount_fen"] = 7000
    full_card = payment(receipt_number=5, tenders=[{**card(8000), "masked_card": "6228480000001234"}])
    conflict = {**recorded_before, "receipt_number": 99}
    other_hall = payment("4401000001", amount_fen=6000, receipt_number=6)
    not_an_object = ["nonsense"]
    good2 = payment("3301000004", amount_fen=3000, receipt_number=7)
    before = ledger_state(engine)

    results = client.post_payments(
        [good, float_money, bad_sum, full_card, conflict, other_hall, not_an_object, good2])

    assert [r.status for r in results] == [201, 422, 422, 422, 422, 422, 422, 201]
    assert [r.error_code for r in results] == [
        None, "payment.invalid", "payment.invalid", "payment.invalid", "payment.uuid_conflict",
        "payment.other_hall", "payment.invalid", None]
    assert results[1].details and results[1].details[0]["field"] == "amount_fen"
    assert "full card number" in results[3].error_message
    assert [r.key for r in results[:6]] == [good["payment_uuid"], float_money["payment_uuid"],
                                            bad_sum["payment_uuid"], full_card["payment_uuid"],
                                            conflict["payment_uuid"], other_hall["payment_uuid"]]
    after = ledger_state(engine)
    assert after["payments"] == (before["payments"][0] + 2, before["payments"][1] + 11000)
    with engine.connect() as conn:
        stored = set(conn.execute(select(Payment.payment_uuid)).scalars())
        assert "6228480000001234" not in str(conn.execute(select(Payment.result_json)).all())
    assert stored == {recorded_before["payment_uuid"], good["payment_uuid"], good2["payment_uuid"]}
    assert_balanced(engine)


def test_payment_for_a_bill_settled_at_the_bank_becomes_credit_for_review(
        engine, halls, connect):
    bank = connect(halls["H001"].tokens["BANK"])
    counter = connect(halls["H001"].tokens["T01"])
    # The bank takes ¥80.00 for 3301000002 on its due date while the counter is offline ...
    [b] = bank.post_channel_payments([{
        "payment_uuid": str(uuid.uuid4()), "account_no": "3301000002", "amount_fen": 8000,
        "paid_at": "2026-03-15T09:00:00", "reference": "ICBC20260315001"}])
    assert b.status == 201 and b.result["allocations"][0]["settles_bill"]
    # ... and the counter, not knowing, takes the same bill's money later.
    [r] = counter.post_payments([payment("3301000002", amount_fen=8000)])

    assert r.status == 201  # money received is never refused
    assert r.result["allocations"] == []
    assert r.result["credit_fen"] == 8000
    assert r.result["review"] and r.result["reallocated"]
    assert r.result["review_reasons"] == ["bill_settled_elsewhere"]
    with engine.connect() as conn:
        assert conn.execute(select(Customer.credit_fen).where(
            Customer.account_no == "3301000002")).scalar_one() == 8000
        row = conn.execute(select(Payment.review, Payment.review_reasons).where(
            Payment.payment_uuid == r.key)).one()
        bill = conn.execute(select(Bill.closed_by, Bill.status).where(
            Bill.account_no == "3301000002")).one()
    assert tuple(row) == (True, "bill_settled_elsewhere")
    assert tuple(bill) == ("bank", "paid")
    assert_balanced(engine)


def test_bill_partly_paid_elsewhere_books_what_is_still_owed_and_credits_the_rest(
        engine, halls, connect):
    bank = connect(halls["H001"].tokens["BANK"])
    counter = connect(halls["H001"].tokens["T01"])
    bank.post_channel_payments([{
        "payment_uuid": str(uuid.uuid4()), "account_no": "3301000004", "amount_fen": 1000,
        "paid_at": "2026-03-10T09:00:00", "reference": "BANK0001"}])

    [r] = counter.post_payments([payment("3301000004", amount_fen=3000)])

    assert r.result["allocations"][0]["principal_fen"] == 2000
    assert r.result["allocations"][0]["settles_bill"]
    assert r.result["credit_fen"] == 1000
    assert r.result["review_reasons"] == ["bill_partly_settled_elsewhere"]
    assert_balanced(engine)


def test_unknown_account_is_kept_as_credit_for_review(engine, halls, connect):
    client = connect(halls["H001"].tokens["T01"])
    [r] = client.post_payments([payment("3309999999", amount_fen=5000)])
    assert r.status == 201
    assert r.result["credit_fen"] == 5000 and r.result["review_reasons"] == ["unknown_account"]


def test_payment_naming_another_terminal_is_refused(engine, halls, connect):
    client = connect(halls["H001"].tokens["T01"])
    [r] = client.post_payments([payment(terminal_id="T02")])
    assert r.status == 422 and r.error_code == "payment.wrong_terminal"
    assert ledger_state(engine)["payments"] == (0, 0)


def test_payments_through_the_generic_items_endpoint(engine, halls, connect):
    client = connect(halls["H001"].tokens["T01"])
    p = payment()
    [r] = client.post_items("payment", [(p["payment_uuid"], p)])
    [again] = client.post_payments([p])
    [mismatch] = client.post_items("payment", [(str(uuid.uuid4()), payment(receipt_number=2))])
    assert (r.status, again.status, again.result) == (201, 200, r.result)
    assert mismatch.status == 422 and mismatch.error_code == "item.key_mismatch"


def test_the_same_uuid_twice_in_one_batch(engine, halls, connect):
    client = connect(halls["H001"].tokens["T01"])
    p = payment()
    other = {**p, "receipt_number": 5}
    results = client.post_payments([p, p, other])
    assert [r.status for r in results] == [201, 200, 422]
    assert results[1].result == results[0].result
    assert ledger_state(engine)["payments"] == (1, 8000)


def test_an_answer_lost_after_commit_is_recovered_by_resending(engine, halls):
    """500 after the commit, then 503 with Retry-After before any work: the relay's view."""
    from counter_app.adapters.ledger_client import LedgerClient, LedgerOutcomeUnknown
    from hall_ledger.app import create_app
    from hall_ledger.faults import ScriptedFaults
    from hall_ledger.server import ThreadedServer

    faults = ScriptedFaults()
    faults.add("after", "/v1/payments", 500)
    faults.add("before", "/v1/payments", 503, retry_after=3)
    batch = [payment(), payment("3301000004", amount_fen=3000, receipt_number=2)]
    with ThreadedServer(create_app(engine, faults=faults)) as srv, \
            LedgerClient(srv.url, halls["H001"].tokens["T01"]) as client:
        with pytest.raises(LedgerOutcomeUnknown) as lost:
            client.post_payments(batch)
        assert lost.value.status == 500
        assert ledger_state(engine)["payments"] == (2, 11000)  # it did commit
        with pytest.raises(LedgerOutcomeUnknown) as busy:
            client.post_payments(batch)
        assert (busy.value.status, busy.value.retry_after) == (503, 3.0)
        results = client.post_payments(batch)
    assert [r.status for r in results] == [200, 200]
    assert all(r.acknowledged for r in results)
    assert ledger_state(engine)["payments"] == (2, 11000)
    assert [f[0] for f in faults.fired] == ["after", "before"]
