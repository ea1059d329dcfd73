"""Dunning procedures and runs (催费): proposal, supervisor's edits, execution, reversal.

- A procedure per hall and customer class, versioned: every change stores a new version (the
  newest is in force); until a hall changes one, the built-in default applies and is stored as
  version 1 by the first run that uses it. Runs remember the versions they used.
- A run (hall, date, class or all) is first a PROPOSAL: one line per account that a level is
  due for (hall_domain.dunning.propose: one level per run, intervals, minimum amounts,
  locks and running promises block, a broken promise raises at once). The same hall, date
  and class again returns the same run (until that run is reversed).
- A supervisor edits lines of a proposal: raise by one level at most, lower, block, note.
- EXECUTION turns each unblocked line into a dunning event (the account reached the level on
  the run's date) and hands the level's action to a DunningActionSink (SMS, notice, stop-supply
  warning, stop-supply request). Accounts paid since the proposal are skipped. An executed run
  is never edited again; it can only be REVERSED with a reason: its events stop counting (the
  accounts go back to their previous levels), but what was already sent or printed is not
  unsent — the sinks are not called back.

Everything a person does is recorded with record_action in the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from hall_domain.collections import CustomerClass
from hall_domain.dunning import (
    Action,
    DunningError,
    Procedure,
    Standing,
    check_edit,
    default_procedure,
    parse_procedure,
    propose,
)

from ..store.db import among, is_sqlite, utcnow
from ..store.models import (
    CollectionAction,
    DunningEvent,
    DunningProcedure,
    DunningRun,
    DunningRunLine,
    Payment,
)
from .dunning_accounts import (
    DunningRefused,
    Who,
    active_locks,
    check_text,
    chunks,
    current_levels,
    detail_json,
    promise_summary,
    promises,
)

ALL = "all"
NOT_UNSENT = ("the run's levels no longer count; actions already delivered (SMS sent, notices "
              "printed or handed over) are not unsent")
NOTICE_KIND = {Action.NOTICE: "reminder", Action.STOP_WARNING: "stop_warning"}

# account_arrears(conn, *, as_of, hall_id=None, area=None, accounts=None, rules=None)
ArrearsSource = Callable[..., Iterable[Any]]


def default_arrears() -> ArrearsSource:
    from .arrears import account_arrears  # the arrears area's one code path for the figures

    return account_arrears


def arrears_items(source: ArrearsSource, conn: Connection, **kw: Any) -> Iterable[Any]:
    """The source's accounts, while this connection's other statements stay plain: a source
    that streams (stream_results set on the connection, which SQLAlchemy 2 changes in place)
    would otherwise turn our INSERTs into server-side cursors on PostgreSQL."""
    before = conn.get_execution_options()
    plain = {"stream_results": before.get("stream_results", False),
             "yield_per": before.get("yield_per")}
    try:
        for item in source(conn, **kw):
            conn.execution_options(**plain)
            yield item
    finally:
        conn.execution_options(**plain)


# --- the action sink -----------------------------------------------------------------------------


class DunningActionSink(Protocol):
    """Where an executed run's actions go. Each call happens inside the execution's
    transaction; what it returns (a notice number, a message id) is kept on the event."""

    def sms(self, conn: Connection, hall_id: str, account_no: str, run_id: int, level: int,
            as_of: date) -> object: ...

    def notice(self, conn: Connection, hall_id: str, account_no: str, run_id: int, level: int,
               kind: str, as_of: date) -> object: ...  # kind: reminder | stop_warning

    def stop_request(self, conn: Connection, hall_id: str, account_no: str, run_id: int,
                     level: int, as_of: date) -> object: ...


class RecordingSink:
    """The default sink: sends nothing, records that the action is due (actor "system",
    `delivered: false`). Its records are written in one batch when the execution calls
    `flush(conn)` (an optional method any sink may have)."""

    def __init__(self) -> None:
        self.pending: list[dict[str, Any]] = []

    def _record(self, hall_id, account_no, run_id, level, action, as_of, **extra):
        self.pending.append(action_row(hall_id, None, "system", f"dunning.action.{action}",
                                       account_no, {"run_id": run_id, "level": level,
                                                    "as_of": as_of.isoformat(), **extra,
                                                    "delivered": False}))
        return None

    def sms(self, conn, hall_id, account_no, run_id, level, as_of):
        return self._record(hall_id, account_no, run_id, level, "sms", as_of)

    def notice(self, conn, hall_id, account_no, run_id, level, kind, as_of):
        return self._record(hall_id, account_no, run_id, level, "notice", as_of, kind=kind)

    def stop_request(self, conn, hall_id, account_no, run_id, level, as_of):
        return self._record(hall_id, account_no, run_id, level, "stop_request", as_of)

    def flush(self, conn: Connection) -> None:
        insert_actions(conn, self.pending)
        self.pending = []


def action_row(hall_id: str, terminal_id: str | None, actor: str, action: str, subject: str,
               detail: dict[str, Any]) -> dict[str, Any]:
    """A collection_actions row as record_action writes it, for writing many at once."""
    return {"recorded_at": utcnow(), "hall_id": hall_id, "terminal_id": terminal_id,
            "actor": actor, "action": action, "subject": subject, "detail": detail_json(detail)}


def insert_actions(conn: Connection, rows: list[dict[str, Any]]) -> None:
    insert_many(conn, CollectionAction, rows)


def insert_many(conn: Connection, model, rows: list[dict[str, Any]]) -> None:
    """Many rows at once: COPY on PostgreSQL (inside this transaction; some ten times quicker
    than one INSERT per row), executemany on SQLite."""
    if not rows:
        return
    if is_sqlite(conn):
        conn.execute(insert(model), rows)
        return
    columns = list(rows[0])
    sql = f"COPY {model.__tablename__} ({', '.join(columns)}) FROM STDIN"
    with conn.connection.driver_connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


# --- procedures ----------------------------------------------------------------------------------


def parse_class(text: str | None, *, allow_all: bool = False) -> CustomerClass | None:
    if text is None or (allow_all and text == ALL):
        return None
    try:
        return CustomerClass(text)
    except ValueError:
        raise DunningRefused(422, "collections.dunning.customer_class",
                             f"the class is one of {[c.value for c in CustomerClass]}") from None


def procedure(conn: Connection, hall_id: str, cls: CustomerClass,
              version: int | None = None) -> Procedure:
    """The procedure in force (or a given version); the built-in default (version 0) when the
    hall has stored none."""
    q = select(DunningProcedure).where(DunningProcedure.hall_id == hall_id,
                                       DunningProcedure.customer_class == cls.value)
    q = q.where(DunningProcedure.version == version) if version is not None else q
    row = conn.execute(q.order_by(DunningProcedure.version.desc()).limit(1)).first()
    if row is None:
        if version:
            raise DunningRefused(404, "collections.dunning.no_procedure",
                                 f"no version {version} of the {cls} procedure")
        return default_procedure(cls)
    return parse_procedure(cls, json.loads(row.levels_json), row.version)


def procedure_json(conn: Connection, hall_id: str, cls: CustomerClass) -> dict[str, Any]:
    p = procedure(conn, hall_id, cls)
    out = p.as_json()
    row = conn.execute(select(DunningProcedure.created_by, DunningProcedure.created_at).where(
        DunningProcedure.hall_id == hall_id, DunningProcedure.customer_class == cls.value,
        DunningProcedure.version == p.version)).first()
    out.update(default=p.version == 0, changed_by=row.created_by if row else None,
               changed_at=row.created_at.isoformat() if row else None)
    return out


def procedure_history(conn: Connection, hall_id: str, cls: CustomerClass) -> list[dict[str, Any]]:
    q = (select(DunningProcedure).where(DunningProcedure.hall_id == hall_id,
                                        DunningProcedure.customer_class == cls.value)
         .order_by(DunningProcedure.version))
    return [{**json.loads(r.levels_json), "version": r.version, "changed_by": r.created_by,
             "changed_at": r.created_at.isoformat()} for r in conn.execute(q)]


def _store_procedure(conn: Connection, who: Who, p: Procedure, action: str) -> Procedure:
    latest = conn.execute(select(func.max(DunningProcedure.version)).where(
        DunningProcedure.hall_id == who.hall_id,
        DunningProcedure.customer_class == p.customer_class.value)).scalar_one() or 0
    stored = Procedure(p.customer_class, p.levels, p.repeat, latest + 1)
    conn.execute(insert(DunningProcedure).values(
        hall_id=who.hall_id, customer_class=p.customer_class.value, version=stored.version,
        levels_json=detail_json(stored.as_json()), created_at=utcnow(), created_by=who.actor))
    who.record(conn, action, f"procedure:{p.customer_class.value}",
               {"version": stored.version, "procedure": stored.as_json()})
    return stored


def set_procedure(conn: Connection, who: Who, cls: CustomerClass, doc: Any) -> dict[str, Any]:
    """Store a new version of the class's procedure (from a list of levels or an object with
    levels and repeat_defaulter); the same levels as in force change nothing."""
    try:
        new = parse_procedure(cls, doc)
    except DunningError as exc:
        raise DunningRefused(422, "collections.dunning.procedure_invalid", str(exc)) from exc
    current = procedure(conn, who.hall_id, cls)
    if current.version and (current.levels, current.repeat) == (new.levels, new.repeat):
        return procedure_json(conn, who.hall_id, cls)
    _store_procedure(conn, who, new, "dunning.procedure.changed")
    return procedure_json(conn, who.hall_id, cls)


def _procedure_for_run(conn: Connection, who: Who, cls: CustomerClass) -> Procedure:
    p = procedure(conn, who.hall_id, cls)
    if p.version == 0:  # the default becomes version 1 the first time a run uses it
        p = _store_procedure(conn, Who(who.hall_id, who.terminal_id, "system"), p,
                             "dunning.procedure.seeded")
    return p


# --- runs ------------------------------------------------------------------------------------------


def _key(hall_id: str, as_of: date, cls: CustomerClass | None) -> str:
    return f"{hall_id}|{as_of.isoformat()}|{cls.value if cls else ALL}"


def _run_row(conn: Connection, hall_id: str, run_id: int):
    row = conn.execute(select(DunningRun).where(DunningRun.run_id == run_id,
                                                DunningRun.hall_id == hall_id)).first()
    if row is None:
        raise DunningRefused(404, "collections.dunning.no_run", f"no run {run_id} in this hall")
    return row


def run_json(conn: Connection, hall_id: str, run_id: int, *, lines: bool = True) -> dict[str, Any]:
    r = _run_row(conn, hall_id, run_id)
    out: dict[str, Any] = {
        "run_id": r.run_id, "as_of": r.as_of.isoformat(), "customer_class": r.customer_class,
        "status": r.status, "procedure_versions": json.loads(r.procedure_versions),
        "created_by": r.created_by, "created_at": r.created_at.isoformat(),
        "executed_by": r.executed_by,
        "executed_at": r.executed_at.isoformat() if r.executed_at else None,
        "reversed_by": r.reversed_by, "reverse_reason": r.reverse_reason,
    }
    t = DunningRunLine
    actionable = (t.blocked.is_(False)) & (t.final_level > t.current_level)
    summary = conn.execute(select(t.final_level, t.blocked, actionable, func.count())
                           .where(t.run_id == run_id)
                           .group_by(t.final_level, t.blocked, actionable)).all()
    out["line_count"] = sum(n for *_, n in summary)
    out["actionable"] = sum(n for _, _, act, n in summary if act)
    out["blocked"] = sum(n for _, blocked, _, n in summary if blocked)
    by_level: dict[str, int] = {}
    for level, _, act, n in summary:
        if act:
            by_level[str(level)] = by_level.get(str(level), 0) + n
    out["lines_by_level"] = dict(sorted(by_level.items()))
    if lines:
        out["lines"] = [{
            "account_no": x.account_no, "name": x.name, "area": x.area,
            "customer_class": x.customer_class, "overdue_days": x.overdue_days,
            "total_fen": x.total_fen, "current_level": x.current_level,
            "proposed_level": x.proposed_level, "final_level": x.final_level,
            "action": x.action, "blocked": x.blocked, "note": x.note, "edited_by": x.edited_by,
        } for x in conn.execute(select(t).where(t.run_id == run_id)
                                .order_by(t.area, t.account_no))]
    return out


def list_runs(conn: Connection, hall_id: str, status: str | None = None,
              limit: int = 100) -> list[dict[str, Any]]:
    q = select(DunningRun.run_id).where(DunningRun.hall_id == hall_id)
    if status is not None:
        q = q.where(DunningRun.status == status)
    ids = conn.execute(q.order_by(DunningRun.run_id.desc()).limit(limit)).scalars().all()
    return [run_json(conn, hall_id, i, lines=False) for i in ids]


def make_run(conn: Connection, who: Who, as_of: date, cls: CustomerClass | None = None, *,
             arrears: ArrearsSource | None = None, lines: bool = True) -> tuple[dict[str, Any], bool]:
    """The proposal for the hall on as_of (one class or all); (run, created). The same hall,
    date and class again returns the run already made (created False)."""
    key = _key(who.hall_id, as_of, cls)
    found = conn.execute(select(DunningRun.run_id).where(DunningRun.active_key == key)).first()
    if found is not None:
        return run_json(conn, who.hall_id, found.run_id, lines=lines), False
    classes = [cls] if cls else list(CustomerClass)
    procs = {c: _procedure_for_run(conn, who, c) for c in classes}
    try:
        with conn.begin_nested():
            run_id = conn.execute(insert(DunningRun).values(
                hall_id=who.hall_id, as_of=as_of, customer_class=cls.value if cls else ALL,
                status="proposal", active_key=key, created_at=utcnow(), created_by=who.actor,
                procedure_versions=detail_json({c.value: p.version for c, p in procs.items()}),
            ).returning(DunningRun.run_id)).scalar_one()
    except IntegrityError:  # a concurrent request made it meanwhile
        found = conn.execute(select(DunningRun.run_id).where(DunningRun.active_key == key)).one()
        return run_json(conn, who.hall_id, found.run_id, lines=lines), False
    source = arrears or default_arrears()
    batch: list[Any] = []
    count = 0
    for item in arrears_items(source, conn, as_of=as_of, hall_id=who.hall_id):
        if CustomerClass(item.customer_class) not in procs:
            continue
        batch.append(item)
        if len(batch) >= 1000:
            count += _propose_batch(conn, run_id, who.hall_id, as_of, procs, batch)
            batch = []
    if batch:
        count += _propose_batch(conn, run_id, who.hall_id, as_of, procs, batch)
    who.record(conn, "dunning.run.proposed", f"run:{run_id}", {
        "as_of": as_of.isoformat(), "customer_class": cls.value if cls else ALL, "lines": count,
        "procedure_versions": {c.value: p.version for c, p in procs.items()}})
    return run_json(conn, who.hall_id, run_id, lines=lines), True


def _propose_batch(conn: Connection, run_id: int, hall_id: str, as_of: date,
                   procs: dict[CustomerClass, Procedure], batch: list[Any]) -> int:
    accounts = [a.account_no for a in batch]
    levels = current_levels(conn, hall_id, accounts, as_of)
    locks = active_locks(conn, hall_id, accounts, as_of)
    views = promises(conn, hall_id, accounts, as_of)
    rows = []
    for a in batch:
        p = procs[CustomerClass(a.customer_class)]
        reached = levels.get(a.account_no)
        shown, broken_on, _ = promise_summary(views.get(a.account_no, ()))
        lock = locks.get(a.account_no)
        s = Standing(overdue_days=a.overdue_days, total_fen=a.total_fen,
                     current_level=reached.level if reached else 0,
                     last_level_on=reached.reached_on if reached else None,
                     lock=lock["reason"] if lock else None,
                     promise_open=bool(shown and shown["state"] == "open"),
                     promise_broken_on=broken_on)
        prop = propose(p, s, as_of)
        if prop.proposed_level <= s.current_level:
            continue
        level = p.level(prop.proposed_level)
        assert level is not None
        rows.append({"run_id": run_id, "account_no": a.account_no, "name": a.name,
                     "area": a.area, "customer_class": p.customer_class.value,
                     "overdue_days": a.overdue_days, "total_fen": a.total_fen,
                     "current_level": s.current_level, "proposed_level": prop.proposed_level,
                     "final_level": prop.proposed_level, "action": level.action.value,
                     "blocked": prop.blocked, "note": prop.note, "edited_by": None})
    if rows:
        insert_many(conn, DunningRunLine, rows)
    return len(rows)


def _proposal(conn: Connection, who: Who, run_id: int):
    run = _run_row(conn, who.hall_id, run_id)
    if run.status != "proposal":
        raise DunningRefused(409, "collections.dunning.run_not_proposal",
                             f"run {run_id} is {run.status}: only a proposal can be changed")
    return run


def edit_line(conn: Connection, who: Who, run_id: int, account_no: str, *,
              level: int | None = None, blocked: bool | None = None,
              note: str | None = None) -> dict[str, Any]:
    """A supervisor's change to one line of a proposal: the level (raise by one at most, or
    lower), blocked or not, a note. Recorded with the line before and after."""
    run = _proposal(conn, who, run_id)
    line = conn.execute(select(DunningRunLine).where(DunningRunLine.run_id == run_id,
                                                     DunningRunLine.account_no == account_no)
                        ).first()
    if line is None:
        raise DunningRefused(404, "collections.dunning.no_line",
                             f"account {account_no} is not in run {run_id}")
    versions = json.loads(run.procedure_versions)
    p = procedure(conn, who.hall_id, CustomerClass(line.customer_class),
                  versions[line.customer_class])
    values: dict[str, Any] = {"edited_by": who.actor}
    if level is not None:
        try:
            check_edit(line.proposed_level, line.current_level, level, p.top)
        except DunningError as exc:
            raise DunningRefused(409, "collections." + exc.code, str(exc)) from exc
        lv = p.level(level)
        values.update(final_level=level, action=lv.action.value if lv and level > line.current_level
                      else None)
    if blocked is not None:
        values["blocked"] = blocked
    if note is not None:
        values["note"] = check_text(note, "note", limit=500)
    before = {"final_level": line.final_level, "blocked": line.blocked, "note": line.note}
    conn.execute(update(DunningRunLine).where(DunningRunLine.run_id == run_id,
                                              DunningRunLine.account_no == account_no)
                 .values(**values))
    after = {k: values.get(k, before[k]) for k in before}
    who.record(conn, "dunning.run.line_edited", account_no,
               {"run_id": run_id, "before": before, "after": after})
    return next(x for x in run_json(conn, who.hall_id, run_id)["lines"]
                if x["account_no"] == account_no)


def execute_run(conn: Connection, who: Who, run_id: int, *, sink: DunningActionSink | None = None,
                arrears: ArrearsSource | None = None) -> dict[str, Any]:
    """Carry the proposal out (see the module doc); executing an executed run again changes
    nothing and returns it."""
    run = _run_row(conn, who.hall_id, run_id)
    if run.status == "executed":
        return run_json(conn, who.hall_id, run_id)
    run = _proposal(conn, who, run_id)
    sink = sink or RecordingSink()
    versions = json.loads(run.procedure_versions)
    procs = {c: procedure(conn, who.hall_id, CustomerClass(c), v) for c, v in versions.items()}
    lines = list(conn.execute(select(DunningRunLine).where(
        DunningRunLine.run_id == run_id, DunningRunLine.blocked.is_(False),
        DunningRunLine.final_level > DunningRunLine.current_level)
        .order_by(DunningRunLine.account_no)))
    # Accounts paid since the proposal (or now under the level's minimum) are not dunned:
    # those with a payment recorded since (any channel) have their arrears figured again;
    # without one, arrears can only have grown, and the proposal's figure stands.
    still = {x.account_no: x.total_fen for x in lines}
    paid = paid_since(conn, list(still), run.created_at)
    source = arrears or default_arrears()
    for chunk in chunks(paid):
        for account_no in chunk:
            still[account_no] = 0
        for a in arrears_items(source, conn, as_of=run.as_of, hall_id=who.hall_id,
                               accounts=chunk):
            still[a.account_no] = a.total_fen
    done = skipped = 0
    events: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    for x in lines:
        lv = procs[x.customer_class].level(x.final_level)
        assert lv is not None
        if still.get(x.account_no, 0) < max(lv.min_amount_fen, 1):
            conn.execute(update(DunningRunLine).where(
                DunningRunLine.run_id == run_id, DunningRunLine.account_no == x.account_no)
                .values(blocked=True, note=(x.note + "; " if x.note else "") +
                        "paid since the proposal"))
            skipped += 1
            continue
        ref = _hand_over(sink, conn, who.hall_id, x.account_no, run_id, lv.number, lv.action,
                         run.as_of)
        ref = None if ref is None else str(ref)[:64]
        events.append({"hall_id": who.hall_id, "account_no": x.account_no, "run_id": run_id,
                       "level": lv.number, "action": lv.action.value, "reached_on": run.as_of,
                       "total_fen": still[x.account_no], "action_ref": ref, "reversed": False})
        records.append(action_row(who.hall_id, who.terminal_id, who.actor,
                                  "dunning.level.reached", x.account_no, {
                                      "run_id": run_id, "level": lv.number,
                                      "action": lv.action.value, "as_of": run.as_of.isoformat(),
                                      "action_ref": ref}))
        done += 1
    flush = getattr(sink, "flush", None)
    if flush is not None:
        flush(conn)
    insert_many(conn, DunningEvent, events)
    insert_actions(conn, records)
    conn.execute(update(DunningRun).where(DunningRun.run_id == run_id).values(
        status="executed", executed_at=utcnow(), executed_by=who.actor))
    who.record(conn, "dunning.run.executed", f"run:{run_id}",
               {"events": done, "skipped_paid": skipped})
    return run_json(conn, who.hall_id, run_id)


def paid_since(conn: Connection, accounts: list[str], since) -> list[str]:
    """Which of the accounts have a payment (any channel) recorded at or after `since`."""
    out: set[str] = set()
    for chunk in chunks(accounts):
        out.update(conn.execute(select(Payment.account_no).where(
            among(conn, Payment.account_no, chunk), Payment.recorded_at >= since)).scalars())
    return sorted(out)


def _hand_over(sink: DunningActionSink, conn: Connection, hall_id: str, account_no: str,
               run_id: int, level: int, action: Action, as_of: date) -> object:
    if action == Action.SMS:
        return sink.sms(conn, hall_id, account_no, run_id, level, as_of)
    if action in NOTICE_KIND:
        return sink.notice(conn, hall_id, account_no, run_id, level, NOTICE_KIND[action], as_of)
    return sink.stop_request(conn, hall_id, account_no, run_id, level, as_of)


def reverse_run(conn: Connection, who: Who, run_id: int, reason: str) -> dict[str, Any]:
    """Reverse an executed run (or drop a proposal) with a reason. Its events stop counting;
    SMS sent and notices printed are NOT unsent. The same hall, date and class may be run
    again afterwards."""
    reason = check_text(reason, "reason", required=True)
    run = _run_row(conn, who.hall_id, run_id)
    if run.status == "reversed":
        raise DunningRefused(409, "collections.dunning.run_reversed",
                             f"run {run_id} is reversed already")
    events = conn.execute(update(DunningEvent).where(
        DunningEvent.run_id == run_id, DunningEvent.reversed.is_(False)).values(reversed=True)
    ).rowcount
    conn.execute(update(DunningRun).where(DunningRun.run_id == run_id).values(
        status="reversed", active_key=None, reversed_at=utcnow(), reversed_by=who.actor,
        reverse_reason=reason))
    who.record(conn, "dunning.run.reversed", f"run:{run_id}", {
        "reason": reason, "was": run.status, "events_reversed": events,
        "note": NOT_UNSENT})
    return {**run_json(conn, who.hall_id, run_id), "note": NOT_UNSENT}


__all__ = ["ALL", "DunningActionSink", "DunningRefused", "RecordingSink", "Who",
           "edit_line", "execute_run", "list_runs", "make_run", "parse_class", "procedure",
           "procedure_history", "procedure_json", "reverse_run", "run_json", "set_procedure"]
