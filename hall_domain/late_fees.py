"""Late fees (电费违约金) after 《供电营业规则》 art. 98, as a rule set versioned by effective date."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from .accounts import Bill, UserType
from .money import round_half_up


@dataclass(frozen=True, slots=True)
class LateFeeRule:
    """Daily rates as exact fractions; a rule applies to payments made on or after its date."""

    effective_from: date
    residential_daily: Fraction = Fraction(1, 1000)
    other_daily_same_year: Fraction = Fraction(2, 1000)
    other_daily_later_years: Fraction = Fraction(3, 1000)
    minimum_fen: int = 100
    minimum_enabled: bool = True

    def __post_init__(self) -> None:
        # Rates may come from a config file as text ("0.001") or a float (0.001): keep them exact.
        for name in ("residential_daily", "other_daily_same_year", "other_daily_later_years"):
            object.__setattr__(self, name, _exact_rate(name, getattr(self, name)))
        if not isinstance(self.minimum_fen, int) or isinstance(self.minimum_fen, bool) or self.minimum_fen < 0:
            raise ValueError(f"late-fee minimum_fen must be whole fen ≥ 0, not {self.minimum_fen!r}")


def _exact_rate(name: str, value: object) -> Fraction:
    if isinstance(value, bool):
        raise ValueError(f"late-fee {name} must be a number, not {value!r}")
    try:
        # repr() of a float is the shortest text that reads back as it: 0.001 → 1/1000 exactly.
        rate = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError) as e:
        raise ValueError(f"late-fee {name} must be a number, not {value!r}") from e
    if rate < 0:
        raise ValueError(f"late-fee {name} may not be negative: {value!r}")
    return rate


# The 1996 rules, in force from the day they took effect.
DEFAULT_RULE = LateFeeRule(effective_from=date(1996, 9, 1))


class LateFeeRuleSet:
    """Rules ordered by effective date; the rule in force on the payment date applies."""

    def __init__(self, rules: list[LateFeeRule] | tuple[LateFeeRule, ...] = (DEFAULT_RULE,)) -> None:
        if not rules:
            raise ValueError("a late-fee rule set needs at least one rule")
        self._rules = sorted(rules, key=lambda r: r.effective_from)
        dates = [r.effective_from for r in self._rules]
        if len(set(dates)) != len(dates):
            raise ValueError("two late-fee rules share an effective date")
        self._dates = dates

    def rule_for(self, on: date) -> LateFeeRule:
        i = bisect_right(self._dates, on) - 1
        if i < 0:
            raise ValueError(f"no late-fee rule in force on {on.isoformat()}")
        return self._rules[i]

    @property
    def rules(self) -> tuple[LateFeeRule, ...]:
        return tuple(self._rules)


def days_overdue(due_date: date, on: date) -> int:
    """Days between the due date and the payment date; paying on the due date is 0."""
    return max(0, (on - due_date).days)


def accrued_late_fee(
    principal_fen: int,
    user_type: UserType,
    due_date: date,
    on: date,
    rule: LateFeeRule,
    *,
    accrued_from: date | None = None,
) -> int:
    """Late fee accrued on `principal_fen` for the overdue days in (start, on], rounded half up.

    `start` is the due date, or a later date up to which the fee was already assessed.
    Other users pay the same-year rate for days in the due date's calendar year and the
    later-years rate (跨年度部分) for days after that year's Dec 31.
    """
    if principal_fen <= 0:
        return 0
    start = due_date if accrued_from is None or accrued_from < due_date else accrued_from
    days = (on - start).days
    if days <= 0:
        return 0
    # Exact integer arithmetic on the rates' numerators and denominators (the same value as
    # Fraction arithmetic, without building Fractions: the arrears list quotes millions of bills).
    if user_type == UserType.RESIDENTIAL:
        rate = rule.residential_daily
        return round_half_up(principal_fen * rate.numerator * days, rate.denominator)
    year_end = date(due_date.year, 12, 31)
    same_year_days = max(0, min((year_end - start).days, days))
    later_days = days - same_year_days
    same, later = rule.other_daily_same_year, rule.other_daily_later_years
    numerator = principal_fen * (same.numerator * later.denominator * same_year_days
                                 + later.numerator * same.denominator * later_days)
    return round_half_up(numerator, same.denominator * later.denominator)


def bill_fee_parts(bill: Bill, user_type: UserType, on: date, rule: LateFeeRule) -> tuple[int, int]:
    """(earlier assessed but unpaid fee, fee newly accrued up to `on`) for this bill.

    The assessed part was fixed by an earlier payment (the minimum already applied to it then);
    only the new part is still subject to the minimum rule.
    """
    if bill.late_fee_waived:
        return bill.assessed_fee_outstanding_fen, 0
    new = accrued_late_fee(
        bill.principal_outstanding_fen,
        user_type,
        bill.due_date,
        on,
        rule,
        accrued_from=bill.fee_accrued_through,
    )
    return bill.assessed_fee_outstanding_fen, new


def bill_fee_outstanding(bill: Bill, user_type: UserType, on: date, rule: LateFeeRule) -> int:
    """Fee owed on this bill if paid on `on`: earlier assessed but unpaid fee plus new accrual."""
    return sum(bill_fee_parts(bill, user_type, on, rule))


def apply_minimum(fees: list[int], rule: LateFeeRule) -> list[int]:
    """When any fee is due but the total is under the minimum, charge the minimum.

    The top-up goes onto the first (oldest) bill that carries a fee, so the list still
    sums to what is charged.
    """
    total = sum(fees)
    if not rule.minimum_enabled or total <= 0 or total >= rule.minimum_fen:
        return list(fees)
    out = list(fees)
    first = next(i for i, f in enumerate(out) if f > 0)
    out[first] += rule.minimum_fen - total
    return out
