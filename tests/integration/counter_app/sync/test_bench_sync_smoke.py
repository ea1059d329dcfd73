"""The sync benchmarks run end to end at a small size (a smoke test, not a measurement)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers.paths import REPO

ROOT = REPO


def test_sync_benchmarks_run_and_write_json(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--customers", "2000", "--out", str(out),
         "--only", "sync_drain", "--only", "reference_pull"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    drain = json.loads((out / "sync_drain.json").read_text())["results"]
    assert drain["payments"] == 1000 and drain["drain_seconds"] > 0
    pull = json.loads((out / "reference_pull.json").read_text())["results"]
    assert pull["customers"] == 2000 and pull["snapshot_bills"] > 0
    assert pull["changed_customers"] + pull["changed_bills"] >= 1000
