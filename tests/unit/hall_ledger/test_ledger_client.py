"""The ledger client's error types tell "refused" from "unknown outcome"; results map 1:1."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from counter_app.adapters.ledger_client import (
    LedgerAuthError,
    LedgerClient,
    LedgerOutcomeUnknown,
    LedgerRefused,
    LedgerUnreachable,
    parse_retry_after,
)

TOKEN = "hcl_secret-token-value-0123456789"


def client_with(handler) -> LedgerClient:
    return LedgerClient("http://ledger.test", TOKEN, transport=httpx.MockTransport(handler))


def answer(results, status=200, headers=None):
    return lambda request: httpx.Response(status, json={"server_time": "x", "results": results},
                                          headers=headers)


def item(key, status=201, outcome="recorded", **extra):
    return {"key": key, "status": status, "outcome": outcome, "result": extra.get("result", {}),
            "error": extra.get("error")}


def test_each_item_gets_its_result_in_order_and_the_request_is_as_specified():
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["auth"] = request.headers["Authorization"]
        seen["path"] = request.url.path
        seen["body"] = json.loads(request.content)
        return answer([item("a"), item("b", 200, "duplicate"),
                       item("c", 422, "refused", error={"code": "payment.invalid",
                                                        "message": "bad", "details": [{"f": 1}]})]
                      )(request)

    with client_with(handler) as client:
        # The outbox's payload_json text goes out as is, next to a dict.
        results = client.post_payments(['{"payment_uuid": "a", "x": 1}', {"payment_uuid": "b"},
                                        {"payment_uuid": "c"}])
    assert seen["auth"] == f"Bearer {TOKEN}" and seen["path"] == "/v1/payments"
    assert seen["body"]["payments"][0] == {"payment_uuid": "a", "x": 1}
    assert [r.acknowledged for r in results] == [True, True, False]
    assert [r.refused for r in results] == [False, False, True]
    assert results[2].error_code == "payment.invalid" and results[2].details == ({"f": 1},)


def test_items_are_sent_as_key_and_payload():
    def handler(request):
        body = json.loads(request.content)
        assert request.url.path == "/v1/items/void"
        assert body == {"items": [{"item_key": "k1", "payload": {"a": 1}},
                                  {"item_key": "k2", "payload": {"b": 2}}]}
        return answer([item("k1"), item("k2")])(request)

    results = client_with(handler).post_items("void", [("k1", {"a": 1}), ("k2", '{"b": 2}')])
    assert [r.key for r in results] == ["k1", "k2"]


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_server_errors_are_unknown_outcomes_with_retry_after(status):
    def handler(request):
        return httpx.Response(status, headers={"Retry-After": "7"},
                              json={"error": {"code": "ledger.unavailable", "message": "busy"}})

    with pytest.raises(LedgerOutcomeUnknown) as exc:
        client_with(handler).post_payments([{"payment_uuid": "a"}])
    assert (exc.value.status, exc.value.retry_after, exc.value.code) == (status, 7.0,
                                                                         "ledger.unavailable")


@pytest.mark.parametrize("error, kind", [
    (httpx.ConnectError("refused"), LedgerUnreachable),
    (httpx.ReadTimeout("slow"), LedgerOutcomeUnknown),
    (httpx.WriteTimeout("slow"), LedgerOutcomeUnknown),
    (httpx.ReadError("connection reset by peer"), LedgerOutcomeUnknown),
    (httpx.RemoteProtocolError("server disconnected without sending a response"),
     LedgerOutcomeUnknown),
])
def test_transport_failures_are_unknown_outcomes(error, kind):
    def handler(request):
        raise error

    with pytest.raises(kind) as exc:
        client_with(handler).post_payments([{"payment_uuid": "a"}])
    assert exc.value.retry_after is None


@pytest.mark.parametrize("body", [b"<html>proxy error</html>", b'{"results": []}',
                                  b'{"results": [{"key": "zzz", "status": 201, "outcome": "x"}]}',
                                  b'{"nothing": 1}'])
def test_a_garbled_or_mismatched_answer_counts_as_lost(body):
    def handler(request):
        return httpx.Response(200, content=body)

    with pytest.raises(LedgerOutcomeUnknown):
        client_with(handler).post_payments([{"payment_uuid": "a"}])


@pytest.mark.parametrize("status, kind", [(401, LedgerAuthError), (403, LedgerAuthError),
                                          (400, LedgerRefused), (413, LedgerRefused),
                                          (422, LedgerRefused)])
def test_client_errors_are_definite_refusals(status, kind):
    def handler(request):
        return httpx.Response(status, json={"error": {"code": "x.y", "message": "no"}})

    with pytest.raises(kind) as exc:
        client_with(handler).health()
    assert not isinstance(exc.value, LedgerOutcomeUnknown)
    assert exc.value.status == status and exc.value.code == "x.y"
    assert TOKEN not in str(exc.value)


def test_health_measures_clock_skew():
    def handler(request):
        return httpx.Response(200, json={
            "status": "ok", "server_time": "2030-01-01T00:00:00.000Z", "hall_id": "H001",
            "terminal_id": "T01", "channel": "counter", "version": "0.1.0", "api": 1})

    health = client_with(handler).health()
    assert health.server_time == datetime(2030, 1, 1, tzinfo=UTC)
    assert health.clock_skew.total_seconds() > 86400  # the server is years ahead of us


def test_snapshot_iterates_pages_and_changes_pass_the_cursor():
    def handler(request):
        if request.url.path.endswith("/snapshot"):
            page = request.url.params.get("page")
            return httpx.Response(200, json={
                "customers": [{"account_no": page or "first"}], "bills": [],
                "next_page": None if page else "p2", "changes_cursor": "41"})
        assert request.url.params["cursor"] == "41"
        return httpx.Response(200, json={"customers": [], "bills": [], "cursor": "45",
                                         "has_more": False})

    client = client_with(handler)
    pages = list(client.iter_snapshot(limit=10))
    assert [p.customers[0]["account_no"] for p in pages] == ["first", "p2"]
    assert client.pull_changes(pages[0].changes_cursor).cursor == "45"


def test_retry_after_as_seconds_or_http_date():
    now = datetime(2026, 3, 20, 10, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Fri, 20 Mar 2026 10:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Fri, 20 Mar 2026 09:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_the_token_is_not_in_the_clients_repr():
    assert TOKEN not in repr(client_with(lambda r: httpx.Response(200)))
