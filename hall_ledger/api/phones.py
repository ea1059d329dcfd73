"""/v1/collections/phones/...: phone hygiene for the counters (#14): an account's phone state,
and the review queue of numbers from property companies' lists (accept / reject by a person).
Everything is the token's hall; mutations name the person signed in at the counter."""

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from starlette.concurrency import run_in_threadpool

from ..services import phones
from ..store.db import reader
from ..wire import MAX_ID, TERMINAL_ID_PATTERN, AccountNo, Reason, Strict, _matching
from .auth import Counter, LedgerEngine
from .errors import ApiError

router = APIRouter(tags=["collections: phones"])

# the person signed in at the counter: the id rule of hall_domain/inputs.py
Actor = Annotated[str, *_matching(TERMINAL_ID_PATTERN, "1 to 32 letters, digits, '-' or '_'",
                                  max_length=32)]
ReviewId = Annotated[int, Path(ge=1, le=MAX_ID)]


class ReviewDecisionIn(Strict):
    """Who decides (the person signed in at the counter) and why."""

    actor: Actor
    note: Reason | None = None


@router.get("/v1/collections/phones/reviews")
def list_reviews(p: Counter, engine: LedgerEngine,
                 status: Annotated[Literal["pending", "accepted", "rejected", "all"],
                                   Query()] = "pending",
                 limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict:
    """The hall's phone reviews, oldest first: numbers from a list that differ from the one
    on file (or name another person), waiting for a person to accept or reject them."""
    with reader(engine).connect() as conn:
        rows = phones.list_reviews(conn, p.hall_id, status=None if status == "all" else status,
                                   limit=limit)
    return {"reviews": rows}


def _decide(engine, p, review_id: int, body: ReviewDecisionIn, accept: bool) -> dict:
    try:
        with engine.begin() as conn:
            if accept:
                return phones.accept_review(conn, p.hall_id, review_id, actor=body.actor,
                                            on=date.today(), terminal_id=p.terminal_id,
                                            note=body.note)
            return phones.reject_review(conn, p.hall_id, review_id, actor=body.actor,
                                        terminal_id=p.terminal_id, note=body.note)
    except phones.PhoneReviewError as exc:
        raise ApiError(exc.status, exc.code, exc.message) from exc


@router.post("/v1/collections/phones/reviews/{review_id}/accept")
async def accept_review(review_id: ReviewId, body: ReviewDecisionIn, p: Counter,
                        engine: LedgerEngine) -> dict:
    """Take the listed number: it becomes the customer's number, verified today."""
    return await run_in_threadpool(_decide, engine, p, review_id, body, True)


@router.post("/v1/collections/phones/reviews/{review_id}/reject")
async def reject_review(review_id: ReviewId, body: ReviewDecisionIn, p: Counter,
                        engine: LedgerEngine) -> dict:
    """Leave the number on file as it is."""
    return await run_in_threadpool(_decide, engine, p, review_id, body, False)


@router.get("/v1/collections/phones/{account_no}")
def phone_state(account_no: Annotated[AccountNo, Path()], p: Counter, engine: LedgerEngine,
                as_of: Annotated[date | None, Query()] = None) -> dict:
    """The account's phone: number, status (ok / unverified / vacant / invalid / none),
    source, last verified, when it is due for checking again, open reviews."""
    with reader(engine).connect() as conn:
        state = phones.phone_state(conn, p.hall_id, account_no, as_of=as_of or date.today())
    if state is None:
        raise ApiError(404, "collections.phones.unknown_account",
                       f"no account {account_no} in this hall")
    return {"account_no": account_no, **state}
