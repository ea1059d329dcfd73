"""GET /v1/reports/...: figures the counters' reports need from the whole hall."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from ..services.reports import hall_day
from .auth import Counter, LedgerEngine

router = APIRouter(tags=["reports"])


@router.get("/v1/reports/hall-day")
def hall_day_report(p: Counter, engine: LedgerEngine,
                    date_: Annotated[date, Query(alias="date")]) -> dict:
    """The day of this terminal's hall, for the daily hall report (营业日报): every shift with
    its cashier and tenders, totals by cashier and by tender, the counters' own shift reports
    beside the ledger's sums."""
    return hall_day(engine, date_, hall_id=p.hall_id)
