"""POST /v1/payments, /v1/items/{kind}, /v1/channel-payments: what counters and channels send."""

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.concurrency import run_in_threadpool

from ..services.channels import ingest_channel_payments
from ..services.ingest import ingest_payments, item_key, item_payload, with_digest_check
from ..services.items import KINDS, ingest_items
from ..wire import BatchResultOut, ChannelPaymentBatch, ItemBatch, PaymentBatch
from .auth import Channel, Counter, LedgerEngine
from .body import batch_answer, body_schema, read_batch
from .errors import ApiError

router = APIRouter()


@router.post("/v1/payments", response_model=BatchResultOut, tags=["payments"],
             openapi_extra=body_schema(PaymentBatch))
async def post_payments(request: Request, p: Counter, engine: LedgerEngine):
    """Record a batch of counter payments; one result per item, in order."""
    items = await read_batch(request, "payments")
    return batch_answer(await run_in_threadpool(
        with_digest_check, items, request.state.payload_sha256,
        lambda ok: ingest_payments(engine, p, ok)), request)


@router.post("/v1/items/{kind}", response_model=BatchResultOut, tags=["items"],
             openapi_extra=body_schema(ItemBatch))
async def post_items(kind: Annotated[str, Path(json_schema_extra={"enum": list(KINDS)})],
                     request: Request, p: Counter, engine: LedgerEngine):
    """Record outbox items of one kind: payment, void, refund, shift_report, contact_change,
    audit_head."""
    if kind not in KINDS:
        raise ApiError(404, "items.unknown_kind", f"kind must be one of {', '.join(KINDS)}")
    items = await read_batch(request, "items")
    return batch_answer(await run_in_threadpool(
        with_digest_check, items, request.state.payload_sha256,
        lambda ok: ingest_items(engine, p, kind, ok), payload_of=item_payload,
        key_of=item_key), request)


@router.post("/v1/channel-payments", response_model=BatchResultOut, tags=["payments"],
             openapi_extra=body_schema(ChannelPaymentBatch))
async def post_channel_payments(request: Request, p: Channel, engine: LedgerEngine):
    """Record payments taken by another channel (bank agency, online); the ledger allocates."""
    items = await read_batch(request, "payments")
    return batch_answer(await run_in_threadpool(ingest_channel_payments, engine, p, items),
                        request)
