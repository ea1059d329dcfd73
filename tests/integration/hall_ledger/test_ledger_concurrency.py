"""Two submissions at once: each UUID recorded once, each bill paid once."""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import func, select

from hall_ledger.store.models import Bill, JournalEntry, Payment
from tests.helpers.ledger import assert_balanced, ledger_state, payment


def run_together(*calls):
    """Start the calls on threads at the same instant; return their results (or raise)."""
    barrier = threading.Barrier(len(calls))
    out: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            out[i] = call()
        except BaseException as exc:  # surfaced below
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for r in out:
        if isinstance(r, BaseException):
            raise r
    return out


def test_the_same_batch_posted_twice_at_once_is_recorded_once(engine, halls, connect):
    token = halls["H001"].tokens["T01"]
    a, b = connect(token), connect(token)
    for round_no in range(4):
        batch = [
            payment(account, amount_fen=100, allocations=[], credit_fen=100,
                    receipt_number=round_no * 10 + i + 1)
            for i, account in enumerate(["3301000001", "3301000002", "3301000003",
                                         "3301000004", "3309999999"] * 4)
        ]
        ra, rb = run_together(lambda batch=batch: a.post_payments(batch),
                              lambda batch=batch: b.post_payments(batch))
        for x, y in zip(ra, rb, strict=True):
            assert {x.status, y.status} <= {200, 201} and x.acknowledged and y.acknowledged
            assert x.result == y.result  # both answers are the one recorded answer
        statuses = sorted(r.status for r in ra + rb)
        assert statuses.count(201) == len(batch) and statuses.count(200) == len(batch)
    with engine.connect() as conn:
        count, total = conn.execute(select(func.count(), func.sum(Payment.amount_fen))).one()
        payments_in_journal = conn.execute(select(func.count()).select_from(JournalEntry).where(
            JournalEntry.kind == "payment")).scalar_one()
    assert (count, total, payments_in_journal) == (80, 8000, 80)
    assert_balanced(engine)


def test_two_terminals_paying_the_same_bill_at_once_pay_it_once(engine, halls, connect):
    t1, t2 = connect(halls["H001"].tokens["T01"]), connect(halls["H001"].tokens["T02"])
    p1 = payment("3301000003", terminal_id="T01", amount_fen=100000)
    p2 = payment("3301000003", terminal_id="T02", amount_fen=100000)

    [r1], [r2] = run_together(lambda: t1.post_payments([p1]), lambda: t2.post_payments([p2]))

    assert r1.status == r2.status == 201
    credits = sorted([r1.result["credit_fen"], r2.result["credit_fen"]])
    assert credits == [0, 100000]  # one settled the bill, the other became credit
    assert sorted([r1.result["review"], r2.result["review"]]) == [False, True]
    with engine.connect() as conn:
        bill = conn.execute(select(Bill.principal_paid_fen, Bill.status).where(
            Bill.account_no == "3301000003")).one()
    assert tuple(bill) == (100000, "paid")
    assert ledger_state(engine)["credit"] == 100000
    assert_balanced(engine)


def test_a_uuid_recorded_between_our_read_and_our_insert_rolls_back_and_answers_again(
    engine, halls, monkeypatch,
):
    """The race the account locks cannot prevent: the same UUID for another account. Our
    transaction read that the UUID was new, a concurrent one recorded it first; the insert
    finds it taken, everything we wrote is rolled back and the batch is answered again."""
    from hall_ledger.services import ingest
    from hall_ledger.services.terminals import Principal

    principal = Principal(hall_id="H001", terminal_id="T01", channel="counter")
    first = payment("3301000001", amount_fen=500, allocations=[], credit_fen=500)
    [recorded] = ingest.ingest_payments(engine, principal, [first])
    assert recorded["status"] == 201
    before = ledger_state(engine)

    real = ingest._answer_existing
    calls = {"n": 0}

    def stale_read(parsed, found, principal, answers):
        calls["n"] += 1
        # The check before the transaction and the first one under the locks miss the row.
        return real(parsed, {} if calls["n"] <= 2 else found, principal, answers)

    monkeypatch.setattr(ingest, "_answer_existing", stale_read)
    other = payment("3301000004", amount_fen=700, allocations=[], credit_fen=700,
                    payment_uuid=first["payment_uuid"], receipt_number=2)
    fresh = payment("3301000002", amount_fen=900, allocations=[], credit_fen=900,
                    receipt_number=3)
    answers = ingest.ingest_payments(engine, principal, [other, fresh])

    assert calls["n"] == 3  # answered again after the rollback
    assert answers[0]["error"]["code"] == "payment.uuid_conflict"
    assert answers[1]["status"] == 201
    after = ledger_state(engine)
    # Only `fresh` was added: nothing of the conflicting item survived the rollback.
    assert after["payments"] == (before["payments"][0] + 1, before["payments"][1] + 900)
    assert after["credit"] == before["credit"] + 900
    assert_balanced(engine)


def test_the_same_uuid_for_two_accounts_at_once_is_recorded_once(engine, halls, connect):
    token = halls["H001"].tokens["T01"]
    a, b = connect(token), connect(token)
    for round_no in range(6):
        shared = str(uuid.uuid4())
        pa = payment("3301000001", amount_fen=100, allocations=[], credit_fen=100,
                     payment_uuid=shared, receipt_number=2 * round_no + 1)
        pb = payment("3301000004", amount_fen=300, allocations=[], credit_fen=300,
                     payment_uuid=shared, receipt_number=2 * round_no + 2)
        [ra], [rb] = run_together(lambda pa=pa: a.post_payments([pa]),
                                  lambda pb=pb: b.post_payments([pb]))
        assert sorted([ra.status, rb.status]) == [201, 422]
        assert (ra if ra.refused else rb).error_code == "payment.uuid_conflict"
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(Payment)).scalar_one()
        journal = conn.execute(select(func.count()).select_from(JournalEntry).where(
            JournalEntry.kind == "payment")).scalar_one()
    assert (count, journal) == (6, 6)
    assert_balanced(engine)
