"""Reconciliation against a real ledger that misses a payment, holds an extra one, and
holds one with another amount; then a clean day and the shift report's own check."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

from counter_app.services import cash_control as cc
from counter_app.services.reconciliation import DiffKind, reconcile
from hall_domain.shifts import DenominationCount
from tests.helpers.cash_fixtures import SUP_PIN, T0, TERMINAL, drop_outbox, pay, start_shift

DAY = date(2026, 3, 20)


def wire(c, payment, *, amount_fen: int | None = None) -> dict:
    """The counter's outbox payload as the ledger's wire format (what the relay sends)."""
    with c.store.read() as tx:
        [row] = tx.raw.execute("SELECT payload_json FROM outbox WHERE item_key = ?",
                               (payment.payment_uuid,)).fetchall()
    p = json.loads(row[0])
    p.pop("receipt_no", None)
    p.pop("change_fen", None)
    for a in p["allocations"]:
        a.pop("settles_bill", None)
    for t in p["tenders"]:
        t.setdefault("change_fen", 0)
        for k in ("tendered_fen", "reference", "auth_code", "masked_card"):
            t.setdefault(k, None)
    if amount_fen is not None:  # the same receipt booked with another amount
        p["amount_fen"] = amount_fen
        p["tenders"] = [{"kind": "cash", "amount_fen": amount_fen, "tendered_fen": amount_fen,
                         "change_fen": 0, "reference": None, "auth_code": None, "masked_card": None}]
        p["allocations"] = []
        p["credit_fen"] = amount_fen
        p["payment_uuid"] = str(uuid.uuid4())
    return p


def post(client, payloads):
    results = client.post_payments(payloads)
    assert all(r.acknowledged for r in results), [(r.error_code, r.error_message) for r in results]


def test_missing_extra_and_different(counter, ledger):
    engine, client = ledger
    c = counter
    shift1 = start_shift(c)
    p1 = pay(c, 1, cash=10100, tendered=20000)
    pay(c, 2, card=10200)                        # never reaches the ledger
    p3 = pay(c, 3, cash=10300)                   # the ledger books ¥93.00 for it
    with c.store.write() as tx:                  # a second shift the same day
        tx.raw.execute("UPDATE shifts SET status = 'closed', closed_at = ? WHERE id = ?",
                       (T0.replace(hour=12).isoformat(), shift1.shift_id))
    start_shift(c, at=T0.replace(hour=12))
    later = [pay(c, i, cash=10000 + i * 100, at=T0.replace(hour=13) + timedelta(minutes=i))
             for i in (4, 5, 6)]
    post(client, [wire(c, p1), wire(c, p3, amount_fen=9300)] + [wire(c, p) for p in later])
    extra = wire(c, later[-1])
    extra.update(payment_uuid=str(uuid.uuid4()), receipt_number=7)   # not on this counter
    post(client, [extra])

    r = reconcile(c.cash, client, terminal_id=TERMINAL, business_date=DAY, user=c.supervisor)
    assert not r.ok
    [missing] = r.of_kind(DiffKind.MISSING)
    assert (missing.receipt_number, missing.shift_id, missing.counter_amount_fen) == (2, 1, 10200)
    assert missing.note == "still in the outbox"
    [extra_diff] = r.of_kind(DiffKind.EXTRA)
    assert (extra_diff.receipt_number, extra_diff.shift_id) == (7, 2)
    [different] = r.of_kind(DiffKind.DIFFERENT)  # the ledger's lines name the very receipt
    assert (different.receipt_number, different.shift_id) == (3, 1)
    assert (different.counter_amount_fen, different.ledger_amount_fen) == (10300, 9300)
    s1, s2 = r.shifts
    assert (s1.counter.count, s1.ledger.count, s2.counter.count, s2.ledger.count) == (3, 2, 3, 4)
    assert r.ledger_last_receipt == 7


def test_clean_day_and_shift_report(counter, ledger):
    engine, client = ledger
    c = counter
    shift = start_shift(c)
    payments = [pay(c, i, cash=10000 + i, tendered=20000) for i in range(1, 4)]
    payments.append(pay(c, 4, card=5000))
    post(client, [wire(c, p) for p in payments])
    drop_outbox(c)  # as the relay does after the acknowledgements
    r = reconcile(c.cash, client, terminal_id=TERMINAL, business_date=DAY, user=c.supervisor)
    assert r.ok and r.diffs == () and r.shifts[0].counter.count == 4

    at = T0 + timedelta(hours=8)
    cc.begin_close(c.cash, terminal_id=TERMINAL, user=c.cashier, now=at)
    cc.submit_blind_count(c.cash, shift_id=shift.shift_id, user=c.cashier,
                          counted=DenominationCount({10000: 5, 10: 6}),
                          bank_settlement_fen=5000, now=at)
    cc.supervisor_sign_off(c.cash, shift_id=shift.shift_id, supervisor_id="2001", pin=SUP_PIN,
                           now=at)
    cc.close_shift(c.cash, shift_id=shift.shift_id, user=c.supervisor, now=at, hall_id="H001")
    with c.store.read() as tx:
        [item] = tx.outbox.due_outbox(now=at, limit=10)
    assert item.kind == "shift_report"
    # Sent twice (a resend after a lost answer): recorded once, then the same answer.
    first = client.post_items("shift_report", [(item.item_key, item.payload_json)])
    again = client.post_items("shift_report", [(item.item_key, item.payload_json)])
    assert (first[0].status, again[0].status) == (201, 200)
    assert first[0].result["matches"] is True
    r = reconcile(c.cash, client, terminal_id=TERMINAL, business_date=DAY, user=c.supervisor)
    assert r.shifts[0].counter_report_matches is True
