"""GET /v1/collections/arrears and /v1/collections/recovery: the hall's arrears list (aging,
late fees as the counter quotes them, totals over the whole filter, pages by account number)
and its recovery rate (电费回收率). Both are scoped to the caller's token's hall.

The other areas' columns (dunning level, lock, promise, repeat flag, phone status) come from
`app.state.arrears_extra_columns` (a `services.arrears.ExtraColumns`, wired at start-up);
without one every row has the defaults. `app.state.late_fee_rules` may set the rule set
(default: the 1996 rules, as everywhere in the ledger)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from hall_domain.arrears import DEFAULT_BUCKETS
from hall_domain.late_fees import LateFeeRuleSet

from ..services.arrears import arrears_report
from ..services.arrears_recovery import MAX_MONTHS, months_between, recovery_report
from ..store.db import consistent_reader
from .auth import Counter, LedgerEngine
from .errors import ApiError

router = APIRouter(tags=["collections"])

PERIOD = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
TEXT = r"^[^\x00-\x1f\x7f]+$"  # no NUL or control characters
ACCOUNT = r"^[0-9]{1,32}$"
LATEST = date(9000, 1, 1)  # beyond this, as_of is surely a typo (and date arithmetic nears its end)


def _rules(request: Request) -> LateFeeRuleSet:
    return getattr(request.app.state, "late_fee_rules", None) or LateFeeRuleSet()


@router.get("/v1/collections/arrears")
def arrears(
    p: Counter, engine: LedgerEngine, request: Request,
    as_of: Annotated[date | None, Query(description="YYYY-MM-DD, default today")] = None,
    area: Annotated[str | None, Query(min_length=1, max_length=100, pattern=TEXT)] = None,
    bucket: Annotated[str | None, Query(min_length=1, max_length=16)] = None,
    user_type: Annotated[Literal["residential", "other"] | None, Query()] = None,
    level: Annotated[int | None, Query(ge=0, le=99)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    cursor: Annotated[str | None, Query(pattern=ACCOUNT, description="the last account_no "
                                         "of the previous page")] = None,
) -> dict:
    """One row per account of this hall with overdue unpaid bills on `as_of`, in account order,
    `limit` per page after `cursor`; totals (all, per bucket, area, user type, current and prior
    year) are over the whole filter, not the page."""
    on = as_of or datetime.now().date()
    rules = _rules(request)
    try:
        if on >= LATEST:
            raise ValueError(f"as_of {on.isoformat()} is too far ahead")
        rules.rule_for(on)
    except ValueError as exc:
        raise ApiError(422, "collections.arrears.as_of", str(exc)) from exc
    if bucket is not None and bucket not in DEFAULT_BUCKETS.labels:
        raise ApiError(422, "collections.arrears.bucket",
                       f"unknown bucket {bucket!r}; one of {', '.join(DEFAULT_BUCKETS.labels)}")
    extra = getattr(request.app.state, "arrears_extra_columns", None)
    with consistent_reader(engine).connect() as conn:
        out = arrears_report(conn, as_of=on, hall_id=p.hall_id, area=area, bucket=bucket,
                             user_type=user_type, level=level, limit=limit, cursor=cursor,
                             rules=rules, extra_columns=extra)
    out["totals"].pop("by_hall", None)  # one hall: the token's
    return out


@router.get("/v1/collections/recovery")
def recovery(
    p: Counter, engine: LedgerEngine,
    first: Annotated[str, Query(alias="from", pattern=PERIOD, description="YYYY-MM")],
    last: Annotated[str, Query(alias="to", pattern=PERIOD, description="YYYY-MM")],
    area: Annotated[str | None, Query(min_length=1, max_length=100, pattern=TEXT)] = None,
    top: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict:
    """Collected ÷ billed per billing period (the monthly trend), per area and user type, and
    the accounts owing most on those periods, for this hall."""
    try:
        months_between(first, last)
    except ValueError as exc:
        raise ApiError(422, "collections.recovery.range",
                       f"{exc} (from ≤ to, at most {MAX_MONTHS} months)") from exc
    with consistent_reader(engine).connect() as conn:
        out = recovery_report(conn, first=first, last=last, hall_id=p.hall_id, area=area,
                              top=top)
    out.pop("by_hall", None)
    return out
