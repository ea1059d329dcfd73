"""For IT's monitors and load balancers, outside /v1 and without a token: /livez (the process
answers), /readyz (the database answers and is migrated), /metrics (Prometheus text, only to
the addresses IT allows). None of them says anything about customers, halls or tokens.

Every request is also counted here and written as one JSON log line (`hall_ledger.access`):
terminal, hall, route, status, duration and the batch's item counts; never the token.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import time
from collections.abc import Iterable

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from sqlalchemy import text

from ..store import migrate
from .auth import engine_of

METRICS_ALLOW_ENV = "LEDGER_METRICS_ALLOW"
DEFAULT_METRICS_ALLOW = ("127.0.0.1/32", "::1/128")
access_log = logging.getLogger("hall_ledger.access")
router = APIRouter(include_in_schema=False)  # not part of the versioned API


class Metrics:
    """One registry per app (several apps live in one test process)."""

    def __init__(self, engine) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("ledger_requests", "Requests answered", ["method", "route", "status"],
                                registry=r)
        self.latency = Histogram("ledger_request_seconds", "Time to answer a request", ["route"],
                                 registry=r)
        self.batch_size = Histogram("ledger_batch_items", "Items per batch request",
                                    buckets=(1, 5, 10, 25, 50, 100, 200, 500), registry=r)
        self.items = Counter("ledger_items", "Batch items by outcome", ["outcome"], registry=r)
        pool = Gauge("ledger_db_connections_in_use", "Database connections checked out",
                     registry=r)
        pool.set_function(lambda: float(getattr(engine.pool, "checkedout", lambda: 0)()))


def allowed_networks(spec: Iterable[str] | None = None) -> list:
    if spec is None:
        raw = os.environ.get(METRICS_ALLOW_ENV, "")
        spec = [s.strip() for s in raw.split(",") if s.strip()] or DEFAULT_METRICS_ALLOW
    return [ipaddress.ip_network(s, strict=False) for s in spec]


def install(app: FastAPI, *, metrics_allow: Iterable[str] | None = None) -> None:
    """The ops routes, the request metrics and the JSON access log, on `app`."""
    app.state.metrics = Metrics(app.state.engine)
    app.state.metrics_allow = allowed_networks(metrics_allow)
    app.include_router(router)

    @app.middleware("http")
    async def measure(request: Request, call_next):
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(request.scope.get("route"), "path", None) or "unmatched"
            m: Metrics = request.app.state.metrics
            m.requests.labels(request.method, route, str(status)).inc()
            m.latency.labels(route).observe(elapsed)
            counts = getattr(request.state, "batch_counts", None)
            if counts is not None:
                m.batch_size.observe(sum(counts.values()))
                for outcome, n in counts.items():
                    m.items.labels(outcome).inc(n)
            if access_log.isEnabledFor(logging.INFO):
                who = getattr(request.state, "principal", None)
                access_log.info(json.dumps({
                    "ts": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "method": request.method, "route": route, "status": status,
                    "ms": round(elapsed * 1000, 1),
                    "hall": getattr(who, "hall_id", None),
                    "terminal": getattr(who, "terminal_id", None),
                    "items": counts,
                }, ensure_ascii=False, separators=(",", ":")))


@router.get("/livez")
def livez() -> dict:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> Response:
    engine = engine_of(request)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        ready = migrate.is_current(engine)
    except Exception:  # noqa: BLE001 - any database failure means "not ready", nothing more
        ready = False
    if not ready:
        return JSONResponse({"status": "not ready"}, status_code=503)
    return JSONResponse({"status": "ready"})


@router.get("/metrics")
def metrics(request: Request) -> Response:
    client = request.client.host if request.client else ""
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        address = None
    if address is None or not any(address in net for net in request.app.state.metrics_allow):
        return PlainTextResponse("forbidden\n", status_code=403)
    return Response(generate_latest(request.app.state.metrics.registry),
                    media_type=CONTENT_TYPE_LATEST)
