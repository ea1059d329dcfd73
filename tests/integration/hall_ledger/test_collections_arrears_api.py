"""GET /v1/collections/arrears and /v1/collections/recovery over HTTP (uvicorn on 127.0.0.1),
on SQLite and PostgreSQL: the contract's shape, cursor paging with totals over the whole
filter, filters, the token's hall only, refusals, and the extra-columns hook."""

from __future__ import annotations

import httpx
import pytest

from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.services.channels import channel_principal, ingest_channel_payments
from hall_ledger.services.imports import import_bills, import_customers

AS_OF = "2026-04-04"
ROW_KEYS = {"account_no", "name", "user_type", "customer_class", "area", "phone", "phone_status",
            "oldest_due_date", "overdue_days", "bills", "principal_fen", "late_fee_fen",
            "total_fen", "current_year_fen", "prior_year_fen", "bucket", "dunning_level", "lock",
            "promise", "repeat_defaulter"}


@pytest.fixture
def more(engine, halls):
    """25 more accounts in H001 (areas 北1/北2, one bill each, due dates spread over a year)."""
    customers = ["account_no,name,address,phone,user_type,area"]
    bills = ["account_no,period,kwh,amount,due_date"]
    for i in range(25):
        acc = f"33020000{i:02d}"
        customers.append(f"{acc},户{i},北街{i}号,139{i:08d},{'other' if i % 5 == 0 else 'residential'},"
                         f"北{i % 2 + 1}")
        month = 12 - i % 12
        year = 2025 if i < 12 else 2024
        bills.append(f"{acc},{year}-{month:02d},100,{100 + i}.00,{year}-{month:02d}-15")
    assert import_customers(engine, "\n".join(customers) + "\n", hall_id="H001").ok
    assert import_bills(engine, "\n".join(bills) + "\n", hall_id="H001").ok
    return halls


def get(server, token: str, path: str, **params) -> httpx.Response:
    return httpx.get(server.url + path, params=params,
                     headers={"Authorization": f"Bearer {token}"}, timeout=20)


def test_arrears_shape_and_defaults(server, halls):
    r = get(server, halls["H001"].tokens["T01"], "/v1/collections/arrears", as_of=AS_OF)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["as_of"] == AS_OF and body["next_cursor"] is None
    rows = body["accounts"]
    assert [a["account_no"] for a in rows] == ["3301000001", "3301000002", "3301000003",
                                               "3301000004"]
    for a in rows:
        assert set(a) >= ROW_KEYS
        # the app wires dunning's and phones' columns (collections_wiring): nothing dunned
        # yet, and each number has the phones area's verdict (not the unwired "unknown")
        assert (a["dunning_level"], a["lock"], a["promise"], a["repeat_defaulter"]) == (
            0, None, None, False)
        assert a["phone_status"] in {"ok", "unverified", "vacant", "invalid", "none"}
        assert a["total_fen"] == a["principal_fen"] + a["late_fee_fen"]
    first = rows[0]
    assert (first["oldest_due_date"], first["overdue_days"], first["bucket"], first["bills"]) == (
        "2026-02-15", 48, "31-60", 2)
    totals = body["totals"]
    assert set(totals) >= {"all", "by_bucket", "by_area", "by_user_type", "current_year_fen",
                           "prior_year_fen"}
    assert totals["all"]["accounts"] == 4
    assert totals["all"]["total_fen"] == sum(a["total_fen"] for a in rows)
    assert [b["bucket"] for b in totals["by_bucket"]] == ["1-30", "31-60", "61-90", "91-180",
                                                          "181-365", ">365"]
    assert {a["area"]: a["accounts"] for a in totals["by_area"]} == {"东1": 3, "东2": 1}


def test_pages_cover_the_list_once_and_totals_are_over_the_filter(server, more):
    token = more["H001"].tokens["T01"]
    whole = get(server, token, "/v1/collections/arrears", as_of=AS_OF, limit=1000).json()
    assert whole["totals"]["all"]["accounts"] == 29 == len(whole["accounts"])
    seen, cursor, pages = [], None, 0
    while True:
        params = {"as_of": AS_OF, "limit": 7, **({"cursor": cursor} if cursor else {})}
        page = get(server, token, "/v1/collections/arrears", **params).json()
        pages += 1
        assert page["totals"] == whole["totals"]  # every page: the whole filter's totals
        seen += [a["account_no"] for a in page["accounts"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert cursor == page["accounts"][-1]["account_no"]
    assert pages == 5 and seen == [a["account_no"] for a in whole["accounts"]]
    # filters: the totals follow the filter
    north = get(server, token, "/v1/collections/arrears", as_of=AS_OF, area="北1").json()
    assert {a["area"] for a in north["accounts"]} == {"北1"}
    assert north["totals"]["all"]["accounts"] == len(north["accounts"]) == 13
    old = get(server, token, "/v1/collections/arrears", as_of=AS_OF, bucket=">365").json()
    assert old["accounts"] and all(a["overdue_days"] > 365 for a in old["accounts"])
    assert old["totals"]["all"]["accounts"] == len(old["accounts"])
    other = get(server, token, "/v1/collections/arrears", as_of=AS_OF, user_type="other").json()
    assert {a["user_type"] for a in other["accounts"]} == {"other"}
    assert len(get(server, token, "/v1/collections/arrears", as_of=AS_OF, level=0,
                   limit=1000).json()["accounts"]) == 29
    assert get(server, token, "/v1/collections/arrears", as_of=AS_OF,
               level=1).json()["accounts"] == []


def test_a_hall_sees_only_its_own_accounts(server, more):
    r = get(server, more["H002"].tokens["T01"], "/v1/collections/arrears", as_of=AS_OF).json()
    assert [a["account_no"] for a in r["accounts"]] == ["4401000001"]
    assert r["totals"]["all"]["accounts"] == 1


@pytest.mark.parametrize("params,code", [
    ({"as_of": AS_OF, "bucket": "1-31"}, "collections.arrears.bucket"),
    ({"as_of": "1990-01-01"}, "collections.arrears.as_of"),
    ({"as_of": "9999-12-31"}, "collections.arrears.as_of"),
    ({"as_of": "2026-02-30"}, "request.invalid"),
    ({"as_of": AS_OF, "cursor": "abc"}, "request.invalid"),
    ({"as_of": AS_OF, "limit": 0}, "request.invalid"),
    ({"as_of": AS_OF, "area": "东\x001"}, "request.invalid"),
    ({"as_of": AS_OF, "user_type": "vip"}, "request.invalid"),
])
def test_arrears_refusals(server, halls, params, code):
    r = get(server, halls["H001"].tokens["T01"], "/v1/collections/arrears", **params)
    assert r.status_code == 422 and r.json()["error"]["code"] == code


def test_arrears_needs_a_token(server, halls):
    assert httpx.get(server.url + "/v1/collections/arrears").status_code == 401


def test_extra_columns_hook_fills_rows_and_level_filter(engine, halls):
    asked = []

    def provider(conn, hall_id, account_nos, as_of):
        asked.append((hall_id, tuple(account_nos), as_of.isoformat()))
        return {"3301000003": {"dunning_level": 2, "level_name": "停电通知书",
                               "lock": {"reason": "dispute", "until": "2026-05-01"},
                               "repeat_defaulter": True, "phone_status": "vacant"}}

    app = create_app(engine)
    app.state.arrears_extra_columns = provider
    with ThreadedServer(app) as srv:
        token = halls["H001"].tokens["T01"]
        rows = {a["account_no"]: a for a in get(srv, token, "/v1/collections/arrears",
                                                as_of=AS_OF).json()["accounts"]}
        lvl = get(srv, token, "/v1/collections/arrears", as_of=AS_OF, level=2).json()
    assert asked[0] == ("H001", ("3301000001", "3301000002", "3301000003", "3301000004"),
                        AS_OF)
    assert rows["3301000003"]["dunning_level"] == 2
    assert rows["3301000003"]["lock"]["reason"] == "dispute"
    assert rows["3301000003"]["repeat_defaulter"] is True
    assert rows["3301000003"]["phone_status"] == "vacant"
    assert rows["3301000001"]["dunning_level"] == 0 and rows["3301000001"]["phone_status"] == "unknown"
    assert [a["account_no"] for a in lvl["accounts"]] == ["3301000003"]
    assert lvl["totals"]["all"]["accounts"] == 1


def test_recovery_rate(engine, server, halls):
    principal = channel_principal(engine, "3301000002", "bank")
    [res] = ingest_channel_payments(engine, principal, [{
        "payment_uuid": "0b5a4a3e-0000-4000-8000-0000000000a1", "account_no": "3301000002",
        "amount_fen": 8000, "paid_at": "2026-03-10T10:00:00", "reference": "BANKR001"}])
    assert res["status"] in (200, 201), res
    r = get(server, halls["H001"].tokens["T01"], "/v1/collections/recovery",
            **{"from": "2025-12", "to": "2026-02"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [p["period"] for p in body["periods"]] == ["2025-12", "2026-01", "2026-02"]
    by = {p["period"]: p for p in body["periods"]}
    assert (by["2025-12"]["billed_fen"], by["2025-12"]["rate"]) == (0, 0)
    assert (by["2026-01"]["billed_fen"], by["2026-01"]["collected_fen"]) == (12000, 0)
    assert (by["2026-02"]["billed_fen"], by["2026-02"]["collected_fen"]) == (116000, 8000)
    assert by["2026-02"]["rate"] == round(8000 / 116000, 4)
    areas = {a["area"]: a for a in body["by_area"]}
    assert areas["东1"]["billed_fen"] == 12000 + 5000 + 8000 + 3000
    assert areas["东1"]["collected_fen"] == 8000
    assert areas["东2"]["rate"] == 0
    assert {u["user_type"] for u in body["by_user_type"]} == {"residential", "other"}
    top = body["top_debtors"]
    assert top[0] == {**top[0], "account_no": "3301000003", "area": "东2", "total_fen": 100000}
    assert "3301000002" not in [t["account_no"] for t in top]  # paid up
    assert all("4401" not in t["account_no"] for t in top)  # the other hall's stay out


@pytest.mark.parametrize("params", [{"from": "2026-03", "to": "2026-01"},
                                    {"from": "2000-01", "to": "2026-01"}])
def test_recovery_refuses_a_bad_range(server, halls, params):
    r = get(server, halls["H001"].tokens["T01"], "/v1/collections/recovery", **params)
    assert r.status_code == 422 and r.json()["error"]["code"] == "collections.recovery.range"
    r = get(server, halls["H001"].tokens["T01"], "/v1/collections/recovery",
            **{"from": "2026-13", "to": "2026-01"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "request.invalid"
