"""Sending queued reminders through a gateway, exactly once.

For each batch of due messages, ONE transaction checks them (opt-out, mobile number, the text
equal to the approved template filled with the stored variables, the hall's caps) and marks
the ones that may go `sending` with the time; it COMMITS before any provider call. Then the
provider is called (concurrently, bounded), each message carrying our UUID as its out-id, and a
second transaction records the answers. A crash between the two leaves `sending` rows; a
timeout leaves `unknown`. Both are QUERIED by out-id on the next dispatch (after `grace`, so a
message another dispatcher is sending right now is not queried): found at the provider → its
status; not found → queued again (the provider never took it, so sending it is not a resend).

Outside the hall's sending window nothing is sent (the messages wait). A cap reached defers
the message to when the cap frees; a rate-limited answer defers it an hour. Messages still
queued after `expire_after` (default 3 days: the amount is stale) expire."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    func,
    insert,
    literal_column,
    or_,
    select,
    update,
)

from hall_domain.errors import DomainError
from hall_domain.sms import (
    cap_problem,
    count_parts,
    in_window,
    mobile_number,
    next_window_start,
    render,
)

from ...store.db import among, is_sqlite, lock_accounts, reader
from ...store.models import Bill, CollectionAction, SmsMessage, SmsTemplate
from ..collections_audit import SYSTEM
from . import hooks
from .gateway import GatewayUnavailable, QueryResult, SendRequest, SendResult, SmsGateway
from .messages import COUNTED, opted_out
from .settings import HallSms, hall_sms
from .templates import text_digest

log = logging.getLogger("hall_ledger.sms")

RATE_LIMIT_BACKOFF = timedelta(hours=1)
DEFAULT_GRACE = timedelta(seconds=120)
DEFAULT_EXPIRY = timedelta(days=3)


@dataclass
class DispatchReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, n: int = 1) -> None:
        if n:
            self.counts[key] = self.counts.get(key, 0) + n

    def get(self, key: str) -> int:
        return self.counts.get(key, 0)


AfterSend = Callable[[str, SendResult | BaseException], None]


def dispatch(engine: Engine, gateway: SmsGateway, *, now: datetime, hall_id: str | None = None,
             batch_size: int = 200, concurrency: int = 8, limit: int | None = None,
             grace: timedelta = DEFAULT_GRACE, expire_after: timedelta = DEFAULT_EXPIRY,
             on_vacant: hooks.OnVacant | None = None,
             after_send: AfterSend | None = None) -> DispatchReport:
    """One dispatch pass at `now` (naive UTC): resolve unknown outcomes, then send what is due
    (at most `limit` messages considered). `after_send` (tests) runs after each provider answer, before
    it is recorded."""
    report = DispatchReport()
    on_vacant = on_vacant or hooks.ON_VACANT
    with ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="sms") as pool:
        _resolve_unknown(engine, gateway, pool, now=now, hall_id=hall_id, grace=grace,
                         on_vacant=on_vacant, report=report)
        for hall in _halls_with_due(engine, now, hall_id):
            with reader(engine).connect() as conn:
                hs = hall_sms(conn, hall)
            local_now = hs.local(now)
            if not in_window(local_now, hs.policy):
                report.add("deferred_window", _due_count(engine, hall, now))
                continue
            # Pipelined: while one batch is with the provider, the next is checked and
            # claimed (its cap check sees the batch in flight: those rows are `sending`).
            in_flight = None
            while limit is None or report.get("considered") < limit:
                size = batch_size if limit is None else min(batch_size,
                                                            limit - report.get("considered"))
                claimed = _claim_batch(engine, gateway, hs, now=now, size=size, report=report,
                                       expire_after=expire_after)
                if in_flight is not None:
                    _record(engine, *in_flight, now=now, report=report)
                    in_flight = None
                if claimed is None:
                    break
                if claimed:
                    in_flight = (claimed, _submit(engine, pool, gateway, claimed, after_send))
            if in_flight is not None:
                _record(engine, *in_flight, now=now, report=report)
    return report


def _halls_with_due(engine: Engine, now: datetime, hall_id: str | None) -> list[str]:
    q = select(SmsMessage.hall_id).where(SmsMessage.status == "queued", _due(now)).distinct()
    if hall_id:
        q = q.where(SmsMessage.hall_id == hall_id)
    with reader(engine).connect() as conn:
        return sorted(conn.execute(q).scalars())


def _due(now: datetime):
    return or_(SmsMessage.not_before.is_(None), SmsMessage.not_before <= now)


def _due_count(engine: Engine, hall: str, now: datetime) -> int:
    with reader(engine).connect() as conn:
        return int(conn.execute(select(func.count()).where(
            SmsMessage.hall_id == hall, SmsMessage.status == "queued", _due(now))).scalar_one())


def _action(hall: str, account: str, action: str, now: datetime, **detail: Any) -> dict:
    return {"recorded_at": now, "hall_id": hall, "terminal_id": None, "actor": SYSTEM,
            "action": action, "subject": account,
            "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True)}


def _set(conn: Connection, rows: list[dict], *, only_status: tuple[str, ...] | None = None,
         **columns: Any) -> None:
    """UPDATE sms_messages for many rows: `rows` hold mid and the per-row values (named
    v_<column>); `columns` are the same for all rows."""
    if not rows:
        return
    per_row = {k[2:]: bindparam(k) for k in rows[0] if k.startswith("v_")}
    stmt = update(SmsMessage).where(SmsMessage.message_id == bindparam("mid"))
    if only_status:  # literal constants: an expanding IN cannot go in an executemany
        stmt = stmt.where(or_(*(SmsMessage.status == literal_column(f"'{s}'")
                                for s in only_status)))
    conn.execute(stmt.values(**columns, **per_row).execution_options(synchronize_session=False),
                 rows)


def _claim_batch(engine: Engine, gateway: SmsGateway, hs: HallSms, *, now: datetime, size: int,
                 report: DispatchReport, expire_after: timedelta) -> list | None:
    """Check and claim one batch in one committed transaction; None when nothing is due."""
    if size <= 0:
        return None
    policy = hs.policy
    local_now = hs.local(now)
    with engine.begin() as conn:
        q = (select(SmsMessage).where(SmsMessage.hall_id == hs.hall_id,
                                      SmsMessage.status == "queued", _due(now))
             .order_by(SmsMessage.queued_at).limit(size))  # the index order (no sort)
        if not is_sqlite(conn):
            q = q.with_for_update(skip_locked=True)
        rows = conn.execute(q).all()
        if not rows:
            return None
        report.add("considered", len(rows))
        accounts = sorted({r.account_no for r in rows})
        lock_accounts(conn, accounts)  # PostgreSQL: two dispatchers do not both pass a cap
        previous: dict[str, list[datetime]] = {}
        since = now - timedelta(days=policy.month_days + 1)
        for account, at in conn.execute(select(SmsMessage.account_no, SmsMessage.sending_at)
                                        .where(SmsMessage.hall_id == hs.hall_id,
                                               among(conn, SmsMessage.account_no, accounts),
                                               SmsMessage.status.in_(COUNTED),
                                               SmsMessage.sending_at > since)):
            previous.setdefault(account, []).append(hs.local(at))
        blocked = opted_out(conn, sorted({r.phone for r in rows if r.phone}))
        templates = {t.template_id: t for t in conn.execute(select(SmsTemplate).where(
            SmsTemplate.template_id.in_(sorted({r.template_id for r in rows}))))}
        open_bills: dict[str, list] = {}
        for b in conn.execute(select(Bill.account_no, Bill.period, Bill.due_date,
                                     Bill.amount_fen, Bill.principal_paid_fen)
                              .where(Bill.hall_id == hs.hall_id,
                                     among(conn, Bill.account_no, accounts),
                                     Bill.status != "paid")
                              .order_by(Bill.period, Bill.due_date)):
            open_bills.setdefault(b.account_no, []).append(b)
        final: dict[str, list[dict]] = {}
        deferred: list[dict] = []
        amended: list[dict] = []
        claimed = []
        actions = []
        for row in rows:
            r = SimpleNamespace(**row._asdict())
            problem = None
            owing = [b for b in open_bills.get(r.account_no, []) if b.due_date < r.as_of]
            if r.queued_at < now - expire_after:
                problem = ("expired", "not sent in time; the amount would be stale")
            elif r.phone in blocked:
                problem = ("opted_out", "the phone is on the opt-out list")
            elif mobile_number(r.phone) is None:
                problem = ("no_phone", "no mobile number")
            elif not owing:
                problem = ("cancelled", "paid since it was queued")
            else:
                mismatch = _template_mismatch(r, templates.get(r.template_id))
                if mismatch:
                    problem = ("refused", mismatch)
                else:  # part paid since: the text tells what is owed now
                    change = _amend(r, owing, templates[r.template_id])
                    if change:
                        amended.append(change)
                        actions.append(_action(hs.hall_id, r.account_no, "sms.message.amended",
                                               now, message_id=r.message_id,
                                               amount=json.loads(r.variables)["amount"]))
            if problem:
                final.setdefault(problem[0], []).append({"mid": r.message_id,
                                                         "v_last_error": problem[1]})
                actions.append(_action(hs.hall_id, r.account_no, f"sms.message.{problem[0]}",
                                       now, message_id=r.message_id, reason=problem[1]))
                report.add(problem[0])
                continue
            cap = cap_problem(local_now, previous.get(r.account_no, []), policy)
            if cap:
                free_local = next_window_start(max(cap[1], local_now), policy)
                deferred.append({"mid": r.message_id, "v_not_before": hs.utc(free_local),
                                 "v_last_error": f"{cap[0]} cap reached"})
                report.add(f"deferred_{cap[0]}_cap")
                continue
            previous.setdefault(r.account_no, []).append(local_now)
            claimed.append(r)
        for status, items in final.items():
            _set(conn, items, status=status)
        _set(conn, deferred)
        _set(conn, amended)
        _set(conn, [{"mid": r.message_id, "v_attempts": r.attempts + 1} for r in claimed],
             status="sending", sending_at=now, provider=gateway.name, last_error=None)
        if actions:
            conn.execute(insert(CollectionAction), actions)
    return claimed


def _amend(r: SimpleNamespace, owing: list, template: Any) -> dict | None:
    """When part was paid since the message was queued: the same approved template filled
    with what is owed now (r is updated in place); the row's new values, or None."""
    values = json.loads(r.variables)
    owed = sum(b.amount_fen - b.principal_paid_fen for b in owing)
    now_values = {**values, "amount": f"{owed // 100}.{owed % 100:02d}",
                  "months": str(len(owing)), "oldest_period": owing[0].period,
                  "due_date": owing[0].due_date.isoformat()}
    if now_values == values:
        return None
    text = render(template.text, now_values)
    length = count_parts(text, template.signature)
    r.variables = json.dumps(now_values, ensure_ascii=False, sort_keys=True)
    r.text, r.chars, r.parts = text, length.chars, length.parts
    return {"mid": r.message_id, "v_text": text, "v_variables": r.variables,
            "v_chars": length.chars, "v_parts": length.parts}


def _template_mismatch(row: Any, template: Any) -> str | None:
    """Why the stored text is not the approved template filled with the stored variables."""
    if template is None or template.hall_id != row.hall_id:
        return "template mismatch: the template is missing"
    if template.approved_by is None or template.status not in ("approved", "retired"):
        return "template mismatch: the template was never approved"
    if text_digest(template.text, template.signature) != template.text_sha256:
        return "template mismatch: the template text differs from the approved one"
    try:
        expected = render(template.text, json.loads(row.variables))
    except (DomainError, ValueError, TypeError):
        return "template mismatch: the variables do not fill the template"
    if expected != row.text:
        return "template mismatch: the text differs from the approved template"
    return None


def _send_one(gateway: SmsGateway, r: Any, signature: str, code: str | None,
              after_send: AfterSend | None) -> SendResult | BaseException:
    request = SendRequest(out_id=r.message_id, phone=r.phone, signature=signature,
                          template_code=code, params=json.loads(r.variables), text=r.text)
    try:
        outcome: SendResult | BaseException = gateway.send(request)
    except GatewayUnavailable as exc:
        outcome = exc
    except Exception as exc:  # a bug or an unwrapped transport error: the outcome is unknown
        log.warning("sms: sending %s failed: %s", r.message_id, exc)
        outcome = exc
    if after_send is not None:
        after_send(r.message_id, outcome)
    return outcome


def _submit(engine: Engine, pool: ThreadPoolExecutor, gateway: SmsGateway, claimed: list,
            after_send: AfterSend | None) -> list[Future]:
    """Hand a claimed (committed) batch to the provider, concurrently; returns the futures."""
    with reader(engine).connect() as conn:
        templates = {t.template_id: t for t in conn.execute(select(SmsTemplate).where(
            SmsTemplate.template_id.in_(sorted({r.template_id for r in claimed}))))}
    return [pool.submit(_send_one, gateway, r, templates[r.template_id].signature,
                        templates[r.template_id].provider_code, after_send) for r in claimed]


def _record(engine: Engine, claimed: list, futures: list[Future], *, now: datetime,
            report: DispatchReport) -> None:
    """Wait for a batch's answers and record them in one transaction."""
    outcomes = [f.result() for f in futures]  # a crash in after_send propagates from here
    report.add("sent_calls", len(claimed))
    sent, limited, rejected, unknown, actions = [], [], [], [], []
    for r, o in zip(claimed, outcomes, strict=True):
        if isinstance(o, BaseException):
            unknown.append({"mid": r.message_id, "v_last_error": f"outcome unknown: {o}"[:200]})
            what = "unknown"
        elif o.outcome == "accepted":
            sent.append({"mid": r.message_id, "v_provider_ref": o.provider_ref})
            what = "sent"
        elif o.outcome == "rate_limited":
            limited.append({"mid": r.message_id, "v_last_error": f"rate limited: {o.code}"[:200]})
            what = "rate_limited"
        else:
            rejected.append({"mid": r.message_id,
                             "v_last_error": f"refused: {o.code} {o.message}"[:200]})
            what = "failed"
        report.add(what)
        actions.append(_action(r.hall_id, r.account_no, f"sms.message.{what}", now,
                               message_id=r.message_id))
    with engine.begin() as conn:
        # receipts may have arrived already (the row is then delivered/vacant: left as it is)
        _set(conn, sent, only_status=("sending",), status="sent", sent_at=now)
        _set(conn, [{"mid": s["mid"], "v_provider_ref": s["v_provider_ref"]} for s in sent],
             only_status=("sent", "delivered", "failed", "vacant"))
        _set(conn, limited, only_status=("sending",), status="queued",
             not_before=now + RATE_LIMIT_BACKOFF)
        _set(conn, rejected, only_status=("sending",), status="failed")
        _set(conn, unknown, only_status=("sending",), status="unknown")
        conn.execute(insert(CollectionAction), actions)


def _resolve_unknown(engine: Engine, gateway: SmsGateway, pool: ThreadPoolExecutor, *,
                     now: datetime, hall_id: str | None, grace: timedelta,
                     on_vacant: hooks.OnVacant, report: DispatchReport) -> None:
    q = select(SmsMessage).where(SmsMessage.status.in_(("sending", "unknown")),
                                 SmsMessage.sending_at <= now - grace)
    if hall_id:
        q = q.where(SmsMessage.hall_id == hall_id)
    with reader(engine).connect() as conn:
        rows = conn.execute(q.order_by(SmsMessage.sending_at).limit(5000)).all()
        zones = {h: hall_sms(conn, h) for h in {r.hall_id for r in rows}}
    if not rows:
        return

    def ask(r) -> QueryResult | None:
        try:
            return gateway.query(r.message_id, r.phone, zones[r.hall_id].local(r.sending_at).date())
        except Exception as exc:  # still unknown; asked again next time
            log.warning("sms: query of %s failed: %s", r.message_id, exc)
            return None

    answers = list(pool.map(ask, rows))
    with engine.begin() as conn:
        actions = []
        for r, a in zip(rows, answers, strict=True):
            if a is None:
                report.add("still_unknown")
                continue
            if not a.found:
                values = {"status": "queued", "not_before": None,
                          "last_error": "the provider has no such message; queued again"}
                what = "requeued"
            else:
                values = {"status": a.status or "sent", "provider_ref": a.provider_ref,
                          "sent_at": r.sending_at, "last_error": None}
                if a.status in ("delivered", "failed", "vacant"):
                    values.update(receipt_code=a.code[:40], receipt_at=now)
                what = "resolved"
            done = conn.execute(update(SmsMessage).where(
                SmsMessage.message_id == r.message_id,
                SmsMessage.status.in_(("sending", "unknown"))).values(**values)).rowcount
            if not done:
                continue
            report.add(what)
            actions.append(_action(r.hall_id, r.account_no, f"sms.message.{what}", now,
                                   message_id=r.message_id, status=values["status"]))
            if values["status"] == "vacant":
                on_vacant(conn, r.hall_id, r.account_no, r.phone, now)
        if actions:
            conn.execute(insert(CollectionAction), actions)
