"""Phone hygiene on the ledger (#14), on SQLite and PostgreSQL: where numbers come from, the
property company's list with its review queue, the vacant flag, the counters' contact changes
as verifications, and the status the counters get with their reference data."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime

import httpx
from sqlalchemy import func, select

from hall_ledger.cli import main as ledger_main
from hall_ledger.services import phones
from hall_ledger.services.imports import import_customers
from hall_ledger.store.db import reader
from hall_ledger.store.models import CollectionAction, Customer, CustomerPhone, PhoneReview

TODAY = date.today()


def cols(engine, *accounts, hall="H001", as_of=None):
    with reader(engine).connect() as conn:
        return phones.phone_columns(conn, hall, accounts, as_of=as_of or TODAY)


def customer(engine, account_no):
    with reader(engine).connect() as conn:
        return conn.execute(select(Customer).where(Customer.account_no == account_no)).one()


def actions(engine, action):
    with reader(engine).connect() as conn:
        return conn.execute(select(CollectionAction).where(
            CollectionAction.action == action)).all()


def test_the_customer_import_records_source_and_day(engine, halls):
    got = cols(engine, "3301000001", "3301000003", "3301000004", "4401000001")
    assert got["3301000001"] == {"phone_status": "ok", "phone_source": "import",
                                 "phone_verified_on": TODAY.isoformat()}
    assert got["3301000003"]["phone_status"] == "invalid"  # 0571 landline
    assert got["3301000004"] == {"phone_status": "none", "phone_source": None,
                                 "phone_verified_on": None}
    assert "4401000001" not in got  # another hall's account is left out
    # twelve months on, the imported number is due for checking
    later = cols(engine, "3301000001", as_of=date(TODAY.year + 1, TODAY.month, 28))
    assert later["3301000001"]["phone_status"] == "unverified"


def test_reimporting_the_same_number_does_not_refresh_it(engine, halls):
    with engine.begin() as conn:
        conn.execute(CustomerPhone.__table__.update()
                     .where(CustomerPhone.account_no == "3301000001")
                     .values(verified_on=date(2020, 1, 1)))
    text = ("account_no,name,address,phone,user_type,area\n"
            "3301000001,张三丰,城东区人民路1号,13800000001,residential,东1\n"
            "3301000002,李四,城东区人民路2号,13900000002,residential,东1\n")
    assert import_customers(engine, text, hall_id="H001", today=date(2026, 5, 1)).updated == 2
    got = cols(engine, "3301000001", "3301000002", as_of=date(2026, 5, 2))
    assert got["3301000001"]["phone_verified_on"] == "2020-01-01"  # the name changed, not the number
    assert got["3301000002"]["phone_verified_on"] == "2026-05-01"  # a new number


LIST = """account_no,phone,name
3301000001,13800000001,张三
3301000002,13711112222,李四
3301000004,13622223333,
3301000003,057188880000,
"""


def test_a_property_list_never_overwrites_a_different_number(engine, halls):
    result = phones.import_phones(engine, LIST, hall_id="H001", on=date(2026, 6, 1),
                                  batch="wuye.csv", actor="2001")

    assert result.ok and (result.added, result.verified, result.queued) == (1, 1, 1)
    assert result.not_mobile == [(5, "057188880000")]
    assert customer(engine, "3301000002").phone == "13800000002"  # kept
    assert customer(engine, "3301000004").phone == "13622223333"  # had none
    got = cols(engine, "3301000001", "3301000004", as_of=date(2026, 6, 2))
    assert got["3301000001"] == {"phone_status": "ok", "phone_source": "import",
                                 "phone_verified_on": "2026-06-01"}
    assert got["3301000004"]["phone_source"] == "property"
    with reader(engine).connect() as conn:
        [review] = phones.list_reviews(conn, "H001")
    assert (review["account_no"], review["current_phone"], review["proposed_phone"],
            review["reason"], review["batch"]) == (
        "3301000002", "13800000002", "13711112222", "phone_differs", "wuye.csv")
    assert len(actions(engine, "phones.review.queued")) == 1
    # the same list again queues nothing new
    again = phones.import_phones(engine, LIST, hall_id="H001", on=date(2026, 6, 2))
    assert (again.queued, again.already_queued) == (0, 1)


def test_a_different_name_goes_to_review_too(engine, halls):
    text = "account_no,phone,name\n3301000004,13622223333,赵四的租客\n"
    result = phones.import_phones(engine, text, hall_id="H001", on=date(2026, 6, 1))
    assert (result.added, result.queued) == (0, 1)
    assert customer(engine, "3301000004").phone is None
    with reader(engine).connect() as conn:
        assert phones.list_reviews(conn, "H001")[0]["reason"] == "name_differs"


def test_a_bad_list_is_refused_whole(engine, halls):
    text = "account_no,phone\n3301000004,13622223333\n99,1\n"
    result = phones.import_phones(engine, text, hall_id="H001", on=date(2026, 6, 1))
    assert [line for line, _ in result.errors] == [3]  # a malformed account number
    text = ("account_no,phone\n3301000004,13622223333\n4401000001,13622224444\n"
            "3309999999,13622225555\n")
    result = phones.import_phones(engine, text, hall_id="H001", on=date(2026, 6, 1))
    assert result.errors == [(3, "account 4401000001 belongs to hall H002"),
                             (4, "no customer 3309999999")]
    assert customer(engine, "3301000004").phone is None  # nothing written
    assert phones.import_phones(engine, "account_no,tel\n", hall_id="H001",
                                on=TODAY).errors[0][0] == 1


def test_accept_and_reject(engine, halls):
    phones.import_phones(engine, LIST.replace("3301000001,13800000001", "3301000001,13500000001"),
                         hall_id="H001", on=date(2026, 6, 1))
    with reader(engine).connect() as conn:
        first, second = phones.list_reviews(conn, "H001")
    seq_before = customer(engine, "3301000002").change_seq
    with engine.begin() as conn:
        phones.accept_review(conn, "H001", second["review_id"], actor="2001", on=date(2026, 6, 3))
        phones.reject_review(conn, "H001", first["review_id"], actor="2001", note="物业登记有误")

    assert customer(engine, "3301000002").phone == "13711112222"
    assert customer(engine, "3301000002").change_seq > seq_before  # the counters get it
    assert customer(engine, "3301000001").phone == "13800000001"
    assert cols(engine, "3301000002", as_of=date(2026, 6, 4))["3301000002"] == {
        "phone_status": "ok", "phone_source": "property", "phone_verified_on": "2026-06-03"}
    with reader(engine).connect() as conn:
        decided = {r["review_id"]: r for r in phones.list_reviews(conn, "H001", status=None)}
        assert phones.list_reviews(conn, "H001") == []
    assert decided[first["review_id"]]["status"] == "rejected"
    assert decided[first["review_id"]]["note"] == "物业登记有误"
    assert decided[second["review_id"]]["decided_by"] == "2001"
    assert [a.actor for a in actions(engine, "phones.review.accepted")] == ["2001"]
    with engine.begin() as conn:  # decided once
        try:
            phones.accept_review(conn, "H001", first["review_id"], actor="2002", on=TODAY)
        except phones.PhoneReviewError as exc:
            assert exc.code == "collections.phones.review_decided"
        else:
            raise AssertionError("a decided review was decided again")
    with engine.begin() as conn:  # another hall's review is unknown here
        try:
            phones.reject_review(conn, "H002", second["review_id"], actor="2002")
        except phones.PhoneReviewError as exc:
            assert exc.status == 404
        else:
            raise AssertionError("another hall decided the review")


def test_vacant_flag_only_on_the_current_number(engine, halls):
    at = datetime(2026, 6, 1, 10, 0)
    seq_before = customer(engine, "3301000001").change_seq
    with engine.begin() as conn:
        assert phones.flag_vacant(conn, "H001", "3301000001", "+86 13800000001", at)
        assert not phones.flag_vacant(conn, "H001", "3301000002", "13999999999", at)  # old number
        assert not phones.flag_vacant(conn, "H002", "3301000001", "13800000001", at)  # other hall
    assert cols(engine, "3301000001")["3301000001"]["phone_status"] == "vacant"
    assert cols(engine, "3301000002")["3301000002"]["phone_status"] == "ok"
    assert customer(engine, "3301000001").change_seq > seq_before
    assert [a.subject for a in actions(engine, "phones.vacant_flagged")] == ["3301000001"]
    with reader(engine).connect() as conn:
        state = phones.phone_state(conn, "H001", "3301000001", as_of=TODAY)
    assert state["status"] == "vacant" and state["vacant_at"] == "2026-06-01T10:00:00"


def _contact_change(connect, halls, account_no, phone, changed_at):
    t1 = connect(halls["H001"].tokens["T01"])
    [r] = t1.post_items("contact_change", [(str(uuid.uuid4()), {
        "account_no": account_no, "terminal_id": "T01", "phone": phone,
        "changed_at": changed_at, "changed_by": "1001"})])
    assert r.status == 201, r


def test_a_contact_change_verifies_and_confirming_the_same_number_counts(engine, halls,
                                                                          connect):
    with engine.begin() as conn:
        phones.flag_vacant(conn, "H001", "3301000001", "13800000001", datetime(2026, 1, 5))
        conn.execute(CustomerPhone.__table__.update()
                     .where(CustomerPhone.account_no == "3301000001")
                     .values(verified_on=date(2024, 1, 1)))

    _contact_change(connect, halls, "3301000001", "13800000001", "2026-03-20T10:00:00")
    _contact_change(connect, halls, "3301000004", "13612345678", "2026-03-21T09:00:00")

    got = cols(engine, "3301000001", "3301000004", as_of=date(2026, 3, 22))
    assert got["3301000001"] == {"phone_status": "ok", "phone_source": "import",
                                 "phone_verified_on": "2026-03-20"}  # vacant flag cleared
    assert got["3301000004"] == {"phone_status": "ok", "phone_source": "counter",
                                 "phone_verified_on": "2026-03-21"}
    assert [a.actor for a in actions(engine, "phones.verified")] == ["1001"]
    assert [a.subject for a in actions(engine, "phones.changed")] == ["3301000004"]


def test_the_counters_reference_data_carries_the_status(engine, halls, connect):
    with engine.begin() as conn:
        phones.flag_vacant(conn, "H001", "3301000002", "13800000002", datetime(2026, 1, 5))
    t1 = connect(halls["H001"].tokens["T01"])
    page = t1.pull_snapshot()
    by = {c["account_no"]: c for c in page.customers}
    assert by["3301000001"]["phone_status"] == "ok"
    assert by["3301000001"]["phone_verified_on"] == TODAY.isoformat()
    assert by["3301000002"]["phone_status"] == "vacant"
    assert by["3301000004"]["phone_status"] == "none"
    cursor = page.changes_cursor
    with engine.begin() as conn:
        phones.flag_vacant(conn, "H001", "3301000001", "13800000001", datetime(2026, 1, 6))
    changes = t1.pull_changes(cursor)
    assert [(c["account_no"], c["phone_status"]) for c in changes.customers] == [
        ("3301000001", "vacant")]


def test_api_review_queue_and_phone_state(engine, halls, server):
    phones.import_phones(engine, LIST, hall_id="H001", on=date(2026, 6, 1))
    h1 = {"Authorization": f"Bearer {halls['H001'].tokens['T01']}"}
    h2 = {"Authorization": f"Bearer {halls['H002'].tokens['T01']}"}
    url = server.url + "/v1/collections/phones"

    [review] = httpx.get(url + "/reviews", headers=h1).json()["reviews"]
    assert httpx.get(url + "/reviews", headers=h2).json()["reviews"] == []
    rid = review["review_id"]
    r = httpx.post(f"{url}/reviews/{rid}/accept", headers=h2, json={"actor": "2001"})
    assert r.status_code == 404  # another hall's review
    r = httpx.post(f"{url}/reviews/{rid}/accept", headers=h1, json={"actor": "bad id!"})
    assert r.status_code == 422
    r = httpx.post(f"{url}/reviews/{rid}/accept", headers=h1,
                   json={"actor": "2001", "note": "已电话核实"})
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    r = httpx.post(f"{url}/reviews/{rid}/reject", headers=h1, json={"actor": "2001"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "collections.phones.review_decided"
    with reader(engine).connect() as conn:
        [act] = conn.execute(select(CollectionAction).where(
            CollectionAction.action == "phones.review.accepted")).all()
    assert (act.terminal_id, act.actor, json.loads(act.detail)["note"]) == ("T01", "2001",
                                                                         "已电话核实")

    state = httpx.get(url + "/3301000002", headers=h1).json()
    assert state["phone"] == "13711112222" and state["source"] == "property"
    assert state["status"] == "ok" and state["reverify_due"] == date(
        TODAY.year + 1, TODAY.month, min(TODAY.day, 28) if TODAY.month == 2 else TODAY.day
    ).isoformat()
    assert httpx.get(url + "/4401000001", headers=h1).status_code == 404


def test_cli_import_phones_and_review(engine, halls, db_url, tmp_path, capsys):
    f = tmp_path / "wuye.csv"
    f.write_text(LIST, encoding="utf-8")
    assert ledger_main(["import-phones", str(f), "--db", db_url, "--hall", "H001",
                        "--on", "2026-06-01"]) == 0
    out = capsys.readouterr()
    assert "1 added, 1 verified, 1 sent for review" in out.out
    assert "skipped, not a mobile number: 057188880000" in out.err
    assert ledger_main(["phones", "review", "list", "--db", db_url, "--json"]) == 0
    [review] = json.loads(capsys.readouterr().out)["reviews"]
    assert ledger_main(["phones", "review", "reject", str(review["review_id"]), "--db", db_url,
                        "--actor", "2001", "--note", "not ours"]) == 0
    assert "rejected" in capsys.readouterr().out
    assert ledger_main(["phones", "review", "accept", str(review["review_id"]), "--db", db_url,
                        "--actor", "2001"]) == 1  # decided already
    assert "rejected already" in capsys.readouterr().err
    assert customer(engine, "3301000002").phone == "13800000002"
    with reader(engine).connect() as conn:
        assert conn.execute(select(func.count()).select_from(PhoneReview)).scalar_one() == 1
    assert ledger_main(["phones", "status", "--db", db_url, "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["invalid"] == 1 and sum(counts.values()) == 4


def test_phone_columns_fit_the_arrears_reports_extra_columns(engine, halls):
    """(conn, hall or None, accounts, as_of) positionally; None: across halls."""
    with reader(engine).connect() as conn:
        both = phones.phone_columns(conn, None, ["3301000001", "4401000001"], TODAY)
    assert set(both) == {"3301000001", "4401000001"}
    assert both["4401000001"]["phone_status"] == "ok"
