"""Dunning runs on the ledger (SQLite and PostgreSQL): proposal, idempotence, one level per
run and the intervals, minimum amounts, edits, execution into events and the sink, reversal,
locks expiring by the date, promises kept or broken by a bank payment, repeat defaulters.

Seed (tests/helpers/ledger.py), hall H001: 3301000001 ¥120 due 02-15 + ¥50 due 03-15,
3301000002 ¥80 due 03-15, 3301000003 (other user: non-residential) ¥1000 due 03-15,
3301000004 ¥30 due 03-15; hall H002: 4401000001 ¥60 due 03-15."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from hall_domain.collections import CustomerClass
from hall_domain.dunning import Instalment
from hall_ledger.services import dunning
from hall_ledger.services.channels import ingest_channel_payments
from hall_ledger.services.collections_audit import actions_for
from hall_ledger.services.dunning_accounts import (
    DunningRefused,
    Who,
    add_lock,
    add_promise,
    current_levels,
    release_locks,
)
from hall_ledger.services.dunning_state import account_state, dunning_columns
from hall_ledger.services.terminals import Principal
from hall_ledger.store.models import DunningEvent, DunningProcedure, DunningRun

SUPERVISOR = Who("H001", "T01", "2001")
OTHER = Who("H001", "T01", "2002")
D = date.fromisoformat
ALL_H1 = {"3301000001", "3301000002", "3301000003", "3301000004"}


def run(engine, as_of: str, cls: CustomerClass | None = None, who: Who = SUPERVISOR):
    with engine.begin() as conn:
        return dunning.make_run(conn, who, D(as_of), cls)


def execute(engine, run_id: int, sink=None, who: Who = SUPERVISOR):
    with engine.begin() as conn:
        return dunning.execute_run(conn, who, run_id, sink=sink)


def lines(r) -> dict[str, dict]:
    return {x["account_no"]: x for x in r["lines"]}


def levels(engine, as_of: str, accounts=ALL_H1) -> dict[str, int]:
    with engine.connect() as conn:
        return {a: r.level for a, r in current_levels(conn, "H001", sorted(accounts),
                                                      D(as_of)).items()}


def bank_pay(engine, account_no: str, amount_fen: int, on: str) -> None:
    item = {"payment_uuid": str(uuid.uuid4()), "account_no": account_no,
            "amount_fen": amount_fen, "paid_at": f"{on}T09:30:00", "reference": "BK" + on}
    [result] = ingest_channel_payments(engine, Principal("H001", "BANK", "bank"), [item])
    assert result["status"] in (200, 201), result


class Sink:
    """Takes the actions as the notices and SMS areas will (and says what it was given)."""

    def __init__(self):
        self.calls: list[tuple] = []

    def sms(self, conn, hall_id, account_no, run_id, level, as_of):
        self.calls.append(("sms", hall_id, account_no, run_id, level, as_of))
        return f"SMS-{account_no}"

    def notice(self, conn, hall_id, account_no, run_id, level, kind, as_of):
        self.calls.append(("notice", hall_id, account_no, run_id, level, kind, as_of))
        return f"N-{account_no}"

    def stop_request(self, conn, hall_id, account_no, run_id, level, as_of):
        self.calls.append(("stop_request", hall_id, account_no, run_id, level, as_of))
        return None


def test_a_proposal_has_one_line_per_account_of_the_hall_at_the_first_level(engine, halls):
    r, created = run(engine, "2026-03-20")
    assert created and r["status"] == "proposal" and r["created_by"] == "2001"
    got = lines(r)
    assert set(got) == ALL_H1  # not H002's account
    # 3301000001 is 33 days overdue: level 3 is due, but with no history it climbs to 1 (SAP)
    first = got["3301000001"]
    assert (first["overdue_days"], first["current_level"], first["proposed_level"],
            first["final_level"], first["action"], first["blocked"]) == (33, 0, 1, 1, "sms", False)
    assert "climbing" in first["note"]
    assert got["3301000003"]["customer_class"] == "non_residential"
    assert r["procedure_versions"] == {c.value: 1 for c in CustomerClass}  # defaults seeded
    # the same hall, date and class again: the same run, nothing new
    again, created = run(engine, "2026-03-20")
    assert not created and again["run_id"] == r["run_id"] and again["lines"] == r["lines"]
    # another class on the same date is another run
    res, created = run(engine, "2026-03-20", CustomerClass.NON_RESIDENTIAL)
    assert created and set(lines(res)) == {"3301000003"} and res["run_id"] != r["run_id"]
    with engine.connect() as conn:
        acts = [a.action for a in actions_for(conn, "H001")]
    assert acts.count("dunning.run.proposed") == 2 and "dunning.procedure.seeded" in acts


def test_execution_makes_events_hands_actions_to_the_sink_and_cannot_be_edited(engine, halls):
    r, _ = run(engine, "2026-03-20")
    sink = Sink()
    done = execute(engine, r["run_id"], sink)
    assert done["status"] == "executed" and done["executed_by"] == "2001"
    assert sorted(c[2] for c in sink.calls) == sorted(ALL_H1)
    assert all(c[0] == "sms" and c[1] == "H001" and c[3] == r["run_id"] and c[4] == 1
               and c[5] == D("2026-03-20") for c in sink.calls)
    assert levels(engine, "2026-03-20") == dict.fromkeys(ALL_H1, 1)
    with engine.connect() as conn:
        refs = dict(conn.execute(select(DunningEvent.account_no, DunningEvent.action_ref)).all())
    assert refs["3301000002"] == "SMS-3301000002"
    # executing again changes nothing; editing an executed run is refused
    assert execute(engine, r["run_id"], sink)["status"] == "executed" and len(sink.calls) == 4
    with pytest.raises(DunningRefused) as exc, engine.begin() as conn:
        dunning.edit_line(conn, SUPERVISOR, r["run_id"], "3301000001", blocked=True)
    assert exc.value.code == "collections.dunning.run_not_proposal"


def test_one_level_per_run_after_the_interval_up_to_the_notice(engine, halls):
    execute(engine, run(engine, "2026-03-20")[0]["run_id"])
    # 5 days later: level 2's interval (7 days) has not passed for anyone
    r, _ = run(engine, "2026-03-25")
    assert r["lines"] == []
    # 7 days later: 3301000001 (40 days, level 4 due) climbs to 2; the others (12 days) have
    # no level 2 due yet
    r, _ = run(engine, "2026-03-27")
    got = lines(r)
    assert set(got) == {"3301000001"}
    assert (got["3301000001"]["proposed_level"], got["3301000001"]["action"]) == (2, "notice")
    sink = Sink()
    execute(engine, r["run_id"], sink)
    assert sink.calls == [("notice", "H001", "3301000001", r["run_id"], 2, "reminder",
                           D("2026-03-27"))]
    for as_of, level, action, kind in (("2026-04-03", 3, "notice", "stop_warning"),
                                       ("2026-04-10", 4, "stop_request", None)):
        r, _ = run(engine, as_of)
        got = lines(r)
        assert got["3301000001"]["proposed_level"] == level, got
        sink = Sink()
        execute(engine, r["run_id"], sink)
        mine = [c for c in sink.calls if c[2] == "3301000001"]
        assert mine[0][0] == action and (kind is None or mine[0][5] == kind)
    # top level: nothing more to propose for it
    assert "3301000001" not in lines(run(engine, "2026-05-30")[0])


def test_an_account_200_days_overdue_climbs_one_level_per_run(engine, halls):
    r, _ = run(engine, "2026-09-01")  # 3301000001: 198 days
    assert lines(r)["3301000001"]["proposed_level"] == 1
    execute(engine, r["run_id"])
    r, _ = run(engine, "2026-09-05")
    assert "3301000001" not in lines(r)  # interval not yet passed
    r, _ = run(engine, "2026-09-08")
    assert lines(r)["3301000001"]["proposed_level"] == 2


def test_amounts_under_the_minimum_are_not_dunned(engine, halls):
    with engine.begin() as conn:
        doc = dunning.procedure(conn, "H001", CustomerClass.RESIDENTIAL).as_json()
        doc["levels"][0]["min_amount_fen"] = 8001  # ¥80.01
        out = dunning.set_procedure(conn, OTHER, CustomerClass.RESIDENTIAL, doc)
    assert out["version"] == 1 and out["changed_by"] == "2002" and not out["default"]
    got = lines(run(engine, "2026-03-20", CustomerClass.RESIDENTIAL)[0])
    # ¥80.00 and ¥30.00 (plus a few fen of late fee) are under ¥80.01 ... 3301000002 has ¥80.00
    # + 5 days × 1‰ = ¥0.40: ¥80.40, over the minimum
    assert "3301000004" not in got and "3301000001" in got and "3301000002" in got


def test_procedures_are_versioned_and_runs_remember_theirs(engine, halls):
    first, _ = run(engine, "2026-03-20", CustomerClass.RESIDENTIAL)
    with engine.begin() as conn:
        doc = dunning.procedure(conn, "H001", CustomerClass.RESIDENTIAL).as_json()
        doc["levels"][1]["days_overdue"] = 10
        doc["repeat_defaulter"] = {"threshold": 2, "months": 12}
        new = dunning.set_procedure(conn, OTHER, CustomerClass.RESIDENTIAL, doc)
        same = dunning.set_procedure(conn, OTHER, CustomerClass.RESIDENTIAL, doc)  # no change
        history = dunning.procedure_history(conn, "H001", CustomerClass.RESIDENTIAL)
        with pytest.raises(DunningRefused) as exc:
            dunning.set_procedure(conn, OTHER, CustomerClass.RESIDENTIAL,
                                  [{"days_overdue": 5, "min_amount_fen": 0, "action": "sms"},
                                   {"days_overdue": 5, "min_amount_fen": 0, "action": "fax"}])
    assert exc.value.status == 422
    assert new["version"] == same["version"] == 2 and [h["version"] for h in history] == [1, 2]
    assert first["procedure_versions"] == {"residential": 1}
    second, _ = run(engine, "2026-03-21", CustomerClass.RESIDENTIAL)
    assert second["procedure_versions"] == {"residential": 2}
    with engine.connect() as conn:
        changed = [a for a in actions_for(conn, "H001", "procedure:residential")
                   if a.action == "dunning.procedure.changed"]
    assert len(changed) == 1 and changed[0].actor == "2002"
    assert changed[0].detail["procedure"]["levels"][1]["days_overdue"] == 10


def test_edits_raise_by_one_at_most_lower_block_and_are_recorded(engine, halls):
    r, _ = run(engine, "2026-03-20")
    rid = r["run_id"]
    with engine.begin() as conn:
        with pytest.raises(DunningRefused) as exc:
            dunning.edit_line(conn, OTHER, rid, "3301000001", level=3)  # proposed 1: 1 + 2
        assert exc.value.code == "collections.dunning.line.raise_too_far"
        raised = dunning.edit_line(conn, OTHER, rid, "3301000001", level=2, note="电话不通")
        lowered = dunning.edit_line(conn, OTHER, rid, "3301000002", level=0)
        blocked = dunning.edit_line(conn, OTHER, rid, "3301000003", blocked=True)
        with pytest.raises(DunningRefused) as exc:
            dunning.edit_line(conn, OTHER, rid, "4401000001", level=1)  # not in this run
        assert exc.value.status == 404
    assert (raised["final_level"], raised["action"], raised["edited_by"], raised["note"]) == (
        2, "notice", "2002", "电话不通")
    assert (lowered["final_level"], lowered["action"]) == (0, None)
    assert blocked["blocked"] and blocked["final_level"] == 1
    sink = Sink()
    execute(engine, rid, sink)
    assert sorted((c[0], c[2], c[4]) for c in sink.calls) == [
        ("notice", "3301000001", 2), ("sms", "3301000004", 1)]
    assert levels(engine, "2026-03-20") == {"3301000001": 2, "3301000004": 1}
    with engine.connect() as conn:
        edits = [a for a in actions_for(conn, "H001", "3301000001")
                 if a.action == "dunning.run.line_edited"]
    assert edits[0].detail["before"]["final_level"] == 1
    assert edits[0].detail["after"]["final_level"] == 2


def test_reversal_puts_levels_back_needs_a_reason_and_allows_a_new_run(engine, halls):
    r1, _ = run(engine, "2026-03-20")
    execute(engine, r1["run_id"])
    r2, _ = run(engine, "2026-03-27")
    execute(engine, r2["run_id"])
    assert levels(engine, "2026-03-27")["3301000001"] == 2
    with engine.begin() as conn, pytest.raises(DunningRefused) as exc:
        dunning.reverse_run(conn, OTHER, r2["run_id"], "  ")
    assert exc.value.code == "collections.dunning.text"
    with engine.begin() as conn:
        back = dunning.reverse_run(conn, OTHER, r2["run_id"], "错发：台区停电检修期间")
    assert back["status"] == "reversed" and back["reversed_by"] == "2002"
    assert levels(engine, "2026-03-27")["3301000001"] == 1  # back to the level before
    with engine.begin() as conn, pytest.raises(DunningRefused) as exc:
        dunning.reverse_run(conn, OTHER, r2["run_id"], "again")
    assert exc.value.status == 409
    with engine.connect() as conn:
        [rec] = [a for a in actions_for(conn, "H001", f"run:{r2['run_id']}")
                 if a.action == "dunning.run.reversed"]
    assert "not unsent" in rec.detail["note"] and rec.detail["events_reversed"] == 1
    again, created = run(engine, "2026-03-27")
    assert created and again["run_id"] != r2["run_id"]
    assert lines(again)["3301000001"]["proposed_level"] == 2


def test_accounts_paid_since_the_proposal_are_skipped_at_execution(engine, halls):
    r, _ = run(engine, "2026-03-20")
    bank_pay(engine, "3301000002", 9000, "2026-03-21")
    sink = Sink()
    done = execute(engine, r["run_id"], sink)
    assert "3301000002" not in {c[2] for c in sink.calls}
    assert lines(done)["3301000002"]["blocked"]
    assert "paid since the proposal" in lines(done)["3301000002"]["note"]


def test_a_lock_blocks_escalation_until_it_expires_by_the_date(engine, halls):
    with engine.begin() as conn:
        lock = add_lock(conn, OTHER, "3301000001", "dispute", D("2026-03-26"), D("2026-03-19"),
                        note="表计争议")
        with pytest.raises(DunningRefused) as exc:
            add_lock(conn, OTHER, "4401000001", "dispute", D("2026-03-26"), D("2026-03-19"))
        assert exc.value.status == 404  # another hall's account
        with pytest.raises(DunningRefused) as exc:
            add_lock(conn, OTHER, "3301000001", "bored", D("2026-03-26"), D("2026-03-19"))
        assert exc.value.code == "collections.dunning.lock_reason"
    assert lock["until"] == "2026-03-26" and lock["created_by"] == "2002"
    got = lines(run(engine, "2026-03-26")[0])["3301000001"]
    assert got["blocked"] and "locked (dispute)" in got["note"]
    with engine.connect() as conn:
        assert dunning_columns(conn, "H001", ["3301000001"], D("2026-03-26"))[
            "3301000001"]["lock"]["reason"] == "dispute"
        assert dunning_columns(conn, "H001", ["3301000001"], D("2026-03-27"))[
            "3301000001"]["lock"] is None  # expired: nothing had to run
    got = lines(run(engine, "2026-03-27")[0])["3301000001"]
    assert not got["blocked"] and got["proposed_level"] == 1


def test_a_released_lock_stops_blocking(engine, halls):
    with engine.begin() as conn:
        add_lock(conn, OTHER, "3301000002", "hardship", D("2026-06-30"), D("2026-03-19"))
    assert lines(run(engine, "2026-03-20")[0])["3301000002"]["blocked"]
    with engine.begin() as conn:
        [released] = release_locks(conn, OTHER, "3301000002", note="已核实")
        with pytest.raises(DunningRefused):
            release_locks(conn, OTHER, "3301000002")
    assert released["released"] and released["released_by"] == "2002"
    assert not lines(run(engine, "2026-03-21")[0])["3301000002"]["blocked"]


def test_a_promise_kept_by_a_bank_payment(engine, halls):
    with engine.begin() as conn:
        p = add_promise(conn, OTHER, "3301000001", [Instalment(D("2026-03-25"), 17000)],
                        D("2026-03-19"), tolerance_days=2)
    assert (p["kind"], p["state"], p["promised_fen"]) == ("promise", "open", 17000)
    got = lines(run(engine, "2026-03-20")[0])["3301000001"]
    assert got["blocked"] and "promise" in got["note"]
    bank_pay(engine, "3301000001", 17000, "2026-03-27")  # within the 2 days of tolerance
    with engine.connect() as conn:
        cols = dunning_columns(conn, "H001", ["3301000001"], D("2026-03-28"))["3301000001"]
    assert cols["promise"]["state"] == "kept" and cols["promise"]["paid_fen"] == 17000


def test_a_broken_promise_escalates_at_once_and_counts_against_the_account(engine, halls):
    execute(engine, run(engine, "2026-03-20")[0]["run_id"])  # everyone at level 1
    with engine.begin() as conn:
        add_promise(conn, OTHER, "3301000002", [Instalment(D("2026-03-22"), 4000),
                                                Instalment(D("2026-04-22"), 4040)],
                    D("2026-03-21"), tolerance_days=1)
    bank_pay(engine, "3301000002", 3000, "2026-03-23")  # short of the first ¥40.00 by 03-23
    with engine.connect() as conn:
        state = account_state(conn, "H001", "3301000002", D("2026-03-24"))
    assert state["promise"]["state"] == "broken" and state["promise"]["broken_on"] == "2026-03-24"
    assert state["promise"]["kind"] == "plan" and state["promise"]["missed_instalment"] == 1
    # 03-24: level 2's days (15) are not reached (9 days) and its interval (7) has not passed,
    # yet the broken promise raises it at once
    got = lines(run(engine, "2026-03-24")[0])
    assert set(got) == {"3301000002"}
    assert got["3301000002"]["proposed_level"] == 2 and "broken" in got["3301000002"]["note"]


def test_repeat_defaulter_from_two_years_of_events(engine, halls):
    with engine.begin() as conn:
        doc = dunning.procedure(conn, "H001", CustomerClass.RESIDENTIAL).as_json()
        doc["repeat_defaulter"] = {"threshold": 3, "months": 24}
        dunning.set_procedure(conn, OTHER, CustomerClass.RESIDENTIAL, doc)
    for as_of in ("2026-03-20", "2026-03-27", "2026-04-03"):  # months 3, 3, 4; L3 a stop warning
        execute(engine, run(engine, as_of, CustomerClass.RESIDENTIAL)[0]["run_id"])
    with engine.connect() as conn:
        cols = dunning_columns(conn, "H001", ["3301000001", "3301000002"], D("2026-04-05"))
        later = dunning_columns(conn, "H001", ["3301000001"], D("2028-04-02"))
    # 3301000001: dunned in March and April (2) + one stop-supply warning (1) = 3
    assert cols["3301000001"]["repeat_score"] == 3 and cols["3301000001"]["repeat_defaulter"]
    assert cols["3301000001"]["dunning_level"] == 3
    assert cols["3301000001"]["level_name"] == "停电通知书"
    # 3301000002: level 1 in March, level 2 (a notice, 19 days) in April: 2, under 3
    assert cols["3301000002"]["repeat_score"] == 2 and not cols["3301000002"]["repeat_defaulter"]
    # two years on, the window has moved past March 2026 (April's events remain)
    assert later["3301000001"]["repeat_score"] == 2


def test_paying_every_dunned_bill_starts_the_account_again_at_level_0(engine, halls):
    execute(engine, run(engine, "2026-03-20")[0]["run_id"])
    bank_pay(engine, "3301000002", 9000, "2026-03-21")
    with engine.connect() as conn:
        state = account_state(conn, "H001", "3301000002", D("2026-03-22"))
        with pytest.raises(DunningRefused) as exc:
            account_state(conn, "H001", "4401000001", D("2026-03-22"))
    assert state["dunning_level"] == 0 and state["notices"] == [] and state["stop_supply"] is None
    assert exc.value.status == 404
    assert levels(engine, "2026-03-22")["3301000001"] == 1


def test_the_default_sink_records_each_action(engine, halls):
    r, _ = run(engine, "2026-03-20", CustomerClass.NON_RESIDENTIAL)
    execute(engine, r["run_id"])
    with engine.connect() as conn:
        acts = actions_for(conn, "H001", "3301000003")
    by = {a.action: a for a in acts}
    assert by["dunning.action.sms"].actor == "system"
    assert by["dunning.action.sms"].detail["delivered"] is False
    assert by["dunning.level.reached"].actor == "2001"
    assert json.loads(json.dumps(by["dunning.level.reached"].detail))["level"] == 1


@pytest.mark.parametrize("when", [datetime(2026, 3, 20, 10, 0)])
def test_runs_of_two_halls_do_not_see_each_other(engine, halls, when):
    h2 = Who("H002", "T01", "3001")
    with engine.begin() as conn:
        r2, _ = dunning.make_run(conn, h2, when.date())
        with pytest.raises(DunningRefused) as exc:
            dunning.execute_run(conn, SUPERVISOR, r2["run_id"])
    assert exc.value.status == 404
    assert set(lines(r2)) == {"4401000001"}


def test_the_same_run_asked_twice_at_once_is_made_once(engine, halls):
    """Two supervisors press 'run' together: one run, both get it (PostgreSQL: the second
    waits on the unique key, then finds the first's run; SQLite: writers take turns)."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from hall_ledger.services.booking import in_transaction_retrying

    barrier = Barrier(2)

    def press(actor: str):
        barrier.wait(timeout=10)
        return in_transaction_retrying(
            engine, lambda conn: dunning.make_run(conn, Who("H001", "T01", actor),
                                                  D("2026-03-20"), lines=False),
            what="test run")

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(press, ["2001", "2002"]))
    assert answers[0][0]["run_id"] == answers[1][0]["run_id"]
    assert sorted(created for _, created in answers) == [False, True]
    with engine.connect() as conn:
        runs = conn.execute(select(func.count()).select_from(DunningRun)).scalar_one()
        versions = conn.execute(select(func.count()).select_from(DunningProcedure)).scalar_one()
    assert runs == 1 and versions == len(CustomerClass)  # the defaults seeded once


def test_dunning_columns_as_the_arrears_reports_extra_columns(engine, halls):
    """The hook the arrears list takes: its rows carry the dunning level, lock, promise and
    repeat flag, and its level filter works on them (on PostgreSQL while the arrears stream
    is still open on the same connection)."""
    from hall_ledger.services.arrears import arrears_report

    execute(engine, run(engine, "2026-03-20")[0]["run_id"])
    execute(engine, run(engine, "2026-03-27")[0]["run_id"])
    with engine.begin() as conn:
        add_lock(conn, OTHER, "3301000003", "dispute", D("2026-04-30"), D("2026-03-27"))
    with engine.connect() as conn:
        report = arrears_report(conn, as_of=D("2026-03-28"), hall_id="H001",
                                extra_columns=dunning_columns)
        level2 = arrears_report(conn, as_of=D("2026-03-28"), hall_id="H001", level=2,
                                extra_columns=dunning_columns)
    rows = {r["account_no"]: r for r in report["accounts"]}
    assert {a: r["dunning_level"] for a, r in rows.items()} == {
        "3301000001": 2, "3301000002": 1, "3301000003": 1, "3301000004": 1}
    assert rows["3301000001"]["level_name"] == "催费通知单"
    assert rows["3301000003"]["lock"]["reason"] == "dispute" and rows["3301000001"]["lock"] is None
    assert rows["3301000002"]["repeat_defaulter"] is False
    assert [r["account_no"] for r in level2["accounts"]] == ["3301000001"]
    assert level2["totals"]["all"]["accounts"] == 1
