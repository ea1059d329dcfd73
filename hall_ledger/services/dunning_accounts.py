"""What dunning knows of an account: its current level, locks, promises to pay and instalment
plans (judged by the payments of every channel), and its repeat-defaulter score.

Every function takes the date it answers for (`as_of`, or `today` for a change); none reads
the clock. Changes are recorded with collections_audit.record_action in the caller's
transaction."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from hall_domain.dunning import (
    Action,
    Instalment,
    LockReason,
    PromiseState,
    PromiseVerdict,
    RepeatRule,
    RepeatScore,
    judge_promise,
    months_back,
    repeat_score,
)
from hall_domain.inputs import check_free_text, id_problem

from ..store.db import among, utcnow
from ..store.models import (
    Bill,
    Customer,
    DunningEvent,
    DunningLock,
    Payment,
    PaymentPromise,
    PromiseInstalment,
)
from .collections_audit import record_action

CHUNK = 500
MAX_LOCK_DAYS = 366
MAX_PROMISE_DAYS = 731
MAX_INSTALMENTS = 24
MAX_TOLERANCE_DAYS = 30


class DunningRefused(Exception):
    """A request the rules refuse: `status` (404, 409, 422), a code collections.dunning.*."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True, slots=True)
class Who:
    """Who makes a change: the hall, the terminal it came from (None: the ledger's CLI), the
    person's id."""

    hall_id: str
    terminal_id: str | None
    actor: str

    def record(self, conn: Connection, action: str, subject: str,
               detail: dict[str, Any] | None = None) -> int:
        return record_action(conn, hall_id=self.hall_id, terminal_id=self.terminal_id,
                             actor=self.actor, action=action, subject=subject, detail=detail)


def check_actor(actor: object, field: str = "actor") -> str:
    problem = id_problem(actor)
    if problem is not None:
        raise DunningRefused(422, "collections.dunning.actor", f"the {field} {problem}")
    assert isinstance(actor, str)
    return actor


def check_text(text: str | None, field: str, *, required: bool = False, limit: int = 500) -> str:
    text = (text or "").strip()
    if required and not text:
        raise DunningRefused(422, "collections.dunning.text", f"give a {field}")
    if len(text) > limit:
        raise DunningRefused(422, "collections.dunning.text",
                             f"the {field} has at most {limit} characters")
    try:
        check_free_text(text, field)
    except ValueError as exc:
        raise DunningRefused(422, "collections.dunning.text", str(exc)) from exc
    return text


def chunks(items: Sequence[str]) -> Iterator[list[str]]:
    items = list(items)
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def customer_row(conn: Connection, hall_id: str, account_no: str):
    """The hall's customer, or DunningRefused 404 (another hall's account is not found)."""
    row = conn.execute(select(Customer).where(Customer.account_no == account_no,
                                              Customer.hall_id == hall_id)).first()
    if row is None:
        raise DunningRefused(404, "collections.dunning.no_account",
                             f"no customer {account_no} in this hall")
    return row


def _hall(column, hall_id: str | None):
    return True if hall_id is None else column == hall_id


# --- current level -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reached:
    level: int
    reached_on: date
    action: str
    run_id: int


def oldest_open_due(conn: Connection, hall_id: str | None,
                    accounts: Sequence[str]) -> dict[str, date]:
    """The due date of each account's oldest bill not fully paid."""
    out: dict[str, date] = {}
    for chunk in chunks(accounts):
        q = (select(Bill.account_no, func.min(Bill.due_date))
             .where(among(conn, Bill.account_no, chunk), Bill.status != "paid",
                    _hall(Bill.hall_id, hall_id))
             .group_by(Bill.account_no))
        out.update({a: d for a, d in conn.execute(q)})
    return out


def current_levels(conn: Connection, hall_id: str | None, accounts: Sequence[str],
                   as_of: date) -> dict[str, Reached]:
    """Each account's level in its present episode of arrears: the latest executed, not
    reversed, dunning event on or before as_of, as long as the bill it dunned is still unpaid
    (the oldest unpaid bill fell due before the event). Once every bill it dunned is paid the
    account starts again at level 0."""
    oldest = oldest_open_due(conn, hall_id, accounts)
    out: dict[str, Reached] = {}
    for chunk in chunks(accounts):
        q = (select(DunningEvent.account_no, DunningEvent.level, DunningEvent.reached_on,
                    DunningEvent.action, DunningEvent.run_id)
             .where(among(conn, DunningEvent.account_no, chunk), DunningEvent.reversed.is_(False),
                    DunningEvent.reached_on <= as_of, _hall(DunningEvent.hall_id, hall_id))
             .order_by(DunningEvent.account_no, DunningEvent.reached_on, DunningEvent.event_id))
        for a, level, on, action, run_id in conn.execute(q):
            out[a] = Reached(level, on, action, run_id)  # the last one wins
    return {a: r for a, r in out.items() if a in oldest and oldest[a] < r.reached_on}


# --- locks ------------------------------------------------------------------------------------------


def _lock_json(row) -> dict[str, Any]:
    return {"lock_id": row.lock_id, "account_no": row.account_no, "reason": row.reason,
            "note": row.note, "starts_on": row.starts_on.isoformat(),
            "until": row.until.isoformat(), "created_by": row.created_by,
            "released": row.released_at is not None, "released_by": row.released_by}


def active_locks(conn: Connection, hall_id: str | None, accounts: Sequence[str],
                 as_of: date) -> dict[str, dict[str, Any]]:
    """The lock in force on as_of per account (the one lasting longest). A lock ends by
    itself after its `until` date: nothing needs to run for it to expire."""
    out: dict[str, dict[str, Any]] = {}
    for chunk in chunks(accounts):
        q = (select(DunningLock)
             .where(among(conn, DunningLock.account_no, chunk), _hall(DunningLock.hall_id, hall_id),
                    DunningLock.released_at.is_(None), DunningLock.starts_on <= as_of,
                    DunningLock.until >= as_of)
             .order_by(DunningLock.until, DunningLock.lock_id))
        for row in conn.execute(q):
            out[row.account_no] = _lock_json(row)
    return out


def add_lock(conn: Connection, who: Who, account_no: str, reason: str, until: date,
             today: date, note: str | None = None) -> dict[str, Any]:
    customer_row(conn, who.hall_id, account_no)
    try:
        reason = LockReason(reason).value
    except ValueError:
        raise DunningRefused(422, "collections.dunning.lock_reason",
                             f"the reason is one of {[r.value for r in LockReason]}") from None
    if not today <= until <= today + timedelta(days=MAX_LOCK_DAYS):
        raise DunningRefused(422, "collections.dunning.lock_until",
                             f"a lock ends between today and {MAX_LOCK_DAYS} days from today")
    note = check_text(note, "note", required=reason == LockReason.OTHER)
    lock_id = conn.execute(insert(DunningLock).values(
        hall_id=who.hall_id, account_no=account_no, reason=reason, note=note, starts_on=today,
        until=until, created_at=utcnow(), created_by=who.actor,
    ).returning(DunningLock.lock_id)).scalar_one()
    who.record(conn, "dunning.lock.added", account_no,
               {"lock_id": lock_id, "reason": reason, "until": until.isoformat(), "note": note})
    row = conn.execute(select(DunningLock).where(DunningLock.lock_id == lock_id)).one()
    return _lock_json(row)


def release_locks(conn: Connection, who: Who, account_no: str, lock_id: int | None = None,
                  note: str | None = None) -> list[dict[str, Any]]:
    """Release the account's unreleased locks (or only `lock_id`); 404 when there is none."""
    customer_row(conn, who.hall_id, account_no)
    note = check_text(note, "note")
    q = select(DunningLock).where(DunningLock.hall_id == who.hall_id,
                                  DunningLock.account_no == account_no,
                                  DunningLock.released_at.is_(None))
    if lock_id is not None:
        q = q.where(DunningLock.lock_id == lock_id)
    rows = list(conn.execute(q))
    if not rows:
        raise DunningRefused(404, "collections.dunning.no_lock",
                             f"account {account_no} has no such lock")
    ids = [r.lock_id for r in rows]
    conn.execute(update(DunningLock).where(DunningLock.lock_id.in_(ids)).values(
        released_at=utcnow(), released_by=who.actor))
    who.record(conn, "dunning.lock.released", account_no, {"lock_ids": ids, "note": note})
    return [_lock_json(r) for r in conn.execute(
        select(DunningLock).where(DunningLock.lock_id.in_(ids)))]


def list_locks(conn: Connection, hall_id: str, account_no: str | None = None,
               as_of: date | None = None) -> list[dict[str, Any]]:
    """Locks of the hall (of one account), newest first; with as_of, only those in force."""
    q = select(DunningLock).where(DunningLock.hall_id == hall_id)
    if account_no is not None:
        q = q.where(DunningLock.account_no == account_no)
    if as_of is not None:
        q = q.where(DunningLock.released_at.is_(None), DunningLock.starts_on <= as_of,
                    DunningLock.until >= as_of)
    return [_lock_json(r) for r in conn.execute(q.order_by(DunningLock.lock_id.desc()).limit(500))]


# --- promises to pay and instalment plans -----------------------------------------------------------


def payments_by_account(conn: Connection, accounts: Sequence[str],
                        since: date) -> dict[str, list[tuple[date, int]]]:
    """Payments not voided, from every channel (counter, bank, online), by business date."""
    out: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for chunk in chunks(accounts):
        q = (select(Payment.account_no, Payment.business_date, Payment.amount_fen)
             .where(among(conn, Payment.account_no, chunk), Payment.voided.is_(False),
                    Payment.business_date >= since))
        for a, d, fen in conn.execute(q):
            out[a].append((d, fen))
    return out


@dataclass(frozen=True, slots=True)
class PromiseView:
    row: Any
    instalments: tuple[Instalment, ...]
    verdict: PromiseVerdict

    def as_json(self) -> dict[str, Any]:
        r, v = self.row, self.verdict
        return {"promise_id": r.promise_id, "account_no": r.account_no, "kind": r.kind,
                "starts_on": r.starts_on.isoformat(), "tolerance_days": r.tolerance_days,
                "instalments": [{"due_date": i.due_date.isoformat(), "amount_fen": i.amount_fen}
                                for i in self.instalments],
                "promised_fen": v.promised_fen, "paid_fen": v.paid_fen, "state": v.state.value,
                "broken_on": v.broken_on.isoformat() if v.broken_on else None,
                "missed_instalment": v.missed, "note": r.note, "created_by": r.created_by,
                "cancelled_by": r.cancelled_by}


def promises(conn: Connection, hall_id: str | None, accounts: Sequence[str],
             as_of: date) -> dict[str, list[PromiseView]]:
    """Every promise of the accounts made on or before as_of, judged as of as_of (cancelled
    ones stay cancelled), oldest first."""
    rows: list[Any] = []
    for chunk in chunks(accounts):
        rows += conn.execute(select(PaymentPromise).where(
            among(conn, PaymentPromise.account_no, chunk),
            _hall(PaymentPromise.hall_id, hall_id), PaymentPromise.starts_on <= as_of,
        ).order_by(PaymentPromise.promise_id)).all()
    if not rows:
        return {}
    instalments: dict[int, list[Instalment]] = defaultdict(list)
    ids = [r.promise_id for r in rows]
    for start in range(0, len(ids), CHUNK):
        q = (select(PromiseInstalment).where(PromiseInstalment.promise_id.in_(ids[start:start + CHUNK]))
             .order_by(PromiseInstalment.promise_id, PromiseInstalment.position))
        for i in conn.execute(q):
            instalments[i.promise_id].append(Instalment(i.due_date, i.amount_fen))
    pays = payments_by_account(conn, sorted({r.account_no for r in rows}),
                               min(r.starts_on for r in rows))
    out: dict[str, list[PromiseView]] = defaultdict(list)
    for r in rows:
        plan = tuple(instalments[r.promise_id])
        verdict = judge_promise(plan, r.tolerance_days,
                                [(d, f) for d, f in pays.get(r.account_no, ()) if d >= r.starts_on],
                                as_of)
        if r.cancelled_at is not None and verdict.state == PromiseState.OPEN:
            verdict = PromiseVerdict(PromiseState.CANCELLED, verdict.paid_fen,
                                     verdict.promised_fen)
        out[r.account_no].append(PromiseView(r, plan, verdict))
    return out


def add_promise(conn: Connection, who: Who, account_no: str, instalments: list[Instalment],
                today: date, *, tolerance_days: int = 3, note: str | None = None) -> dict[str, Any]:
    """A promise to pay (one instalment) or an instalment plan (several); refused while the
    account has one running."""
    customer_row(conn, who.hall_id, account_no)
    if not 1 <= len(instalments) <= MAX_INSTALMENTS:
        raise DunningRefused(422, "collections.dunning.promise_instalments",
                             f"a promise has 1 to {MAX_INSTALMENTS} instalments")
    dates = [i.due_date for i in instalments]
    if dates != sorted(set(dates)) or dates[0] < today or (
            dates[-1] > today + timedelta(days=MAX_PROMISE_DAYS)):
        raise DunningRefused(422, "collections.dunning.promise_dates",
                             "instalment dates rise, from today to two years ahead")
    if any(i.amount_fen <= 0 for i in instalments):
        raise DunningRefused(422, "collections.dunning.promise_amount",
                             "every instalment is more than zero")
    if not 0 <= tolerance_days <= MAX_TOLERANCE_DAYS:
        raise DunningRefused(422, "collections.dunning.promise_tolerance",
                             f"tolerance is 0 to {MAX_TOLERANCE_DAYS} days")
    note = check_text(note, "note")
    running = [p for p in promises(conn, who.hall_id, [account_no], today).get(account_no, ())
               if p.verdict.state == PromiseState.OPEN]
    if running:
        raise DunningRefused(409, "collections.dunning.promise_running",
                             f"account {account_no} has a promise running "
                             f"(#{running[0].row.promise_id}); cancel it first")
    kind = "promise" if len(instalments) == 1 else "plan"
    pid = conn.execute(insert(PaymentPromise).values(
        hall_id=who.hall_id, account_no=account_no, kind=kind, starts_on=today,
        tolerance_days=tolerance_days, note=note, created_at=utcnow(), created_by=who.actor,
    ).returning(PaymentPromise.promise_id)).scalar_one()
    conn.execute(insert(PromiseInstalment), [
        {"promise_id": pid, "position": n, "due_date": i.due_date, "amount_fen": i.amount_fen}
        for n, i in enumerate(instalments, start=1)])
    who.record(conn, f"dunning.{kind}.added", account_no, {
        "promise_id": pid, "tolerance_days": tolerance_days, "instalments": [
            {"due_date": i.due_date.isoformat(), "amount_fen": i.amount_fen} for i in instalments]})
    return promise_json(conn, who.hall_id, pid, today)


def promise_json(conn: Connection, hall_id: str, promise_id: int, as_of: date) -> dict[str, Any]:
    row = conn.execute(select(PaymentPromise).where(PaymentPromise.promise_id == promise_id,
                                                    PaymentPromise.hall_id == hall_id)).first()
    if row is None:
        raise DunningRefused(404, "collections.dunning.no_promise", f"no promise {promise_id}")
    views = promises(conn, hall_id, [row.account_no], max(as_of, row.starts_on))
    return next(p for p in views[row.account_no] if p.row.promise_id == promise_id).as_json()


def cancel_promise(conn: Connection, who: Who, promise_id: int, today: date,
                   reason: str) -> dict[str, Any]:
    reason = check_text(reason, "reason", required=True)
    current = promise_json(conn, who.hall_id, promise_id, today)
    if current["state"] != PromiseState.OPEN:
        raise DunningRefused(409, "collections.dunning.promise_not_open",
                             f"the promise is {current['state']}, not open")
    conn.execute(update(PaymentPromise).where(PaymentPromise.promise_id == promise_id).values(
        cancelled_at=utcnow(), cancelled_by=who.actor))
    who.record(conn, "dunning.promise.cancelled", current["account_no"],
               {"promise_id": promise_id, "reason": reason})
    return promise_json(conn, who.hall_id, promise_id, today)


def promise_summary(views: Iterable[PromiseView]) -> tuple[dict[str, Any] | None, date | None,
                                                           list[date]]:
    """(the promise to show: the running one, else the latest; the latest broken date; every
    broken date) of one account's promises."""
    views = list(views)
    if not views:
        return None, None, []
    running = [p for p in views if p.verdict.state == PromiseState.OPEN]
    shown = (running or views)[-1].as_json()
    broken = [p.verdict.broken_on for p in views
              if p.verdict.state == PromiseState.BROKEN and p.verdict.broken_on]
    return shown, max(broken) if broken else None, broken


# --- repeat defaulter ------------------------------------------------------------------------------


def events_since(conn: Connection, hall_id: str | None, accounts: Sequence[str],
                 since: date, as_of: date) -> dict[str, list[tuple[date, Action]]]:
    out: dict[str, list[tuple[date, Action]]] = defaultdict(list)
    for chunk in chunks(accounts):
        q = (select(DunningEvent.account_no, DunningEvent.reached_on, DunningEvent.action)
             .where(among(conn, DunningEvent.account_no, chunk), _hall(DunningEvent.hall_id, hall_id),
                    DunningEvent.reversed.is_(False), DunningEvent.reached_on > since,
                    DunningEvent.reached_on <= as_of))
        for a, d, action in conn.execute(q):
            out[a].append((d, Action(action)))
    return out


def repeat_scores(conn: Connection, hall_id: str | None, accounts: Sequence[str], as_of: date,
                  rules: dict[str, RepeatRule], broken: dict[str, list[date]]
                  ) -> dict[str, RepeatScore]:
    """Each account's score under its class's rule (`rules[account]`)."""
    if not accounts:
        return {}
    longest = max((r.months for r in rules.values()), default=24)
    events = events_since(conn, hall_id, accounts, months_back(as_of, longest), as_of)
    return {a: repeat_score(events.get(a, ()), broken.get(a, ()), as_of,
                            rules.get(a, RepeatRule())) for a in accounts}


def detail_json(detail: dict[str, Any]) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True)
