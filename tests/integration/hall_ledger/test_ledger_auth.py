"""Tokens: every request authenticated, halls kept apart, revocation at once, no token in logs."""

from __future__ import annotations

import logging
import uuid

import httpx
import pytest

from counter_app.adapters.ledger_client import LedgerAuthError, LedgerRefused
from hall_ledger.services.terminals import revoke_terminal
from tests.helpers.ledger import ledger_state, payment


def test_health_reports_the_terminal_and_the_server_clock(halls, connect):
    health = connect(halls["H002"].tokens["T01"]).health()
    assert (health.hall_id, health.terminal_id, health.channel) == ("H002", "T01", "counter")
    assert abs(health.clock_skew.total_seconds()) < 5
    assert health.server_time.tzinfo is not None


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer hcl_not-a-real-token"},
                                     {"Authorization": "Basic dXNlcjpwdw=="}])
def test_requests_without_a_valid_token_are_refused(server, halls, headers):
    for method, path in (("GET", "/v1/health"), ("GET", "/v1/reference/snapshot"),
                         ("POST", "/v1/payments"), ("GET", "/v1/reconciliation?date=2026-03-20")):
        r = httpx.request(method, server.url + path, headers=headers, json={"payments": []})
        assert r.status_code == 401, (method, path)
        assert r.json()["error"]["code"].startswith("auth.")


def test_a_revoked_token_is_refused_at_once(engine, halls, connect):
    client = connect(halls["H001"].tokens["T02"])
    assert client.health().terminal_id == "T02"

    revoke_terminal(engine, terminal_id="T02", hall_id="H001")

    with pytest.raises(LedgerAuthError) as exc:
        client.post_payments([payment(terminal_id="T02")])
    assert exc.value.status == 401
    assert ledger_state(engine)["payments"] == (0, 0)
    # The other terminals go on working.
    assert connect(halls["H001"].tokens["T01"]).health().terminal_id == "T01"


def test_a_terminal_sees_only_its_halls_reference_data(halls, connect):
    h1 = connect(halls["H001"].tokens["T01"]).pull_snapshot()
    h2 = connect(halls["H002"].tokens["T01"]).pull_snapshot()
    assert {c["account_no"] for c in h1.customers} == {
        "3301000001", "3301000002", "3301000003", "3301000004"}
    assert {c["account_no"] for c in h2.customers} == {"4401000001"}
    assert {b["account_no"] for b in h2.bills} == {"4401000001"}
    changes = connect(halls["H002"].tokens["T01"]).pull_changes("0")
    assert {c["account_no"] for c in changes.customers} == {"4401000001"}


def test_a_terminal_writes_only_its_halls_data(engine, halls, connect):
    # H002's T01 shares the terminal id with H001's T01 but not the hall.
    client = connect(halls["H002"].tokens["T01"])
    [pay] = client.post_payments([payment("3301000002")])
    [contact] = client.post_items("contact_change", [(str(uuid.uuid4()), {
        "account_no": "3301000002", "terminal_id": "T01", "phone": "13700000000",
        "changed_at": "2026-03-20T10:00:00", "changed_by": "1001"})])
    assert pay.error_code == "payment.other_hall"
    assert contact.error_code == "contact_change.unknown_account"
    assert ledger_state(engine)["payments"] == (0, 0)
    # Its own customers are fine.
    [own] = client.post_payments([payment("4401000001", amount_fen=6000)])
    assert own.status == 201


def test_reconciliation_covers_only_the_calling_terminal(halls, connect):
    connect(halls["H001"].tokens["T01"]).post_payments([payment()])
    mine = connect(halls["H001"].tokens["T01"]).reconciliation("2026-03-20")
    theirs = connect(halls["H002"].tokens["T01"]).reconciliation("2026-03-20")
    assert mine["day"]["count"] == 1 and mine["hall_id"] == "H001"
    assert theirs["day"]["count"] == 0 and theirs["receipts"]["count"] == 0


def test_counter_and_channel_tokens_have_their_own_endpoints(halls, connect):
    bank = connect(halls["H001"].tokens["BANK"])
    with pytest.raises(LedgerRefused) as exc:
        bank.post_payments([payment(terminal_id="BANK")])
    assert exc.value.status == 403
    with pytest.raises(LedgerRefused):
        connect(halls["H001"].tokens["T01"]).post_channel_payments([{
            "payment_uuid": str(uuid.uuid4()), "account_no": "3301000002", "amount_fen": 100,
            "paid_at": "2026-03-20T10:00:00", "reference": "X1"}])


def test_tokens_never_appear_in_logs(engine, halls, connect, caplog, server):
    caplog.set_level(logging.DEBUG)
    token = halls["H001"].tokens["T01"]
    client = connect(token)
    client.health()
    client.post_payments([payment(), {"payment_uuid": "bad"}])
    client.pull_snapshot()
    httpx.get(server.url + "/v1/health", headers={"Authorization": f"Bearer {token}x"})
    httpx.get(server.url + "/v1/health?token=" + "hcl_query_is_not_accepted")
    revoke_terminal(engine, terminal_id="T01", hall_id="H001")
    with pytest.raises(LedgerAuthError) as exc:
        client.health()

    text = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    assert "uvicorn.access" in text and "/v1/payments" in text  # the logs were captured
    assert "refused a request" in text
    assert token not in text and token[4:20] not in text
    assert token not in str(exc.value) and token not in repr(client)
