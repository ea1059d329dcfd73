"""Secrets stay out of `ps`, out of world-readable files and out of the access log:
`counter-app ledger connect` with the token from a file or the environment (its argv read
from /proc while it waits on a ledger that does not answer), config.toml written 0600, and
`counter-ledger serve` with its database URL from the environment (argv read from /proc)
logging requests without their query strings."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.helpers.sync import counter_app, free_port, wait_for

pytestmark = pytest.mark.skipif(not Path("/proc/self/cmdline").exists(),
                                reason="needs /proc to read another process's argv")


def cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def environ_of(pid: int) -> str:
    return Path(f"/proc/{pid}/environ").read_bytes().replace(b"\0", b"\n").decode()


@pytest.fixture
def silent_ledger():
    """A listener on 127.0.0.1 that accepts and never answers: connect waits on it."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    yield f"http://127.0.0.1:{srv.getsockname()[1]}", srv
    srv.close()


def _accepted(srv: socket.socket) -> bool:
    srv.settimeout(0.05)
    try:
        conn, _ = srv.accept()
    except TimeoutError:
        return False
    conn.close()
    return True


@pytest.mark.parametrize("how", ["file", "env"])
def test_connect_keeps_the_token_out_of_argv(tmp_path, silent_ledger, how):
    url, srv = silent_ledger
    token = "hcl_" + "k7" * 20
    env = {**os.environ}
    args = [sys.executable, "-m", "counter_app", "--data-dir", str(tmp_path), "ledger",
            "connect", "--url", url, "--timeout", "30"]
    if how == "file":
        token_file = tmp_path / "token"
        token_file.write_text(token + "\n")
        token_file.chmod(0o600)
        args += ["--token-file", str(token_file)]
    else:
        env["COUNTER_LEDGER_TOKEN"] = token
    proc = subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: _accepted(srv), 30), "connect never reached the ledger"
        # The process is now waiting for the ledger's answer, with the token in memory.
        argv = cmdline(proc.pid)
        assert "ledger connect" in argv and url in argv  # we are looking at the right process
        assert token not in argv and token[-10:] not in argv
        if how == "env":  # the environment is readable by the same user only (and root)
            assert token in environ_of(proc.pid)
            assert stat.S_IMODE(os.stat(f"/proc/{proc.pid}/environ").st_mode) & 0o077 == 0
    finally:
        proc.kill()
        _, err = proc.communicate(timeout=10)
    assert token not in err


def test_connect_writes_config_0600_and_refuses_a_readable_one(counter, ledger_server, tokens):
    data_dir = counter.path.parent
    token_file = data_dir / "token"
    token_file.write_text(tokens["T01"])
    token_file.chmod(0o600)
    ok = counter_app(data_dir, "ledger", "connect", "--url", ledger_server.url,
                     "--token-file", str(token_file))
    assert ok.returncode == 0, ok.stderr
    config = data_dir / "config.toml"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert tokens["T01"] in config.read_text()
    assert counter_app(data_dir, "sync", "status").returncode == 0
    config.chmod(0o644)  # e.g. copied by hand with the default umask
    refused = counter_app(data_dir, "sync", "status")
    assert refused.returncode == 1
    assert "chmod 600" in refused.stderr and tokens["T01"] not in refused.stderr
    token_file.chmod(0o644)
    config.chmod(0o600)
    again = counter_app(data_dir, "ledger", "connect", "--url", ledger_server.url,
                        "--token-file", str(token_file))
    assert again.returncode == 2 and "chmod 600" in again.stderr


def _serve(env: dict, port: int, *extra: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "hall_ledger.cli", "serve", "--port", str(port),
         "--log-level", "info", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def up() -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/v1/openapi.json", timeout=0.5).is_success
        except httpx.HTTPError:
            return proc.poll() is not None
    assert wait_for(up, 45), "the ledger did not start"
    assert proc.poll() is None, proc.stdout.read()
    return proc


def _requests_with_query(port: int, token: str) -> None:
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    r = httpx.get(f"{base}/v1/reconciliation?date=2026-03-20&note=q7secretq7", headers=headers)
    assert r.status_code in (200, 422), r.text
    httpx.get(f"{base}/v1/reference/changes?cursor=c9cursorc9", headers=headers)


def _stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    out, _ = proc.communicate(timeout=20)
    return out


def test_serve_takes_the_db_url_from_the_environment_and_logs_no_query(ledger_url, tokens):
    port = free_port()
    env = {**os.environ, "COUNTER_LEDGER_DB": ledger_url}
    proc = _serve(env, port)
    try:
        argv = cmdline(proc.pid)
        assert "serve" in argv and str(port) in argv
        assert ledger_url not in argv and "://" not in argv
        _requests_with_query(port, tokens["T01"])
    finally:
        out = _stop(proc)
    assert "GET /v1/reconciliation HTTP/1.1" in out  # the access log is on, the path is there
    assert "GET /v1/reference/changes HTTP/1.1" in out
    for secret in ("q7secretq7", "c9cursorc9", "2026-03-20", "?", tokens["T01"]):
        assert secret not in out, f"{secret!r} is in the ledger's output"


# Only the PostgreSQL variant: a SQLite URL has no password to keep out of sight.
@pytest.mark.parametrize("ledger_url", [pytest.param("postgres", marks=pytest.mark.postgres)],
                         indirect=True)
def test_serve_with_a_password_file_keeps_the_password_out_of_argv(ledger_url, tokens,
                                                                    tmp_path):
    from sqlalchemy.engine import URL, make_url

    url = make_url(ledger_url)
    assert url.get_backend_name() == "postgresql" and url.password  # CI's URL has one
    password_file = tmp_path / "pg-password"
    password_file.write_text(url.password + "\n")
    password_file.chmod(0o600)
    bare = URL.create(url.drivername, username=url.username, host=url.host, port=url.port,
                      database=url.database, query=url.query).render_as_string(
                          hide_password=False)
    assert f":{url.password}@" not in bare
    port = free_port()
    proc = _serve({**os.environ}, port, "--db", bare, "--db-password-file", str(password_file))
    try:
        argv = cmdline(proc.pid)
        assert f":{url.password}@" not in argv and str(password_file) in argv
        _requests_with_query(port, tokens["T01"])
    finally:
        out = _stop(proc)
    assert "GET /v1/reconciliation HTTP/1.1" in out and "q7secretq7" not in out
    assert "visible to other users" not in out  # no password typed on the command line
