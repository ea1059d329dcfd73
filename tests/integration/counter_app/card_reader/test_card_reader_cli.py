"""`counter-app card-reader listen` as a subprocess over a real pty."""

from __future__ import annotations

import subprocess
import sys
import time

from counter_app.adapters.card_reader import encode
from counter_app.config import Config
from tests.helpers.paths import REPO

A, B = "0123456789", "5550001234"


def listen(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "counter_app.cli.card_reader", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_listening(proc: subprocess.Popen[str]) -> str:
    """The first stderr line; the command prints it once the port is open."""
    assert proc.stderr is not None
    return proc.stderr.readline()  # bounded: the command exits at its --timeout


def test_count_prints_each_number_as_read_and_exits_0(pty_device):
    proc = listen("listen", "--port", pty_device.slave_name, "--count", "2", "--timeout", "20")
    try:
        assert "listening on" in wait_listening(proc)
        pty_device.write(encode("line", A) + b"garbage\r\n")
        assert proc.stdout.readline() == A + "\n"  # flushed at once, before the next card
        assert proc.poll() is None
        pty_device.write(encode("line", A))  # debounced: not printed
        pty_device.write(encode("line", B))
        assert proc.wait(timeout=10) == 0
        assert proc.stdout.read() == B + "\n"
        assert "not_digits" in proc.stderr.read()  # the dropped frame is logged on stderr
    finally:
        proc.kill()
        proc.wait()


def test_protocol_and_baud_options(pty_device):
    import termios

    proc = listen(
        "listen",
        "--port",
        pty_device.url,
        "--protocol",
        "stx-etx",
        "--baud",
        "19200",
        "--count",
        "1",
        "--timeout",
        "20",
    )
    try:
        line = wait_listening(proc)
        assert "stx-etx 19200 8N1" in line
        assert termios.tcgetattr(pty_device.master)[4] == termios.B19200
        pty_device.write(encode("stx-etx", B))
        assert proc.wait(timeout=10) == 0
        assert proc.stdout.read() == B + "\n"
    finally:
        proc.kill()
        proc.wait()


def test_defaults_come_from_the_config_file(pty_device, tmp_path):
    config = Config({"card_reader.port": pty_device.url, "card_reader.protocol": "stx-etx"})
    path = config.save(tmp_path / "config.toml")
    proc = listen("--config", str(path), "listen", "--count", "1", "--timeout", "20")
    try:
        assert f"listening on {pty_device.url} stx-etx 9600 8N1" in wait_listening(proc)
        pty_device.write(encode("stx-etx", A))
        assert proc.wait(timeout=10) == 0
        assert proc.stdout.read() == A + "\n"
    finally:
        proc.kill()
        proc.wait()


def test_timeout_exits_non_zero(pty_device):
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "counter_app.cli.card_reader",
            "listen",
            "--port",
            pty_device.url,
            "--count",
            "3",
            "--timeout",
            "0.5",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 1
    assert "timed out after 0.5 s with 0 of 3 account numbers read" in result.stderr
    assert result.stdout == ""
    assert time.monotonic() - started < 10


def test_port_that_cannot_be_opened_exits_at_once_with_a_message():
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "counter_app.cli.card_reader",
            "listen",
            "--port",
            "/dev/ttyCARD-missing",
            "--timeout",
            "30",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2
    assert "counter-app card-reader: cannot open port /dev/ttyCARD-missing" in result.stderr
    assert "No such file or directory" in result.stderr
    assert time.monotonic() - started < 10  # not at --timeout


def test_no_port_and_bad_options_exit_2():
    result = subprocess.run(
        [sys.executable, "-m", "counter_app.cli.card_reader", "listen", "--timeout", "5"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2
    assert "no port: pass --port URL or set card_reader.port" in result.stderr
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "counter_app.cli.card_reader",
            "listen",
            "--port",
            "loop://",
            "--count",
            "0",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2
    assert "must be at least 1" in result.stderr
