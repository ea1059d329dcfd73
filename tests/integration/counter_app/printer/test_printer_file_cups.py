"""file:// appends to a file and cups:// hands the job to `lp -o raw` (a stand-in lp on PATH)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from counter_app.adapters.printer import (
    DeliveryFailed,
    Printer,
    PrinterState,
    PrinterUnreachable,
    render,
)
from counter_app.adapters.printer.samples import sample_receipt
from tests.helpers.escpos_decoder import decode

JOB = render(sample_receipt(), width_mm=80, encoding="gbk").data


def test_file_transport_appends_whole_jobs(tmp_path: Path) -> None:
    out = tmp_path / "spool.bin"
    p = Printer(f"file://{out}")
    assert p.status().state == PrinterState.UNKNOWN  # a file cannot answer DLE EOT
    p.deliver(JOB)
    p.deliver(JOB)
    assert out.read_bytes() == JOB + JOB
    assert decode(out.read_bytes(), encoding="gbk", columns=48).cuts == ["partial", "partial"]


def test_file_in_missing_folder_is_unreachable(tmp_path: Path) -> None:
    with pytest.raises(PrinterUnreachable, match="cannot open"):
        Printer(f"file://{tmp_path}/no/such/dir/out.bin").deliver(JOB)


def write_script(path: Path, body: str) -> None:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def fake_cups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    spool = tmp_path / "cups"
    spool.mkdir()
    write_script(bin_dir / "lp", f"""
[ "$2" = "Broken" ] && {{ echo "lp: The printer or class does not exist." >&2; exit 1; }}
echo "$@" > "{spool}/args"
cat > "{spool}/job.bin"
echo "request id is $2-1 (1 file(s))"
""")
    write_script(bin_dir / "lpstat", """
[ "$2" = "Paused" ] && { echo "printer Paused disabled since Mon"; exit 0; }
echo "printer $2 is idle.  enabled since Mon"
""")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return spool


def test_cups_raw_job(fake_cups: Path) -> None:
    d = Printer("cups://Receipt58").deliver(JOB)
    assert (fake_cups / "job.bin").read_bytes() == JOB
    assert (fake_cups / "args").read_text().split()[:4] == ["-d", "Receipt58", "-o", "raw"]
    assert not d.confirmed  # queued in CUPS is not printed


def test_cups_refusal_and_disabled_queue(fake_cups: Path) -> None:
    with pytest.raises(DeliveryFailed, match="does not exist"):
        Printer("cups://Broken").deliver(JOB)
    assert Printer("cups://Paused").status().state == PrinterState.OFFLINE
    assert Printer("cups://Receipt58").status().state == PrinterState.UNKNOWN


def test_win32_outside_windows_says_so() -> None:
    with pytest.raises(PrinterUnreachable, match="only on Windows"):
        Printer("win32://POS-80").deliver(JOB)
