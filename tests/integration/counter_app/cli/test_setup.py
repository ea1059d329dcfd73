"""`counter-app setup`: a working counter in one step, or nothing written at all."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.services.imports import import_customers
from hall_ledger.services.terminals import add_terminal
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine

CUSTOMERS = "account_no,name,address,phone,user_type,area\n" + "".join(
    f"33010000{i:02d},客户{i},城东区人民路{i}号,,residential,东1\n" for i in range(1, 8))


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ledger")
    engine = make_engine(f"sqlite:///{folder / 'ledger.db'}")
    migrate.upgrade(engine)
    tokens = {t: add_terminal(engine, hall_id="H001", terminal_id=t) for t in ("T05", "T06", "T07")}
    assert import_customers(engine, CUSTOMERS, hall_id="H001").ok
    with ThreadedServer(create_app(engine)) as srv:
        yield srv.url, tokens
    engine.dispose()


def setup(data_dir: Path, *args: str, token: str | None = None, pin: str = "864209"):
    env = {**os.environ, "COUNTER_APP_LANG": "en", "COUNTER_APP_ADMIN_PIN": pin}
    env.pop("COUNTER_LEDGER_TOKEN", None)
    if token is not None:
        env["COUNTER_LEDGER_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-m", "counter_app", "--data-dir", str(data_dir), "setup",
         "--admin", "9001", "--admin-name", "系统管理员", *args],
        capture_output=True, text=True, timeout=180, env=env, stdin=subprocess.DEVNULL)


def status(data_dir: Path) -> dict:
    proc = subprocess.run([sys.executable, "-m", "counter_app", "--data-dir", str(data_dir),
                           "status"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_a_new_counter_connected_with_its_customers(ledger, tmp_path):
    url, tokens = ledger
    data = tmp_path / "counter"
    done = setup(data, "--hall", "H001", "--terminal", "T05", "--ledger-url", url,
                 "--hall-name", "城东供电营业厅", "--printer", f"file://{tmp_path}/receipts.bin",
                 token=tokens["T05"])
    assert done.returncode == 0, done.stdout + done.stderr
    config = data / "config.toml"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    text = config.read_text(encoding="utf-8")
    assert tokens["T05"] in text and 'id = "T05"' in text and "receipts.bin" in text
    assert status(data)["customers"] == 7
    assert "7 customers" in done.stdout
    users = subprocess.run([sys.executable, "-m", "counter_app", "--data-dir", str(data), "user",
                            "list"], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "COUNTER_APP_LANG": "en"})
    assert "9001" in users.stdout and "admin" in users.stdout

    again = setup(data, "--hall", "H001", "--terminal", "T05", token=tokens["T05"])
    assert again.returncode == 1 and "set up already" in again.stderr


@pytest.mark.parametrize("case", ["wrong token", "another terminal's token", "bad PIN",
                                  "bad printer URI"])
def test_a_refused_setup_writes_nothing(ledger, tmp_path, case):
    url, tokens = ledger
    data = tmp_path / "counter"
    args = ["--hall", "H001", "--terminal", "T06", "--ledger-url", url]
    token, pin = tokens["T06"], "864209"
    if case == "wrong token":
        token = "not-a-token-at-all"
    elif case == "another terminal's token":
        token = tokens["T07"]
    elif case == "bad PIN":
        pin = "12"
    else:
        args += ["--printer", "lpt1"]
    proc = setup(data, *args, token=token, pin=pin)
    assert proc.returncode in (1, 2), proc.stdout
    assert proc.stderr.strip()
    assert not data.exists() or not any(data.iterdir()), list(data.iterdir())
    assert token not in proc.stdout + proc.stderr


def test_offline_setup_without_a_ledger(tmp_path):
    data = tmp_path / "counter"
    done = setup(data, "--hall", "H002", "--terminal", "T01", "--language", "en")
    assert done.returncode == 0, done.stderr
    assert status(data)["customers"] == 0
    assert "token" not in (data / "config.toml").read_text() or 'token = ""' in (
        data / "config.toml").read_text()
