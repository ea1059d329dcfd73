"""Arrears (欠费) of an account on a date, its aging bucket, and the totals of an arrears list.

Pure rules shared by the ledger's arrears report and anything else that needs them:

- overdue days count from the due date of the account's OLDEST unpaid overdue bill, as of the
  date (a bill due on the date is not overdue yet: 0 days);
- aging buckets of overdue days, default 1–30, 31–60, 61–90, 91–180, 181–365, >365; the edges
  are configurable (`BucketEdges`);
- the late fee is the counter's quote for the same bills and date (`hall_domain.allocation.quote`
  with the same `LateFeeRuleSet`): one rule set, one code path, so the arrears list never
  disagrees with what the cashier asks the customer to pay;
- current-year and prior-year arrears are shown apart (by the due date's calendar year against
  the as-of year). They differ in money, not only in age: for non-residential users the late fee
  runs at 2‰ a day for the overdue days inside the due date's calendar year and at 3‰ a day
  (跨年度部分) after it, so a prior-year debt grows half as fast again as a current-year one;
  and in the company's books prior-year arrears (陈欠) are a separate line from the current
  year's (当年欠费), followed and written off differently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .accounts import Bill, Customer
from .allocation import quote
from .collections import CustomerClass
from .late_fees import LateFeeRuleSet

DEFAULT_BUCKET_EDGES = (30, 60, 90, 180, 365)


@dataclass(frozen=True, slots=True)
class BucketEdges:
    """Upper bounds (inclusive) of the aging buckets; the last bucket is everything above.

    (30, 60, 90, 180, 365) gives 1–30, 31–60, 61–90, 91–180, 181–365, >365.
    """

    uppers: tuple[int, ...] = DEFAULT_BUCKET_EDGES

    def __post_init__(self) -> None:
        uppers = tuple(self.uppers)
        if not uppers:
            raise ValueError("arrears buckets need at least one edge")
        for u in uppers:
            if not isinstance(u, int) or isinstance(u, bool) or u < 1:
                raise ValueError(f"an arrears bucket edge must be whole days ≥ 1, not {u!r}")
        if any(b <= a for a, b in zip(uppers, uppers[1:], strict=False)):
            raise ValueError(f"arrears bucket edges must rise: {uppers!r}")
        object.__setattr__(self, "uppers", uppers)

    @classmethod
    def parse(cls, text: str) -> BucketEdges:
        """'30,60,90,180,365' → BucketEdges((30, 60, 90, 180, 365))."""
        try:
            uppers = tuple(int(p) for p in text.split(",") if p.strip())
        except ValueError as exc:
            raise ValueError(f"arrears bucket edges must be days like 30,60,90: {text!r}") from exc
        return cls(uppers)

    @property
    def labels(self) -> tuple[str, ...]:
        out, lower = [], 1
        for upper in self.uppers:
            out.append(f"{lower}-{upper}")
            lower = upper + 1
        out.append(f">{self.uppers[-1]}")
        return tuple(out)

    def bucket(self, overdue_days: int) -> str | None:
        """The label of the bucket holding `overdue_days`; None when not overdue (≤ 0)."""
        if overdue_days <= 0:
            return None
        lower = 1
        for upper in self.uppers:
            if overdue_days <= upper:
                return f"{lower}-{upper}"
            lower = upper + 1
        return f">{self.uppers[-1]}"


DEFAULT_BUCKETS = BucketEdges()


def overdue_days(oldest_due_date: date, as_of: date) -> int:
    """Days from the due date to the as-of date; due on the date itself is 0 (not overdue)."""
    return max(0, (as_of - oldest_due_date).days)


@dataclass(frozen=True, slots=True)
class AccountArrears:
    """One account's arrears on `as_of`: its overdue bills, the late fee the counter would
    quote on that date, and where it falls in the aging."""

    account_no: str
    hall_id: str
    name: str
    user_type: str
    customer_class: str
    area: str
    phone: str | None
    as_of: date
    oldest_due_date: date
    overdue_days: int
    bills: int  # overdue unpaid bills
    principal_fen: int
    late_fee_fen: int
    current_year_fen: int  # principal + fee of bills due in the as-of year
    prior_year_fen: int  # principal + fee of bills due in earlier years
    bucket: str
    periods: tuple[str, ...] = field(default=())  # billing periods of the overdue bills

    @property
    def total_fen(self) -> int:
        return self.principal_fen + self.late_fee_fen

    def as_row(self) -> dict:
        """The JSON row of the arrears list (without the extra columns of other areas)."""
        return {
            "account_no": self.account_no, "hall_id": self.hall_id, "name": self.name,
            "user_type": self.user_type, "customer_class": self.customer_class,
            "area": self.area, "phone": self.phone,
            "oldest_due_date": self.oldest_due_date.isoformat(),
            "overdue_days": self.overdue_days, "bills": self.bills,
            "periods": list(self.periods),
            "principal_fen": self.principal_fen, "late_fee_fen": self.late_fee_fen,
            "total_fen": self.total_fen, "current_year_fen": self.current_year_fen,
            "prior_year_fen": self.prior_year_fen, "bucket": self.bucket,
        }


def arrears_of(
    customer: Customer,
    bills: Iterable[Bill],
    as_of: date,
    rules: LateFeeRuleSet,
    *,
    hall_id: str = "",
    customer_class: CustomerClass | str | None = None,
    buckets: BucketEdges = DEFAULT_BUCKETS,
) -> AccountArrears | None:
    """The account's arrears on `as_of`, or None when nothing of it is overdue.

    The bills are quoted exactly as the counter quotes them (`quote`, the minimum rule on the
    whole account); the lines overdue on the date (or carrying an earlier assessed fee) are the
    arrears. Lines left out carry no fee, so the late fee always equals the counter's quote.
    """
    q = quote(customer, list(bills), as_of, rules)
    year = as_of.year
    oldest: date | None = None
    count = principal = fee = current = prior = 0
    periods = []
    for ln in q.lines:  # one pass: this runs for every account of the list
        if ln.days_overdue <= 0 and ln.late_fee_fen <= 0:
            continue
        due = ln.bill.due_date
        if oldest is None or due < oldest:
            oldest = due
        count += 1
        principal += ln.principal_fen
        fee += ln.late_fee_fen
        if due.year >= year:
            current += ln.principal_fen + ln.late_fee_fen
        else:
            prior += ln.principal_fen + ln.late_fee_fen
        periods.append(ln.bill.period)
    if oldest is None:
        return None
    days = overdue_days(oldest, as_of)
    # None only for an earlier assessed fee on a bill not yet due: odd, but owed
    bucket = buckets.bucket(days) or buckets.labels[0]
    return AccountArrears(
        account_no=customer.account_no,
        hall_id=hall_id,
        name=customer.name,
        user_type=str(customer.user_type),
        customer_class=str(customer_class or CustomerClass.RESIDENTIAL),
        area=customer.area,
        phone=customer.phone,
        as_of=as_of,
        oldest_due_date=oldest,
        overdue_days=days,
        bills=count,
        principal_fen=principal,
        late_fee_fen=fee,
        current_year_fen=current,
        prior_year_fen=prior,
        bucket=bucket,
        periods=tuple(periods),
    )


def _sums() -> dict:
    return {"accounts": 0, "principal_fen": 0, "late_fee_fen": 0, "total_fen": 0}


class ArrearsTotals:
    """Running totals of an arrears list: all, per bucket, per area, per user type, per hall,
    and current-year / prior-year. Feed it accounts with `add`, read `as_dict()`."""

    def __init__(self, buckets: BucketEdges = DEFAULT_BUCKETS) -> None:
        self.buckets = buckets
        self.all = _sums()
        self.by_bucket = {label: _sums() for label in buckets.labels}
        self.by_area: dict[str, dict] = {}
        self.by_user_type: dict[str, dict] = {}
        self.by_hall: dict[str, dict] = {}
        self.current_year_fen = 0
        self.prior_year_fen = 0

    def add(self, a: AccountArrears) -> None:
        self._add(a.bucket, a.area, a.user_type, a.hall_id, a.principal_fen, a.late_fee_fen,
                  a.current_year_fen, a.prior_year_fen)

    def add_row(self, row: dict) -> None:
        """Add an account's JSON row (`AccountArrears.as_row()`, maybe with more columns)."""
        self._add(row["bucket"], row["area"], row["user_type"], row["hall_id"],
                  row["principal_fen"], row["late_fee_fen"], row["current_year_fen"],
                  row["prior_year_fen"])

    def _add(self, bucket: str, area: str, user_type: str, hall_id: str, principal_fen: int,
             late_fee_fen: int, current_year_fen: int, prior_year_fen: int) -> None:
        for sums in (self.all, self.by_bucket.setdefault(bucket, _sums()),
                     self.by_area.setdefault(area, _sums()),
                     self.by_user_type.setdefault(user_type, _sums()),
                     self.by_hall.setdefault(hall_id, _sums())):
            sums["accounts"] += 1
            sums["principal_fen"] += principal_fen
            sums["late_fee_fen"] += late_fee_fen
            sums["total_fen"] += principal_fen + late_fee_fen
        self.current_year_fen += current_year_fen
        self.prior_year_fen += prior_year_fen

    def as_dict(self) -> dict:
        def rows(key: str, d: dict[str, dict]) -> list[dict]:
            return [{key: k, **v} for k, v in sorted(d.items())]

        return {
            "all": dict(self.all),
            "by_bucket": [{"bucket": k, **v} for k, v in self.by_bucket.items()],
            "by_area": rows("area", self.by_area),
            "by_user_type": rows("user_type", self.by_user_type),
            "by_hall": rows("hall_id", self.by_hall),
            "current_year_fen": self.current_year_fen,
            "prior_year_fen": self.prior_year_fen,
        }


def totals_of(accounts: Sequence[AccountArrears] | Iterable[AccountArrears],
              buckets: BucketEdges = DEFAULT_BUCKETS) -> dict:
    t = ArrearsTotals(buckets)
    for a in accounts:
        t.add(a)
    return t.as_dict()


def recovery_rate(collected_fen: int, billed_fen: int) -> float:
    """Collected ÷ billed, 0..1 rounded to 4 places; 0 when nothing was billed."""
    if billed_fen <= 0:
        return 0.0
    return round(min(1.0, max(0, collected_fen) / billed_fen), 4)
