"""`counter-ledger sms ...` end to end on a ledger database: templates (four-eyes), settings,
queue, dispatch to a simulator, the log, opt-outs, the gateway token."""

from __future__ import annotations

import json
import subprocess
import sys

from hall_ledger.cli import main
from hall_ledger.services.sms.simulator import Simulator
from tests.helpers.paths import REPO
from tests.helpers.sms import DELIVERED, TEXT, seed_sms


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_sms_commands(db_url, engine, halls, capsys):
    seed_sms(engine)
    db = ("--db", db_url)
    code, out, _ = run(capsys, "sms", "template", "draft", *db, "--actor", "3001", "--name",
                       "提醒", "--text", TEXT, "--provider-code", "SMS_1001")
    assert code == 0 and json.loads(out)["status"] == "draft"
    tid = str(json.loads(out)["template_id"])
    code, _, err = run(capsys, "sms", "template", "approve", *db, "--actor", "3001", tid)
    assert code == 1 and "second person" in err
    assert run(capsys, "sms", "template", "approve", *db, "--actor", "3002", tid)[0] == 0
    code, out, _ = run(capsys, "sms", "template", "list", *db)
    assert "approved" in out and "3001→3002" in out
    code, _, err = run(capsys, "sms", "template", "draft", *db, "--actor", "3001", "--name", "x",
                       "--text", "请立即还款，否则催款")
    assert code == 1 and "催款" in err
    # the window around the clock, so the test does not depend on the hour it runs at
    assert run(capsys, "sms", "settings", *db, "--actor", "3001", "--window", "00:00-23:59")[0] == 0
    code, out, _ = run(capsys, "sms", "queue", *db, "--account", DELIVERED, "--as-of",
                       "2026-04-20", "--actor", "3001")
    assert code == 0
    mid = out.strip()
    with Simulator() as sim:
        code, out, _ = run(capsys, "sms", "dispatch", *db, "--gateway-url", sim.url, "--json")
        assert code == 0 and json.loads(out)["sent"] == 1
        assert sim.stats()["per_out_id"] == {mid: 1}
    code, out, _ = run(capsys, "sms", "log", *db, "--json")
    [m] = json.loads(out)["messages"]
    assert (m["message_id"], m["status"]) == (mid, "sent")
    assert run(capsys, "sms", "opt-out", *db, "--phone", "13912340000", "--actor", "1001")[1] \
        .strip() == "added"
    code, out, _ = run(capsys, "sms", "gateway-token", *db, "--name", "relay")
    assert code == 0 and out.splitlines()[-1].startswith("hcs_")


def test_the_simulator_command_prints_its_url_and_stops_when_stdin_ends():
    proc = subprocess.Popen([sys.executable, "-m", "hall_ledger.cli", "sms", "simulator",
                             "--port", "0", "--until-stdin-closes"], cwd=REPO,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        url = json.loads(proc.stdout.readline())["url"]
        assert url.startswith("http://127.0.0.1:")
        import httpx

        answer = httpx.post(f"{url}/sim/send", json={"out_id": "x", "phone": "13912340003"})
        assert answer.json() == {"result": "rate_limited"}
    finally:
        proc.stdin.close()
        assert proc.wait(15) == 0
