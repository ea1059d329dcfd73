"""The arrears benchmark runs end to end on a small PostgreSQL load (a smoke test, not a
measurement): the arrears list finds exactly the accounts the raw GROUP BY floor finds."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers.paths import REPO

pytestmark = pytest.mark.postgres


def test_bench_arrears_quick_run(tmp_path):
    url = os.environ.get("COUNTER_TEST_PG_URL")
    if not url:  # like the other PostgreSQL tests: skipped locally, required on CI
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("COUNTER_TEST_PG_URL is not set, but CI=true")
        pytest.skip("COUNTER_TEST_PG_URL not set")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--customers", "2000", "--out", str(out),
         "--only", "bench_arrears"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
        env={**os.environ, "COUNTER_BENCH_PG_URL": url},
    )
    assert proc.returncode == 0, proc.stderr
    record = json.loads((out / "bench_arrears.json").read_text())
    r = record["results"]
    assert r["customers"] == 2000 and r["bills"] == 12000
    assert 0 < r["arrears_accounts"] == r["floor_accounts"] < 2000
    assert r["open_bills"] >= r["arrears_accounts"]
    assert r["arrears_seconds"] > 0 and r["ratio_to_floor"] > 0
    assert record["targets"]["arrears_seconds"]["value"] == 15.0
