"""GET /v1/reference/...: the hall's customers and open bills for the counters' local copy."""

from typing import Annotated

from fastapi import APIRouter, Query

from ..services import reference
from ..wire import MAX_ID
from .auth import Counter, LedgerEngine
from .errors import ApiError

router = APIRouter(tags=["reference"])
Limit = Annotated[int | None, Query(ge=1, le=reference.MAX_LIMIT)]


@router.get("/v1/reference/snapshot")
def snapshot(p: Counter, engine: LedgerEngine, page: Annotated[str | None, Query(
        max_length=400, json_schema_extra={"pattern": "^[A-Za-z0-9_-]{1,400}$"},
        description="the `next_page` of the previous page, as it came")] = None,
             limit: Limit = None) -> dict:
    """One page of the hall's customers and open bills; follow `next_page` to the end,
    then ask for changes from `changes_cursor`."""
    try:
        return reference.snapshot_page(engine, p.hall_id, page, limit)
    except reference.CursorError as exc:
        raise ApiError(400, "reference.bad_page", str(exc)) from exc


@router.get("/v1/reference/changes")
def changes(p: Counter, engine: LedgerEngine, cursor: Annotated[str, Query(
        json_schema_extra={"pattern": "^[0-9]{1,16}$", "maxLength": 16},
        description=f"a changes cursor this ledger handed out (0 to {MAX_ID})")],
            limit: Limit = None) -> dict:
    """Customers and bills of the hall changed after `cursor`; repeat while has_more."""
    try:
        return reference.changes_since(engine, p.hall_id, cursor, limit)
    except reference.CursorError as exc:
        raise ApiError(400, "reference.bad_cursor", str(exc)) from exc
