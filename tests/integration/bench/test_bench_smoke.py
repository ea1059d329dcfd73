"""The benchmark runner works end to end on a tiny store (a smoke test, not a measurement)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers.paths import REPO

ROOT = REPO


def test_bench_runs_and_writes_json(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--customers", "2000", "--out", str(out),
         "--only", "demo_store", "--only", "lookup", "--only", "take_payment"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "lookup" in proc.stdout and "account_p99_ms" in proc.stdout
    demo = json.loads((out / "demo_store.json").read_text())
    assert demo["results"]["customers"] == 2000 and demo["results"]["bills"] == 12000
    lookup = json.loads((out / "lookup.json").read_text())
    assert lookup["results"]["account_mean_hits"] == 1.0
    assert 0 < lookup["results"]["account_p50_ms"] <= lookup["results"]["account_p99_ms"]
    assert set(lookup["targets"]) == {"account_p99_ms", "name_p99_ms", "address_p99_ms",
                                      "pinyin_p99_ms"}
    assert lookup["results"]["pinyin_mean_hits"] >= 1.0  # every name drawn is found by its pinyin
    pay = json.loads((out / "take_payment.json").read_text())
    assert pay["results"]["payments"] == 100
    assert pay["results"]["fsync_p50_ms"] > 0
    assert pay["machine"]["cores"] >= 1 and pay["machine"]["cpu"]
    # The 2,000-customer store was built once and reused by the later benchmarks.
    assert sorted(p.name for p in out.glob("*.db")) == ["demo-2000-seed20260320.db"]
