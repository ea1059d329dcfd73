"""What IT's monitors see: /livez and /readyz without a token and revealing nothing else,
/metrics only to allowed addresses, one JSON access line per request without the token;
every /v1 path still refuses a request without one."""

from __future__ import annotations

import json
import logging

import httpx

from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.store.db import make_engine
from tests.helpers.ledger import payment


def test_live_and_ready_answer_without_a_token(server, engine):
    with httpx.Client(base_url=server.url, timeout=10) as http:
        live, ready = http.get("/livez"), http.get("/readyz")
    assert (live.status_code, live.json()) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})


def test_not_ready_on_a_database_without_the_schema(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        with ThreadedServer(create_app(engine)) as srv, httpx.Client(base_url=srv.url) as http:
            ready = http.get("/readyz")
            live = http.get("/livez")
    finally:
        engine.dispose()
    assert (ready.status_code, ready.json()) == (503, {"status": "not ready"})
    assert live.status_code == 200  # the process is up; it is the database that is not


def test_every_v1_path_refuses_a_request_without_a_token(engine):
    app = create_app(engine)
    app_paths = {(path, method.upper()) for path, ops in app.openapi()["paths"].items()
                 for method in ops if path.startswith("/v1/")}
    assert len(app_paths) >= 10
    with ThreadedServer(app) as server, httpx.Client(base_url=server.url, timeout=10) as http:
        for path, method in sorted(app_paths):
            url = path.replace("{kind}", "payment")
            answer = http.request(method, url, params={"date": "2026-03-20"})
            assert answer.status_code == 401, (method, path, answer.status_code)


def test_metrics_count_batches_and_the_access_log_names_the_terminal_not_the_token(
        server, halls, connect, caplog):
    token = halls["H001"].tokens["T01"]
    client = connect(token)
    with caplog.at_level(logging.INFO, logger="hall_ledger.access"):
        client.post_payments([payment(receipt_number=1), payment(receipt_number=2,
                                                                 account_no="3301000001")])
        with httpx.Client(base_url=server.url, timeout=10) as http:
            metrics = http.get("/metrics")
    assert metrics.status_code == 200
    text = metrics.text
    assert 'ledger_requests_total{method="POST",route="/v1/payments",status="200"} 1.0' in text
    assert "ledger_batch_items_count 1.0" in text and "ledger_batch_items_sum 2.0" in text
    assert 'ledger_items_total{outcome="recorded"}' in text
    assert "ledger_db_connections_in_use" in text
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "hall_ledger.access"]
    posted = next(line for line in lines if line["route"] == "/v1/payments")
    assert (posted["hall"], posted["terminal"], posted["status"]) == ("H001", "T01", 200)
    assert sum(posted["items"].values()) == 2 and posted["ms"] >= 0
    assert all(token not in r.getMessage() for r in caplog.records)


def test_metrics_are_refused_to_addresses_it_did_not_allow(engine, monkeypatch):
    monkeypatch.setenv("LEDGER_METRICS_ALLOW", "10.20.0.0/16")
    with ThreadedServer(create_app(engine)) as srv, httpx.Client(base_url=srv.url) as http:
        refused = http.get("/metrics")
        live = http.get("/livez")
    assert refused.status_code == 403 and "ledger_" not in refused.text
    assert live.status_code == 200
