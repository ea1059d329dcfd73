"""The ledger's own command-line helpers (hall_ledger/cli_support.py) behave like the
counter's (counter_app/config.check_private, counter_app/cli/common.run_quietly): the two
programs share no module for them, so this test keeps them from drifting apart."""

from __future__ import annotations

import sys

import pytest

from counter_app.cli import common as counter_cli
from counter_app.config import ConfigError
from counter_app.config import check_private as counter_check_private
from hall_ledger import cli_support


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
@pytest.mark.parametrize("mode", [0o600, 0o400, 0o640, 0o604, 0o644])
def test_check_private_agrees_with_the_counter(tmp_path, mode):
    secret = tmp_path / "token"
    secret.write_text("x\n")
    secret.chmod(mode)
    outcomes = []
    for check, error in ((counter_check_private, ConfigError),
                         (cli_support.check_private, cli_support.NotPrivate)):
        try:
            check(secret, "holds the token")
            outcomes.append(None)
        except error as exc:
            outcomes.append(str(exc))
    assert outcomes[0] == outcomes[1]
    assert (outcomes[0] is None) == (mode & 0o077 == 0)


def _raise(exc: BaseException):
    def body() -> int:
        raise exc
    return body


@pytest.mark.parametrize("body", [
    lambda: 0, lambda: 3, _raise(KeyboardInterrupt()), _raise(RuntimeError("boom")),
    _raise(ValueError("bad")),
], ids=["ok", "status", "interrupt", "error", "value"])
def test_run_quietly_agrees_with_the_counter(body, capsys, monkeypatch):
    monkeypatch.delenv("COUNTER_APP_DEBUG", raising=False)
    counter = counter_cli.run_quietly(body, prog="p")
    counter_err = capsys.readouterr().err
    ledger = cli_support.run_quietly(body, prog="p")
    ledger_err = capsys.readouterr().err
    assert (counter, counter_err) == (ledger, ledger_err)


def test_debug_shows_the_traceback_in_both(monkeypatch):
    monkeypatch.setenv("COUNTER_APP_DEBUG", "1")
    for run in (counter_cli.run_quietly, cli_support.run_quietly):
        with pytest.raises(RuntimeError):
            run(_raise(RuntimeError("boom")), prog="p")
