"""/v1/collections/dunning/..., /v1/collections/field/... and /v1/collections/accounts/{no}:
dunning procedures, runs (proposal, edit, execute, reverse), locks, promises to pay and
instalment plans, field collection, and one account's collections state. Everything is the
token's hall's; every change names the person (`actor`) and is recorded (collection_actions).

Wiring (app.state, set at start-up; tests set them too):
- `dunning_sink`: a services.dunning.DunningActionSink (default: RecordingSink, records only);
- `collections_state_providers`: services.dunning_state.StateProviders (notices, stop-supply,
  reconnection, phone of the account state; default: none, so [] / null);
- `collections_clock`: a callable returning today's date (default: the server's local date).
"""

# No `from __future__ import annotations`: FastAPI reads the Annotated[...] types at definition.
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Path, Query, Request
from pydantic import AfterValidator, Field, StrictBool, StrictInt
from sqlalchemy import Connection

from hall_domain.collections import CustomerClass
from hall_domain.dunning import MAX_DAYS, MAX_FEN, MAX_LEVELS, Instalment, LockReason
from hall_domain.inputs import id_problem

from ..services import dunning as svc
from ..services import dunning_accounts as acc
from ..services import dunning_field as field
from ..services.booking import in_transaction_retrying
from ..services.dunning_state import StateProviders, account_state
from ..store.db import reader
from ..wire import FIRST_DATE, LAST_DATE, Strict
from .auth import Counter, LedgerEngine
from .errors import ApiError

router = APIRouter(tags=["collections"])
T = TypeVar("T")

ACCOUNT = r"^[0-9]{1,32}$"
ID = r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,31}$"
MAX_ID = 2**53


def _actor(value: str) -> str:
    problem = id_problem(value)
    if problem is not None:
        raise ValueError(f"the person's id {problem}")
    return value


Actor = Annotated[str, AfterValidator(_actor), Field(max_length=32, json_schema_extra={
    "pattern": ID})]
AccountNo = Annotated[str, Field(min_length=1, max_length=32, pattern=ACCOUNT)]
Day = Annotated[date, Field(ge=FIRST_DATE, le=LAST_DATE)]
Note = Annotated[str, Field(max_length=500)]
Text100 = Annotated[str, Field(min_length=1, max_length=100)]
QueryDay = Annotated[date | None, Query(ge=FIRST_DATE, le=LAST_DATE,
                                        description="YYYY-MM-DD, default today")]
RunId = Annotated[int, Path(ge=1, le=MAX_ID)]
ClassName = Literal["residential", "non_residential", "important"]


# --- wiring -------------------------------------------------------------------------------------


def _today(request: Request) -> date:
    clock: Callable[[], date] | None = getattr(request.app.state, "collections_clock", None)
    return clock() if clock is not None else datetime.now().date()


def _sink(request: Request) -> svc.DunningActionSink:
    return getattr(request.app.state, "dunning_sink", None) or svc.RecordingSink()


def _providers(request: Request) -> StateProviders | None:
    return getattr(request.app.state, "collections_state_providers", None)


def _read(engine, work: Callable[[Connection], T]) -> T:
    try:
        with reader(engine).connect() as conn:
            return work(conn)
    except acc.DunningRefused as exc:
        raise ApiError(exc.status, exc.code, exc.message) from exc


def _write(engine, work: Callable[[Connection], T], what: str) -> T:
    """`work` in one transaction; a refusal rolls everything back and becomes the answer."""
    try:
        return in_transaction_retrying(engine, work, what=what)
    except acc.DunningRefused as exc:
        raise ApiError(exc.status, exc.code, exc.message) from exc


def _who(p, actor: str) -> acc.Who:
    return acc.Who(p.hall_id, p.terminal_id, actor)


# --- the account's state -------------------------------------------------------------------------


@router.get("/v1/collections/accounts/{account_no}")
def account(p: Counter, engine: LedgerEngine, request: Request,
            account_no: Annotated[str, Path(max_length=32, pattern=ACCOUNT)],
            as_of: QueryDay = None) -> dict:
    """Dunning level, lock, promise, repeat-defaulter flag, notices, stop-supply,
    reconnection and phone state of one account of this hall."""
    on = as_of or _today(request)
    return _read(engine, lambda c: account_state(c, p.hall_id, account_no, on,
                                                 _providers(request)))


# --- procedures ---------------------------------------------------------------------------------


class LevelIn(Strict):
    level: StrictInt | None = Field(default=None, ge=1, le=MAX_LEVELS)
    name: str | None = Field(default=None, max_length=40)
    days_overdue: StrictInt = Field(ge=1, le=MAX_DAYS)
    min_amount_fen: StrictInt = Field(ge=0, le=MAX_FEN)
    interval_days: StrictInt = Field(default=0, ge=0, le=MAX_DAYS)
    action: Literal["sms", "notice", "stop_warning", "stop_request"]


class RepeatIn(Strict):
    threshold: StrictInt = Field(default=4, ge=1, le=100)
    months: StrictInt = Field(default=24, ge=1, le=120)


class ProcedureIn(Strict):
    actor: Actor
    levels: list[LevelIn] = Field(min_length=1, max_length=MAX_LEVELS)
    repeat_defaulter: RepeatIn | None = None


@router.get("/v1/collections/dunning/procedures")
def procedures(p: Counter, engine: LedgerEngine) -> dict:
    """The procedure in force for each customer class (version 0: the built-in default)."""
    return _read(engine, lambda c: {"procedures": [svc.procedure_json(c, p.hall_id, cls)
                                                   for cls in CustomerClass]})


@router.get("/v1/collections/dunning/procedures/{customer_class}")
def procedure_of(p: Counter, engine: LedgerEngine, customer_class: ClassName) -> dict:
    """One class's procedure in force and every stored version."""
    cls = CustomerClass(customer_class)
    return _read(engine, lambda c: {**svc.procedure_json(c, p.hall_id, cls),
                                    "history": svc.procedure_history(c, p.hall_id, cls)})


@router.put("/v1/collections/dunning/procedures/{customer_class}")
def set_procedure(p: Counter, engine: LedgerEngine, customer_class: ClassName,
                  body: ProcedureIn) -> dict:
    """A new version of the class's procedure (the same levels again change nothing)."""
    doc: dict[str, Any] = {"levels": [lv.model_dump(exclude_none=True) for lv in body.levels]}
    if body.repeat_defaulter is not None:
        doc["repeat_defaulter"] = body.repeat_defaulter.model_dump()
    cls = CustomerClass(customer_class)
    return _write(engine, lambda c: svc.set_procedure(c, _who(p, body.actor), cls, doc),
                  "dunning procedure")


# --- runs -----------------------------------------------------------------------------------------


class RunIn(Strict):
    actor: Actor
    as_of: Day | None = None
    customer_class: ClassName | None = None


class LineIn(Strict):
    actor: Actor
    level: StrictInt | None = Field(default=None, ge=0, le=MAX_LEVELS)
    blocked: StrictBool | None = None
    note: Note | None = None


class ActorIn(Strict):
    actor: Actor


class ReasonIn(Strict):
    actor: Actor
    reason: Annotated[str, Field(min_length=1, max_length=500)]


@router.post("/v1/collections/dunning/runs")
def make_run(p: Counter, engine: LedgerEngine, request: Request, body: RunIn) -> dict:
    """The proposal of this hall for the date and class (all classes when none); the same
    date and class again answer the run already made (`created`: false)."""
    on = body.as_of or _today(request)
    cls = CustomerClass(body.customer_class) if body.customer_class else None
    run, created = _write(engine, lambda c: svc.make_run(c, _who(p, body.actor), on, cls),
                          "dunning run")
    return {**run, "created": created}


@router.get("/v1/collections/dunning/runs")
def runs(p: Counter, engine: LedgerEngine,
         status: Literal["proposal", "executed", "reversed"] | None = None,
         limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict:
    """This hall's runs, newest first, without their lines."""
    return _read(engine, lambda c: {"runs": svc.list_runs(c, p.hall_id, status, limit)})


@router.get("/v1/collections/dunning/runs/{run_id}")
def run(p: Counter, engine: LedgerEngine, run_id: RunId) -> dict:
    return _read(engine, lambda c: svc.run_json(c, p.hall_id, run_id))


@router.post("/v1/collections/dunning/runs/{run_id}/lines/{account_no}")
def edit_line(p: Counter, engine: LedgerEngine, run_id: RunId,
              account_no: Annotated[str, Path(max_length=32, pattern=ACCOUNT)],
              body: LineIn) -> dict:
    """A supervisor's change to a proposal's line: raise by one level at most, lower, block."""
    return _write(engine, lambda c: svc.edit_line(
        c, _who(p, body.actor), run_id, account_no, level=body.level, blocked=body.blocked,
        note=body.note), "dunning line")


@router.post("/v1/collections/dunning/runs/{run_id}/execute")
def execute(p: Counter, engine: LedgerEngine, request: Request, run_id: RunId,
            body: ActorIn) -> dict:
    """Carry the proposal out: events, and each action to the sink (SMS, notices, requests)."""
    # the sink is made inside the transaction's work: a retried attempt starts afresh
    return _write(engine, lambda c: svc.execute_run(c, _who(p, body.actor), run_id,
                                                    sink=_sink(request)), "dunning execution")


@router.post("/v1/collections/dunning/runs/{run_id}/reverse")
def reverse(p: Counter, engine: LedgerEngine, run_id: RunId, body: ReasonIn) -> dict:
    """Reverse a run with a reason: its levels no longer count; what was sent stays sent."""
    return _write(engine, lambda c: svc.reverse_run(c, _who(p, body.actor), run_id, body.reason),
                  "dunning reversal")


# --- locks ----------------------------------------------------------------------------------------


class LockIn(Strict):
    actor: Actor
    account_no: AccountNo
    reason: Literal["dispute", "hardship", "medical", "promise", "other"]
    until: Day
    note: Note | None = None


class UnlockIn(Strict):
    actor: Actor
    account_no: AccountNo
    lock_id: StrictInt | None = Field(default=None, ge=1, le=MAX_ID)
    note: Note | None = None


@router.get("/v1/collections/dunning/locks")
def locks(p: Counter, engine: LedgerEngine, request: Request,
          account_no: Annotated[str | None, Query(max_length=32, pattern=ACCOUNT)] = None,
          active: bool = True) -> dict:
    """This hall's locks (of one account); by default only those in force today."""
    on = _today(request) if active else None
    return _read(engine, lambda c: {"locks": acc.list_locks(c, p.hall_id, account_no, on)})


@router.post("/v1/collections/dunning/locks")
def add_lock(p: Counter, engine: LedgerEngine, request: Request, body: LockIn) -> dict:
    """Lock an account's dunning until a date (inclusive) for a reason; it expires by itself."""
    today = _today(request)
    return _write(engine, lambda c: acc.add_lock(c, _who(p, body.actor), body.account_no,
                                                 LockReason(body.reason).value, body.until,
                                                 today, body.note), "dunning lock")


@router.delete("/v1/collections/dunning/locks")
def release_lock(p: Counter, engine: LedgerEngine, body: UnlockIn) -> dict:
    """Release an account's locks (or the one given) before their end."""
    return {"released": _write(engine, lambda c: acc.release_locks(
        c, _who(p, body.actor), body.account_no, body.lock_id, body.note), "dunning unlock")}


# --- promises -------------------------------------------------------------------------------------


class InstalmentIn(Strict):
    due_date: Day
    amount_fen: StrictInt = Field(gt=0, le=MAX_FEN)


class PromiseIn(Strict):
    actor: Actor
    account_no: AccountNo
    instalments: list[InstalmentIn] = Field(min_length=1, max_length=acc.MAX_INSTALMENTS)
    tolerance_days: StrictInt = Field(default=3, ge=0, le=acc.MAX_TOLERANCE_DAYS)
    note: Note | None = None


@router.get("/v1/collections/dunning/promises")
def promises(p: Counter, engine: LedgerEngine, request: Request,
             account_no: Annotated[str, Query(max_length=32, pattern=ACCOUNT)],
             as_of: QueryDay = None) -> dict:
    """An account's promises and plans, each judged (open, kept, broken, cancelled) on as_of
    by the payments of every channel."""
    on = as_of or _today(request)

    def work(c):
        acc.customer_row(c, p.hall_id, account_no)
        views = acc.promises(c, p.hall_id, [account_no], on).get(account_no, [])
        return {"account_no": account_no, "as_of": on.isoformat(),
                "promises": [v.as_json() for v in views]}
    return _read(engine, work)


@router.post("/v1/collections/dunning/promises")
def add_promise(p: Counter, engine: LedgerEngine, request: Request, body: PromiseIn) -> dict:
    """A promise to pay (one instalment) or an instalment plan (several), from today."""
    today = _today(request)
    plan = [Instalment(i.due_date, i.amount_fen) for i in body.instalments]
    return _write(engine, lambda c: acc.add_promise(
        c, _who(p, body.actor), body.account_no, plan, today,
        tolerance_days=body.tolerance_days, note=body.note), "dunning promise")


@router.post("/v1/collections/dunning/promises/{promise_id}/cancel")
def cancel_promise(p: Counter, engine: LedgerEngine, request: Request,
                   promise_id: Annotated[int, Path(ge=1, le=MAX_ID)], body: ReasonIn) -> dict:
    today = _today(request)
    return _write(engine, lambda c: acc.cancel_promise(c, _who(p, body.actor), promise_id, today,
                                                       body.reason), "dunning promise cancel")


# --- field collection ---------------------------------------------------------------------------


class AreaIn(Strict):
    actor: Actor
    area: Text100
    collector: Actor | None = None


class VisitIn(Strict):
    actor: Actor
    account_no: AccountNo
    collector: Actor | None = None
    visited_on: Day
    outcome: Literal["paid", "promised", "refused", "not_at_home"]
    note: Note | None = None


CollectorQ = Annotated[str, Query(min_length=1, max_length=32, pattern=ID)]


@router.get("/v1/collections/field/areas")
def areas(p: Counter, engine: LedgerEngine,
          collector: Annotated[str | None, Query(min_length=1, max_length=32, pattern=ID)] = None
          ) -> dict:
    """This hall's areas (台区) and their collectors."""
    return _read(engine, lambda c: {"areas": field.list_areas(c, p.hall_id, collector)})


@router.put("/v1/collections/field/areas")
def assign_area(p: Counter, engine: LedgerEngine, body: AreaIn) -> dict:
    """Assign an area to a collector (collector null: unassign)."""
    return _write(engine, lambda c: field.assign_area(c, _who(p, body.actor), body.area,
                                                      body.collector), "area assignment")


@router.get("/v1/collections/field/worklist")
def worklist(p: Counter, engine: LedgerEngine, request: Request, collector: CollectorQ,
             as_of: QueryDay = None) -> dict:
    """The collector's accounts with arrears, area by area in walking order (by address)."""
    on = as_of or _today(request)
    return _read(engine, lambda c: field.worklist(c, p.hall_id, collector, on))


@router.get("/v1/collections/field/visits")
def visits(p: Counter, engine: LedgerEngine,
           account_no: Annotated[str | None, Query(max_length=32, pattern=ACCOUNT)] = None,
           collector: Annotated[str | None, Query(min_length=1, max_length=32, pattern=ID)] = None
           ) -> dict:
    return _read(engine, lambda c: {"visits": field.visits(c, p.hall_id, account_no, collector)})


@router.post("/v1/collections/field/visits")
def record_visit(p: Counter, engine: LedgerEngine, request: Request, body: VisitIn) -> dict:
    """A visit's outcome (paid, promised, refused, not at home) and note."""
    today = _today(request)
    return _write(engine, lambda c: field.record_visit(
        c, _who(p, body.actor), body.account_no, body.visited_on, body.outcome, today,
        collector=body.collector, note=body.note), "field visit")
