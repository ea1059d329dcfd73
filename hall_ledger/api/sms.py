"""/v1/collections/sms/...: reminder templates (four-eyes), the SMS log, opt-outs, settings
(counters, scoped to the token's hall), and the gateway's receipts and replies (the SMS
gateway's own token, `counter-ledger sms gateway-token`). See docs/collections-sms.md."""

# No `from __future__ import annotations`: FastAPI reads the annotations at definition time.
from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field, field_validator

from hall_domain.inputs import check_free_text, id_problem

from ..services.sms import hooks
from ..services.sms.errors import SmsError
from ..services.sms.messages import (
    STATUSES,
    account_phone,
    add_opt_out,
    apply_receipts,
    apply_replies,
    gateway_token_ok,
    list_messages,
    queue_reminder,
    remove_opt_out,
)
from ..services.sms.settings import hall_sms, set_settings
from ..services.sms.templates import approve_template, draft_template, list_templates
from ..store.db import utcnow
from .auth import Counter, LedgerEngine, bearer
from .errors import ApiError

router = APIRouter(tags=["collections-sms"])
PREFIX = "/v1/collections/sms"
MAX_RECEIPTS = 1000
ACCOUNT = r"^[0-9]{1,32}$"


def _actor(value: str) -> str:
    problem = id_problem(value)
    if problem:
        raise ValueError(f"actor {problem}")
    return value


def _text(value: str | None, field: str) -> str | None:
    from hall_domain.errors import DomainError

    try:
        return check_free_text(value, field)
    except DomainError as exc:
        raise ValueError(exc.message) from exc


def _naive_utc(v: datetime | None) -> datetime | None:
    """A time as the ledger stores it (naive UTC), within the years the wire takes."""
    if v is None:
        return None
    if v.tzinfo is not None:
        from datetime import UTC

        v = v.astimezone(UTC).replace(tzinfo=None)
    if not 2000 <= v.year <= 2099:
        raise ValueError("the time is out of range (2000-2099)")
    return v


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActorIn(Strict):
    actor: str = Field(min_length=1, max_length=32)

    @field_validator("actor")
    @classmethod
    def _check_actor(cls, v: str) -> str:
        return _actor(v)


class TemplateIn(ActorIn):
    name: str = Field(min_length=1, max_length=60)
    text: str = Field(min_length=1, max_length=500)
    signature: str | None = Field(default=None, min_length=2, max_length=12)
    provider_code: str | None = Field(default=None, min_length=1, max_length=40,
                                      pattern=r"^[A-Za-z0-9_\-]+$")

    @field_validator("name")
    @classmethod
    def _check_name(cls, v: str) -> str:
        return _text(v, "name") or ""


class OptOutIn(ActorIn):
    account_no: str | None = Field(default=None, pattern=ACCOUNT)
    phone: str | None = Field(default=None, min_length=11, max_length=20,
                              pattern=r"^\+?[0-9][0-9 \-]{9,18}$")
    reason: str = Field(default="", max_length=200)
    opt_in: bool = False  # True: take the phone off the list (the customer asked again)

    @field_validator("reason")
    @classmethod
    def _check_reason(cls, v: str) -> str:
        return _text(v, "reason") or ""


class QueueIn(ActorIn):
    account_no: str = Field(pattern=ACCOUNT)
    as_of: date | None = None


class SettingsIn(ActorIn):
    window_start: str | None = Field(default=None, pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    window_end: str | None = Field(default=None, pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    day_cap: int | None = Field(default=None, ge=1, le=10)
    month_cap: int | None = Field(default=None, ge=1, le=60)
    tz: str | None = Field(default=None, min_length=3, max_length=40,
                           pattern=r"^[A-Za-z_]+(/[A-Za-z_+\-0-9]+){0,2}$")
    signature: str | None = Field(default=None, min_length=2, max_length=12)


class ReceiptIn(Strict):
    out_id: str = Field(min_length=36, max_length=36,
                        pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
    status: Literal["delivered", "failed", "vacant"]
    phone: str | None = Field(default=None, max_length=20, pattern=r"^\+?[0-9 \-]*$")
    provider_ref: str | None = Field(default=None, max_length=64, pattern=r"^[A-Za-z0-9_.:\-]*$")
    code: str | None = Field(default=None, max_length=40, pattern=r"^[A-Za-z0-9_.:\- ]*$")
    reported_at: datetime | None = None

    @field_validator("reported_at")
    @classmethod
    def _naive_utc(cls, v: datetime | None) -> datetime | None:
        return _naive_utc(v)


class ReceiptsIn(Strict):
    receipts: list[ReceiptIn] = Field(max_length=MAX_RECEIPTS)


class ReplyIn(Strict):
    phone: str = Field(min_length=1, max_length=20, pattern=r"^\+?[0-9 \-]+$")
    text: str = Field(min_length=1, max_length=200)
    received_at: datetime | None = None

    @field_validator("text")
    @classmethod
    def _one_line(cls, v: str) -> str:  # a reply may hold line breaks: kept as spaces
        import unicodedata

        return "".join(" " if unicodedata.category(c)[0] == "C" else c for c in v)

    @field_validator("received_at")
    @classmethod
    def _received(cls, v: datetime | None) -> datetime | None:
        return _naive_utc(v)


class RepliesIn(Strict):
    replies: list[ReplyIn] = Field(max_length=MAX_RECEIPTS)


def gateway(request: Request,
            credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """The SMS gateway's own token (not a terminal's)."""
    if credentials is None:
        raise ApiError(401, "auth.missing", "an Authorization: Bearer <token> header is required")
    if not gateway_token_ok(request.app.state.engine, credentials.credentials):
        raise ApiError(401, "auth.invalid", "the SMS gateway token is unknown or revoked")


Gateway = Annotated[None, Depends(gateway)]


def _refuse(exc: SmsError) -> ApiError:
    return ApiError(exc.status, exc.code, exc.message)


@router.get(f"{PREFIX}/templates")
def get_templates(p: Counter, engine: LedgerEngine,
                  status: Annotated[Literal["draft", "approved", "retired"] | None,
                                    Query()] = None) -> dict:
    """The hall's reminder templates, newest first."""
    with engine.connect() as conn:
        return {"templates": list_templates(conn, p.hall_id, status)}


@router.post(f"{PREFIX}/templates", status_code=201)
def post_template(p: Counter, engine: LedgerEngine, body: TemplateIn) -> dict:
    """Draft a template (`${name}`, `${amount}` ... variables); a second person approves it."""
    try:
        with engine.begin() as conn:
            signature = body.signature or hall_sms(conn, p.hall_id).signature
            return draft_template(conn, p.hall_id, name=body.name, text=body.text,
                                  signature=signature, provider_code=body.provider_code,
                                  actor=body.actor, now=utcnow(), terminal_id=p.terminal_id)
    except SmsError as exc:
        raise _refuse(exc) from exc


@router.post(f"{PREFIX}/templates/{{template_id}}/approve")
def post_approve(p: Counter, engine: LedgerEngine,
                 template_id: Annotated[int, Path(ge=1, le=2**53)], body: ActorIn) -> dict:
    """Approve a draft: the approver must not be the one who drafted it."""
    try:
        with engine.begin() as conn:
            return approve_template(conn, p.hall_id, template_id, actor=body.actor,
                                    now=utcnow(), terminal_id=p.terminal_id)
    except SmsError as exc:
        raise _refuse(exc) from exc


@router.get(f"{PREFIX}/messages")
def get_messages(p: Counter, engine: LedgerEngine,
                 status: Annotated[Literal[STATUSES] | None, Query()] = None,  # type: ignore[valid-type]
                 account_no: Annotated[str | None, Query(pattern=ACCOUNT)] = None,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict:
    """The SMS log: the hall's messages newest first, with their delivery status, and the
    counts per status."""
    with engine.connect() as conn:
        return list_messages(conn, p.hall_id, status=status, account_no=account_no, limit=limit)


@router.post(f"{PREFIX}/messages", status_code=201)
def post_message(p: Counter, engine: LedgerEngine, body: QueueIn) -> dict:
    """Queue a reminder for one account now (a supervisor's manual reminder); the dispatcher
    sends it inside the window and caps like any other."""
    now = utcnow()
    try:
        with engine.begin() as conn:
            as_of = body.as_of or hall_sms(conn, p.hall_id).local(now).date()
            message_id = queue_reminder(conn, p.hall_id, body.account_no,
                                        f"manual:{as_of.isoformat()}", as_of, actor=body.actor,
                                        terminal_id=p.terminal_id, now=now)
    except SmsError as exc:
        raise _refuse(exc) from exc
    return {"message_id": message_id, "queued": message_id is not None}


@router.post(f"{PREFIX}/opt-outs")
def post_opt_out(p: Counter, engine: LedgerEngine, body: OptOutIn) -> dict:
    """The customer at the counter asks for no more reminders (or, with opt_in, for them
    again). Give the account (its phone is used) or the phone."""
    if (body.account_no is None) == (body.phone is None):
        raise ApiError(422, "collections.sms.opt_out.which", "give account_no or phone, not both")
    now = utcnow()
    try:
        with engine.begin() as conn:
            phone = body.phone or account_phone(conn, p.hall_id, body.account_no or "")
            if not phone:
                raise SmsError(422, "opt_out.phone", "the account has no phone number")
            fn = remove_opt_out if body.opt_in else add_opt_out
            kw = {} if body.opt_in else {"source": "counter"}
            changed = fn(conn, hall_id=p.hall_id, phone=phone, actor=body.actor, now=now,
                         reason=body.reason, terminal_id=p.terminal_id,
                         subject=body.account_no, **kw)
    except SmsError as exc:
        raise _refuse(exc) from exc
    return {"opted_out": not body.opt_in, "changed": changed}


@router.get(f"{PREFIX}/settings")
def get_settings(p: Counter, engine: LedgerEngine) -> dict:
    with engine.connect() as conn:
        return hall_sms(conn, p.hall_id).as_dict()


@router.put(f"{PREFIX}/settings")
def put_settings(p: Counter, engine: LedgerEngine, body: SettingsIn) -> dict:
    """Change the hall's sending window, caps, time zone or signature (recorded)."""
    try:
        with engine.begin() as conn:
            return set_settings(conn, p.hall_id, actor=body.actor, now=utcnow(),
                                terminal_id=p.terminal_id,
                                **body.model_dump(exclude={"actor"})).as_dict()
    except SmsError as exc:
        raise _refuse(exc) from exc


@router.post(f"{PREFIX}/receipts")
def post_receipts(_g: Gateway, request: Request, engine: LedgerEngine,
                  body: ReceiptsIn) -> JSONResponse:
    """Delivery receipts from the SMS gateway, matched by our message id (the out-id)."""
    on_vacant = getattr(request.app.state, "sms_on_vacant", None) or hooks.ON_VACANT
    results = apply_receipts(engine, [r.model_dump() for r in body.receipts], now=utcnow(),
                             on_vacant=on_vacant)
    return JSONResponse({"results": results})


@router.post(f"{PREFIX}/inbound")
def post_inbound(_g: Gateway, engine: LedgerEngine, body: RepliesIn) -> JSONResponse:
    """Replies customers sent; TD, R, 退订 ... put the phone on the opt-out list."""
    results = apply_replies(engine, [r.model_dump() for r in body.replies], now=utcnow())
    return JSONResponse({"results": results})

