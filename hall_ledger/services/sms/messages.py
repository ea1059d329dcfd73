"""Reminder messages: queued for an account (by the dunning sink, a counter or the CLI), their
delivery receipts and the replies, the opt-out list, the SMS log."""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, func, insert, select, update

from hall_domain.errors import DomainError
from hall_domain.sms import count_parts, is_opt_out_reply, mobile_number, reminder_values, render

from ...store.db import among, reader, utcnow
from ...store.models import Bill, Customer, SmsGatewayToken, SmsInbound, SmsMessage, SmsOptOut
from ..collections_audit import SYSTEM, record_action
from . import hooks
from .errors import SmsError
from .settings import hall_sms
from .templates import approved_template

STATUSES = ("queued", "sending", "unknown", "sent", "delivered", "failed", "vacant",
            "opted_out", "no_phone", "expired", "refused", "cancelled")
FINAL = ("delivered", "failed", "vacant", "opted_out", "no_phone", "expired", "refused",
         "cancelled")
# statuses that may have reached the customer: they count against the caps
COUNTED = ("sending", "unknown", "sent", "delivered", "failed", "vacant")
RECEIPT_STATUSES = ("delivered", "failed", "vacant")


def message_dict(row: Any) -> dict:
    def iso(v):
        return v.isoformat(timespec="seconds") if v else None

    return {"message_id": row.message_id, "account_no": row.account_no, "phone": row.phone,
            "template_id": row.template_id, "text": row.text, "chars": row.chars,
            "parts": row.parts, "source": row.source, "as_of": row.as_of.isoformat(),
            "status": row.status, "queued_at": iso(row.queued_at),
            "not_before": iso(row.not_before), "sending_at": iso(row.sending_at),
            "sent_at": iso(row.sent_at), "attempts": row.attempts, "provider": row.provider,
            "provider_ref": row.provider_ref, "receipt_code": row.receipt_code,
            "receipt_at": iso(row.receipt_at), "last_error": row.last_error}


def _open_bills(conn: Connection, hall_id: str, account_no: str) -> list:
    return conn.execute(select(Bill.period, Bill.due_date, Bill.amount_fen,
                               Bill.principal_paid_fen)
                        .where(Bill.hall_id == hall_id, Bill.account_no == account_no,
                               Bill.status != "paid")
                        .order_by(Bill.period, Bill.due_date)).all()


def queue_reminder(conn: Connection, hall_id: str, account_no: str, source: str,
                   as_of: date, *, actor: str = SYSTEM, terminal_id: str | None = None,
                   now: datetime | None = None) -> str | None:
    """Queue a payment reminder for an account (the dunning sink's SMS action): the hall's
    approved template filled with the account's unpaid principal as of `as_of`. Once per
    (account, source): queuing the same source again returns the same message id. None when
    nothing is owed or the hall has no approved template (recorded as sms.reminder.skipped)."""
    now = now or utcnow()
    source = source[:64]
    existing = conn.execute(select(SmsMessage.message_id).where(
        SmsMessage.hall_id == hall_id, SmsMessage.account_no == account_no,
        SmsMessage.source == source)).scalar()
    if existing is not None:
        return existing
    customer = conn.execute(select(Customer.name, Customer.phone).where(
        Customer.hall_id == hall_id, Customer.account_no == account_no)).first()
    if customer is None:
        raise SmsError(404, "account_not_found", f"no account {account_no} in this hall")
    bills = [b for b in _open_bills(conn, hall_id, account_no) if b.due_date < as_of]
    owed = sum(b.amount_fen - b.principal_paid_fen for b in bills)
    template = approved_template(conn, hall_id)
    if owed <= 0 or template is None:
        reason = "nothing_overdue" if owed <= 0 else "no_approved_template"
        record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                      action="sms.reminder.skipped", subject=account_no,
                      detail={"source": source, "reason": reason, "as_of": as_of.isoformat()},
                      at=now)
        return None
    try:
        values = reminder_values(name=customer.name, account_no=account_no, amount_fen=owed,
                                 months=len(bills), oldest_period=bills[0].period,
                                 due_date=bills[0].due_date, hall=hall_id)
        text = render(template.text, values)
    except DomainError as exc:
        raise SmsError(422, "render", exc.message) from exc
    length = count_parts(text, template.signature)
    phone = mobile_number(customer.phone)
    message_id = str(uuid.uuid4())
    status = "queued" if phone else "no_phone"
    conn.execute(insert(SmsMessage).values(
        message_id=message_id, hall_id=hall_id, account_no=account_no,
        phone=phone or customer.phone, template_id=template.template_id,
        variables=json.dumps(values, ensure_ascii=False, sort_keys=True), text=text,
        chars=length.chars, parts=length.parts, source=source, as_of=as_of, status=status,
        queued_at=now, attempts=0,
        last_error=None if phone else "no mobile number on the account"))
    record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                  action="sms.message.queued", subject=account_no,
                  detail={"message_id": message_id, "source": source, "status": status,
                          "amount_fen": owed}, at=now)
    return message_id


def sms_delivered(conn: Connection, hall_id: str, account_no: str, since: date) -> bool:
    """Whether a reminder reached the account's phone (a 'delivered' receipt) on or after
    `since` (the hall's local date): the SMS side of the stop-supply gate 经催交."""
    hs = hall_sms(conn, hall_id)
    start = hs.utc(datetime.combine(since, time(0, 0)))
    found = conn.execute(select(SmsMessage.message_id).where(
        SmsMessage.hall_id == hall_id, SmsMessage.account_no == account_no,
        SmsMessage.status == "delivered",
        func.coalesce(SmsMessage.receipt_at, SmsMessage.sent_at) >= start).limit(1)).first()
    return found is not None


def list_messages(conn: Connection, hall_id: str, *, status: str | None = None,
                  account_no: str | None = None, limit: int = 200,
                  before: datetime | None = None) -> dict:
    q = select(SmsMessage).where(SmsMessage.hall_id == hall_id)
    counts_q = select(SmsMessage.status, func.count()).where(SmsMessage.hall_id == hall_id)
    if status:
        q = q.where(SmsMessage.status == status)
    if account_no:
        q = q.where(SmsMessage.account_no == account_no)
        counts_q = counts_q.where(SmsMessage.account_no == account_no)
    if before is not None:
        q = q.where(SmsMessage.queued_at < before)
    rows = conn.execute(q.order_by(SmsMessage.queued_at.desc(), SmsMessage.message_id)
                        .limit(limit)).all()
    counts = dict(conn.execute(counts_q.group_by(SmsMessage.status)).all())
    return {"messages": [message_dict(r) for r in rows],
            "counts": {s: int(counts.get(s, 0)) for s in STATUSES}}


# --- opt-outs --------------------------------------------------------------------------------


def opted_out(conn: Connection, phones: list[str]) -> set[str]:
    if not phones:
        return set()
    return set(conn.execute(select(SmsOptOut.phone).where(among(conn, SmsOptOut.phone, phones)))
               .scalars())


def add_opt_out(conn: Connection, *, hall_id: str, phone: str, source: str, actor: str,
                now: datetime, reason: str = "", terminal_id: str | None = None,
                subject: str | None = None) -> bool:
    """Put a phone on the opt-out list; False when it was there already."""
    mobile = mobile_number(phone)
    if mobile is None:
        raise SmsError(422, "opt_out.phone", "not a mainland mobile number")
    if opted_out(conn, [mobile]):
        return False
    conn.execute(insert(SmsOptOut).values(phone=mobile, hall_id=hall_id, source=source,
                                          actor=actor, reason=reason[:200], created_at=now))
    record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                  action="sms.opt_out.added", subject=subject or mobile,
                  detail={"phone": mobile, "source": source, "reason": reason}, at=now)
    return True


def remove_opt_out(conn: Connection, *, hall_id: str, phone: str, actor: str, now: datetime,
                   reason: str = "", terminal_id: str | None = None,
                   subject: str | None = None) -> bool:
    """The customer asked at a counter to receive reminders again."""
    from sqlalchemy import delete

    mobile = mobile_number(phone)
    if mobile is None:
        raise SmsError(422, "opt_out.phone", "not a mainland mobile number")
    gone = conn.execute(delete(SmsOptOut).where(SmsOptOut.phone == mobile)).rowcount
    if gone:
        record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                      action="sms.opt_out.removed", subject=subject or mobile,
                      detail={"phone": mobile, "reason": reason}, at=now)
    return bool(gone)


def account_phone(conn: Connection, hall_id: str, account_no: str) -> str | None:
    row = conn.execute(select(Customer.phone).where(
        Customer.hall_id == hall_id, Customer.account_no == account_no)).first()
    if row is None:
        raise SmsError(404, "account_not_found", f"no account {account_no} in this hall")
    return row.phone


# --- receipts and replies from the gateway --------------------------------------------------


def apply_receipts(engine: Engine, receipts: list[dict], *, now: datetime,
                   on_vacant: hooks.OnVacant | None = None) -> list[dict]:
    """Delivery receipts: {out_id, status delivered|failed|vacant, phone?, provider_ref?, code?,
    reported_at?}. Matched by our message id (and the phone when given); a receipt never
    moves a message backwards, and a repeated one changes nothing. A vacant number calls
    `on_vacant` in the same transaction."""
    on_vacant = on_vacant or hooks.ON_VACANT
    results = []
    with engine.begin() as conn:
        ids = [r["out_id"] for r in receipts]
        rows = {r.message_id: r for r in conn.execute(
            select(SmsMessage).where(among(conn, SmsMessage.message_id, ids)))} if ids else {}
        actions: list[dict] = []
        changes: list[dict] = []
        row_status: dict[str, str] = {}
        for r in receipts:
            row = rows.get(r["out_id"])
            phone = r.get("phone")
            if row is None or (phone and mobile_number(phone) != row.phone):
                results.append({"out_id": r["out_id"], "outcome": "unknown_message"})
                continue
            current = row_status.get(row.message_id, row.status)
            if current in FINAL:
                results.append({"out_id": r["out_id"], "outcome": "already_final",
                                "status": current})
                continue
            at = r.get("reported_at") or now
            changes.append({"mid": row.message_id, "v_status": r["status"],
                            "v_receipt_code": (r.get("code") or "")[:40], "v_receipt_at": at,
                            "v_provider_ref": row.provider_ref or r.get("provider_ref"),
                            "v_sent_at": row.sent_at or at})
            row_status[row.message_id] = r["status"]  # a repeat in the same batch: final
            actions.append({"recorded_at": now, "hall_id": row.hall_id, "terminal_id": None,
                            "actor": SYSTEM, "action": f"sms.message.{r['status']}",
                            "subject": row.account_no,
                            "detail": json.dumps({"message_id": row.message_id,
                                                  "code": r.get("code") or ""},
                                                 ensure_ascii=False, sort_keys=True)})
            if r["status"] == "vacant":
                on_vacant(conn, row.hall_id, row.account_no, row.phone, at)
            results.append({"out_id": r["out_id"], "outcome": "recorded", "status": r["status"]})
        if changes:  # one executemany for the batch (the gateway pushes hundreds at once)
            conn.execute(update(SmsMessage).where(SmsMessage.message_id == bindparam("mid"))
                         .values(status=bindparam("v_status"),
                                 receipt_code=bindparam("v_receipt_code"),
                                 receipt_at=bindparam("v_receipt_at"),
                                 provider_ref=bindparam("v_provider_ref"),
                                 sent_at=bindparam("v_sent_at")), changes)
        _record_many(conn, actions)
    return results


def apply_replies(engine: Engine, replies: list[dict], *, now: datetime) -> list[dict]:
    """Inbound replies {phone, text, received_at?}: kept; an opt-out word (TD, R, 退订 ...)
    puts the phone on the opt-out list, recorded in the hall that last texted it."""
    results = []
    with engine.begin() as conn:
        for r in replies:
            phone = mobile_number(r["phone"])
            if phone is None:
                results.append({"phone": r["phone"], "outcome": "not_a_mobile"})
                continue
            wants_out = is_opt_out_reply(r["text"])
            conn.execute(insert(SmsInbound).values(received_at=r.get("received_at") or now,
                                                   phone=phone, text=r["text"][:200],
                                                   opt_out=wants_out))
            if not wants_out:
                results.append({"phone": phone, "outcome": "kept"})
                continue
            last = conn.execute(select(SmsMessage.hall_id, SmsMessage.account_no).where(
                SmsMessage.phone == phone).order_by(SmsMessage.queued_at.desc()).limit(1)).first()
            added = add_opt_out(conn, hall_id=last.hall_id if last else "*", phone=phone,
                                source="reply", actor=SYSTEM, now=now,
                                reason=f"reply: {r['text'][:40]}",
                                subject=last.account_no if last else None)
            results.append({"phone": phone, "outcome": "opted_out" if added else "already"})
    return results


def _record_many(conn: Connection, actions: list[dict]) -> None:
    if actions:
        from ...store.models import CollectionAction

        conn.execute(insert(CollectionAction), actions)


# --- the gateway's tokens -------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_gateway_token(engine: Engine, name: str) -> str:
    """A new token for the SMS gateway to push receipts and replies; shown once."""
    token = "hcs_" + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(insert(SmsGatewayToken).values(token_hash=_hash(token), name=name[:32],
                                                    created_at=utcnow()))
    return token


def revoke_gateway_tokens(engine: Engine, name: str) -> int:
    with engine.begin() as conn:
        return conn.execute(update(SmsGatewayToken).where(
            SmsGatewayToken.name == name, SmsGatewayToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())).rowcount


def gateway_token_ok(engine: Engine, token: str) -> bool:
    if not token or len(token) > 200:
        return False
    with reader(engine).connect() as conn:
        row = conn.execute(select(SmsGatewayToken.revoked_at).where(
            SmsGatewayToken.token_hash == _hash(token))).first()
    return row is not None and row.revoked_at is None




def dunning_sms(conn: Connection, hall_id: str, account_no: str, run_id: object, level: int,
                as_of: date) -> str | None:
    """The DunningActionSink's `sms` action: a reminder whose source names the run and level
    (so executing the same run twice queues it once)."""
    return queue_reminder(conn, hall_id, account_no, f"dunning:{run_id}:{level}", as_of)


def cancel_queued(conn: Connection, hall_id: str, source_prefix: str, *, actor: str,
                  reason: str, now: datetime | None = None,
                  terminal_id: str | None = None) -> int:
    """Withdraw the reminders not yet handed to the provider whose source starts with
    `source_prefix` (e.g. `dunning:<run>:` when a run is reversed); returns how many."""
    now = now or utcnow()
    rows = conn.execute(select(SmsMessage.message_id, SmsMessage.account_no).where(
        SmsMessage.hall_id == hall_id, SmsMessage.status == "queued",
        SmsMessage.source.startswith(source_prefix, autoescape=True))).all()
    for r in rows:
        done = conn.execute(update(SmsMessage).where(SmsMessage.message_id == r.message_id,
                                                     SmsMessage.status == "queued")
                            .values(status="cancelled", last_error=reason[:200])).rowcount
        if done:
            record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                          action="sms.message.cancelled", subject=r.account_no,
                          detail={"message_id": r.message_id, "reason": reason}, at=now)
    return len(rows)
