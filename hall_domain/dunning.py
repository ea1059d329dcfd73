"""Dunning rules (催费), pure: procedures with levels, which level an account is due for on a
date, promises to pay kept or broken, the repeat-defaulter score (屡欠户).

Learned from SAP FI-CA dunning (procedure, levels, proposal then activity run, locks) and
Oracle CC&B collection: an account climbs ONE level per run, and only once the interval since
its previous level has passed; it never jumps from nothing to the top level, however old its
debt (a customer 200 days overdue with no history gets the first level's reminder first, then
one level per run as the intervals pass). A broken promise to pay is the exception: the next
run raises the account one level at once, whatever the interval and days say.

Everything here takes the date as an argument; nothing reads the clock.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .collections import CustomerClass
from .errors import DomainError

MAX_LEVELS = 9
MAX_DAYS = 3650
MAX_FEN = 10**11


class DunningError(DomainError):
    code = "dunning"


class Action(enum.StrEnum):
    """What a level does: an SMS payment reminder (缴费提醒), a printed reminder notice
    (催费通知单), a written stop-supply warning (停电通知书), a stop-supply request (the
    stop-supply workflow and its legal gates take it from there)."""

    SMS = "sms"
    NOTICE = "notice"
    STOP_WARNING = "stop_warning"
    STOP_REQUEST = "stop_request"


class LockReason(enum.StrEnum):
    DISPUTE = "dispute"
    HARDSHIP = "hardship"
    MEDICAL = "medical"  # medical or vulnerable household
    PROMISE = "promise"
    OTHER = "other"


LEVEL_NAMES = {  # the usual names of levels by action, when a procedure gives none
    Action.SMS: "短信提醒",
    Action.NOTICE: "催费通知单",
    Action.STOP_WARNING: "停电通知书",
    Action.STOP_REQUEST: "停电申请",
}


@dataclass(frozen=True, slots=True)
class Level:
    """Level `number` is due when the oldest unpaid bill is `days_overdue` days overdue or
    more, the arrears are at least `min_amount_fen`, and (from level 2) `interval_days` have
    passed since the account reached the level before."""

    number: int
    days_overdue: int
    min_amount_fen: int
    interval_days: int
    action: Action
    name: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"level": self.number, "name": self.name, "days_overdue": self.days_overdue,
                "min_amount_fen": self.min_amount_fen, "interval_days": self.interval_days,
                "action": self.action.value}


@dataclass(frozen=True, slots=True)
class RepeatRule:
    """屡欠户: score >= threshold over the last `months` months (see repeat_score)."""

    threshold: int = 4
    months: int = 24

    def as_json(self) -> dict[str, int]:
        return {"threshold": self.threshold, "months": self.months}


@dataclass(frozen=True, slots=True)
class Procedure:
    customer_class: CustomerClass
    levels: tuple[Level, ...]
    repeat: RepeatRule = field(default_factory=RepeatRule)
    version: int = 0  # 0: the built-in default, not stored yet

    def level(self, number: int) -> Level | None:
        return self.levels[number - 1] if 1 <= number <= len(self.levels) else None

    @property
    def top(self) -> int:
        return len(self.levels)

    def as_json(self) -> dict[str, Any]:
        return {"customer_class": self.customer_class.value, "version": self.version,
                "levels": [lv.as_json() for lv in self.levels],
                "repeat_defaulter": self.repeat.as_json()}


def _level(number, days, min_fen, interval, action) -> Level:
    return Level(number, days, min_fen, interval, action, LEVEL_NAMES[action])


# Residential: SMS the day after the due date (from ¥1.00), a printed notice at 15 days, the
# stop-supply warning after the 30 days the rules require, the request 7 days later (the
# notice window of 3–7 days before stopping). Non-residential the same days from ¥10.00;
# important users (hospitals, water works) get a second notice and longer spans.
DEFAULT_LEVELS: dict[CustomerClass, tuple[Level, ...]] = {
    CustomerClass.RESIDENTIAL: (
        _level(1, 1, 100, 0, Action.SMS),
        _level(2, 15, 100, 7, Action.NOTICE),
        _level(3, 31, 100, 7, Action.STOP_WARNING),
        _level(4, 38, 100, 7, Action.STOP_REQUEST),
    ),
    CustomerClass.NON_RESIDENTIAL: (
        _level(1, 1, 1000, 0, Action.SMS),
        _level(2, 15, 1000, 7, Action.NOTICE),
        _level(3, 31, 1000, 7, Action.STOP_WARNING),
        _level(4, 38, 1000, 7, Action.STOP_REQUEST),
    ),
    CustomerClass.IMPORTANT: (
        _level(1, 1, 1000, 0, Action.SMS),
        _level(2, 20, 1000, 10, Action.NOTICE),
        _level(3, 40, 1000, 14, Action.NOTICE),
        _level(4, 60, 1000, 14, Action.STOP_WARNING),
        _level(5, 75, 1000, 14, Action.STOP_REQUEST),
    ),
}


def default_procedure(cls: CustomerClass) -> Procedure:
    return Procedure(cls, DEFAULT_LEVELS[cls])


def _int(obj: Mapping[str, Any], key: str, where: str, low: int, high: int,
         default: int | None = None) -> int:
    value = obj.get(key, default)
    if type(value) is not int or not low <= value <= high:
        raise DunningError(f"{where}: {key} must be a whole number from {low} to {high}",
                           code="dunning.procedure.invalid", field=key)
    return value


_NAME_OK = re.compile(r"[^\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]{0,40}")


def parse_procedure(cls: CustomerClass, doc: Any, version: int = 0) -> Procedure:
    """A procedure from its JSON form: a list of levels, or {"levels": [...],
    "repeat_defaulter": {"threshold", "months"}}. Each level: days_overdue, min_amount_fen,
    interval_days, action, optional name; levels in order, days strictly rising."""
    repeat = RepeatRule()
    if isinstance(doc, Mapping):
        extra = set(doc) - {"levels", "repeat_defaulter", "customer_class", "version"}
        if extra:
            raise DunningError(f"unknown keys: {sorted(extra)}", code="dunning.procedure.invalid")
        rd = doc.get("repeat_defaulter")
        if rd is not None:
            if not isinstance(rd, Mapping):
                raise DunningError("repeat_defaulter must be an object",
                                   code="dunning.procedure.invalid")
            repeat = RepeatRule(_int(rd, "threshold", "repeat_defaulter", 1, 100, 4),
                                _int(rd, "months", "repeat_defaulter", 1, 120, 24))
        doc = doc.get("levels")
    if not isinstance(doc, Sequence) or isinstance(doc, str | bytes) or not (
            1 <= len(doc) <= MAX_LEVELS):
        raise DunningError(f"a procedure has 1 to {MAX_LEVELS} levels",
                           code="dunning.procedure.invalid")
    levels: list[Level] = []
    for i, raw in enumerate(doc, start=1):
        where = f"level {i}"
        if not isinstance(raw, Mapping):
            raise DunningError(f"{where} must be an object", code="dunning.procedure.invalid")
        extra = set(raw) - {"level", "name", "days_overdue", "min_amount_fen", "interval_days",
                            "action"}
        if extra:
            raise DunningError(f"{where}: unknown keys {sorted(extra)}",
                               code="dunning.procedure.invalid")
        if "level" in raw and raw["level"] != i:
            raise DunningError(f"{where}: levels are numbered 1, 2, 3 ... in order",
                               code="dunning.procedure.invalid")
        try:
            action = Action(raw.get("action"))
        except ValueError:
            raise DunningError(f"{where}: action is one of {[a.value for a in Action]}",
                               code="dunning.procedure.invalid", field="action") from None
        name = raw.get("name") or LEVEL_NAMES[action]
        if not isinstance(name, str) or not _NAME_OK.fullmatch(name):
            raise DunningError(f"{where}: name is one line of at most 40 characters",
                               code="dunning.procedure.invalid", field="name")
        level = Level(i, _int(raw, "days_overdue", where, 1, MAX_DAYS),
                      _int(raw, "min_amount_fen", where, 0, MAX_FEN),
                      _int(raw, "interval_days", where, 0, MAX_DAYS, 0), action, name)
        if levels and level.days_overdue <= levels[-1].days_overdue:
            raise DunningError(f"{where}: days_overdue must be more than the level before's",
                               code="dunning.procedure.invalid", field="days_overdue")
        levels.append(level)
    return Procedure(cls, tuple(levels), repeat, version)


# --- the level an account is due for ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Standing:
    """What a run knows of one account on the run's date."""

    overdue_days: int  # of the oldest unpaid bill
    total_fen: int  # principal + late fee as of the date
    current_level: int  # 0: not dunned in this episode of arrears
    last_level_on: date | None  # when the current level was reached
    lock: str | None = None  # an active lock's reason
    promise_open: bool = False  # a promise to pay or plan still running
    promise_broken_on: date | None = None  # a broken promise's date, when one is broken


@dataclass(frozen=True, slots=True)
class Proposal:
    proposed_level: int  # == current_level: nothing to do
    due_level: int  # the highest level the days and amount reach
    blocked: bool
    note: str


def due_level(procedure: Procedure, overdue_days: int, total_fen: int) -> int:
    """The highest level whose days and minimum amount the account reaches (0: none)."""
    due = 0
    for lv in procedure.levels:
        if overdue_days >= lv.days_overdue and total_fen >= lv.min_amount_fen:
            due = lv.number
    return due


def propose(procedure: Procedure, s: Standing, as_of: date) -> Proposal:
    """The level a run proposes for an account: at most one level above its current one
    (SAP climbs), only after the next level's interval since the current level, never for an
    amount under the next level's minimum; a lock or a running promise blocks escalation;
    a promise broken after the current level was reached raises one level at once."""
    due = due_level(procedure, s.overdue_days, s.total_fen)
    current = min(s.current_level, procedure.top)
    nxt = procedure.level(current + 1)
    if nxt is None:
        return Proposal(current, due, False, "top level reached")
    broken = s.promise_broken_on is not None and (
        s.last_level_on is None or s.promise_broken_on > s.last_level_on)
    if s.total_fen < nxt.min_amount_fen:
        return Proposal(current, due, False, f"under the minimum of level {nxt.number}")
    if broken:
        target, note = nxt.number, f"promise broken on {s.promise_broken_on.isoformat()}"
    elif due <= current:
        return Proposal(current, due, False, "no higher level due")
    elif s.last_level_on is not None and current > 0 and (
            as_of - s.last_level_on).days < nxt.interval_days:
        wait = s.last_level_on + timedelta(days=nxt.interval_days)
        return Proposal(current, due, False, f"interval: level {nxt.number} from {wait}")
    else:
        target = nxt.number
        note = f"due level {due}, climbing one level" if due > target else f"level {target} due"
    if s.lock is not None:
        return Proposal(target, due, True, f"locked ({s.lock})")
    if s.promise_open and not broken:
        return Proposal(target, due, True, "promise to pay running")
    return Proposal(target, due, False, note)


def check_edit(proposal_level: int, current_level: int, new_level: int, top: int) -> None:
    """A supervisor may lower a line (to the current level at the least: 'no action'), or
    raise it by one level above the proposal, never beyond the procedure's top."""
    if new_level > proposal_level + 1:
        raise DunningError(f"a line may be raised by one level at most (to {proposal_level + 1})",
                           code="dunning.line.raise_too_far", proposed=proposal_level)
    if new_level > top:
        raise DunningError(f"the procedure has {top} levels", code="dunning.line.no_such_level")
    if new_level < current_level:
        raise DunningError("a run never lowers an account below the level it has reached; "
                           "block the line or reverse the run that raised it",
                           code="dunning.line.below_current", current=current_level)


# --- promises to pay and instalment plans -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Instalment:
    due_date: date
    amount_fen: int


class PromiseState(enum.StrEnum):
    OPEN = "open"
    KEPT = "kept"
    BROKEN = "broken"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class PromiseVerdict:
    state: PromiseState
    paid_fen: int
    promised_fen: int
    broken_on: date | None = None  # the day after the missed instalment's grace ended
    missed: int | None = None  # which instalment (1-based)


def judge_promise(instalments: Sequence[Instalment], tolerance_days: int,
                  payments: Iterable[tuple[date, int]], as_of: date) -> PromiseVerdict:
    """Kept or broken by the payments (date, fen) made from the promise's start: instalment
    i is met when the payments made by its due date + tolerance add up to the instalments
    1..i. Broken once a grace period ends short (decided the day after it ends); kept when
    every instalment is met; open otherwise. Payments after as_of are not seen."""
    pays = sorted((d, f) for d, f in payments if d <= as_of)
    promised = sum(i.amount_fen for i in instalments)
    paid_total = sum(f for _, f in pays)
    needed = 0
    for n, inst in enumerate(sorted(instalments, key=lambda i: i.due_date), start=1):
        needed += inst.amount_fen
        grace_end = inst.due_date + timedelta(days=tolerance_days)
        paid_by = sum(f for d, f in pays if d <= grace_end)
        if paid_by >= needed:
            continue
        if as_of > grace_end:
            return PromiseVerdict(PromiseState.BROKEN, paid_total, promised,
                                  grace_end + timedelta(days=1), n)
        if paid_total >= promised:
            return PromiseVerdict(PromiseState.KEPT, paid_total, promised)
        return PromiseVerdict(PromiseState.OPEN, paid_total, promised)
    return PromiseVerdict(PromiseState.KEPT, paid_total, promised)


# --- repeat defaulter (屡欠户) ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RepeatScore:
    score: int
    months_dunned: int
    stop_levels: int
    broken_promises: int
    repeat_defaulter: bool


def months_back(as_of: date, months: int) -> date:
    """The same day `months` months before (clamped to the month's end)."""
    y, m = divmod(as_of.year * 12 + as_of.month - 1 - months, 12)
    m += 1
    last = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)).day
    return date(y, m, min(as_of.day, last))


def repeat_score(events: Iterable[tuple[date, Action]], broken_promises: Iterable[date],
                 as_of: date, rule: RepeatRule = RepeatRule()) -> RepeatScore:
    """Over the window (as_of − months, as_of]: one point per calendar month in which the
    account was dunned (executed, not reversed), one more per stop-supply warning or request,
    two per broken promise. A repeat defaulter scores at least the threshold (default 4: say,
    dunned in four different months of two years, or twice dunned and one promise broken)."""
    since = months_back(as_of, rule.months)
    in_window = [(d, a) for d, a in events if since < d <= as_of]
    months = len({(d.year, d.month) for d, _ in in_window})
    stops = sum(1 for _, a in in_window if a in (Action.STOP_WARNING, Action.STOP_REQUEST))
    broken = sum(1 for d in broken_promises if since < d <= as_of)
    score = months + stops + 2 * broken
    return RepeatScore(score, months, stops, broken, score >= rule.threshold)


def natural_key(text: str) -> tuple:
    """Addresses in walking order: 人民路2号 before 人民路10号 (digit runs compared as numbers)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.split(r"(\d+)", text or "") if part)
