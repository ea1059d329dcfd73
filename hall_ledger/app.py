"""The ledger's HTTP API under /v1 (FastAPI): every request carries a terminal's token."""

# No `from __future__ import annotations` here: FastAPI reads the Annotated[...] dependencies
# below at definition time, and they name functions local to create_app.
import json
import logging
import os
import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import Engine
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as SATimeoutError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__, reference
from .channels import ingest_channel_payments
from .db import make_engine
from .faults import ScriptedFaults
from .ingest import ingest_payments, item_key, item_payload, with_digest_check
from .items import KINDS, ingest_items, latest_audit_head
from .recon import payment_lines, reconciliation
from .terminals import Principal, authenticate
from .wire import (
    MAX_BATCH,
    MAX_BODY_BYTES,
    MAX_ID,
    MAX_JSON_DEPTH,
    BatchResultOut,
    ChannelPaymentBatch,
    ItemBatch,
    PaymentBatch,
)

log = logging.getLogger("hall_ledger.api")
RETRY_AFTER_SECONDS = 2
DB_ENV = "COUNTER_LEDGER_DB"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, *, retry_after: int | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.retry_after = status, code, message, retry_after


def error_response(status: int, code: str, message: str, *, retry_after: int | None = None,
                   details: list | None = None) -> JSONResponse:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    if status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    if details:
        body["error"]["details"] = details
    return JSONResponse(body, status_code=status, headers=headers)


def server_time() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _body_schema(model: type[BaseModel]) -> dict:
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}}


class HealthOut(BaseModel):
    status: str
    server_time: str
    hall_id: str
    terminal_id: str
    channel: str
    version: str
    api: int


def create_app(engine: Engine, *, faults: ScriptedFaults | None = None) -> FastAPI:
    """The API on `engine`; `faults` (tests only) makes chosen requests fail on purpose."""
    app = FastAPI(
        title="Hall Counter ledger",
        version=__version__,
        description="Central ledger of the Hall Counter cash desks. See docs/ledger-api.md.",
        openapi_url="/v1/openapi.json",
        docs_url="/v1/docs",
        redoc_url=None,
    )
    app.state.engine = engine
    if faults is not None:
        _install_faults(app, faults)
    bearer = HTTPBearer(auto_error=False,
                        description="The terminal's token (counter-ledger terminal add)")

    def principal(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal:
        if credentials is None:
            raise ApiError(401, "auth.missing", "an Authorization: Bearer <token> header is required")
        found = authenticate(engine, credentials.credentials)
        if found is None:
            log.warning("refused a request: unknown or revoked token")
            raise ApiError(401, "auth.invalid", "the token is unknown or revoked")
        return found

    Authenticated = Annotated[Principal, Depends(principal)]

    def counter(p: Authenticated) -> Principal:
        if p.channel != "counter":
            raise ApiError(403, "auth.not_a_counter", "this endpoint is for counter terminals")
        return p

    def channel(p: Authenticated) -> Principal:
        if p.channel == "counter":
            raise ApiError(403, "auth.not_a_channel", "this endpoint is for bank/online channels")
        return p

    Counter = Annotated[Principal, Depends(counter)]
    Channel = Annotated[Principal, Depends(channel)]
    Limit = Annotated[int | None, Query(ge=1, le=reference.MAX_LIMIT)]

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, retry_after=exc.retry_after)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError):
        details = [{"field": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
                   for e in exc.errors()]
        return error_response(422, "request.invalid", "the request is not valid", details=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException):
        return error_response(exc.status_code, f"http.{exc.status_code}", str(exc.detail))

    @app.exception_handler(SQLAlchemyError)
    async def _database(_request: Request, exc: SQLAlchemyError):
        log.error("database error: %s", type(exc).__name__, exc_info=exc)
        if transient(exc):
            # Busy, locked, restarting or out of connections: the outcome is for the client
            # to treat as unknown; it resends the same UUIDs after Retry-After.
            return error_response(503, "ledger.unavailable",
                                  "the ledger database is unavailable",
                                  retry_after=RETRY_AFTER_SECONDS)
        if isinstance(exc, DataError) or isinstance(getattr(exc, "orig", None),
                                                    (OverflowError, ValueError)):
            # A value the database cannot hold got past the wire's bounds: the request is
            # refused (rolled back, nothing recorded); resending it cannot help.
            return error_response(422, "request.out_of_range",
                                  "a value is outside what the ledger can store; "
                                  "nothing was recorded")
        return error_response(500, "ledger.internal", "the ledger failed on this request; "
                              "nothing was recorded")

    @app.exception_handler(Exception)
    async def _internal(_request: Request, exc: Exception):
        # A bug, not a busy database: no Retry-After (see docs/ledger-api.md, Errors).
        log.error("unexpected error: %s", type(exc).__name__, exc_info=exc)
        return error_response(500, "ledger.internal", "the ledger failed on this request; "
                              "nothing was recorded")

    @app.get("/v1/health", response_model=HealthOut, tags=["health"])
    def health(p: Authenticated) -> dict:
        """The token works; the server's clock (UTC), to detect clock skew."""
        return {"status": "ok", "server_time": server_time(), "hall_id": p.hall_id,
                "terminal_id": p.terminal_id, "channel": p.channel, "version": __version__,
                "api": 1}

    @app.get("/v1/reference/snapshot", tags=["reference"])
    def snapshot(p: Counter, page: Annotated[str | None, Query(
            max_length=400, json_schema_extra={"pattern": "^[A-Za-z0-9_-]{1,400}$"},
            description="the `next_page` of the previous page, as it came")] = None,
                 limit: Limit = None) -> dict:
        """One page of the hall's customers and open bills; follow `next_page` to the end,
        then ask for changes from `changes_cursor`."""
        try:
            return reference.snapshot_page(engine, p.hall_id, page, limit)
        except reference.CursorError as exc:
            raise ApiError(400, "reference.bad_page", str(exc)) from exc

    @app.get("/v1/reference/changes", tags=["reference"])
    def changes(p: Counter, cursor: Annotated[str, Query(
            json_schema_extra={"pattern": "^[0-9]{1,16}$", "maxLength": 16},
            description=f"a changes cursor this ledger handed out (0 to {MAX_ID})")],
                limit: Limit = None) -> dict:
        """Customers and bills of the hall changed after `cursor`; repeat while has_more."""
        try:
            return reference.changes_since(engine, p.hall_id, cursor, limit)
        except reference.CursorError as exc:
            raise ApiError(400, "reference.bad_cursor", str(exc)) from exc

    async def _batch(request: Request, field: str) -> list:
        body = parse_body(await read_body(request))
        items = body.get(field) if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise ApiError(422, "request.invalid", f"the body must be an object with a list '{field}'")
        if len(items) > MAX_BATCH:
            raise ApiError(413, "request.batch_too_large", f"at most {MAX_BATCH} items per batch")
        request.state.payload_sha256 = body.get("payload_sha256")  # checked per item (ingest)
        return items

    def _answer(results: list) -> JSONResponse:
        return JSONResponse({"server_time": server_time(), "results": results})

    @app.post("/v1/payments", response_model=BatchResultOut, tags=["payments"],
              openapi_extra=_body_schema(PaymentBatch))
    async def post_payments(request: Request, p: Counter):
        """Record a batch of counter payments; one result per item, in order."""
        items = await _batch(request, "payments")
        return _answer(await run_in_threadpool(
            with_digest_check, items, request.state.payload_sha256,
            lambda ok: ingest_payments(engine, p, ok)))

    @app.post("/v1/items/{kind}", response_model=BatchResultOut, tags=["items"],
              openapi_extra=_body_schema(ItemBatch))
    async def post_items(kind: Annotated[str, Path(json_schema_extra={"enum": list(KINDS)})],
                         request: Request, p: Counter):
        """Record outbox items of one kind: payment, void, refund, shift_report, contact_change,
        audit_head."""
        if kind not in KINDS:
            raise ApiError(404, "items.unknown_kind", f"kind must be one of {', '.join(KINDS)}")
        items = await _batch(request, "items")
        return _answer(await run_in_threadpool(
            with_digest_check, items, request.state.payload_sha256,
            lambda ok: ingest_items(engine, p, kind, ok), payload_of=item_payload,
            key_of=item_key))

    @app.post("/v1/channel-payments", response_model=BatchResultOut, tags=["payments"],
              openapi_extra=_body_schema(ChannelPaymentBatch))
    async def post_channel_payments(request: Request, p: Channel):
        """Record payments taken by another channel (bank agency, online); the ledger allocates."""
        items = await _batch(request, "payments")
        return _answer(await run_in_threadpool(ingest_channel_payments, engine, p, items))

    @app.get("/v1/reconciliation", tags=["reconciliation"])
    def reconcile(p: Counter, date_: Annotated[date, Query(alias="date")]) -> dict:
        """This terminal's counts and sums per shift and for the business date, and receipt gaps."""
        return reconciliation(engine, p, date_)

    @app.get("/v1/reconciliation/payments", tags=["reconciliation"])
    def reconcile_payments(p: Counter, date_: Annotated[date, Query(alias="date")]) -> dict:
        """This terminal's payments of the business date: receipt number, UUID, amount, shift."""
        return {"date": date_.isoformat(), "payments": payment_lines(engine, p, date_)}

    @app.get("/v1/audit-head", tags=["items"])
    def audit_head(p: Counter) -> dict:
        """The newest audit-trail entry (seq, hash) this terminal sent; null before the first."""
        return {"terminal_id": p.terminal_id, "head": latest_audit_head(engine, p)}

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (PaymentBatch, ItemBatch, ChannelPaymentBatch):
            doc = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(doc.pop("$defs", {}))
            components[model.__name__] = doc
        app.openapi_schema = schema
        return schema

    app.openapi = openapi
    return app


def transient(exc: SQLAlchemyError) -> bool:
    """A failure that may pass if the same request comes again: the database is down, busy,
    locked, restarting, out of connections, or a transaction lost a race (deadlock,
    serialization). Anything else (a bad value, a constraint, a bug) is not."""
    if isinstance(exc, (SATimeoutError, DisconnectionError)):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    return isinstance(exc, (OperationalError, InterfaceError))


async def read_body(request: Request) -> bytes:
    """The request body, refused (413) past MAX_BODY_BYTES without reading the rest."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError(413, "request.too_large", f"the body is over {MAX_BODY_BYTES} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ApiError(413, "request.too_large", f"the body is over {MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether arrays and objects in `text` nest deeper than `limit` (before parsing it, so a
    body nested 100,000 deep never reaches the recursive parser). Strings are dropped, then
    each pass removes the innermost bracket pairs; after `limit` passes a well-formed body
    of that depth or less has none left. Malformed bodies are left to the parser."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    for _ in range(limit):
        brackets, removed = _INNERMOST.subn("", brackets)
        if not removed:
            break
    if not brackets:
        return False
    # Left over: pairs nested deeper than `limit`, or more than `limit` brackets opened in a
    # row (an unclosed body); anything else is unbalanced, and the parser says so.
    return bool(_INNERMOST.search(brackets)) or re.search(
        f"[\\[{{]{{{limit + 1},}}", brackets) is not None


def parse_body(raw: bytes) -> Any:
    """JSON from a body that must be UTF-8 (no BOM, no UTF-16/32), nested at most
    MAX_JSON_DEPTH deep; anything else is a 400 with its own code."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "request.encoding", "the body must be JSON in UTF-8") from exc
    if "\x00" in text or text.startswith("\ufeff"):  # UTF-16/32 read as UTF-8, or a BOM
        raise ApiError(400, "request.encoding", "the body must be JSON in UTF-8 (no BOM)")
    if json_depth_exceeds(text, MAX_JSON_DEPTH):
        raise ApiError(400, "request.too_deep",
                       f"the body nests arrays and objects more than {MAX_JSON_DEPTH} deep")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:  # RecursionError: cannot happen after the check
        raise ApiError(400, "request.json", "the body is not JSON") from exc


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _install_faults(app: FastAPI, faults: ScriptedFaults) -> None:
    @app.middleware("http")
    async def scripted_faults(request: Request, call_next):
        path = request.url.path
        fault = faults.take("before", path)
        if fault is None:
            response = await call_next(request)
            fault = faults.take("after", path)
            if fault is None:
                return response
        return error_response(fault.status, "test.injected_fault", f"injected {fault.when} work",
                              retry_after=fault.retry_after)


def create_app_from_env() -> FastAPI:
    """App factory for `uvicorn --factory` with several workers: the URL comes from the env."""
    return create_app(make_engine(os.environ[DB_ENV]))
