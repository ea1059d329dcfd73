"""bench/fault_campaign.py end to end with a few rounds: kills and link faults, then nothing
lost and nothing recorded twice (the full campaign's figures are in docs/security.md)."""

from __future__ import annotations

import pytest

from bench.fault_campaign import ACTIONS, campaign
from tests.helpers.paths import REPO

ROOT = REPO


@pytest.mark.slow
def test_short_fault_campaign_keeps_exactly_once(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    r = campaign(tmp_path / "campaign", rounds=8, seed=7)
    assert sum(r[f"{a}_rounds"] for a in ACTIONS) == 8
    assert r["payments_taken"] > 0 and r["drained"] == 1
    assert r["payments_at_ledger"] == r["payments_taken"]
    assert r["sum_ledger_fen"] == r["sum_counter_fen"]
    assert (r["lost"], r["duplicated"], r["amount_mismatch_fen"]) == (0, 0, 0)
    assert (r["left_queued"], r["on_review"], r["journal_errors"]) == (0, 0, 0)
