"""counter-app as a newcomer types it: global options anywhere, no tracebacks, a closed pipe,
no terminal for a PIN, reports signed in like the window, ledger connect saying what failed,
messages in the language setting, and Chinese tables that line up."""

from __future__ import annotations

import http.server
import os
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.cli.common import display_width
from tests.helpers.tls import self_signed

CHINESE = {"COUNTER_APP_LANG": ""}  # the setting decides: ui.language defaults to zh_CN


def run(*args: str, env: dict[str, str] | None = None, stdin=subprocess.DEVNULL,
        timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "counter_app", *args], capture_output=True,
                          text=True, timeout=timeout, stdin=stdin, env={**os.environ, **(env or {})})


def one_line_error(r: subprocess.CompletedProcess) -> str:
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    return r.stderr.strip()


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("demo")
    r = run("init", "--data-dir", str(d), "--demo", "--customers", "120", "--seed", "3",
            "--reference-date", "2026-03-20", "--terminal", "T01")
    assert r.returncode == 0, r.stderr
    return d


# --- global options ------------------------------------------------------------------------

def test_data_dir_and_config_after_any_sub_command(demo_dir, tmp_path):
    r = run("printer", "list", "--data-dir", str(demo_dir))
    assert r.returncode == 0, r.stderr
    english = tmp_path / "en.toml"
    english.write_text('[ui]\nlanguage = "en"\n', encoding="utf-8")
    for args in (("--data-dir", str(demo_dir), "user", "list", "--config", str(english)),
                 ("user", "list", f"--data-dir={demo_dir}", "--config", str(english)),
                 ("--config", str(english), "user", "list", "--data-dir", str(demo_dir))):
        r = run(*args, env=CHINESE)
        assert r.returncode == 0, (args, r.stderr)
        assert r.stdout.splitlines()[0].split() == ["ID", "Name", "Role", "State"], args
    r = run("status", "--data-dir", str(tmp_path / "nowhere"))
    assert r.returncode == 1  # the option after the command was used: that folder has no store


def test_hoisting_leaves_other_arguments_alone():
    from counter_app.cli.common import hoist_global_options

    assert hoist_global_options(["printer", "list", "--data-dir", "X", "--config=C"]) == \
        ["--data-dir", "X", "--config=C", "printer", "list"]
    assert hoist_global_options(["lookup", "--", "--data-dir"]) == ["lookup", "--", "--data-dir"]
    assert hoist_global_options(["lookup", "--data-dir"]) == ["lookup", "--data-dir"]


# --- no tracebacks -------------------------------------------------------------------------

def test_a_closed_pipe_ends_quietly(demo_dir):
    proc = subprocess.Popen([sys.executable, "-m", "counter_app", "lookup", "31", "--limit", "120",
                             "--data-dir", str(demo_dir)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, **CHINESE})
    assert proc.stdout.readline()  # `| head -1`
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert err == b"", err.decode()
    assert proc.returncode in (0, 141)


def test_unexpected_errors_are_one_line(demo_dir, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[printer\n", encoding="utf-8")
    r = run("status", "--data-dir", str(demo_dir), "--config", str(broken))
    assert r.returncode == 1
    assert one_line_error(r).startswith("counter-app: ")


# --- reports are signed in like the window ------------------------------------------------

def test_report_without_a_terminal_asks_for_user_and_pin_in_one_line(demo_dir):
    r = run("report", "x", "--shift", "1", "--data-dir", str(demo_dir), env=CHINESE)
    assert r.returncode == 2
    assert "--user" in one_line_error(r) and "终端" in r.stderr
    r = run("report", "x", "--shift", "1", "--user", "1001", "--data-dir", str(demo_dir),
            env=CHINESE)
    assert r.returncode == 2
    assert "PIN" in one_line_error(r) and "--pin-file" in r.stderr


def test_report_refuses_a_wrong_pin_and_a_role_without_the_right(demo_dir, tmp_path):
    pin = tmp_path / "pin"
    pin.write_text("0000\n", encoding="utf-8")
    r = run("report", "z", "--shift", "1", "--user", "2001", "--pin-file", str(pin),
            "--data-dir", str(demo_dir), env=CHINESE)
    assert r.returncode == 1
    assert "密码错误" in one_line_error(r)  # the window's own words for auth.wrong_pin
    pin.write_text("3333\n", encoding="utf-8")  # the technician's demo PIN
    r = run("report", "x", "--shift", "1", "--user", "3001", "--pin-file", str(pin),
            "--data-dir", str(demo_dir), env={"COUNTER_APP_LANG": "en"})
    assert r.returncode == 1
    assert "may not" in one_line_error(r)


# --- language and tables --------------------------------------------------------------------

def test_messages_follow_the_language_setting(demo_dir):
    zh = run("lookup", "0000000000", "--data-dir", str(demo_dir), env=CHINESE)
    assert zh.returncode == 0 and "没有与" in zh.stdout
    en = run("lookup", "0000000000", "--data-dir", str(demo_dir), env={"COUNTER_APP_LANG": "en"})
    assert en.returncode == 0 and en.stdout.startswith("no customer matches")
    missing = run("lookup", "1", "--data-dir", str(demo_dir.parent / "no-such"), env=CHINESE)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_chinese_columns_line_up(demo_dir):
    r = run("user", "list", "--data-dir", str(demo_dir), env=CHINESE)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["编号", "姓名", "角色", "状态"]
    # Every column starts at the same display column on every line.
    starts = []
    for line in lines:
        cols, at, prev_space = [], 0, True
        for ch in line:
            if ch != " " and prev_space:
                cols.append(at)
            prev_space = ch == " "
            at += display_width(ch)
        starts.append(cols)
    assert all(s == starts[0] for s in starts), r.stdout
    r = run("lookup", "张", "--limit", "3", "--data-dir", str(demo_dir), env=CHINESE)
    bills = [line for line in r.stdout.splitlines() if line.startswith("    ") and "¥" in line]
    header = [line for line in r.stdout.splitlines() if "账期" in line]
    assert header and bills
    assert {display_width(line) for line in header[:1] + bills[:1]}  # widths computed
    assert display_width("账期") == 4 and display_width("¥1.00") == 5 and display_width("Ａ") == 2


# --- ledger connect says what failed ---------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        self.send_response(404)
        self.end_headers()

    do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def plain_http() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def tls_server(tmp_path) -> Iterator[int]:
    cert, key = self_signed(tmp_path)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def connect(data_dir: Path, url: str, env=None) -> subprocess.CompletedProcess:
    # The token from the environment, as a script passes it (--token would add a warning line).
    return run("ledger", "connect", "--url", url, "--timeout", "5", "--data-dir", str(data_dir),
               env={"COUNTER_LEDGER_TOKEN": "hcl_x", **(env or {"COUNTER_APP_LANG": "en"})})


def test_connect_to_a_closed_port(tmp_path):
    r = connect(tmp_path, f"http://127.0.0.1:{free_port()}")
    assert r.returncode == 1
    assert "connection refused" in one_line_error(r) and "ConnectError" not in r.stderr
    zh = connect(tmp_path, f"http://127.0.0.1:{free_port()}", env=CHINESE)
    assert "连接被拒绝" in zh.stderr


def test_connect_with_tls_to_plain_http(tmp_path, plain_http):
    r = connect(tmp_path, f"https://127.0.0.1:{plain_http}")
    assert r.returncode == 1
    assert "plain HTTP, not TLS" in one_line_error(r)


def test_connect_with_plain_http_to_tls(tmp_path, tls_server):
    r = connect(tmp_path, f"http://127.0.0.1:{tls_server}")
    assert r.returncode == 1
    assert "answers with TLS: use https://" in one_line_error(r)
    r = connect(tmp_path, f"https://127.0.0.1:{tls_server}")
    assert r.returncode == 1
    assert "not trusted" in one_line_error(r) and "--ca" in r.stderr


def test_unknown_host_and_refused_token_are_named():
    """DNS is not asked here (only 127.0.0.1 traffic): the errors are built as httpx raises them."""
    import httpx

    from counter_app.adapters.ledger_client import LedgerAuthError, LedgerUnreachable
    from counter_app.cli.ledger_errors import explain

    def raised(outer: BaseException, inner: BaseException) -> BaseException:
        try:
            try:
                raise inner
            except BaseException as exc:
                raise outer from exc
        except BaseException as exc:
            return exc

    dns = raised(LedgerUnreachable("cannot connect to the ledger: ConnectError"),
                 raised(httpx.ConnectError("[Errno -2] Name or service not known"),
                        socket.gaierror(-2, "Name or service not known")))
    assert "ledger.example" in explain(dns, "https://ledger.example:8443")
    assert "DNS" in explain(dns, "https://ledger.example:8443")
    token = LedgerAuthError("the ledger refused the token (401): bad token", status=401)
    assert "refused the token" in explain(token, "https://127.0.0.1:1")


def _read_until(fd: int, needle: str, timeout: float = 30.0) -> str:
    """What the program wrote on its terminal, up to and including `needle`."""
    import select
    import time

    seen = b""
    deadline = time.monotonic() + timeout
    while needle.encode() not in seen:
        left = deadline - time.monotonic()
        assert left > 0, seen.decode(errors="replace")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 1024)
            except OSError:  # the program ended and closed the terminal
                break
            if not chunk:
                break
            seen += chunk
    return seen.decode(errors="replace")


def test_report_asks_for_user_and_pin_on_a_terminal(demo_dir):
    """Like the window's sign-in: the user id is typed, the PIN is typed without echo."""
    import fcntl
    import termios

    master, slave = os.openpty()

    def own_terminal() -> None:  # the pty becomes the controlling terminal (/dev/tty)
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [sys.executable, "-m", "counter_app", "report", "x", "--shift", "1", "--data-dir",
         str(demo_dir)], stdin=slave, stdout=subprocess.PIPE, stderr=slave,
        start_new_session=True, preexec_fn=own_terminal, env={**os.environ, **CHINESE})
    os.close(slave)
    try:
        _read_until(master, "用户编号：")
        os.write(master, b"2001\n")
        _read_until(master, "PIN：")
        os.write(master, b"2222\n")
        out, _ = proc.communicate(timeout=60)
        rest = _read_until(master, "\x00")  # everything until the program closed its terminal
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    # Signed in: the report itself is what answers (this demo store has no shift 1 yet),
    # not a missing or wrong PIN; and the PIN was not echoed.
    assert "2222" not in rest
    assert "没有 1 号班次" in rest and proc.returncode == 1, (rest, out)
