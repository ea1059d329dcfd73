"""The ledger's HTTP API under /v1 (FastAPI): every request carries a terminal's token.

create_app assembles the routers of hall_ledger/api (one module per API area), the error
handlers and the OpenAPI document; the routes find the database in app.state.engine."""

import os

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from sqlalchemy import Engine

from . import __version__, collections_wiring
from .api import (
    arrears,
    audit,
    health,
    notices,
    ops,
    payments,
    phones,
    reconciliation,
    reference,
    reports,
)
from .api import dunning as dunning_api
from .api import sms as sms_api
from .api.body import json_depth_exceeds, parse_body, read_body, server_time
from .api.errors import (
    RETRY_AFTER_SECONDS,
    ApiError,
    error_response,
    install_error_handlers,
    transient,
)
from .api.health import HealthOut
from .faults import ScriptedFaults
from .store.db import make_engine
from .wire import ChannelPaymentBatch, ItemBatch, PaymentBatch

DB_ENV = "COUNTER_LEDGER_DB"
ROUTERS = (health.router, reference.router, payments.router, reconciliation.router,
           audit.router, reports.router,
           arrears.router, phones.router, notices.router, dunning_api.router)
ROUTERS += (sms_api.router,)  # collections: SMS reminders (#14)

__all__ = [  # what callers and tests import from here
    "DB_ENV", "RETRY_AFTER_SECONDS", "ApiError", "HealthOut", "create_app",
    "create_app_from_env", "error_response", "json_depth_exceeds", "parse_body", "read_body",
    "server_time", "transient",
]


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
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    ops.install(app)  # /livez, /readyz, /metrics; request metrics and the JSON access log
    collections_wiring.install(app)  # the collections areas' hooks connected (#14)

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
