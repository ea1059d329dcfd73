"""The reconciliation exceptions worklist: owner, age, and the actions that resolve a line
(match by hand, post to an account, refund approved by a second person, note). Every action is
recorded (recon_exception_actions and the collections record); resolved lines leave the list;
nothing is deleted."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from hall_domain.late_fees import LateFeeRuleSet

from ..store.db import next_change_seqs
from ..store.models import (
    ChannelFile,
    ChannelLine,
    Customer,
    JournalEntry,
    Payment,
    ReconException,
    ReconExceptionAction,
    ReconMatch,
)
from .channels import ingest_channel_payments
from .reconcile import NO_HALL, add_action, resolve
from .terminals import Principal

ONLINE_FORMATS = ("wechat", "alipay")
RECON_REFUND = "recon_refund"  # journal detail marker: a refund decided in the worklist


class WorklistError(Exception):
    """An action that cannot be taken; `code` is stable (see counter_app/ui/error_text.py)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class WorkItem:
    exc_id: int
    hall_id: str
    channel: str
    recon_date: str
    kind: str
    status: str
    account_no: str | None
    amount_fen: int
    expected_fen: int | None
    owner: str | None
    age_days: int
    escalated: bool
    line_id: int | None
    payment_uuid: str | None

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


def worklist(engine: Engine, *, now: datetime, hall_id: str | None = None,
             include_resolved: bool = False) -> list[WorkItem]:
    """Open exceptions (of a hall, or every hall's), oldest first, with their age in days."""
    e = ReconException
    q = select(e).order_by(e.recon_date, e.exc_id)
    if hall_id is not None:
        q = q.where(e.hall_id == hall_id)
    if not include_resolved:
        q = q.where(e.status != "resolved")
    with engine.connect() as conn:
        return [WorkItem(r.exc_id, r.hall_id, r.channel, r.recon_date.isoformat(), r.kind,
                         r.status, r.account_no, r.amount_fen, r.expected_fen, r.owner,
                         (now.date() - r.recon_date).days, r.escalated_at is not None,
                         r.line_id, r.payment_uuid)
                for r in conn.execute(q)]


def actions_of(engine: Engine, exc_id: int) -> list[dict[str, Any]]:
    a = ReconExceptionAction
    with engine.connect() as conn:
        return [{"seq": r.seq, "at": r.at.isoformat(), "actor": r.actor, "action": r.action,
                 "detail": json.loads(r.detail or "{}")}
                for r in conn.execute(select(a).where(a.exc_id == exc_id).order_by(a.seq))]


def _open(conn: Connection, exc_id: int, *, kinds: tuple[str, ...] | None = None):
    exc = conn.execute(select(ReconException).where(ReconException.exc_id == exc_id)
                       .with_for_update()).first()
    if exc is None:
        raise WorklistError("recon.unknown_exception", f"no exception {exc_id}")
    if exc.status == "resolved":
        raise WorklistError("recon.already_resolved", f"exception {exc_id} is already resolved")
    if kinds is not None and exc.kind not in kinds:
        raise WorklistError("recon.wrong_kind",
                            f"exception {exc_id} is {exc.kind}; this action is for "
                            f"{', '.join(kinds)}")
    return exc


def _actor(actor: str) -> str:
    actor = (actor or "").strip()
    if not actor or len(actor) > 32:
        raise WorklistError("recon.actor_required", "the person's id (1-32 characters) is needed")
    return actor


def assign(engine: Engine, exc_id: int, owner: str, *, actor: str, now: datetime) -> None:
    actor, owner = _actor(actor), _actor(owner)
    with engine.begin() as conn:
        exc = _open(conn, exc_id)
        conn.execute(update(ReconException).where(ReconException.exc_id == exc_id)
                     .values(owner=owner))
        add_action(conn, exc_id, exc.hall_id, actor, "assigned", now,
                   {"owner": owner, "was": exc.owner})


def note(engine: Engine, exc_id: int, text: str, *, actor: str, now: datetime,
         resolve_it: bool = False) -> None:
    """A note; with resolve_it the note explains why the line is closed (e.g. the bank paid
    the rest of a short settlement, a ledger_only payment confirmed by the channel)."""
    actor = _actor(actor)
    text = (text or "").strip()
    if not text or len(text) > 1000:
        raise WorklistError("recon.note_required", "a note of 1-1000 characters is needed")
    with engine.begin() as conn:
        exc = _open(conn, exc_id)
        add_action(conn, exc_id, exc.hall_id, actor, "note", now, {"text": text})
        if resolve_it:
            if exc.kind == "channel_only":
                raise WorklistError("recon.needs_posting", "money in suspense is resolved by "
                                    "posting it to an account or matching it by hand")
            resolve(conn, exc, actor, "noted", now, {"text": text})


def match_by_hand(engine: Engine, exc_id: int, other_exc_id: int, *, actor: str,
                  now: datetime) -> None:
    """A channel_only line and a ledger_only payment are the same money: the amounts must be
    equal to the fen; both are resolved and the suspense released."""
    actor = _actor(actor)
    with engine.begin() as conn:
        a = _open(conn, exc_id, kinds=("channel_only", "ledger_only"))
        b = _open(conn, other_exc_id, kinds=("channel_only", "ledger_only"))
        if {a.kind, b.kind} != {"channel_only", "ledger_only"}:
            raise WorklistError("recon.match_pair", "match a channel_only line with a "
                                "ledger_only payment")
        line, pay = (a, b) if a.kind == "channel_only" else (b, a)
        if line.amount_fen != pay.amount_fen:
            raise WorklistError("recon.amount_differs",
                                f"amounts differ: {line.amount_fen} and {pay.amount_fen} fen")
        conn.execute(insert(ReconMatch).values(
            hall_id=pay.hall_id, channel=line.channel, recon_date=line.recon_date,
            line_id=line.line_id, payment_uuid=pay.payment_uuid, rule="hand", matched_at=now,
            matched_by=actor))
        for exc, other in ((line, pay), (pay, line)):
            resolve(conn, exc, actor, "matched_by_hand", now, {"with": other.exc_id})


def post_to_account(engine: Engine, exc_id: int, account_no: str, *, actor: str, now: datetime,
                    rules: LateFeeRuleSet | None = None) -> dict[str, Any]:
    """Money in suspense (channel_only) booked as a payment of the account through the ledger's
    channel-payment path (its UUID derived from the line, so it books once); the suspense is
    released. For duplicate_across_channels: the credit is kept on the account."""
    actor = _actor(actor)
    with engine.begin() as conn:
        exc = _open(conn, exc_id, kinds=("channel_only", "duplicate_across_channels"))
        if exc.kind == "duplicate_across_channels":
            resolve(conn, exc, actor, "kept_as_credit", now, {"account_no": exc.account_no})
            return {"kept_as_credit_fen": exc.amount_fen}
        line = conn.execute(select(ChannelLine, ChannelFile.format.label("file_format")).join(
            ChannelFile, ChannelFile.file_id == ChannelLine.file_id).where(
            ChannelLine.line_id == exc.line_id)).first()
        hall = conn.execute(select(Customer.hall_id).where(
            Customer.account_no == account_no)).scalar()
    if line is None:
        raise WorklistError("recon.unknown_line", f"exception {exc_id} names no channel line")
    if hall is None:
        raise WorklistError("recon.unknown_account", f"no account {account_no}")
    row, fmt = line, line.file_format
    principal = Principal(hall_id=hall, terminal_id=row.channel.upper(),
                          channel="online" if fmt in ONLINE_FORMATS else "bank")
    payment_uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"recon-line:{row.line_id}"))
    paid_at = row.txn_at or datetime.combine(row.txn_date, datetime.min.time())
    [answer] = ingest_channel_payments(engine, principal, [{
        "payment_uuid": payment_uuid, "account_no": account_no, "amount_fen": row.amount_fen,
        "paid_at": paid_at.isoformat(), "reference": row.txn_id[:40]}], rules)
    if answer["status"] not in (200, 201):
        raise WorklistError("recon.posting_refused", f"the ledger refused the posting: "
                            f"{answer.get('error', answer)}")
    with engine.begin() as conn:
        exc = _open(conn, exc_id)
        conn.execute(update(ReconException).where(ReconException.exc_id == exc_id)
                     .values(hall_id=hall if exc.hall_id == NO_HALL else exc.hall_id,
                             account_no=account_no, payment_uuid=payment_uuid))
        conn.execute(insert(ReconMatch).values(
            hall_id=hall, channel=row.channel, recon_date=exc.recon_date, line_id=row.line_id,
            payment_uuid=payment_uuid, rule="hand", matched_at=now, matched_by=actor))
        exc = _open(conn, exc_id)
        resolve(conn, exc, actor, "posted_to_account", now,
                {"account_no": account_no, "payment_uuid": payment_uuid})
    return {"payment_uuid": payment_uuid, "account_no": account_no}


def request_refund(engine: Engine, exc_id: int, *, actor: str, now: datetime,
                   reason: str = "") -> None:
    """The customer asked for the duplicate's money back: a request, not yet a refund."""
    actor = _actor(actor)
    with engine.begin() as conn:
        exc = _open(conn, exc_id, kinds=("duplicate_across_channels",))
        if exc.status == "refund_requested":
            raise WorklistError("recon.refund_pending", "a refund is already requested")
        conn.execute(update(ReconException).where(ReconException.exc_id == exc_id)
                     .values(status="refund_requested"))
        add_action(conn, exc_id, exc.hall_id, actor, "refund_requested", now,
                   {"amount_fen": exc.amount_fen, "reason": reason})


def approve_refund(engine: Engine, exc_id: int, *, approver: str, now: datetime) -> None:
    """A second person approves: the prepaid credit is paid back (journal `refund`, the
    customer's credit lowered in the same transaction) and the line resolved."""
    approver = _actor(approver)
    with engine.begin() as conn:
        exc = _open(conn, exc_id, kinds=("duplicate_across_channels",))
        if exc.status != "refund_requested":
            raise WorklistError("recon.refund_not_requested", "no refund has been requested")
        requester = conn.execute(select(ReconExceptionAction.actor).where(
            ReconExceptionAction.exc_id == exc_id,
            ReconExceptionAction.action == "refund_requested")
            .order_by(ReconExceptionAction.seq.desc())).scalar()
        if requester == approver:
            raise WorklistError("recon.same_person", "the refund needs a second person's "
                                "approval, not the requester's")
        credit = conn.execute(select(Customer.credit_fen).where(
            Customer.account_no == exc.account_no).with_for_update()).scalar() or 0
        if credit < exc.amount_fen:
            raise WorklistError("recon.credit_short", f"the account holds {credit} fen of "
                                f"credit, less than {exc.amount_fen}")
        terminal = conn.execute(select(Payment.terminal_id).where(
            Payment.payment_uuid == exc.payment_uuid)).scalar()
        refund_id = f"recon-{exc_id}"
        conn.execute(insert(JournalEntry).values(
            recorded_at=now, hall_id=exc.hall_id, terminal_id=terminal, kind="refund",
            ref=refund_id, account_no=exc.account_no, bill_id=None, amount_fen=exc.amount_fen,
            principal_fen=0, late_fee_fen=0, late_fee_assessed_fen=0, credit_fen=-exc.amount_fen,
            detail=json.dumps({RECON_REFUND: exc_id, "payment_uuid": exc.payment_uuid,
                               "requested_by": requester, "approved_by": approver})))
        seq = next_change_seqs(conn, exc.hall_id, 1)
        conn.execute(update(Customer).where(Customer.account_no == exc.account_no).values(
            credit_fen=Customer.credit_fen - exc.amount_fen, change_seq=seq, updated_at=now))
        add_action(conn, exc_id, exc.hall_id, approver, "refund_approved", now,
                   {"refund_id": refund_id, "requested_by": requester})
        resolve(conn, exc, approver, "refunded", now, {"refund_id": refund_id})
