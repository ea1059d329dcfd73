"""`counter-app printer ...` run as a process, as a technician would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.escpos_decoder import decode
from tests.helpers.fake_printer import FakePrinter, refused_port
from tests.helpers.paths import REPO


def cli(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "counter_app.cli.printer", "--config", str(config), "printer", *args],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('[terminal]\nhall_name = "城西供电营业厅"\n[printer]\nwidth = 58\nencoding = "gbk"\n',
                    encoding="utf-8")
    return path


def test_list(config: Path) -> None:
    r = cli("list", config=config)
    assert r.returncode == 0, r.stderr
    assert "Serial ports (pyserial):" in r.stdout
    assert "USB printers (found by" in r.stdout


@pytest.mark.parametrize(("width", "cols"), [("58", 32), ("80", 48)])
def test_test_page_to_file(tmp_path: Path, config: Path, width: str, cols: int) -> None:
    out = tmp_path / "page.bin"
    r = cli("test", "--printer", f"file://{out}", "--width", width, "--encoding", "gb18030", config=config)
    assert r.returncode == 0, r.stderr
    assert f"sent all {out.stat().st_size} bytes" in r.stdout
    doc = decode(out.read_bytes(), encoding="gb18030", columns=cols)
    assert doc.errors == []
    assert "".join(str(i % 10) for i in range(1, cols + 1)) in doc.texts
    assert len(doc.qr_codes) == 1 and doc.cuts == ["partial"]


def test_sample_receipt_over_tcp_uses_config_defaults(config: Path) -> None:
    with FakePrinter("online") as fp:
        r = cli("sample-receipt", "--printer", fp.uri, config=config)
        received = fp.received
    assert r.returncode == 0, r.stderr
    assert "not printable in gbk" in r.stdout and "䶮" in r.stdout
    doc = decode(received, encoding="gbk", columns=32)
    assert doc.errors == []
    assert doc.texts[0] == "城西供电营业厅"  # hall name from the config
    assert any(t.startswith("户名：龚〓〓") for t in doc.texts)


def test_refused_connection_is_a_clear_failure(config: Path) -> None:
    r = cli("test", "--printer", f"tcp://127.0.0.1:{refused_port()}", config=config)
    assert r.returncode == 1
    assert "connection refused" in r.stderr and r.stdout == ""


def test_paper_out_prints_nothing_and_says_so(config: Path) -> None:
    with FakePrinter("paper_out") as fp:
        r = cli("sample-receipt", "--printer", fp.uri, config=config)
    assert r.returncode == 3
    assert "paper out" in r.stderr and "nothing was printed" in r.stderr


def test_reset_mid_job_reports_partial_output(config: Path) -> None:
    with FakePrinter("reset", reset_after=100) as fp:
        r = cli("test", "--printer", fp.uri, "--timeout", "0.2", config=config)
    assert r.returncode == 1
    assert "part of the page may be printed" in r.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("test", "--printer", "192.168.1.50"), "no scheme"),
        (("test",), "no printer given"),
        (("test", "--printer", "file:///tmp/x.bin", "--profile", "nope"), "unknown printer profile"),
    ],
)
def test_usage_errors(config: Path, args: tuple[str, ...], message: str) -> None:
    r = cli(*args, config=config)
    assert r.returncode == 2 and message in r.stderr
