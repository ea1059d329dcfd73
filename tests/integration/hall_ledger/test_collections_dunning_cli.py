"""`counter-ledger dunning ...` on a seeded ledger (SQLite and PostgreSQL): procedure show/set
from a file, a run made twice (one run), executed, reversed; locks, promises, the field
worklist; refusals exit 1 with one line and change nothing."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import func, select

from hall_ledger.cli import main
from hall_ledger.store.models import CollectionAction, DunningEvent, DunningRun


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_procedure_show_and_set_from_a_file(db_url, engine, halls, capsys, tmp_path):
    db = ("--db", db_url)
    code, out, _ = cli(capsys, "dunning", "procedure", "show", "--class", "important", *db)
    shown = json.loads(out)
    assert code == 0 and shown["version"] == 0 and shown["default"]
    levels = tmp_path / "levels.json"
    levels.write_text(json.dumps({"levels": [
        {"days_overdue": 5, "min_amount_fen": 0, "interval_days": 0, "action": "sms"},
        {"days_overdue": 45, "min_amount_fen": 0, "interval_days": 20, "action": "notice"}],
        "repeat_defaulter": {"threshold": 5, "months": 24}}), encoding="utf-8")
    code, out, _ = cli(capsys, "dunning", "procedure", "set", "--class", "important",
                       "--file", str(levels), "--actor", "9001", *db)
    assert code == 0 and json.loads(out)["version"] == 1
    assert json.loads(out)["repeat_defaulter"] == {"threshold": 5, "months": 24}
    levels.write_text('[{"days_overdue": 0, "min_amount_fen": 0, "action": "sms"}]')
    before = count(engine, CollectionAction)
    code, _, err = cli(capsys, "dunning", "procedure", "set", "--class", "important",
                       "--file", str(levels), "--actor", "9001", *db)
    assert code == 1 and "collections.dunning.procedure_invalid" in err
    assert count(engine, CollectionAction) == before


def test_run_twice_execute_reverse(db_url, engine, halls, capsys):
    db = ("--db", db_url)
    code, out, _ = cli(capsys, "dunning", "run", "--as-of", "2026-03-20", "--actor", "2001", *db)
    first = json.loads(out)
    assert code == 0 and first["created"] and first["lines_by_level"] == {"1": 4}
    code, out, _ = cli(capsys, "dunning", "run", "--as-of", "2026-03-20", *db)
    assert json.loads(out)["run_id"] == first["run_id"] and not json.loads(out)["created"]
    assert count(engine, DunningRun) == 1
    rid = str(first["run_id"])
    code, out, _ = cli(capsys, "dunning", "edit", rid, "3301000004", "--block", "--note",
                       "户主住院", "--actor", "2002", *db)
    assert code == 0 and json.loads(out)["blocked"]
    code, _, err = cli(capsys, "dunning", "run", "--execute", rid, *db)
    assert code == 1 and "--actor" in err
    code, out, _ = cli(capsys, "dunning", "run", "--execute", rid, "--actor", "2001", *db)
    assert code == 0 and json.loads(out)["status"] == "executed"
    assert count(engine, DunningEvent) == 3
    code, out, _ = cli(capsys, "dunning", "state", "3301000001", "--as-of", "2026-03-21", *db)
    assert json.loads(out)["dunning_level"] == 1
    code, _, err = cli(capsys, "dunning", "run", "--reverse", rid, "--actor", "2001", *db)
    assert code == 1 and "--reason" in err
    code, out, _ = cli(capsys, "dunning", "run", "--reverse", rid, "--reason", "数据有误",
                       "--actor", "2001", *db)
    assert code == 0 and json.loads(out)["status"] == "reversed"
    code, out, _ = cli(capsys, "dunning", "runs", *db)
    assert [r["status"] for r in json.loads(out)] == ["reversed"]


def test_lock_promise_area_worklist_visit(db_url, engine, halls, capsys):
    db = ("--db", db_url)
    # the CLI's today is the machine's date
    soon, far = (date.today() + timedelta(days=d) for d in (10, 400))
    code, _, err = cli(capsys, "dunning", "lock", "3301000001", "--reason", "dispute",
                       "--until", far.isoformat(), "--actor", "2001", *db)
    assert code == 1 and "collections.dunning.lock_until" in err
    code, out, _ = cli(capsys, "dunning", "lock", "3301000001", "--reason", "dispute",
                       "--until", soon.isoformat(), "--actor", "2001", *db)
    assert code == 0 and json.loads(out)["until"] == soon.isoformat()
    code, out, _ = cli(capsys, "dunning", "state", "3301000001", *db)
    assert json.loads(out)["lock"]["reason"] == "dispute"
    code, out, _ = cli(capsys, "dunning", "unlock", "3301000001", "--actor", "2002", *db)
    assert code == 0 and json.loads(out)[0]["released_by"] == "2002"
    code, _, err = cli(capsys, "dunning", "lock", "4401000001", "--reason", "dispute",
                       "--until", "2099-01-01", "--actor", "2001", *db)
    assert code == 1 and "collections.dunning" in err
    code, _, err = cli(capsys, "dunning", "promise", "3301000001", "--pay", "tomorrow=12",
                       "--actor", "2001", *db)
    assert code == 1 and "DATE=YUAN" in err
    code, out, _ = cli(capsys, "dunning", "promise", "3301000001", "--pay",
                       f"{soon.isoformat()}=100", "--pay", f"{far.isoformat()}=70.60",
                       "--tolerance", "2", "--actor", "2001", *db)
    plan = json.loads(out)
    assert code == 0 and (plan["kind"], plan["promised_fen"], plan["state"]) == ("plan", 17060,
                                                                              "open")
    code, out, _ = cli(capsys, "dunning", "area", "东1", "--collector", "C01", "--actor", "2001",
                       *db)
    assert code == 0 and json.loads(out) == {"area": "东1", "collector": "C01"}
    code, out, _ = cli(capsys, "dunning", "worklist", "--collector", "C01", "--as-of",
                       "2026-04-01", *db)
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()[1:-1]]
    assert [r[2] for r in rows] == ["3301000001", "3301000002", "3301000004"]
    assert out.splitlines()[-1].startswith("total ¥")
    code, out, _ = cli(capsys, "dunning", "worklist", "--collector", "C01", "--as-of",
                       "2026-04-01", "--json", *db)
    assert len(json.loads(out)["accounts"]) == 3
