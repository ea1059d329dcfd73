"""API behaviour that needs no server: database trouble is 503 with Retry-After; the schema."""

from __future__ import annotations

import anyio
import httpx

from hall_ledger.app import create_app
from hall_ledger.store.db import make_engine


def call(app, method: str, url: str, **kw) -> httpx.Response:
    """One request straight into the ASGI app (no server, no socket)."""
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://ledger.test") as c:
            return await c.request(method, url, **kw)

    return anyio.run(go)


def test_an_unreachable_database_answers_503_with_retry_after():
    # Nothing listens on port 1: every database call fails at once.
    engine = make_engine("postgresql+psycopg://nobody:x@127.0.0.1:1/none?connect_timeout=2")
    r = call(create_app(engine), "GET", "/v1/health",
             headers={"Authorization": "Bearer hcl_whatever"})
    assert r.status_code == 503
    assert r.headers["Retry-After"] == "2"
    assert r.json()["error"]["code"] == "ledger.unavailable"


def test_the_openapi_schema_documents_the_batches_and_endpoints(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'l.db'}")
    schema = call(create_app(engine), "GET", "/v1/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/v1/health", "/v1/payments", "/v1/items/{kind}", "/v1/channel-payments",
            "/v1/reference/snapshot", "/v1/reference/changes", "/v1/reconciliation"} <= paths
    body = schema["paths"]["/v1/payments"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["$ref"] == "#/components/schemas/PaymentBatch"
    payment = schema["components"]["schemas"]["PaymentIn"]
    assert {"payment_uuid", "amount_fen", "tenders", "allocations"} <= set(payment["properties"])
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_ledger_demo_data_uses_the_counters_demo_seed():
    from counter_app.bootstrap import DEMO_SEED
    from hall_ledger.cli import build_parser
    from hall_ledger.services import demo

    args = build_parser().parse_args(["demo-data", "--customers", "1"])
    assert demo.DEMO_SEED == args.seed == DEMO_SEED
