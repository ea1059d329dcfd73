"""Who may void what (issue 11, item 6), enforced at the ledger: the terminal that took the
payment; another terminal of the same hall only with a supervisor's approval carried in the
void (recorded in the journal); never a terminal of another hall. Every refusal is a 422 with
its own code and leaves the ledger unchanged."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select

from hall_ledger.store.models import JournalEntry, Payment
from tests.helpers.ledger import assert_balanced, ledger_state, payment

APPROVAL = {"approval_id": 12, "approver_id": "2001", "approved_at": "2026-03-20T10:19:30"}


def void_of(p: dict, terminal_id: str, **over) -> dict:
    return {"payment_uuid": p["payment_uuid"], "terminal_id": terminal_id,
            "account_no": p["account_no"], "receipt_number": p["receipt_number"],
            "shift_id": p["shift_id"], "cashier_id": "1002", "approved_by": "2001",
            "reason": "收错户号", "voided_at": "2026-03-20T10:20:00",
            "business_date": "2026-03-20", **over}


def voided(engine, payment_uuid: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(Payment.voided)
                            .where(Payment.payment_uuid == payment_uuid)).scalar_one()


def void_journal(engine, payment_uuid: str) -> list[tuple[str, dict]]:
    with engine.connect() as conn:
        rows = conn.execute(select(JournalEntry.terminal_id, JournalEntry.detail).where(
            JournalEntry.kind == "void", JournalEntry.ref == payment_uuid)).all()
    return [(t, json.loads(d)) for t, d in rows]


def test_every_cell_of_who_may_void_what(engine, halls, connect):
    h1_t1 = connect(halls["H001"].tokens["T01"])
    h1_t2 = connect(halls["H001"].tokens["T02"])
    h2_t1 = connect(halls["H002"].tokens["T01"])
    taken = payment("3301000002", amount_fen=8000)  # at H001/T01
    own = payment("3301000004", amount_fen=3000, receipt_number=2)  # at H001/T01 too
    assert all(r.acknowledged for r in h1_t1.post_payments([taken, own]))
    state = ledger_state(engine)

    # Refused, each with its own code, the ledger unchanged:
    [bare] = h1_t2.post_items("void", [(str(uuid.uuid4()), void_of(taken, "T02"))])
    [self_approved] = h1_t2.post_items("void", [(str(uuid.uuid4()), void_of(
        taken, "T02", cashier_id="2001", approval=APPROVAL))])
    [other_name] = h1_t2.post_items("void", [(str(uuid.uuid4()), void_of(
        taken, "T02", approval={**APPROVAL, "approver_id": "2002"}))])
    [other_hall] = h2_t1.post_items("void", [(str(uuid.uuid4()), void_of(
        taken, "T01", approval=APPROVAL))])
    cells = {"other terminal, no approval": bare, "approved by the cashier": self_approved,
             "approval names someone else": other_name, "other hall": other_hall}
    assert {k: (r.status, r.error_code) for k, r in cells.items()} == {
        "other terminal, no approval": (422, "void.other_terminal"),
        "approved by the cashier": (422, "void.approval"),
        "approval names someone else": (422, "void.approval"),
        "other hall": (422, "void.other_hall"),
    }
    assert "supervisor" in bare.error_message and "another hall" in other_hall.error_message
    assert ledger_state(engine) == state and not voided(engine, taken["payment_uuid"])

    # The same hall's other terminal with a supervisor's approval: accepted, approval journaled.
    [approved] = h1_t2.post_items("void", [(str(uuid.uuid4()), void_of(
        taken, "T02", approval=APPROVAL))])
    assert approved.status == 201, (approved.error_code, approved.error_message)
    assert voided(engine, taken["payment_uuid"])
    [(terminal, detail)] = void_journal(engine, taken["payment_uuid"])
    assert terminal == "T02" and detail["payment_terminal_id"] == "T01"
    assert detail["approved_by"] == "2001" and detail["approval"] == APPROVAL

    # The taking terminal: accepted, with or without the approval record (older counters).
    [same] = h1_t1.post_items("void", [(str(uuid.uuid4()), void_of(own, "T01"))])
    assert same.status == 201, (same.error_code, same.error_message)
    [(terminal, detail)] = void_journal(engine, own["payment_uuid"])
    assert terminal == "T01" and "approval" not in detail
    assert_balanced(engine)
