"""Voids, shift reports and contact changes: idempotent per (hall, terminal, kind, item_key)
like payments — the hall and terminal are the caller's token's, so keys never collide across
halls or terminals; audit heads and shift reports are also known by their seq / shift id.

A void marks the payment voided and reverses its bookings on bills and credit (reversals.py);
a refund of prepaid credit takes it off the customer's credit (refunds.py); a shift
report is kept for reconciliation; a contact change updates the customer's phone and so
reaches the hall's other counters through the reference changes.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, case, func, select, update

from hall_domain.accounts import normalize_phone
from hall_domain.phones import PhoneSource

from ..store.db import lock_accounts, next_change_seqs, utcnow
from ..store.models import Customer, Item, JournalEntry, Payment
from ..wire import (
    ITEM_KEY_PATTERN,
    ITEM_MODELS,
    AuditHeadIn,
    ContactChangeIn,
    ShiftReportIn,
    VoidIn,
    content_hash,
    describe,
    dumps,
    duplicate,
    recorded,
    refused,
)
from . import phones
from .booking import LostRace, in_transaction_retrying, iso_utc, upsert_ignore
from .collections_audit import record_for
from .ingest import ingest_payments
from .refunds import apply_refund
from .refusal import ItemRefused
from .reversals import reverse_payment
from .terminals import Principal

KINDS = tuple(ITEM_MODELS)
_KEY = re.compile(ITEM_KEY_PATTERN)  # fullmatch: "T01:5\n" is no key


def ingest_items(
    engine: Engine, principal: Principal, kind: str, envelopes: list[Any]
) -> list[dict[str, Any]]:
    """Answer a batch of {item_key, payload} envelopes of one kind."""
    if kind == "payment":
        keys = [str(e.get("item_key", f"#{i}")) if isinstance(e, dict) else f"#{i}"
                for i, e in enumerate(envelopes)]
        payloads = [e.get("payload") if isinstance(e, dict) else None for e in envelopes]
        return ingest_payments(engine, principal, payloads, keys=keys)
    model = ITEM_MODELS[kind]
    results: list[dict[str, Any] | None] = [None] * len(envelopes)
    parsed = []
    seen: dict[str, str] = {}
    for i, envelope in enumerate(envelopes):
        key = envelope.get("item_key") if isinstance(envelope, dict) else None
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            shown = key if isinstance(key, str) else f"#{i}"  # echoed: the client matches on it
            results[i] = refused(shown, "item.key", "item_key must be 1-64 letters, digits or -_.:")
            continue
        try:
            payload = model.model_validate(envelope.get("payload"))
        except ValidationError as exc:
            results[i] = refused(key, f"{kind}.invalid", *describe(exc))
            continue
        if payload.terminal_id != principal.terminal_id:
            results[i] = refused(key, f"{kind}.wrong_terminal",
                                 "payload names another terminal than the token's")
            continue
        digest = content_hash(payload)
        if key in seen:
            results[i] = refused(key, "item.repeated_in_batch", "item_key repeated in the batch")
            continue
        seen[key] = digest
        parsed.append((i, key, payload, digest))
    if parsed:
        answers = in_transaction_retrying(
            engine, lambda conn: _record(conn, principal, kind, parsed), what=f"{kind} item batch")
        for i, key, _, _ in parsed:
            results[i] = answers[key]
    return [r for r in results if r is not None]


def _scoped(principal: Principal, kind: str):
    """Items of this kind sent by the caller's own terminal: keys are unique only within it."""
    return ((Item.hall_id == principal.hall_id) & (Item.terminal_id == principal.terminal_id)
            & (Item.kind == kind))


def _record(conn, principal: Principal, kind: str, parsed) -> dict[str, dict]:
    lock_accounts(conn, [getattr(p, "account_no", "") for _, _, p, _ in parsed if
                         getattr(p, "account_no", None)])
    keys = [key for _, key, _, _ in parsed]
    found = {
        row.item_key: row
        for row in conn.execute(
            select(Item.item_key, Item.content_hash, Item.result_json)
            .where(_scoped(principal, kind), Item.item_key.in_(keys))
        )
    }
    now = utcnow()
    answers: dict[str, dict] = {}
    for _, key, payload, digest in parsed:
        row = found.get(key)
        if row is None and kind in NATURAL_REF:  # the same head / report under another key
            row = conn.execute(
                select(Item.item_key, Item.content_hash, Item.result_json)
                .where(_scoped(principal, kind), Item.ref == NATURAL_REF[kind](payload))
                .limit(1)
            ).first()
        if row is not None:
            answers[key] = (
                duplicate(key, json.loads(row.result_json)) if row.content_hash == digest else
                refused(key, f"{kind}.key_conflict",
                        f"this item_key (or this {NATURAL_NAME.get(kind, 'item')}) was already "
                        "recorded with different content; the ledger is unchanged")
            )
            continue
        try:
            result, ref = APPLY[kind](conn, principal, key, payload, now)
        except ItemRefused as exc:
            answers[key] = refused(key, exc.code, exc.message)
            continue
        inserted = conn.execute(
            upsert_ignore(conn, Item).returning(Item.item_key),
            {"kind": kind, "item_key": key, "content_hash": digest, "hall_id": principal.hall_id,
             "terminal_id": principal.terminal_id, "ref": ref,
             "payload_json": dumps(payload.model_dump(mode="json")),
             "result_json": dumps(result), "recorded_at": now},
        ).scalars().all()
        if not inserted:
            raise LostRace()
        answers[key] = recorded(key, result)
    return answers


def _journal(conn, principal: Principal, kind: str, ref: str, account_no: str | None, now,
             detail: dict, amount_fen: int = 0) -> None:
    conn.execute(JournalEntry.__table__.insert(), {
        "recorded_at": now, "hall_id": principal.hall_id, "terminal_id": principal.terminal_id,
        "kind": kind, "ref": ref, "account_no": account_no, "bill_id": None,
        "amount_fen": amount_fen, "principal_fen": 0, "late_fee_fen": 0,
        "late_fee_assessed_fen": 0, "credit_fen": 0, "detail": dumps(detail),
    })


def _apply_void(conn, principal: Principal, key: str, v: VoidIn, now) -> tuple[dict, str]:
    row = conn.execute(
        select(Payment.hall_id, Payment.terminal_id, Payment.account_no, Payment.amount_fen,
               Payment.voided, Payment.receipt_number)
        .where(Payment.payment_uuid == v.payment_uuid)
    ).first()
    if row is None:
        raise ItemRefused("void.unknown_payment", f"no payment {v.payment_uuid} is recorded")
    check_void_allowed(principal, row.hall_id, row.terminal_id, v)
    if row.account_no != v.account_no or row.receipt_number != v.receipt_number:
        raise ItemRefused("void.mismatch", "account_no or receipt_number differ from the payment's")
    if row.voided:
        raise ItemRefused("void.already_voided", "that payment was already voided by another void")
    reversal = reverse_payment(conn, principal, v.payment_uuid, key, now)  # or ItemRefused
    conn.execute(update(Payment).where(Payment.payment_uuid == v.payment_uuid).values(voided=True))
    detail = {"void_key": key, "reason": v.reason, "approved_by": v.approved_by,
              "payment_terminal_id": row.terminal_id}
    if v.approval is not None:
        detail["approval"] = v.approval.model_dump(mode="json")
    _journal(conn, principal, "void", v.payment_uuid, v.account_no, now, detail,
             amount_fen=row.amount_fen)
    result = {"void_key": key, "payment_uuid": v.payment_uuid, "recorded_at": iso_utc(now),
              "balances_reversed": True, "reversed": reversal}
    return result, v.payment_uuid


def check_void_allowed(principal: Principal, hall_id: str, terminal_id: str, v: VoidIn) -> None:
    """Who may void (reverse) a payment (docs/security.md, "Who may void what"):

    - the terminal that took it;
    - another terminal of the same hall only with a supervisor's approval carried in the
      void (`approval`: the approver, who is neither the cashier asking nor missing, and the
      counter's approval record), recorded in the journal;
    - never a terminal of another hall.
    """
    if hall_id != principal.hall_id:
        raise ItemRefused("void.other_hall",
                          f"payment {v.payment_uuid} belongs to another hall; "
                          "only a terminal of that hall may void it")
    if terminal_id == principal.terminal_id:
        return
    if v.approval is None:
        raise ItemRefused("void.other_terminal",
                          f"payment {v.payment_uuid} was taken at terminal {terminal_id}; "
                          "another terminal may void it only with a supervisor's approval")
    if v.approval.approver_id != v.approved_by or v.approval.approver_id == v.cashier_id:
        raise ItemRefused("void.approval",
                          "the approval must name the approver in approved_by, and the "
                          "approver may not be the cashier who asks")


def shift_figures(conn, hall_id: str, terminal_id: str, shift_id: int) -> dict[str, int]:
    """The ledger's figures for one shift: voided payments counted apart, not in the sums."""
    from ..store.models import PaymentTender

    base = ((Payment.hall_id == hall_id) & (Payment.terminal_id == terminal_id)
            & (Payment.shift_id == shift_id))
    live = case((Payment.voided, 0), else_=1)
    count, total, voids = conn.execute(
        select(func.coalesce(func.sum(live), 0),
               func.coalesce(func.sum(Payment.amount_fen * live), 0),
               func.coalesce(func.sum(1 - live), 0))
        .where(base)
    ).one()
    by_kind = dict(conn.execute(
        select(PaymentTender.kind, func.sum(PaymentTender.amount_fen))
        .join(Payment, Payment.payment_uuid == PaymentTender.payment_uuid)
        .where(base, Payment.voided.is_(False)).group_by(PaymentTender.kind)
    ).all())
    return {"payment_count": int(count), "payment_total_fen": int(total),
            "cash_fen": int(by_kind.get("cash", 0)), "card_fen": int(by_kind.get("card", 0)),
            "void_count": int(voids)}


def _apply_shift_report(conn, principal: Principal, key: str, r: ShiftReportIn, now):
    ledger = shift_figures(conn, principal.hall_id, principal.terminal_id, r.shift_id)
    reported = {k: getattr(r, k) for k in ("payment_count", "payment_total_fen", "cash_fen",
                                           "card_fen", "void_count")}
    _journal(conn, principal, "shift_report", key, None, now,
             {"shift_id": r.shift_id, "reported": reported}, amount_fen=r.payment_total_fen)
    result = {"shift_id": r.shift_id, "recorded_at": iso_utc(now), "ledger": ledger,
              "matches": ledger == reported}
    return result, str(r.shift_id)


def _apply_contact_change(conn, principal: Principal, key: str, c: ContactChangeIn, now):
    row = conn.execute(
        select(Customer.hall_id, Customer.phone).where(Customer.account_no == c.account_no)
    ).first()
    if row is None or row.hall_id != principal.hall_id:
        raise ItemRefused("contact_change.unknown_account",
                          f"no account {c.account_no} in this hall")
    phone = normalize_phone(c.phone)
    seq = next_change_seqs(conn, principal.hall_id, 1)
    conn.execute(
        update(Customer).where(Customer.account_no == c.account_no)
        .values(phone=phone, change_seq=seq, updated_at=now)
    )
    _journal(conn, principal, "contact_change", key, c.account_no, now,
             {"old_phone": row.phone, "new_phone": phone, "changed_by": c.changed_by})
    # phone hygiene (#14): taken or confirmed with the customer at a counter, verified that day
    phones.record_verified(conn, principal.hall_id, c.account_no, phone,
                           source=PhoneSource.COUNTER, on=c.changed_at.date(), now=now)
    record_for(conn, principal, c.changed_by,
               "phones.verified" if row.phone == phone else "phones.changed", c.account_no,
               {"old": row.phone, "new": phone, "item_key": key}, at=now)
    return {"account_no": c.account_no, "phone": phone, "recorded_at": iso_utc(now)}, c.account_no


def _apply_audit_head(conn, principal: Principal, key: str, h: AuditHeadIn, now):
    """Kept as the item itself; `latest_audit_head` reads the newest one back."""
    return {"seq": h.seq, "hash": h.hash}, f"{principal.terminal_id}:{h.seq}"


def latest_audit_head(engine: Engine, principal: Principal) -> dict[str, Any] | None:
    """The newest audit head this terminal sent (by seq), or None."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Item.payload_json, Item.recorded_at)
            .where(Item.kind == "audit_head", Item.hall_id == principal.hall_id,
                   Item.terminal_id == principal.terminal_id)
        ).all()
    if not rows:
        return None
    heads = [(json.loads(r.payload_json), r.recorded_at) for r in rows]
    payload, recorded_at = max(heads, key=lambda h: h[0]["seq"])
    return {**payload, "recorded_at": iso_utc(recorded_at)}


# Kinds whose items name one thing of their terminal by content (the `ref` the ledger
# stores): the same audit head or shift report sent again under another key (e.g. a key
# made before keys carried the hall) is the same item, answered as a duplicate.
NATURAL_REF = {
    "audit_head": lambda h: f"{h.terminal_id}:{h.seq}",
    "shift_report": lambda r: str(r.shift_id),
}
NATURAL_NAME = {"audit_head": "audit head seq", "shift_report": "shift's report"}

APPLY = {"void": _apply_void, "shift_report": _apply_shift_report,
         "contact_change": _apply_contact_change, "audit_head": _apply_audit_head,
         "refund": apply_refund}
