"""GET /v1/reconciliation...: a counter terminal's day as the ledger has it."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from ..services.recon import payment_lines, reconciliation
from .auth import Counter, LedgerEngine

router = APIRouter(tags=["reconciliation"])


@router.get("/v1/reconciliation")
def reconcile(p: Counter, engine: LedgerEngine,
              date_: Annotated[date, Query(alias="date")]) -> dict:
    """This terminal's counts and sums per shift and for the business date, and receipt gaps."""
    return reconciliation(engine, p, date_)


@router.get("/v1/reconciliation/payments")
def reconcile_payments(p: Counter, engine: LedgerEngine,
                       date_: Annotated[date, Query(alias="date")]) -> dict:
    """This terminal's payments of the business date: receipt number, UUID, amount, shift."""
    return {"date": date_.isoformat(), "payments": payment_lines(engine, p, date_)}
