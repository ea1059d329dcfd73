"""The API's one error body ({"error": {"code", "message"}}) and its exception handlers."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as SATimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("hall_ledger.api")
RETRY_AFTER_SECONDS = 2


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


def install_error_handlers(app: FastAPI) -> None:
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
