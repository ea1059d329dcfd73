"""Who is asking: the terminal behind the bearer token, and whether it is a counter or a
bank/online channel. The engine comes from the app (app.state.engine)."""

# No `from __future__ import annotations`: FastAPI reads the Annotated[...] dependencies at
# definition time.
import logging
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from ..services.terminals import Principal, authenticate
from .errors import ApiError

log = logging.getLogger("hall_ledger.api")

bearer = HTTPBearer(auto_error=False,
                    description="The terminal's token (counter-ledger terminal add)")


def engine_of(request: Request) -> Engine:
    return request.app.state.engine


LedgerEngine = Annotated[Engine, Depends(engine_of)]


def principal(
    request: Request,
    engine: LedgerEngine,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None:
        raise ApiError(401, "auth.missing", "an Authorization: Bearer <token> header is required")
    found = authenticate(engine, credentials.credentials)
    if found is None:
        log.warning("refused a request: unknown or revoked token")
        raise ApiError(401, "auth.invalid", "the token is unknown or revoked")
    request.state.principal = found  # who, for the access log (api/ops.py)
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
