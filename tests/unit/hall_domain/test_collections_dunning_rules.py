"""The pure dunning rules: levels due, one level per run with intervals, minimum amounts,
locks and promises, supervisors' edit limits, promises kept or broken, the repeat-defaulter
score, procedures parsed from JSON, walking order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hall_domain.collections import CustomerClass
from hall_domain.dunning import (
    DEFAULT_LEVELS,
    Action,
    DunningError,
    Instalment,
    PromiseState,
    RepeatRule,
    Standing,
    check_edit,
    default_procedure,
    due_level,
    judge_promise,
    months_back,
    natural_key,
    parse_procedure,
    propose,
    repeat_score,
)

RES = default_procedure(CustomerClass.RESIDENTIAL)
DAY = date(2026, 6, 1)


def standing(days=0, fen=10_000, level=0, last=None, **kw) -> Standing:
    return Standing(days, fen, level, last, **kw)


def test_defaults_are_valid_and_important_users_wait_longer():
    for cls, levels in DEFAULT_LEVELS.items():
        again = parse_procedure(cls, default_procedure(cls).as_json())
        assert again.levels == levels
    res, imp = DEFAULT_LEVELS[CustomerClass.RESIDENTIAL], DEFAULT_LEVELS[CustomerClass.IMPORTANT]
    assert [lv.action for lv in res] == [Action.SMS, Action.NOTICE, Action.STOP_WARNING,
                                         Action.STOP_REQUEST]
    assert (res[0].days_overdue, res[0].min_amount_fen, res[1].days_overdue,
            res[2].days_overdue, res[3].days_overdue) == (1, 100, 15, 31, 38)
    # the stop-supply warning after the 30 days the rules require; important users later
    assert res[2].days_overdue > 30 and imp[-2].days_overdue > res[2].days_overdue
    assert imp[-1].action == Action.STOP_REQUEST and imp[-1].days_overdue > res[-1].days_overdue


@pytest.mark.parametrize(("days", "fen", "level"), [
    (0, 10_000, 0), (1, 10_000, 1), (1, 99, 0), (1, 100, 1), (14, 10_000, 1), (15, 10_000, 2),
    (30, 10_000, 2), (31, 10_000, 3), (38, 10_000, 4), (200, 10_000, 4), (200, 50, 0)])
def test_the_level_due_by_days_and_minimum(days, fen, level):
    assert due_level(RES, days, fen) == level


def test_200_days_overdue_with_no_history_climbs_to_the_first_level_only():
    p = propose(RES, standing(200), DAY)
    assert (p.proposed_level, p.due_level, p.blocked) == (1, 4, False)
    assert "climbing" in p.note


def test_the_next_level_waits_for_its_interval():
    last = DAY - timedelta(days=6)
    assert propose(RES, standing(200, level=1, last=last), DAY).proposed_level == 1
    assert "interval" in propose(RES, standing(200, level=1, last=last), DAY).note
    assert propose(RES, standing(200, level=1, last=DAY - timedelta(days=7)),
                   DAY).proposed_level == 2
    assert propose(RES, standing(200, level=4, last=last), DAY).note == "top level reached"


def test_under_the_next_levels_minimum_nothing_happens():
    p = propose(RES, standing(200, fen=99), DAY)
    assert p.proposed_level == 0 and "minimum" in p.note


def test_a_lock_or_a_running_promise_blocks_but_shows_the_line():
    p = propose(RES, standing(40, lock="dispute"), DAY)
    assert (p.proposed_level, p.blocked) == (1, True) and "dispute" in p.note
    p = propose(RES, standing(40, promise_open=True), DAY)
    assert p.blocked and "promise" in p.note


def test_a_broken_promise_raises_one_level_at_once_but_only_once():
    last = DAY - timedelta(days=2)  # interval not passed, level 2's days not reached (5)
    p = propose(RES, standing(5, level=1, last=last, promise_broken_on=DAY), DAY)
    assert (p.proposed_level, p.blocked) == (2, False) and "broken" in p.note
    # broken before the current level was reached: it has had its effect
    p = propose(RES, standing(5, level=1, last=last, promise_broken_on=last - timedelta(1)), DAY)
    assert p.proposed_level == 1


@given(days=st.integers(0, 2000), fen=st.integers(0, 10**8), level=st.integers(0, 4),
       gap=st.integers(0, 60), broken=st.booleans(), locked=st.booleans())
def test_a_run_never_raises_by_more_than_one_level_nor_over_the_top(days, fen, level, gap,
                                                                    broken, locked):
    last = DAY - timedelta(days=gap) if level else None
    s = standing(days, fen, level, last, lock="other" if locked else None,
                 promise_broken_on=DAY if broken else None)
    p = propose(RES, s, DAY)
    assert level <= p.proposed_level <= min(level + 1, RES.top)
    if p.proposed_level > level and not broken:
        assert p.due_level >= p.proposed_level


def test_edit_limits():
    check_edit(1, 0, 2, 4)  # raise by one
    check_edit(2, 1, 1, 4)  # lower to the current level: no action
    check_edit(2, 0, 0, 4)
    with pytest.raises(DunningError) as exc:
        check_edit(1, 0, 3, 4)
    assert exc.value.code == "dunning.line.raise_too_far"
    with pytest.raises(DunningError):
        check_edit(4, 3, 5, 4)  # beyond the top
    with pytest.raises(DunningError) as exc:
        check_edit(2, 1, 0, 4)
    assert exc.value.code == "dunning.line.below_current"


def test_a_promise_is_kept_broken_or_open_by_the_payments():
    plan = [Instalment(date(2026, 4, 10), 5000), Instalment(date(2026, 5, 10), 5000)]
    on = date(2026, 4, 12)
    assert judge_promise(plan, 2, [(date(2026, 4, 12), 5000)], on).state == PromiseState.OPEN
    broken = judge_promise(plan, 2, [(date(2026, 4, 12), 4999)], date(2026, 4, 13))
    assert (broken.state, broken.broken_on, broken.missed) == (PromiseState.BROKEN,
                                                               date(2026, 4, 13), 1)
    # the grace day itself is not yet broken
    assert judge_promise(plan, 2, [], date(2026, 4, 12)).state == PromiseState.OPEN
    kept = judge_promise(plan, 2, [(date(2026, 4, 1), 10_000)], date(2026, 4, 2))
    assert kept.state == PromiseState.KEPT and kept.paid_fen == 10_000
    late = judge_promise(plan, 0, [(date(2026, 4, 9), 5000), (date(2026, 5, 11), 5000)],
                         date(2026, 5, 20))
    assert (late.state, late.missed) == (PromiseState.BROKEN, 2)
    # a payment after as_of is not seen yet
    assert judge_promise(plan, 0, [(date(2026, 4, 9), 10_000)], date(2026, 4, 8)).paid_fen == 0


def test_repeat_score_formula_and_window():
    events = [(date(2025, 1, 5), Action.SMS), (date(2025, 1, 20), Action.NOTICE),
              (date(2025, 8, 1), Action.SMS), (date(2026, 2, 1), Action.STOP_WARNING)]
    s = repeat_score(events, [date(2025, 9, 1)], date(2026, 3, 1))
    # months: 2025-01, 2025-08, 2026-02 (3) + one stop warning (1) + broken promise (2) = 6
    assert (s.score, s.months_dunned, s.stop_levels, s.broken_promises) == (6, 3, 1, 1)
    assert s.repeat_defaulter
    assert not repeat_score(events, [], date(2026, 3, 1), RepeatRule(threshold=5)).repeat_defaulter
    # 24 months back from 2027-01-20 is 2025-01-20 (exclusive): January 2025's events fall out
    assert repeat_score(events, [], date(2027, 1, 20)).months_dunned == 2


def test_months_back_clamps_to_the_month_end():
    assert months_back(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_back(date(2028, 2, 29), 24) == date(2026, 2, 28)
    assert months_back(date(2026, 1, 15), 24) == date(2024, 1, 15)


@pytest.mark.parametrize("doc", [
    [], [{"days_overdue": 1, "min_amount_fen": 0, "action": "fax"}],
    [{"days_overdue": 0, "min_amount_fen": 0, "action": "sms"}],
    [{"days_overdue": 5, "min_amount_fen": -1, "action": "sms"}],
    [{"days_overdue": 5, "min_amount_fen": 0, "action": "sms"},
     {"days_overdue": 5, "min_amount_fen": 0, "action": "notice"}],
    [{"days_overdue": 5, "min_amount_fen": 0, "action": "sms", "colour": "red"}],
    [{"days_overdue": 5, "min_amount_fen": 0, "action": "sms", "level": 2}],
    [{"days_overdue": 5.5, "min_amount_fen": 0, "action": "sms"}],
    [{"days_overdue": 5, "min_amount_fen": 0, "action": "sms", "name": "a\nb"}],
    {"levels": [{"days_overdue": 5, "min_amount_fen": 0, "action": "sms"}],
     "repeat_defaulter": {"threshold": 0}},
    "levels",
])
def test_bad_procedures_are_refused(doc):
    with pytest.raises(DunningError) as exc:
        parse_procedure(CustomerClass.RESIDENTIAL, doc)
    assert exc.value.code == "dunning.procedure.invalid"


def test_addresses_in_walking_order():
    addresses = ["人民路10号", "人民路2号", "人民路1号", "解放路3号", "人民路2号之1"]
    assert sorted(addresses, key=natural_key) == [
        "人民路1号", "人民路2号", "人民路2号之1", "人民路10号", "解放路3号"]
