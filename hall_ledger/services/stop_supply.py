"""Stop-supply requests for arrears (中止供电) and reconnection tasks (恢复供电).

The program never switches anything: it manages the request. A request is raised only when
every gate of the "request" phase holds (hall_domain.stop_supply: more than 30 days overdue,
a reminder delivered — a delivered 催费通知单, or an SMS through the injected
`reminder_delivered` hook — and a 停电通知书 delivered inside the notice window before the
planned date); a second person approves; an important user's regulator is notified; the
customer is told again at least 30 minutes before; then the field team's stop is recorded.
Every answer lists the gates with their basis (legal text from data).

A payment from any channel that clears the arrears (`on_payments_booked`, called by the
booking of counter and channel payments in the same transaction) cancels pending requests at
once and, for a customer already stopped, opens a reconnection task due within the hall's
reconnection deadline (24 hours by default). Times are the hall's local time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select, union, update

from hall_domain.collections import CustomerClass, customer_class
from hall_domain.stop_supply import Gate, StopFacts, evaluate, failing

from ..store.db import lock_accounts
from ..store.models import Customer, ReconnectionTask, StopSupplyRequest
from . import notices
from .collections_audit import SYSTEM, record_action
from .notices import NoticeError, settings_for

ReminderDelivered = Callable[[Connection, str, str, date], bool]
OPEN = ("requested", "approved")
STATUSES = ("requested", "approved", "stopped", "cancelled", "reconnected")
RENOTICE_MINUTES = 30


class GatesFailed(NoticeError):
    def __init__(self, message: str, gates: list[Gate]) -> None:
        super().__init__(409, "collections.stop_supply.gates", message)
        self.gates = gates


def local_now() -> datetime:
    """The hall's local time (the ledger host's clock), to the second."""
    return datetime.now().replace(microsecond=0)


def _customer(conn: Connection, hall_id: str, account_no: str):
    row = conn.execute(select(Customer).where(Customer.account_no == account_no)).first()
    if row is None or row.hall_id != hall_id:
        raise NoticeError(404, "collections.stop_supply.unknown_account",
                          f"no account {account_no} in hall {hall_id}")
    return row


def _oldest_due(conn: Connection, account_no: str, as_of: date) -> date | None:
    bills = notices.overdue_bills(conn, account_no, as_of)
    return min((b.due_date for b in bills), default=None)


def facts_for(conn: Connection, hall_id: str, account_no: str, planned_at: datetime,
              now: datetime, *, reminder_delivered: ReminderDelivered | None = None,
              request=None) -> StopFacts:
    """What the gates look at, found in the ledger (and through the SMS hook)."""
    cust = _customer(conn, hall_id, account_no)
    as_of = now.date()
    oldest = _oldest_due(conn, account_no, as_of)
    reminder: str | None = None
    notice_no, notice_on = None, None
    if oldest is not None:
        found = notices.delivered_notices(conn, hall_id, account_no, "reminder", oldest,
                                         now)
        if found:
            reminder = f"notice {found[0][0]} delivered {found[0][1].date().isoformat()}"
        elif reminder_delivered is not None and reminder_delivered(conn, hall_id, account_no,
                                                                   oldest):
            reminder = "SMS delivered"
        window = settings_for(conn, hall_id).window
        warnings = notices.delivered_notices(conn, hall_id, account_no, "stop_warning",
                                             oldest, now)
        inside = [(n, at) for n, at in warnings if window.holds(at.date(), planned_at.date())]
        pick = inside[0] if inside else (warnings[0] if warnings else None)
        if pick is not None:
            notice_no, notice_on = pick[0], pick[1].date()
    return StopFacts(
        customer_class=CustomerClass(request.customer_class) if request is not None else
        customer_class(cust.user_type, cust.customer_class),
        overdue_days=(as_of - oldest).days if oldest is not None else None,
        planned_at=planned_at, reminder=reminder, notice_no=notice_no,
        notice_delivered_on=notice_on,
        requested_by=request.requested_by if request is not None else None,
        approved_by=request.approved_by if request is not None else None,
        regulator_notified_at=request.regulator_notified_at if request is not None else None,
        renotified_at=request.renotified_at if request is not None else None,
        now=now,
    )


def check_gates(conn: Connection, hall_id: str, account_no: str, planned_at: datetime,
                now: datetime, *, reminder_delivered: ReminderDelivered | None = None,
                request=None) -> list[Gate]:
    config = settings_for(conn, hall_id)
    facts = facts_for(conn, hall_id, account_no, planned_at, now,
                      reminder_delivered=reminder_delivered, request=request)
    return evaluate(facts, config.window, config.gate_basis(), renotice_minutes=RENOTICE_MINUTES)


def _gates_json(gates: list[Gate]) -> str:
    return json.dumps([g.as_dict() for g in gates], ensure_ascii=False)


def _out(r, gates: list[Gate] | None = None) -> dict[str, Any]:
    def iso(v):
        return v.isoformat() if v is not None else None

    return {
        "id": r.request_id, "account_no": r.account_no, "customer_class": r.customer_class,
        "status": r.status, "planned_at": iso(r.planned_at),
        "renotice_due_at": iso(r.planned_at - timedelta(minutes=RENOTICE_MINUTES)),
        # the re-notice task: open while an approved request's customer was not told again
        "renotice_pending": r.status == "approved" and r.renotified_at is None,
        "notice_no": r.notice_no, "requested_by": r.requested_by,
        "requested_at": iso(r.requested_at), "approved_by": r.approved_by,
        "approved_at": iso(r.approved_at), "regulator_notified_by": r.regulator_notified_by,
        "regulator_notified_at": iso(r.regulator_notified_at),
        "renotified_by": r.renotified_by, "renotified_at": iso(r.renotified_at),
        "stopped_by": r.stopped_by, "stopped_at": iso(r.stopped_at),
        "cancelled_by": r.cancelled_by, "cancelled_at": iso(r.cancelled_at),
        "cancel_reason": r.cancel_reason,
        "gates": [g.as_dict() for g in gates] if gates is not None else json.loads(r.gates_json),
    }


def _load(conn: Connection, hall_id: str, request_id: int):
    t = StopSupplyRequest.__table__
    row = conn.execute(select(t).where(t.c.request_id == request_id,
                                       t.c.hall_id == hall_id)).first()
    if row is None:
        raise NoticeError(404, "collections.stop_supply.unknown",
                          f"no stop-supply request {request_id} in this hall")
    return row


def request_stop(conn: Connection, hall_id: str, account_no: str, planned_at: datetime, *,
                 actor: str, terminal_id: str | None, now: datetime,
                 reminder_delivered: ReminderDelivered | None = None) -> dict[str, Any]:
    """Raise a request when every request gate holds; GatesFailed (409) lists them when not."""
    if planned_at <= now:
        raise NoticeError(422, "collections.stop_supply.planned_in_past",
                          "the planned time must be later than now")
    t = StopSupplyRequest.__table__
    # Serialised with payments to the account (they take the same lock): a payment either
    # lands first (and the overdue gate sees it) or finds this request and cancels it.
    lock_accounts(conn, [account_no])
    cust = _customer(conn, hall_id, account_no)
    existing = conn.execute(select(t.c.request_id).where(
        t.c.hall_id == hall_id, t.c.account_no == account_no,
        t.c.status.in_((*OPEN, "stopped")))).scalar()
    if existing is not None:
        raise NoticeError(409, "collections.stop_supply.exists",
                          f"account {account_no} already has stop-supply request {existing}")
    config = settings_for(conn, hall_id)
    facts = facts_for(conn, hall_id, account_no, planned_at, now,
                      reminder_delivered=reminder_delivered)
    gates = evaluate(facts, config.window, config.gate_basis(), renotice_minutes=RENOTICE_MINUTES)
    bad = failing(gates, "request")
    if bad:
        raise GatesFailed("a gate does not hold: " + ", ".join(g.gate for g in bad), gates)
    notice_no = facts.notice_no
    request_id = conn.execute(t.insert().values(
        hall_id=hall_id, account_no=account_no,
        customer_class=customer_class(cust.user_type, cust.customer_class).value,
        status="requested", planned_at=planned_at, notice_no=notice_no, requested_by=actor,
        requested_at=now, gates_json=_gates_json(gates)).returning(t.c.request_id)).scalar_one()
    record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                  action="stop_supply.requested", subject=account_no,
                  detail={"request_id": request_id, "planned_at": planned_at.isoformat(),
                          "notice_no": notice_no}, at=now)
    return _out(_load(conn, hall_id, request_id), gates)


def _step(conn: Connection, hall_id: str, request_id: int, *, allowed: tuple[str, ...],
          what: str):
    row = _load(conn, hall_id, request_id)
    lock_accounts(conn, [row.account_no])  # as request_stop: serialised with payments
    row = _load(conn, hall_id, request_id)
    if row.status not in allowed:
        raise NoticeError(409, "collections.stop_supply.status",
                          f"request {request_id} is {row.status}: it cannot be {what}")
    return row


def _save(conn, hall_id, row, values, *, actor, terminal_id, action, now, detail=None,
          reminder_delivered=None) -> dict[str, Any]:
    t = StopSupplyRequest.__table__
    conn.execute(update(StopSupplyRequest).where(t.c.request_id == row.request_id)
                 .values(**values))
    fresh = _load(conn, hall_id, row.request_id)
    gates = check_gates(conn, hall_id, fresh.account_no, fresh.planned_at, now,
                        reminder_delivered=reminder_delivered, request=fresh)
    conn.execute(update(StopSupplyRequest).where(t.c.request_id == row.request_id)
                 .values(gates_json=_gates_json(gates)))
    record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor, action=action,
                  subject=fresh.account_no,
                  detail={"request_id": fresh.request_id, **(detail or {})}, at=now)
    return _out(_load(conn, hall_id, row.request_id), gates)


def approve(conn: Connection, hall_id: str, request_id: int, *, actor: str,
            terminal_id: str | None, now: datetime,
            reminder_delivered: ReminderDelivered | None = None) -> dict[str, Any]:
    """The second person's approval (four-eyes: the approver is not the requester); the
    request gates are checked again."""
    row = _step(conn, hall_id, request_id, allowed=("requested",), what="approved")
    if actor == row.requested_by:
        raise NoticeError(409, "collections.stop_supply.four_eyes",
                          "the approver must be another person than the requester")
    gates = check_gates(conn, hall_id, row.account_no, row.planned_at, now,
                        reminder_delivered=reminder_delivered, request=row)
    bad = [g for g in failing(gates, "request")]
    if bad:
        raise GatesFailed("a gate no longer holds: " + ", ".join(g.gate for g in bad), gates)
    return _save(conn, hall_id, row, {"status": "approved", "approved_by": actor,
                                      "approved_at": now},
                 actor=actor, terminal_id=terminal_id, action="stop_supply.approved", now=now,
                 reminder_delivered=reminder_delivered)


def regulator_notified(conn: Connection, hall_id: str, request_id: int, *, actor: str,
                       terminal_id: str | None, now: datetime) -> dict[str, Any]:
    """Record that the regulator (同级电力管理部门) was sent the notice (important users)."""
    row = _step(conn, hall_id, request_id, allowed=OPEN, what="marked regulator-notified")
    if row.customer_class != CustomerClass.IMPORTANT:
        raise NoticeError(409, "collections.stop_supply.not_important",
                          "only an important user's stop needs the regulator notified")
    return _save(conn, hall_id, row, {"regulator_notified_by": actor,
                                      "regulator_notified_at": now},
                 actor=actor, terminal_id=terminal_id, action="stop_supply.regulator_notified",
                 now=now)


def renotified(conn: Connection, hall_id: str, request_id: int, *, actor: str,
               terminal_id: str | None, now: datetime) -> dict[str, Any]:
    """Record that the customer was told the stop time again (the re-notice task, due 30
    minutes before the planned time)."""
    row = _step(conn, hall_id, request_id, allowed=("approved",), what="marked re-notified")
    if now >= row.planned_at:
        raise NoticeError(409, "collections.stop_supply.too_late",
                          "the planned time has passed: raise a new request")
    return _save(conn, hall_id, row, {"renotified_by": actor, "renotified_at": now},
                 actor=actor, terminal_id=terminal_id, action="stop_supply.renotified", now=now)


def stopped(conn: Connection, hall_id: str, request_id: int, *, actor: str,
            terminal_id: str | None, now: datetime,
            reminder_delivered: ReminderDelivered | None = None) -> dict[str, Any]:
    """Record that the field team stopped the supply: every gate must hold (approved by a
    second person, regulator for important users, re-notified in time, planned time reached)."""
    row = _step(conn, hall_id, request_id, allowed=("approved",), what="marked stopped")
    gates = check_gates(conn, hall_id, row.account_no, row.planned_at, now,
                        reminder_delivered=reminder_delivered, request=row)
    bad = failing(gates, "stop")
    if bad:
        raise GatesFailed("a gate does not hold: " + ", ".join(g.gate for g in bad), gates)
    return _save(conn, hall_id, row, {"status": "stopped", "stopped_by": actor,
                                      "stopped_at": now},
                 actor=actor, terminal_id=terminal_id, action="stop_supply.stopped", now=now,
                 reminder_delivered=reminder_delivered)


def cancel(conn: Connection, hall_id: str, request_id: int, *, actor: str,
           terminal_id: str | None, now: datetime, reason: str) -> dict[str, Any]:
    row = _step(conn, hall_id, request_id, allowed=OPEN, what="cancelled")
    return _save(conn, hall_id, row, {"status": "cancelled", "cancelled_by": actor,
                                      "cancelled_at": now, "cancel_reason": reason[:200]},
                 actor=actor, terminal_id=terminal_id, action="stop_supply.cancelled", now=now,
                 detail={"reason": reason})


def list_requests(conn: Connection, hall_id: str, *, status: str | None = None,
                  account_no: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    t = StopSupplyRequest.__table__
    q = select(t).where(t.c.hall_id == hall_id)
    if status is not None:
        q = q.where(t.c.status == status)
    if account_no is not None:
        q = q.where(t.c.account_no == account_no)
    return [_out(r) for r in conn.execute(q.order_by(t.c.request_id.desc()).limit(limit))]


def get_request(conn: Connection, hall_id: str, request_id: int) -> dict[str, Any]:
    return _out(_load(conn, hall_id, request_id))


# --- payments ----------------------------------------------------------------------------------


def on_payments_booked(conn: Connection, hall_id: str, account_nos: Iterable[str],
                       now: datetime) -> dict[str, list]:
    """After payments were booked (same transaction): for each account whose arrears are now
    cleared, cancel its open requests, open a reconnection task for a stopped one, and mark
    its pending notices settled. Returns what it did (for tests and logs)."""
    accounts = sorted(set(account_nos))
    done: dict[str, list] = {"cancelled": [], "reconnections": [], "settled_notices": []}
    if not accounts:
        return done
    t = StopSupplyRequest.__table__
    n = notices.Notice.__table__
    # One round trip in the payment's transaction: which of the accounts have anything here.
    touched = set(conn.execute(union(
        select(t.c.account_no).where(t.c.hall_id == hall_id, t.c.account_no.in_(accounts),
                                     t.c.status.in_((*OPEN, "stopped"))),
        select(n.c.account_no).where(n.c.hall_id == hall_id, n.c.account_no.in_(accounts),
                                     n.c.status == "pending"))).scalars())
    as_of = now.date()
    for account_no in sorted(touched):
        if _oldest_due(conn, account_no, as_of) is not None:
            continue  # still in arrears
        done["settled_notices"] += notices.settle_pending(conn, hall_id, account_no, now)
        for r in conn.execute(select(t).where(t.c.hall_id == hall_id,
                                              t.c.account_no == account_no,
                                              t.c.status.in_((*OPEN, "stopped")))).all():
            if r.status in OPEN:
                conn.execute(update(StopSupplyRequest).where(t.c.request_id == r.request_id)
                             .values(status="cancelled", cancelled_by=SYSTEM,
                                     cancelled_at=now, cancel_reason="arrears paid"))
                record_action(conn, hall_id=hall_id, terminal_id=None, actor=SYSTEM,
                              action="stop_supply.cancelled", subject=account_no,
                              detail={"request_id": r.request_id, "reason": "arrears paid"},
                              at=now)
                done["cancelled"].append(r.request_id)
            else:
                done["reconnections"].append(
                    _open_reconnection(conn, hall_id, r, now, cause="arrears paid"))
    return done


def _open_reconnection(conn: Connection, hall_id: str, r, now: datetime, *, cause: str) -> int:
    k = ReconnectionTask.__table__
    existing = conn.execute(select(k.c.task_id).where(
        k.c.request_id == r.request_id, k.c.closed_at.is_(None))).scalar()
    if existing is not None:
        return int(existing)
    hours = settings_for(conn, hall_id).reconnect_hours
    task_id = conn.execute(k.insert().values(
        hall_id=hall_id, account_no=r.account_no, request_id=r.request_id, opened_at=now,
        due_at=now + timedelta(hours=hours), cause=cause).returning(k.c.task_id)).scalar_one()
    record_action(conn, hall_id=hall_id, terminal_id=None, actor=SYSTEM,
                  action="reconnection.opened", subject=r.account_no,
                  detail={"task_id": task_id, "request_id": r.request_id, "hours": hours},
                  at=now)
    return int(task_id)


def _task_out(r, now: datetime | None = None) -> dict[str, Any]:
    return {
        "id": r.task_id, "account_no": r.account_no, "request_id": r.request_id,
        "opened_at": r.opened_at.isoformat(), "due_at": r.due_at.isoformat(), "cause": r.cause,
        "closed_at": r.closed_at.isoformat() if r.closed_at else None,
        "closed_by": r.closed_by, "open": r.closed_at is None,
        "overdue": r.closed_at is None and now is not None and now > r.due_at,
    }


def list_reconnections(conn: Connection, hall_id: str, *, open_only: bool | None = None,
                       account_no: str | None = None, now: datetime | None = None,
                       limit: int = 500) -> list[dict[str, Any]]:
    k = ReconnectionTask.__table__
    q = select(k).where(k.c.hall_id == hall_id)
    if open_only is True:
        q = q.where(k.c.closed_at.is_(None))
    elif open_only is False:
        q = q.where(k.c.closed_at.is_not(None))
    if account_no is not None:
        q = q.where(k.c.account_no == account_no)
    return [_task_out(r, now) for r in conn.execute(q.order_by(k.c.due_at).limit(limit))]


def close_reconnection(conn: Connection, hall_id: str, task_id: int, *, actor: str,
                       terminal_id: str | None, now: datetime) -> dict[str, Any]:
    """Supply restored: close the task, and the stop-supply request becomes reconnected."""
    k = ReconnectionTask.__table__
    r = conn.execute(select(k).where(k.c.task_id == task_id, k.c.hall_id == hall_id)).first()
    if r is None:
        raise NoticeError(404, "collections.reconnections.unknown",
                          f"no reconnection task {task_id} in this hall")
    if r.closed_at is not None:
        raise NoticeError(409, "collections.reconnections.closed",
                          f"reconnection task {task_id} is already closed")
    conn.execute(update(ReconnectionTask).where(k.c.task_id == task_id)
                 .values(closed_at=now, closed_by=actor))
    conn.execute(update(StopSupplyRequest).where(
        StopSupplyRequest.request_id == r.request_id).values(status="reconnected"))
    record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                  action="reconnection.closed", subject=r.account_no,
                  detail={"task_id": task_id, "late": now > r.due_at}, at=now)
    return _task_out(conn.execute(select(k).where(k.c.task_id == task_id)).first(), now)


def account_state(conn: Connection, hall_id: str, account_no: str,
                  now: datetime) -> dict[str, Any]:
    """For the account collections view: the latest stop-supply request and the open
    reconnection task (None when there is none)."""
    reqs = list_requests(conn, hall_id, account_no=account_no, limit=1)
    tasks = list_reconnections(conn, hall_id, open_only=True, account_no=account_no, now=now)
    return {"stop_supply": reqs[0] if reqs else None,
            "reconnection": tasks[0] if tasks else None}
