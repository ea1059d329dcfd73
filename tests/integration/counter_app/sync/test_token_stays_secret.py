"""The counter never writes its ledger token into logs, error messages or status output:
not when the relay works, not when the token is revoked, not when the ledger is away."""

from __future__ import annotations

import json
import logging
import time

from counter_app.services import sync
from hall_ledger.services.terminals import revoke_terminal
from tests.helpers.sync import client, counter_app, policy, write_config


def test_token_absent_from_logs_errors_and_status(counter, ledger_server, ledger_engine, tokens,
                                                  caplog):
    token = tokens["T01"]
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    counter.pay_many(3)
    ledger = client(ledger_server.url, token)
    try:
        sync.drain(counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
                   policy=policy(), timeout=20)
        counter.pay_many(2)
        revoke_terminal(ledger_engine, hall_id="H001", terminal_id="T01")
        refused = sync.relay_pass(counter.sync_store, ledger, clock=counter.clock,
                                  policy=policy())
    finally:
        ledger.close()
    assert refused.error  # the revoked token stopped the relay
    status = sync.sync_status(counter.sync_store)
    data_dir = counter.path.parent
    write_config(data_dir, ledger_server.url, token)
    cli_status = counter_app(data_dir, "sync", "status", "--json")
    cli_now = counter_app(data_dir, "sync", "now")
    connect = counter_app(data_dir, "ledger", "connect", "--url", ledger_server.url,
                          "--token", token)
    away = counter_app(data_dir, "ledger", "connect", "--url", "http://127.0.0.1:9",
                       "--token", token)
    assert connect.returncode != 0 and away.returncode != 0  # revoked; nothing listening
    texts = {
        "logs": caplog.text,
        "relay error": refused.error,
        "status": json.dumps(status.__dict__, default=str) if hasattr(status, "__dict__")
        else repr(status),
        "sync status": cli_status.stdout + cli_status.stderr,
        "sync now": cli_now.stdout + cli_now.stderr,
        "connect (revoked)": connect.stdout + connect.stderr,
        "connect (away)": away.stdout + away.stderr,
    }
    assert caplog.text  # something was logged, so the check below means something
    for where, text in texts.items():
        assert token not in text, f"the token appears in {where}"
        assert token[-12:] not in text, f"part of the token appears in {where}"
