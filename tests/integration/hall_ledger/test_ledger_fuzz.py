"""Schemathesis against the ledger's own OpenAPI document (issue 11, item 5).

Every operation of the schema gets generated requests, valid by the schema (positive) and
breaking it (negative), with a fixed seed and a bounded number of cases, sent over HTTP to a
real uvicorn on 127.0.0.1 with a valid terminal token. No answer may be a 5xx, and a request
the ledger refuses (a 4xx, or a batch whose every item is refused) must leave the ledger's
row counts and sums exactly as they were.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from test_ledger_wire_bounds import ledger_rows

from hall_ledger.app import create_app

SEED = 20261211
# Cases per operation and mode: about 30 s on SQLite, 20 s on PostgreSQL on the shared 2-core box.
EXAMPLES = {"sqlite": 25, "postgres": 15}
KIND_BY_FIELD = (("refund_id", "refund"), ("seq", "audit_head"), ("phone", "contact_change"),
                 ("payment_count", "shift_report"), ("voided_at", "void"), ("tenders", "payment"))


def _records(response) -> bool:
    """Whether the ledger may have recorded something for this answer."""
    if response.status_code >= 400:
        return False
    try:
        results = response.json().get("results")
    except ValueError:
        return False
    return isinstance(results, list) and any(
        isinstance(r, dict) and r.get("outcome") == "recorded" for r in results)


def _repair_payment(payment: dict) -> None:
    """One cash tender that pays the whole amount, no allocations: the sums then agree, so
    the generated ids, numbers, dates and texts reach the booking."""
    tender = payment["tenders"][0] if payment.get("tenders") else None
    if not isinstance(tender, dict) or type(tender.get("amount_fen")) is not int:
        return
    amount = tender["amount_fen"]
    payment.update(amount_fen=amount, credit_fen=amount, allocations=[], tenders=[
        {"kind": "cash", "amount_fen": amount, "tendered_fen": amount, "change_fen": 0}])


# Text from the whole of Unicode (NUL, controls, bidi, full-width digits ...) that a repaired
# case carries into one of its string fields: the schema's own strings stay inside its
# patterns, and these must be refused by the wire, not by the database.
NASTY = st.none() | st.sampled_from(["A\x00B", "12\n", "\u202e1001", "１２３", "\u200b"]) \
    | st.text(max_size=12)
NASTY_FIELDS = ("reference", "cashier_id", "reason", "approved_by", "at", "phone")


def repaired(case, repair: bool, nasty: str | None = None):
    """Half the valid-by-schema cases made valid by the rules the schema cannot say (the
    token's terminal and hall's account, dates in range, item keys equal to the payload's id, sums that agree, the path's kind
    matching the payload), so that generated values get recorded, not only refused."""
    body = case.body
    if not repair or not isinstance(body, dict):
        return case
    for entry in body.get("payments") or body.get("items") or []:
        payload = entry.get("payload", entry) if isinstance(entry, dict) else None
        if not isinstance(payload, dict):
            continue
        if "terminal_id" in payload:
            payload["terminal_id"] = "T01"
        if "account_no" in payload:
            payload["account_no"] = "3301000003"  # a customer of the token's hall
        for name in payload:  # dates inside the years the wire takes (2000-2099)
            if name.endswith("_at") or name == "at":
                payload[name] = "2026-03-20T10:00:00"
            elif name == "business_date":
                payload[name] = "2026-03-20"
        if "tenders" in payload:
            _repair_payment(payload)
        field = next((f for f in NASTY_FIELDS if f in payload), None)
        if nasty is not None and field is not None:
            payload[field] = nasty
        if "payload" in entry:
            kind = next((k for field, k in KIND_BY_FIELD if field in payload), None)
            if kind is not None:
                case.path_parameters = {**(case.path_parameters or {}), "kind": kind}
            entry["item_key"] = payload.get("refund_id") or (
                payload.get("payment_uuid") if kind == "payment" else entry.get("item_key"))
    return case


def test_no_generated_request_gets_a_5xx_and_refusals_change_nothing(
        request, engine, halls, server):
    examples = EXAMPLES["postgres" if engine.dialect.name == "postgresql" else "sqlite"]
    schema = schemathesis.openapi.from_dict(create_app(engine).openapi())
    tokens = {"counter": halls["H001"].tokens["T01"], "channel": halls["H001"].tokens["BANK"]}
    seen: dict[str, int] = {}
    state = {"rows": ledger_rows(engine)}

    def check(case) -> None:
        who = "channel" if case.operation.path == "/v1/channel-payments" else "counter"
        response = case.call(base_url=server.url, timeout=30,
                             headers={"Authorization": f"Bearer {tokens[who]}"})
        label = f"{case.operation.method.upper()} {case.operation.path}"
        outcome = "recorded" if _records(response) else str(response.status_code)
        seen[f"{label} {outcome}"] = seen.get(f"{label} {outcome}", 0) + 1
        assert response.status_code < 500, (label, response.status_code, response.text[:500])
        assert "Retry-After" not in response.headers, (label, response.text[:500])
        rows = ledger_rows(engine)
        if outcome != "recorded":
            assert rows == state["rows"], (label, response.status_code, response.text[:500])
        state["rows"] = rows

    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            positive = mode == GenerationMode.POSITIVE

            @seed(SEED)
            @settings(max_examples=examples, database=None, deadline=None,
                      phases=[Phase.generate, Phase.shrink],
                      suppress_health_check=list(HealthCheck))
            @given(case=st.builds(repaired, operation.as_strategy(generation_mode=mode),
                                  st.booleans() if positive else st.just(False),
                                  NASTY if positive else st.none()))
            def fuzz(case) -> None:
                check(case)

            fuzz()
    # It reached every operation, got past authentication to the validators and refusals,
    # and some generated requests were recorded (the write path was exercised too).
    # Every operation of the document: 9, GET /v1/reports/hall-day, and the collections
    # routes of #14.
    assert len({key.rsplit(" ", 1)[0] for key in seen}) == len(
        [op for op in schema.get_all_operations() if op.ok()]) >= 10, seen
    assert sum(n for key, n in seen.items() if key.endswith((" 400", " 404", " 422"))), seen
    assert sum(n for key, n in seen.items() if key.endswith(" recorded")), seen
