"""bench/gui_startup.py runs end to end through the bench runner on a tiny store (a smoke
test, not a measurement): cold start, Enter to bills, and the relay draining the outbox
under the GUI heartbeat, with the ledger in its own process and embedded."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers.paths import REPO

pytest.importorskip("PySide6")

pytestmark = [pytest.mark.gui, pytest.mark.slow]

ROOT = REPO

# `python -m bench --quick --only gui_startup`, with gui_startup added to the runner's list
# should bench/__main__.py not carry it.
RUNNER = """
import sys
import bench.__main__ as m
from tests.helpers.paths import REPO
if "gui_startup" not in m.BENCHMARKS:
    m.BENCHMARKS += ("gui_startup",)
sys.exit(m.main(sys.argv[1:]))
"""


def test_gui_startup_bench_runs_and_writes_json(tmp_path):
    out = tmp_path / "out"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BENCH_RELAY_PAYMENTS="300")
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, "--quick", "--customers", "1000", "--out", str(out),
         "--only", "gui_startup"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "longest_stall_relay_ms" in proc.stdout
    record = json.loads((out / "gui_startup.json").read_text())
    r = record["results"]
    assert set(record["targets"]) == {"cold_start_to_login_median_s", "enter_to_bills_p99_ms",
                                      "longest_stall_relay_ms", "rss_with_store_open_mb"}
    for label in ("", "_embedded"):
        assert r[f"relay_payments{label}"] == 300  # all queued before the relay started
        assert r[f"relay_review_items{label}"] == 0  # and all booked by the ledger
        assert 0 < r[f"relay_drain{label}_s"] < 120
        assert r[f"relay_ticks{label}"] > 0
        assert 0 < r[f"stall_p99_relay{label}_ms"] <= r[f"longest_stall_relay{label}_ms"]
    assert r["cold_start_to_login_median_s"] > 0 and r["enter_to_bills_samples"] > 0
    assert r["pool_lookups"] == 2000 and r["longest_stall_pool_lookups_ms"] > 0
    # The relay's stores are scratch copies, removed afterwards.
    assert not (out / "gui_startup").exists()
