"""/v1/collections/notices, /stop-supply, /reconnections: notices to customers in arrears,
stop-supply requests through their legal gates, reconnection tasks. Counters only; everything
is the token's hall; every change names the person signed in at the counter ("actor")."""

# No `from __future__ import annotations`: FastAPI reads the annotations at definition time.
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Engine

from hall_domain.errors import DomainError
from hall_domain.inputs import check_free_text, id_problem

from ..services import notices as svc
from ..services import notices_pdf
from ..services import stop_supply as stops
from .auth import Counter, LedgerEngine
from .errors import ApiError

router = APIRouter(tags=["collections: notices and stop-supply"])

Kind = Literal["reminder", "stop_warning"]
NoticeStatus = Literal["pending", "delivered", "settled", "superseded"]
StopStatus = Literal["requested", "approved", "stopped", "cancelled", "reconnected"]
Method = Literal["in_person", "posted", "left_at_door", "refused"]
NumberPath = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9\-_]+$")]
IdPath = Annotated[int, Path(ge=1, le=2**62)]
AccountNo = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[0-9]+$")]
Area = Annotated[str, Field(min_length=1, max_length=100)]
# Dates and times the database can hold, within reason.
MIN_DAY, MAX_DAY = date(2000, 1, 1), date(2100, 12, 31)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")
    actor: str = Field(min_length=1, max_length=32)

    @field_validator("actor")
    @classmethod
    def _actor(cls, v: str) -> str:
        problem = id_problem(v)
        if problem:
            raise ValueError(f"actor {problem}")
        return v


def _free(v: str | None, field: str) -> str | None:
    try:
        return check_free_text(v, field)
    except DomainError as exc:
        raise ValueError(exc.message) from exc


def _moment(v: datetime) -> datetime:
    if not (MIN_DAY <= v.date() <= MAX_DAY):  # before any arithmetic that could overflow
        raise ValueError("the time is out of range")
    if v.tzinfo is not None:
        v = v.astimezone().replace(tzinfo=None)  # the hall's local time
    return v.replace(microsecond=0)


class ActorIn(_Body):
    pass


class NoticeIn(_Body):
    account_no: AccountNo
    kind: Kind
    as_of: date | None = Field(default=None, ge=MIN_DAY, le=MAX_DAY)


class DeliveryIn(_Body):
    method: Method
    signed_by: str | None = Field(default=None, min_length=1, max_length=100)
    delivered_at: datetime

    @field_validator("signed_by")
    @classmethod
    def _signed(cls, v):
        return _free(v, "signed_by")

    @field_validator("delivered_at")
    @classmethod
    def _at(cls, v):
        return _moment(v)


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Kind
    area: Area


class StopIn(_Body):
    account_no: AccountNo
    planned_at: datetime

    @field_validator("planned_at")
    @classmethod
    def _at(cls, v):
        return _moment(v)


class CancelIn(_Body):
    reason: str = Field(min_length=1, max_length=200)

    @field_validator("reason")
    @classmethod
    def _reason(cls, v):
        return _free(v, "reason")


class SettingsIn(_Body):
    province: str | None = Field(default=None, min_length=1, max_length=32)
    legal_version: str | None = Field(default=None, min_length=1, max_length=16)
    notice_window_min_days: int | None = Field(default=None, ge=0, le=60)
    notice_window_max_days: int | None = Field(default=None, ge=0, le=60)
    reconnect_hours: int | None = Field(default=None, ge=1, le=24 * 14)
    reminder_days: int | None = Field(default=None, ge=1, le=90)
    stop_warning_days: int | None = Field(default=None, ge=1, le=60)
    hall_name: str | None = Field(default=None, min_length=1, max_length=100)
    hall_phone: str | None = Field(default=None, min_length=1, max_length=32)
    pay_ways: list[Annotated[str, Field(min_length=1, max_length=200)]] | None = Field(
        default=None, min_length=1, max_length=8)

    @field_validator("hall_name", "hall_phone")
    @classmethod
    def _text(cls, v, info):
        return _free(v, info.field_name)

    @field_validator("pay_ways")
    @classmethod
    def _ways(cls, v):
        for w in v or ():
            _free(w, "pay_ways")
        return v


def _run(engine: Engine, work, *, write: bool = True) -> Any:
    try:
        if write:
            with engine.begin() as conn:
                return work(conn)
        with engine.connect() as conn:
            return work(conn)
    except stops.GatesFailed as exc:
        return JSONResponse({"error": {"code": exc.code, "message": exc.message},
                             "gates": [g.as_dict() for g in exc.gates]}, status_code=exc.status)
    except svc.NoticeError as exc:
        raise ApiError(exc.status, exc.code, exc.message) from exc


def _hook(request: Request):
    """The SMS side of the 经催交 gate, when the lead wired one (app.state.reminder_delivered)."""
    return getattr(request.app.state, "reminder_delivered", None)


# --- notices -----------------------------------------------------------------------------------


@router.get("/v1/collections/notices")
def list_notices(p: Counter, engine: LedgerEngine,
                 kind: Annotated[Kind | None, Query()] = None,
                 status: Annotated[NoticeStatus | None, Query()] = None,
                 area: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
                 account_no: Annotated[str | None, Query(min_length=1, max_length=32)] = None,
                 limit: Annotated[int, Query(ge=1, le=2000)] = 500) -> dict:
    """The hall's notices, newest first (a counter asks for an account's pending ones)."""
    return {"notices": _run(engine, lambda c: svc.list_notices(
        c, p.hall_id, kind=kind, status=status, area=area, account_no=account_no, limit=limit),
        write=False)}


@router.post("/v1/collections/notices", status_code=201)
def issue(body: NoticeIn, p: Counter, engine: LedgerEngine) -> Any:
    """Issue a notice now (a person's decision; dunning runs issue theirs themselves)."""
    as_of = body.as_of or date.today()
    return _run(engine, lambda c: svc.issue_notice(
        c, p.hall_id, body.account_no, body.kind, as_of, f"issued by {body.actor}",
        actor=body.actor, terminal_id=p.terminal_id, now=stops.local_now()))


@router.get("/v1/collections/notice-settings")
def get_settings(p: Counter, engine: LedgerEngine) -> dict:
    return _run(engine, lambda c: svc.settings_for(c, p.hall_id).as_dict(), write=False)


@router.put("/v1/collections/notice-settings")
def put_settings(body: SettingsIn, p: Counter, engine: LedgerEngine) -> Any:
    """Change the hall's notice window, deadlines, legal version, pay ways (audited)."""
    changes = body.model_dump(exclude={"actor"}, exclude_none=True)
    lo = changes.get("notice_window_min_days")
    hi = changes.get("notice_window_max_days")

    def work(c):
        current = svc.settings_for(c, p.hall_id)
        if (lo if lo is not None else current.window.min_days) > (
                hi if hi is not None else current.window.max_days):
            raise svc.NoticeError(422, "collections.notices.setting",
                                  "the notice window's first day is after its last")
        return svc.change_settings(c, p.hall_id, actor=body.actor, terminal_id=p.terminal_id,
                                   now=stops.local_now(), changes=changes).as_dict()

    return _run(engine, work)


@router.post("/v1/collections/notices/batch", response_class=Response,
             responses={200: {"content": {"application/pdf": {}}}})
def batch_pdf(body: BatchIn, p: Counter, engine: LedgerEngine) -> Response:
    """The area's pending notices of a kind as one PDF, one page each, in walking order."""
    found = _run(engine, lambda c: svc.batch_notices(c, p.hall_id, body.kind, body.area),
                 write=False)
    if not found:
        raise ApiError(404, "collections.notices.none",
                       f"no pending {body.kind} notice in area {body.area}")
    return Response(notices_pdf.render(found), media_type="application/pdf",
                    headers={"X-Notice-Count": str(len(found))})


@router.get("/v1/collections/notices/{number}")
def get_notice(number: NumberPath, p: Counter, engine: LedgerEngine) -> dict:
    """The notice as JSON, with `print_lines` for the counter's receipt printer."""
    return _run(engine, lambda c: svc.get_notice(c, p.hall_id, number), write=False)


@router.get("/v1/collections/notices/{number}/pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
def notice_pdf(number: NumberPath, p: Counter, engine: LedgerEngine) -> Response:
    notice = _run(engine, lambda c: svc.get_notice(c, p.hall_id, number), write=False)
    return Response(notices_pdf.render([notice]), media_type="application/pdf")


@router.post("/v1/collections/notices/{number}/delivery")
def deliver(number: NumberPath, body: DeliveryIn, p: Counter, engine: LedgerEngine) -> Any:
    """Record how the notice reached the customer (or that they refused it)."""
    return _run(engine, lambda c: svc.record_delivery(
        c, p.hall_id, number, actor=body.actor, terminal_id=p.terminal_id, method=body.method,
        signed_by=body.signed_by, delivered_at=body.delivered_at, now=stops.local_now()))


# --- stop-supply -------------------------------------------------------------------------------


@router.get("/v1/collections/stop-supply")
def list_stops(p: Counter, engine: LedgerEngine,
               status: Annotated[StopStatus | None, Query()] = None,
               account_no: Annotated[str | None, Query(min_length=1, max_length=32)] = None,
               limit: Annotated[int, Query(ge=1, le=2000)] = 500) -> dict:
    return {"requests": _run(engine, lambda c: stops.list_requests(
        c, p.hall_id, status=status, account_no=account_no, limit=limit), write=False)}


@router.get("/v1/collections/stop-supply/gates")
def preview_gates(request: Request, p: Counter, engine: LedgerEngine,
                  account_no: Annotated[str, Query(min_length=1, max_length=32,
                                                   pattern=r"^[0-9]+$")],
                  planned_at: Annotated[datetime, Query()]) -> Any:
    """The gates a request for this account and time would meet now (nothing is written)."""
    try:
        planned = _moment(planned_at)
    except ValueError as exc:
        raise ApiError(422, "request.invalid", str(exc)) from exc
    return _run(engine, lambda c: {"account_no": account_no, "planned_at": planned.isoformat(),
                                   "gates": [g.as_dict() for g in stops.check_gates(
                                       c, p.hall_id, account_no, planned, stops.local_now(),
                                       reminder_delivered=_hook(request))]}, write=False)


@router.post("/v1/collections/stop-supply", status_code=201)
def raise_request(body: StopIn, request: Request, p: Counter, engine: LedgerEngine) -> Any:
    """Raise a request; 409 collections.stop_supply.gates with every gate when one fails."""
    return _run(engine, lambda c: stops.request_stop(
        c, p.hall_id, body.account_no, body.planned_at, actor=body.actor,
        terminal_id=p.terminal_id, now=stops.local_now(), reminder_delivered=_hook(request)))


@router.get("/v1/collections/stop-supply/{request_id}")
def get_stop(request_id: IdPath, p: Counter, engine: LedgerEngine) -> Any:
    return _run(engine, lambda c: stops.get_request(c, p.hall_id, request_id), write=False)


@router.post("/v1/collections/stop-supply/{request_id}/approve")
def approve(request_id: IdPath, body: ActorIn, request: Request, p: Counter,
            engine: LedgerEngine) -> Any:
    """The second person's approval (not the requester)."""
    return _run(engine, lambda c: stops.approve(
        c, p.hall_id, request_id, actor=body.actor, terminal_id=p.terminal_id,
        now=stops.local_now(), reminder_delivered=_hook(request)))


@router.post("/v1/collections/stop-supply/{request_id}/regulator-notified")
def regulator_notified(request_id: IdPath, body: ActorIn, p: Counter,
                       engine: LedgerEngine) -> Any:
    return _run(engine, lambda c: stops.regulator_notified(
        c, p.hall_id, request_id, actor=body.actor, terminal_id=p.terminal_id,
        now=stops.local_now()))


@router.post("/v1/collections/stop-supply/{request_id}/renotified")
def renotified(request_id: IdPath, body: ActorIn, p: Counter, engine: LedgerEngine) -> Any:
    """The customer was told the stop time again (due 30 minutes before)."""
    return _run(engine, lambda c: stops.renotified(
        c, p.hall_id, request_id, actor=body.actor, terminal_id=p.terminal_id,
        now=stops.local_now()))


@router.post("/v1/collections/stop-supply/{request_id}/stopped")
def mark_stopped(request_id: IdPath, body: ActorIn, request: Request, p: Counter,
                 engine: LedgerEngine) -> Any:
    """The field team stopped the supply; every gate must hold."""
    return _run(engine, lambda c: stops.stopped(
        c, p.hall_id, request_id, actor=body.actor, terminal_id=p.terminal_id,
        now=stops.local_now(), reminder_delivered=_hook(request)))


@router.post("/v1/collections/stop-supply/{request_id}/cancel")
def cancel(request_id: IdPath, body: CancelIn, p: Counter, engine: LedgerEngine) -> Any:
    return _run(engine, lambda c: stops.cancel(
        c, p.hall_id, request_id, actor=body.actor, terminal_id=p.terminal_id,
        now=stops.local_now(), reason=body.reason))


# --- reconnections -----------------------------------------------------------------------------


@router.get("/v1/collections/reconnections")
def list_reconnections(p: Counter, engine: LedgerEngine,
                       open_: Annotated[bool | None, Query(alias="open")] = None,
                       account_no: Annotated[str | None, Query(min_length=1,
                                                               max_length=32)] = None) -> dict:
    """Reconnection tasks, soonest due first; `overdue` when past the deadline and open."""
    return {"tasks": _run(engine, lambda c: stops.list_reconnections(
        c, p.hall_id, open_only=open_, account_no=account_no, now=stops.local_now()),
        write=False)}


@router.post("/v1/collections/reconnections/{task_id}/close")
def close_reconnection(task_id: IdPath, body: ActorIn, p: Counter, engine: LedgerEngine) -> Any:
    return _run(engine, lambda c: stops.close_reconnection(
        c, p.hall_id, task_id, actor=body.actor, terminal_id=p.terminal_id,
        now=stops.local_now()))

