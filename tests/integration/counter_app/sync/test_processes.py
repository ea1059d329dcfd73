"""Whole processes: the ledger SIGKILLed and restarted mid-batch, the counter's relay SIGKILLed
mid-sync and restarted, two relay processes on one store, and the sync commands."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

from counter_app.services import sync
from tests.helpers.sync import (
    assert_exactly_once,
    client,
    counter_app,
    free_port,
    ledger_payments,
    pending_count,
    policy,
    spawn_counter_app,
    wait_for,
    write_config,
)


def _serve(db_url: str, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "hall_ledger.cli", "serve", "--db", db_url,
         "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    import httpx

    def up() -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/v1/openapi.json", timeout=0.5).is_success
        except httpx.HTTPError:
            return proc.poll() is not None
    assert wait_for(up, 45), "the ledger did not start"
    assert proc.poll() is None, proc.stderr.read()
    return proc


def test_ledger_killed_and_restarted_mid_batch(counter, ledger_url, ledger_engine, tokens):
    counter.pay_many(200)
    port = free_port()
    ledger_proc = _serve(ledger_url, port)
    ledger = client(f"http://127.0.0.1:{port}", tokens["T01"], timeout=2.0)
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("r", sync.drain(
        counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
        policy=policy(batch=10), timeout=60)))
    try:
        thread.start()
        assert wait_for(lambda: len(ledger_payments(ledger_engine)) >= 30, 45)
        ledger_proc.send_signal(signal.SIGKILL)
        ledger_proc.wait(5)
        killed_at = len(ledger_payments(ledger_engine))
        assert killed_at < 200
        # The ledger stays down until the relay has failed against it at least once.
        assert wait_for(lambda: sync.sync_status(counter.sync_store).last_error, 30)
        ledger_proc = _serve(ledger_url, port)
        thread.join(60)
        assert not thread.is_alive()
    finally:
        ledger_proc.kill()
        ledger_proc.wait(5)
        ledger.close()
    assert_exactly_once(counter, ledger_engine)


def test_counter_killed_mid_sync_resumes_after_restart(counter, ledger_server, ledger_engine,
                                                       tokens):
    counter.pay_many(300)
    data_dir = counter.path.parent
    write_config(data_dir, ledger_server.url, tokens["T01"])
    relay = spawn_counter_app(data_dir, "sync", "run", "--batch", "5", "--idle", "0.2",
                              "--base-delay", "0.05", "--max-delay", "0.5", "--max-seconds", "60")
    try:
        assert wait_for(lambda: pending_count(counter.path) < 280, 30)
        relay.send_signal(signal.SIGKILL)
        relay.wait(5)
    finally:
        if relay.poll() is None:
            relay.kill()
    left = pending_count(counter.path)
    assert 0 < left < 300
    done = counter_app(data_dir, "sync", "now", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"]["pending"] == 0
    assert_exactly_once(counter, ledger_engine)


def test_two_relay_processes_on_one_store_never_send_the_same_item(counter, ledger_server,
                                                                   ledger_engine, tokens):
    counter.pay_many(150)
    data_dir = counter.path.parent
    write_config(data_dir, ledger_server.url, tokens["T01"])
    args = ("sync", "run", "--batch", "5", "--idle", "0.05", "--max-seconds", "60")
    relays = [spawn_counter_app(data_dir, *args) for _ in range(2)]
    try:
        assert wait_for(lambda: pending_count(counter.path) == 0, 40)
    finally:
        outs = []
        for r in relays:
            r.send_signal(signal.SIGTERM)
        for r in relays:
            out, _ = r.communicate(timeout=20)
            outs.append(out)
    sent = [sum(int(line.split()[2]) for line in out.splitlines() if line.startswith("cycle:"))
            for out in outs]
    assert sum(sent) == 150  # each item went out once, from one process or the other
    assert_exactly_once(counter, ledger_engine)


def test_sync_status_and_ledger_connect_commands(counter, ledger_server, ledger_engine, tokens):
    counter.pay_many(4)
    data_dir = counter.path.parent
    status = counter_app(data_dir, "sync", "status", "--json")
    assert status.returncode == 0, status.stderr
    data = json.loads(status.stdout)
    assert data["pending"] == 4 and data["pending_payments"] == 4 and data["ledger_url"] is None
    assert counter_app(data_dir, "sync", "now").returncode == 2  # no ledger connected yet

    bad = counter_app(data_dir, "ledger", "connect", "--url", ledger_server.url,
                      "--token", "hcl_wrong")
    assert bad.returncode == 1 and "refused the token" in bad.stderr
    assert not (data_dir / "config.toml").exists()
    other = counter_app(data_dir, "ledger", "connect", "--url", ledger_server.url,
                        "--token", tokens["T02"])
    assert other.returncode == 1 and "H001/T02" in other.stderr
    ok = counter_app(data_dir, "ledger", "connect", "--url", ledger_server.url,
                     "--token", tokens["T01"])
    assert ok.returncode == 0, ok.stderr
    assert "H001/T01" in ok.stdout and tokens["T01"] not in ok.stdout
    saved = (data_dir / "config.toml").read_text()
    assert ledger_server.url in saved and tokens["T01"] in saved
    assert os.stat(data_dir / "config.toml").st_size > 0

    now = counter_app(data_dir, "sync", "now")
    assert now.returncode == 0, now.stderr
    assert "4 recorded" in now.stdout
    assert_exactly_once(counter, ledger_engine)
    data = json.loads(counter_app(data_dir, "sync", "status", "--json").stdout)
    assert data["pending"] == 0 and data["last_success"] and not data["cards_refused"]
