"""`counter-ledger` as an operator runs it: real processes, real files, HTTPS with a real cert."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.adapters.ledger_client import LedgerClient, LedgerOutcomeUnknown
from hall_ledger.cli import main
from hall_ledger.services.terminals import authenticate
from hall_ledger.store.db import make_engine
from hall_ledger.store.migrate import head_revision
from hall_ledger.store.models import Customer
from tests.helpers.tls import self_signed
from tests.helpers.waiting import wait_until

SCRIPT = Path(sys.executable).with_name("counter-ledger")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "hall_ledger.cli"]


def ledger(*args: str, check: bool = True, cwd: Path | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=120,
                            cwd=cwd)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    """The same command in this process (quicker; subprocesses cover start-up above)."""
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_init_terminal_import_demo_report_verify(fresh_db_url, tmp_path, capsys):
    db = ("--db", fresh_db_url)
    assert f"revision {head_revision()}" in ledger("init-db", *db).stdout
    assert run_main(capsys, "init-db", *db)[0] == 0  # idempotent

    added = ledger("terminal", "add", *db, "--terminal", "T01", "--hall", "H001")
    token = added.stdout.strip().splitlines()[-1]
    assert token.startswith("hcl_") and len(token) > 40 and " " not in token
    code, _, err = run_main(capsys, "terminal", "add", *db, "--terminal", "T01", "--hall", "H001")
    assert code == 1 and "already exists" in err

    bad = tmp_path / "customers.csv"
    bad.write_text("account_no,name,address,phone,user_type,area\n"
                   "3301000001,张三,人民路1号,13800000001,residential,东1\n"
                   "33010000,李四,人民路2号,,residential,东1\n"
                   "3301000003,王五,人民路3号,,company,东1\n", encoding="utf-8")
    code, _, err = run_main(capsys, "import-customers", *db, str(bad))
    assert code == 1
    # The messages of the parser both programs share (hall_domain/csv_import.py).
    assert "customers.csv:3: account_no: Account number must have 10 digits" in err
    assert "customers.csv:4: user_type: 'company' is not one of residential, other" in err
    assert "nothing was imported" in err
    engine = make_engine(fresh_db_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Customer)).scalar_one() == 0

    good = tmp_path / "good.csv"
    good.write_bytes("\ufeffaccount_no,name,address,phone,user_type,area\n"
                     "3301000001,张三,人民路1号,13800000001,居民,东1\n".encode())
    assert "1 added" in run_main(capsys, "import-customers", *db, str(good))[1]
    bills = tmp_path / "bills.csv"
    bills.write_text("account_no,period,kwh,amount,due_date\n"
                     "3301000001,2026-02,100,50.00,2026-03-15\n"
                     "3301000001,2026-03,100,1e3,2026-04-15\n", encoding="utf-8")
    code, _, err = run_main(capsys, "import-bills", *db, str(bills))
    assert code == 1 and "bills.csv:3:" in err and "exponent" in err
    bills.write_text("account_no,period,kwh,amount,due_date\n"
                     "3301000001,2026-02,100,50.00,2026-03-15\n", encoding="utf-8")
    assert "1 added" in run_main(capsys, "import-bills", *db, str(bills))[1]
    assert "added 30 customers" in run_main(capsys, "demo-data", *db, "--customers", "30")[1]

    code, out, _ = run_main(capsys, "channel-pay", *db, "--account", "3301000001",
                            "--amount", "50.00", "--paid-at", "2026-03-15T09:00:00")
    assert code == 0 and json.loads(out)["result"]["allocations"][0]["settles_bill"] is True
    report = json.loads(ledger("report", *db, "--date", "2026-03-15", "--json").stdout)
    assert report["channels"] == [{"channel": "bank", "count": 1, "amount_fen": 5000,
                                   "void_count": 0}]
    assert "per tender:" in run_main(capsys, "report", *db, "--date", "2026-03-15")[1]
    assert run_main(capsys, "verify", *db)[:2] == (0, "balances agree with the journal\n")

    assert authenticate(engine, token) is not None
    code, out, _ = run_main(capsys, "terminal", "revoke", *db, "--terminal", "T01")
    assert code == 0 and "1 token(s) revoked" in out
    assert authenticate(engine, token) is None
    engine.dispose()


def test_commands_refuse_a_database_without_the_schema(tmp_path):
    result = ledger("terminal", "add", "--db", str(tmp_path / "new.db"), "--terminal", "T1",
                    "--hall", "H1", check=False)
    assert result.returncode == 1 and "init-db" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_over_tls_with_a_self_signed_certificate(db_url, engine, tmp_path):
    cert, key = self_signed(tmp_path)
    token = ledger("terminal", "add", "--db", db_url, "--terminal", "T01",
                   "--hall", "H001").stdout.strip().splitlines()[-1]
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen(
        [*COMMAND, "serve", "--db", db_url, "--port", str(port), "--tls-cert", str(cert),
         "--tls-key", str(key), "--log-level", "debug"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        url = f"https://127.0.0.1:{port}"
        client = LedgerClient(url, token, verify=cert, timeout=5)
        answers = []

        def answered() -> bool:
            assert proc.poll() is None, log.read()
            try:
                answers.append(client.health())
            except LedgerOutcomeUnknown:
                return False
            return True

        assert wait_until(answered, 30, 0.1), log.read()
        assert answers[0].terminal_id == "T01"
        client.pull_snapshot()
        # Plain HTTP to the TLS port, and TLS without trusting the cert, both fail.
        with pytest.raises(LedgerOutcomeUnknown):
            LedgerClient(f"http://127.0.0.1:{port}", token, timeout=5).health()
        with pytest.raises(LedgerOutcomeUnknown):
            LedgerClient(url, token, timeout=5).health()
        client.close()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
    log.seek(0)
    output = log.read()
    assert "GET /v1/health" in output  # the access log was written ...
    assert token not in output and token[4:16] not in output  # ... without the token


def test_serve_refuses_an_uninitialised_database_and_half_a_tls_pair(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "x.db")]) == 1
    assert "init-db" in capsys.readouterr().err
    assert main(["serve", "--db", str(tmp_path / "x.db"), "--tls-cert", "c.pem"]) == 1
    assert "go together" in capsys.readouterr().err


def test_terminal_add_prints_the_setup_code_the_wizard_reads(tmp_path):
    from hall_domain.setup_code import read_setup_code

    db = ("--db", f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger("init-db", *db)
    out = ledger("terminal", "add", *db, "--terminal", "T07", "--hall", "H001",
                 "--qr", "https://ledger.example:8443/").stdout.splitlines()
    token = out[1]
    assert token.startswith("hcl_")
    blocks = [line for line in out if "█" in line or "▀" in line or "▄" in line]
    # a square of modules, two rows to a line: at least version 1 (21 modules + border)
    assert len(blocks) >= 11 and len({len(line) for line in blocks}) == 1
    code = read_setup_code(out[-1])
    assert (code.ledger_url, code.hall_id, code.terminal_id, code.token) == (
        "https://ledger.example:8443", "H001", "T07", token)
