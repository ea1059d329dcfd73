"""Every bad input is a clear 4xx with a stable code, never a 5xx, never "retry" (issue 11,
items 3 and 4): one row per case, each on SQLite and PostgreSQL over real HTTP, and the
ledger's rows, counts and sums unchanged by every refusal."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from hall_ledger.store.models import Customer, Item, JournalEntry, Payment, PaymentTender
from hall_ledger.wire import MAX_BODY_BYTES, MAX_JSON_DEPTH
from tests.helpers.ledger import card, payment

BIG = 2**63
HUGE = 10**20
NUL = "\x00"
RLO = "\u202e"  # right-to-left override
ZWSP = "\u200b"  # zero-width space


def ledger_rows(engine) -> dict[str, Any]:
    """Row counts and sums that a refused request must leave as they were."""
    with engine.connect() as conn:
        def one(*cols, table=None):
            q = select(*cols)
            return tuple(conn.execute(q.select_from(table) if table is not None else q).one())
        return {
            "payments": one(func.count(), func.coalesce(func.sum(Payment.amount_fen), 0),
                            func.coalesce(func.sum(Payment.credit_fen), 0), table=Payment),
            "tenders": one(func.count(), func.coalesce(func.sum(PaymentTender.amount_fen), 0),
                           table=PaymentTender),
            "items": one(func.count(), table=Item),
            "journal": one(func.count(), func.coalesce(func.sum(JournalEntry.amount_fen), 0),
                           table=JournalEntry),
            "credit": one(func.coalesce(func.sum(Customer.credit_fen), 0), table=Customer),
        }


# --- payload builders ---------------------------------------------------------------------------

def void(**over) -> dict:
    return {"payment_uuid": str(uuid.uuid4()), "terminal_id": "T01",
            "account_no": "3301000002", "receipt_number": 1, "shift_id": 1,
            "cashier_id": "1001", "approved_by": "2001", "reason": "收错户号",
            "voided_at": "2026-03-20T10:20:00", "business_date": "2026-03-20", **over}


def refund(**over) -> dict:
    return {"refund_id": str(uuid.uuid4()), "payment_uuid": str(uuid.uuid4()),
            "terminal_id": "T01", "account_no": "3301000002", "amount_fen": 500,
            "receipt_number": 7, "shift_id": 2, "cashier_id": "1001", "approved_by": "2001",
            "reason": "退预存", "refunded_at": "2026-03-21T09:00:00",
            "business_date": "2026-03-21", **over}


def shift_report(**over) -> dict:
    return {"shift_id": 3, "terminal_id": "T01", "opened_by": "1001", "closed_by": "2001",
            "opened_at": "2026-03-20T08:00:00", "closed_at": "2026-03-20T17:00:00",
            "business_date": "2026-03-20", "payment_count": 0, "payment_total_fen": 0,
            "cash_fen": 0, "card_fen": 0, "void_count": 0, "first_receipt_number": None,
            "last_receipt_number": None, "opening_float_fen": 50000,
            "counted_cash_fen": 50000, "over_short_fen": 0,
            "denominations": {"10000": 5}, **over}


def audit_head(**over) -> dict:
    return {"terminal_id": "T01", "seq": 5, "hash": "ab" * 32, "at": "2026-03-20T10:00:00",
            **over}


def contact(**over) -> dict:
    return {"account_no": "3301000004", "terminal_id": "T01", "phone": "13800001234",
            "changed_at": "2026-03-20T10:00:00", "changed_by": "1001", **over}


def channel(**over) -> dict:
    return {"payment_uuid": str(uuid.uuid4()), "account_no": "3301000004", "amount_fen": 3000,
            "paid_at": "2026-03-20T09:00:00", "reference": "BANK0001", **over}


def pay(**over) -> dict:
    return {**payment(), **over}


def with_tender(**over) -> dict:
    p = payment(tenders=[card(8000)])
    p["tenders"][0].update(over)
    return p


def with_allocation(**over) -> dict:
    p = payment()
    p["allocations"][0].update(over)
    return p


def key_of(kind: str, payload: dict) -> str:
    if kind == "refund":
        return payload["refund_id"]
    if kind == "audit_head":
        return f"T01:{payload['seq']}"
    return str(uuid.uuid4())


# --- the table -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item_:
    """One item refused inside a batch: HTTP 200, the item's status 422 and its code."""

    path: str
    body: Callable[[], dict]
    code: str


@dataclass(frozen=True)
class Request_:
    """A whole request refused: this HTTP status and error code."""

    method: str
    path: str
    status: int
    code: str
    content: Callable[[], bytes] | None = None
    params: dict | None = None
    token: str = "T01"


def payments(p: Callable[[], dict]) -> Callable[[], dict]:
    return lambda: {"payments": [p()]}


def items(kind: str, p: Callable[[], dict], key: str | None = None) -> Callable[[], dict]:
    def body() -> dict:
        payload = p()
        return {"items": [{"item_key": key if key is not None else key_of(kind, payload),
                           "payload": payload}]}
    return body


def page_token(data: Any) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def nested(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


def batch_in(encoding: str) -> Callable[[], bytes]:
    return lambda: json.dumps({"payments": [payment()]}, ensure_ascii=False).encode(encoding)


PI = "payment.invalid"
CASES: dict[str, Item_ | Request_] = {
    # integers out of range (item 4), and the receipt number that broke reconciliation (item 3)
    "payment shift_id 2^63": Item_("/v1/payments", payments(lambda: pay(shift_id=BIG)), PI),
    "payment shift_id -2^63-1": Item_("/v1/payments", payments(lambda: pay(shift_id=-BIG - 1)), PI),
    "payment shift_id 2^53": Item_("/v1/payments", payments(lambda: pay(shift_id=2**53)), PI),
    "payment shift_id 0": Item_("/v1/payments", payments(lambda: pay(shift_id=0)), PI),
    "payment receipt_number 10^20": Item_("/v1/payments", payments(
        lambda: pay(receipt_number=HUGE)), PI),
    "payment receipt_number 2^63": Item_("/v1/payments", payments(
        lambda: pay(receipt_number=BIG)), PI),
    "payment bill_id 2^63": Item_("/v1/payments", payments(lambda: with_allocation(bill_id=BIG)),
                                  PI),
    "void receipt_number 2^63": Item_("/v1/items/void", items("void", lambda: void(
        receipt_number=BIG)), "void.invalid"),
    "void shift_id -10^20": Item_("/v1/items/void", items("void", lambda: void(
        shift_id=-HUGE)), "void.invalid"),
    "refund receipt_number 10^20": Item_("/v1/items/refund", items("refund", lambda: refund(
        receipt_number=HUGE)), "refund.invalid"),
    "refund shift_id 2^63": Item_("/v1/items/refund", items("refund", lambda: refund(
        shift_id=BIG)), "refund.invalid"),
    "shift report payment_count 2^63": Item_("/v1/items/shift_report", items(
        "shift_report", lambda: shift_report(payment_count=BIG)), "shift_report.invalid"),
    "shift report void_count 2^63": Item_("/v1/items/shift_report", items(
        "shift_report", lambda: shift_report(void_count=BIG)), "shift_report.invalid"),
    "shift report shift_id 2^63": Item_("/v1/items/shift_report", items(
        "shift_report", lambda: shift_report(shift_id=BIG)), "shift_report.invalid"),
    "shift report last receipt 10^20": Item_("/v1/items/shift_report", items(
        "shift_report", lambda: shift_report(last_receipt_number=HUGE)), "shift_report.invalid"),
    "shift report over_short 10^20": Item_("/v1/items/shift_report", items(
        "shift_report", lambda: shift_report(over_short_fen=-HUGE)), "shift_report.invalid"),
    "shift report denomination count 2^63": Item_("/v1/items/shift_report", items(
        "shift_report", lambda: shift_report(denominations={"10000": BIG})),
        "shift_report.invalid"),
    "shift report denomination not a denomination": Item_("/v1/items/shift_report", items(
        "shift_report", lambda: shift_report(denominations={"x" * 1000: 1})),
        "shift_report.invalid"),
    "shift report 1000 denominations": Item_("/v1/items/shift_report", items(
        "shift_report", lambda: shift_report(denominations={str(i): 1 for i in range(1000)})),
        "shift_report.invalid"),
    "audit head seq 2^63": Item_("/v1/items/audit_head", items(
        "audit_head", lambda: audit_head(seq=BIG), key="T01:5"), "audit_head.invalid"),
    # control characters, NUL in any string
    "NUL in cashier_id": Item_("/v1/payments", payments(lambda: pay(cashier_id="10" + NUL)), PI),
    "NUL in card reference": Item_("/v1/payments", payments(
        lambda: with_tender(reference="1234" + NUL + "5678")), PI),
    "NUL in void reason": Item_("/v1/items/void", items("void", lambda: void(
        reason="收错" + NUL)), "void.invalid"),
    "NUL in refund reason": Item_("/v1/items/refund", items("refund", lambda: refund(
        reason=NUL)), "refund.invalid"),
    "NUL in shift report opened_by": Item_("/v1/items/shift_report", items(
        "shift_report", lambda: shift_report(opened_by="1001" + NUL)), "shift_report.invalid"),
    "NUL in audit head at": Item_("/v1/items/audit_head", items(
        "audit_head", lambda: audit_head(at="2026-03-20T10:00:00" + NUL)),
        "audit_head.invalid"),
    "NUL in channel reference": Item_("/v1/channel-payments", payments(
        lambda: channel(reference="BANK" + NUL)), PI),
    "newline in void reason": Item_("/v1/items/void", items("void", lambda: void(
        reason="收错\n户号")), "void.invalid"),
    "trailing newline in account_no": Item_("/v1/payments", payments(
        lambda: pay(account_no="3301000002\n")), PI),
    "item_key T01:5 and a newline": Item_("/v1/items/audit_head", items(
        "audit_head", audit_head, key="T01:5\n"), "item.key"),
    # digits that are not ASCII digits
    "full-width account_no": Item_("/v1/payments", payments(
        lambda: pay(account_no="３３０１０００００２")), PI),
    "Arabic-Indic account_no": Item_("/v1/payments", payments(
        lambda: pay(account_no="٣٣٠١٠٠٠٠٠٢")), PI),
    "full-width period": Item_("/v1/payments", payments(
        lambda: with_allocation(period="２０２６-０２")), PI),
    "Arabic-Indic period": Item_("/v1/payments", payments(
        lambda: with_allocation(period="٢٠٢٦-02")), PI),
    "full-width digits in a UUID": Item_("/v1/payments", payments(
        lambda: pay(payment_uuid="０" * 8 + "-0000-4000-8000-000000000000")), PI),
    "full-width channel account_no": Item_("/v1/channel-payments", payments(
        lambda: channel(account_no="３３０１０００００４")), PI),
    "Arabic-Indic contact account_no": Item_("/v1/items/contact_change", items(
        "contact_change", lambda: contact(account_no="٣٣٠١٠٠٠٠٠٤")), "contact_change.invalid"),
    # bidi overrides and zero-width characters in ids
    "RLO in terminal_id": Item_("/v1/payments", payments(lambda: pay(terminal_id="T0" + RLO + "1")),
                                PI),
    "RLO in cashier_id": Item_("/v1/payments", payments(lambda: pay(cashier_id=RLO + "1001")), PI),
    "zero-width space in cashier_id": Item_("/v1/payments", payments(
        lambda: pay(cashier_id="10" + ZWSP + "01")), PI),
    "zero-width joiner in approved_by": Item_("/v1/items/void", items("void", lambda: void(
        approved_by="20\u200d01")), "void.invalid"),
    "RLO in changed_by": Item_("/v1/items/contact_change", items(
        "contact_change", lambda: contact(changed_by=RLO + "1001")), "contact_change.invalid"),
    "RLO in a void reason": Item_("/v1/items/void", items("void", lambda: void(
        reason="收错" + RLO + "户号")), "void.invalid"),
    # whole requests: body size, nesting, encoding
    "JSON nested 100000 deep": Request_("POST", "/v1/payments", 400, "request.too_deep",
                                        content=lambda: nested(100_000)),
    "JSON nested one level too deep": Request_(
        "POST", "/v1/items/void", 400, "request.too_deep",
        content=lambda: nested(MAX_JSON_DEPTH + 1)),
    "body over the size limit": Request_(
        "POST", "/v1/payments", 413, "request.too_large",
        content=lambda: b'{"payments": [' + b" " * MAX_BODY_BYTES + b"]}"),
    "UTF-16 body with BOM": Request_("POST", "/v1/payments", 400, "request.encoding",
                                     content=batch_in("utf-16")),
    "UTF-16-LE body": Request_("POST", "/v1/payments", 400, "request.encoding",
                               content=batch_in("utf-16-le")),
    "UTF-32 body": Request_("POST", "/v1/payments", 400, "request.encoding",
                            content=batch_in("utf-32")),
    "Latin-1 body": Request_("POST", "/v1/items/void", 400, "request.encoding",
                             content=lambda: json.dumps({"items": [{"item_key": "k", "payload": {
                                 "reason": "caf\u00e9"}}]}, ensure_ascii=False).encode("latin-1")),
    "NaN in a body": Request_("POST", "/v1/payments", 400, "request.json",
                              content=lambda: b'{"payments": [NaN]}'),
    # change cursors and snapshot page tokens
    "cursor superscript two": Request_("GET", "/v1/reference/changes", 400,
                                       "reference.bad_cursor", params={"cursor": "²"}),
    "cursor Arabic-Indic digits": Request_("GET", "/v1/reference/changes", 400,
                                           "reference.bad_cursor", params={"cursor": "٣"}),
    "cursor full-width digits": Request_("GET", "/v1/reference/changes", 400,
                                         "reference.bad_cursor", params={"cursor": "１２"}),
    "cursor 19 digits": Request_("GET", "/v1/reference/changes", 400, "reference.bad_cursor",
                                 params={"cursor": "9" * 19}),
    "cursor 2^53": Request_("GET", "/v1/reference/changes", 400, "reference.bad_cursor",
                            params={"cursor": str(2**53)}),
    "cursor negative": Request_("GET", "/v1/reference/changes", 400, "reference.bad_cursor",
                                params={"cursor": "-1"}),
    "cursor 200 digits": Request_("GET", "/v1/reference/changes", 400, "reference.bad_cursor",
                                  params={"cursor": "1" * 200}),
    "page token negative counter": Request_(
        "GET", "/v1/reference/snapshot", 400, "reference.bad_page",
        params={"page": page_token({"a": "3301000001", "c": -1})}),
    "page token float counter": Request_(
        "GET", "/v1/reference/snapshot", 400, "reference.bad_page",
        params={"page": page_token({"a": "3301000001", "c": 1.5})}),
    "page token boolean counter": Request_(
        "GET", "/v1/reference/snapshot", 400, "reference.bad_page",
        params={"page": page_token({"a": "3301000001", "c": True})}),
    "page token text counter": Request_(
        "GET", "/v1/reference/snapshot", 400, "reference.bad_page",
        params={"page": page_token({"a": "3301000001", "c": "²"})}),
    "page token counter 2^63": Request_(
        "GET", "/v1/reference/snapshot", 400, "reference.bad_page",
        params={"page": page_token({"a": "3301000001", "c": BIG})}),
    "page token NUL in account": Request_(
        "GET", "/v1/reference/snapshot", 400, "reference.bad_page",
        params={"page": page_token({"a": "33" + NUL, "c": 1})}),
    "page token full-width account": Request_(
        "GET", "/v1/reference/snapshot", 400, "reference.bad_page",
        params={"page": page_token({"a": "３３", "c": 1})}),
    "page token not base64": Request_("GET", "/v1/reference/snapshot", 400, "reference.bad_page",
                                      params={"page": "²²²²"}),
    "page token a list": Request_("GET", "/v1/reference/snapshot", 400, "reference.bad_page",
                                  params={"page": page_token(["3301000001", 1])}),
}


@pytest.fixture
def call(server, halls):
    def send(case: Item_ | Request_) -> httpx.Response:
        token = halls["H001"].tokens["BANK" if "/channel-payments" in case.path else "T01"]
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=server.url, timeout=60) as client:
            if isinstance(case, Item_):
                return client.post(case.path, json=case.body(), headers=headers)
            if case.content is not None:
                headers["Content-Type"] = "application/json"
            return client.request(case.method, case.path, headers=headers, params=case.params,
                                  content=case.content() if case.content else None)
    return send


@pytest.mark.parametrize("name", list(CASES))
def test_every_bad_input_is_a_4xx_with_its_code_and_changes_nothing(name, engine, call):
    case = CASES[name]
    before = ledger_rows(engine)

    r = call(case)

    assert r.status_code < 500, r.text
    assert "Retry-After" not in r.headers
    if isinstance(case, Item_):
        assert r.status_code == 200, r.text
        [result] = r.json()["results"]
        assert (result["status"], result["outcome"]) == (422, "refused"), result
        assert result["error"]["code"] == case.code, result
        assert result["error"]["message"]
    else:
        assert r.status_code == case.status, r.text
        error = r.json()["error"]
        assert error["code"] == case.code and error["message"], error
    assert ledger_rows(engine) == before


def test_the_valid_counterparts_of_the_table_are_recorded(engine, halls, server):
    """The table's refusals are about the bad values: the same builders with good values pass."""
    token = halls["H001"].tokens["T01"]
    with httpx.Client(base_url=server.url, timeout=60,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        p = pay(shift_id=2**53 - 1, receipt_number=2**53 - 1)
        [paid] = client.post("/v1/payments", json={"payments": [p]}).json()["results"]
        assert paid["status"] == 201, paid
        for kind, payload in (("void", void(payment_uuid=p["payment_uuid"],
                                            receipt_number=p["receipt_number"],
                                            shift_id=p["shift_id"], reason="收错户号 (复核)")),
                              ("shift_report", shift_report(payment_count=2**53 - 1,
                                                            over_short_fen=-100)),
                              ("audit_head", audit_head(seq=2**53 - 1)),
                              ("contact_change", contact())):
            [r] = client.post(f"/v1/items/{kind}", json=items(kind, lambda v=payload: v)()
                              ).json()["results"]
            assert r["status"] == 201, (kind, r)
        r = client.get("/v1/reference/changes", params={"cursor": str(2**53 - 1)})
        assert r.status_code == 200 and r.json()["has_more"] is False
        first = client.get("/v1/reference/snapshot", params={"limit": 1})
        assert first.status_code == 200
        second = client.get("/v1/reference/snapshot",
                            params={"limit": 1, "page": first.json()["next_page"]})
        assert second.status_code == 200 and second.json()["customers"]


def test_a_stored_refund_with_an_unreadable_receipt_number_does_not_break_reconciliation(
        engine, halls, server):
    """Item 3: a refund recorded before the wire bound (ref 10^20) must not turn every later
    reconciliation into a 503; reconciliation skips what it cannot read as a receipt number."""
    token = halls["H001"].tokens["T01"]
    with httpx.Client(base_url=server.url, timeout=60,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        p = pay(receipt_number=1)
        assert client.post("/v1/payments", json={"payments": [p]}).status_code == 200
        with engine.begin() as conn:
            for ref in (str(HUGE), "x1", "", "9" * 19, "٣"):
                conn.execute(Item.__table__.insert(), {
                    "kind": "refund", "item_key": str(uuid.uuid4()), "content_hash": "0" * 64,
                    "hall_id": "H001", "terminal_id": "T01", "ref": ref, "payload_json": "{}",
                    "result_json": "{}", "recorded_at": datetime(2026, 3, 20, 10, 15)})
        r = client.get("/v1/reconciliation", params={"date": "2026-03-20"})
        assert r.status_code == 200, r.text
        receipts = r.json()["receipts"]
        assert (receipts["first"], receipts["last"], receipts["count"]) == (1, 1, 1)
        assert receipts["unreadable"] == 5


CASES.update({
    # found by the fuzzer: a date with no late-fee rule in force made the booking fail (500)
    "channel payment in year 1": Item_("/v1/channel-payments", payments(
        lambda: channel(paid_at="0001-01-01T00:00:00")), PI),
    "payment business_date 1999": Item_("/v1/payments", payments(
        lambda: pay(business_date="1999-12-31")), PI),
    "void voided_at 2100": Item_("/v1/items/void", items("void", lambda: void(
        voided_at="2100-01-01T00:00:00")), "void.invalid"),
})


def test_the_bounds_are_in_the_openapi_document(tmp_path):
    from hall_ledger.app import create_app
    from hall_ledger.store.db import make_engine

    schema = create_app(make_engine(f"sqlite:///{tmp_path / 'l.db'}")).openapi()
    parts = schema["components"]["schemas"]
    payment = parts["PaymentIn"]["properties"]
    assert (payment["shift_id"]["minimum"], payment["shift_id"]["maximum"]) == (1, 2**53 - 1)
    assert payment["receipt_number"]["maximum"] == 2**53 - 1
    assert payment["account_no"]["pattern"] == "^[0-9]{1,32}$"
    assert payment["cashier_id"]["pattern"] == "^[0-9A-Za-z_.\\-]{1,32}$"
    assert payment["amount_fen"]["maximum"] == 10**12
    assert "\\u0000" not in payment["account_no"]["pattern"]
    tender = parts["TenderIn"]["properties"]["reference"]["anyOf"][0]
    assert tender["maxLength"] == 40 and tender["pattern"].startswith("^[^\u0000-\u001f")
    report = parts["ShiftReportIn"]["properties"]
    assert report["payment_count"]["maximum"] == 2**53 - 1
    assert report["denominations"]["anyOf"][0]["maxProperties"] == 11  # ¥100 … ¥0.01
    assert parts["AuditHeadIn"]["properties"]["hash"]["pattern"] == "^[0-9a-f]{64}$"
    assert parts["ItemEnvelope"]["properties"]["item_key"]["maxLength"] == 64
    changes = {p["name"]: p for p in schema["paths"]["/v1/reference/changes"]["get"]["parameters"]}
    assert changes["cursor"]["schema"]["pattern"] == "^[0-9]{1,16}$"
    kinds = {p["name"]: p for p in schema["paths"]["/v1/items/{kind}"]["post"]["parameters"]}
    assert set(kinds["kind"]["schema"]["enum"]) == {
        "payment", "void", "refund", "shift_report", "contact_change", "audit_head"}


def test_only_transient_database_failures_are_503():
    from sqlalchemy.exc import DataError, IntegrityError, OperationalError, StatementError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    from hall_ledger.app import transient

    assert transient(OperationalError("SELECT 1", {}, Exception("database is locked")))
    assert transient(PoolTimeout("QueuePool limit reached"))
    assert not transient(DataError("INSERT", {}, Exception("value out of range")))
    assert not transient(IntegrityError("INSERT", {}, Exception("FOREIGN KEY")))
    assert not transient(StatementError("int too large", "INSERT", {},
                                        OverflowError("Python int too large")))


@pytest.mark.parametrize(("text", "deeper"), [
    ("[]", False), ("[" * 16 + "]" * 16, False), ("[" * 17 + "]" * 17, True),
    ('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[["}', False),  # brackets inside strings do not count
    ('{"a": "\\"[[[[[[[[[[[[[[[[[[["}', False),
    ("[" * 100_000, True), ("[}" * 20, False),  # malformed: left to the parser
])
def test_json_depth_is_checked_before_parsing(text, deeper):
    from hall_ledger.app import json_depth_exceeds

    assert json_depth_exceeds(text, 16) is deeper
