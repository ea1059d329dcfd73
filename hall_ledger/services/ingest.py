"""Payment batches from counters: recorded once per UUID, the same answer on every repeat.

Per batch: validate each item on its own (a bad item is refused, the others go on); answer
repeats from the stored result; book the new ones in ONE transaction that locks their
accounts, re-reads what is already recorded, and inserts with ON CONFLICT DO NOTHING on the
payment UUID. If a concurrent request recorded one of our UUIDs first, the transaction is
rolled back and the batch answered again, so the repeat is found and compared by hash.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, select

from hall_domain.payments import format_receipt_no

from ..store.db import LOCK_ACCOUNTS_SQL, among, is_sqlite, pg_pipeline, statement_reader, utcnow
from ..store.models import Payment
from ..wire import PaymentIn, content_hash, describe, dumps, duplicate, recorded, refused
from .booking import (
    Booking,
    allocations_out,
    in_transaction_retrying,
    iso_utc,
    load_state,
)
from .posting import bill_from_row, post_counter_payment
from .stop_supply import local_now, on_payments_booked
from .terminals import Principal

log = logging.getLogger(__name__)

Parsed = tuple[int, PaymentIn, str]  # (position in batch, payment, content hash)


def _key(item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("payment_uuid"), str):
        return item["payment_uuid"]
    return f"#{index}"


def ingest_payments(
    engine: Engine, principal: Principal, items: list[Any], *, keys: list[str] | None = None
) -> list[dict[str, Any]]:
    """Answer each item of a batch (in order) with a per-item result."""
    results: list[dict[str, Any] | None] = [None] * len(items)
    first: dict[str, int] = {}
    parsed: list[Parsed] = []
    repeats: list[tuple[int, int]] = []
    for i, item in enumerate(items):
        key = keys[i] if keys is not None else _key(item, i)
        try:
            payment = PaymentIn.model_validate(item)
        except ValidationError as exc:
            message, details = describe(exc)
            results[i] = refused(key, "payment.invalid", message, details)
            continue
        if keys is not None and key.lower() != payment.payment_uuid:
            results[i] = refused(key, "item.key_mismatch", "item_key must equal payment_uuid")
            continue
        if payment.terminal_id != principal.terminal_id:
            results[i] = refused(
                key, "payment.wrong_terminal",
                f"payment names terminal {payment.terminal_id}, but the token is for "
                f"{principal.terminal_id}",
            )
            continue
        digest = content_hash(payment)
        j = first.get(payment.payment_uuid)
        if j is None:
            first[payment.payment_uuid] = i
            parsed.append((i, payment, digest))
        elif parsed_hash(parsed, j) == digest:
            repeats.append((i, j))
        else:
            results[i] = _conflict(key)
    if parsed:
        answers = _record(engine, principal, parsed)
        for i, payment, _ in parsed:
            results[i] = answers[payment.payment_uuid]
    for i, j in repeats:
        earlier = results[j]
        assert earlier is not None
        results[i] = (
            duplicate(earlier["key"], earlier["result"]) if earlier["result"] is not None else earlier
        )
    _log_batch(principal, results)
    return [r for r in results if r is not None]


def parsed_hash(parsed: list[Parsed], index: int) -> str:
    return next(h for i, _, h in parsed if i == index)


def _conflict(key: str) -> dict[str, Any]:
    return refused(
        key, "payment.uuid_conflict",
        "this payment UUID was already recorded with different content; the ledger keeps the "
        "first and is unchanged",
    )


def _record(engine: Engine, principal: Principal, parsed: list[Parsed]) -> dict[str, dict]:
    uuids = [p.payment_uuid for _, p, _ in parsed]
    with statement_reader(engine).connect() as conn:  # before any lock: repeats need none
        found = _existing(conn, uuids)
    answers: dict[str, dict] = {}
    pending = _answer_existing(parsed, found, principal, answers)
    if not pending:
        return answers

    def record(conn) -> dict[str, dict]:
        if is_sqlite(conn):  # BEGIN IMMEDIATE already serialises every writer
            found, state = _existing(conn, [p.payment_uuid for _, p, _ in pending]), None
        else:
            found, state = _lock_and_read_pg(conn, pending)
        local: dict[str, dict] = {}
        fresh = _answer_existing(pending, found, principal, local)
        if fresh:
            if state is None:
                state = load_state(conn, sorted({p.account_no for _, p, _ in fresh}))
            local.update(_book(conn, principal, fresh, state))
        return local

    answers.update(in_transaction_retrying(engine, record, what="payment batch"))
    return answers


def _existing(conn, uuids: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for start in range(0, len(uuids), 500):
        rows = conn.execute(
            select(Payment.payment_uuid, Payment.content_hash, Payment.hall_id,
                   Payment.terminal_id, Payment.result_json)
            .where(among(conn, Payment.payment_uuid, uuids[start:start + 500]))
        )
        found.update({row.payment_uuid: row for row in rows})
    return found


PG_EXISTING = (
    "SELECT payment_uuid, content_hash, hall_id, terminal_id, result_json FROM payments"
    " WHERE payment_uuid = ANY(%s::text[])"
)
PG_CUSTOMERS = "SELECT account_no, hall_id FROM customers WHERE account_no = ANY(%s::text[])"
PG_BILLS = (
    "SELECT b.bill_id, b.account_no, b.period, b.kwh, b.amount_fen, b.due_date,"
    " b.principal_paid_fen, b.late_fee_assessed_fen, b.late_fee_paid_fen, b.fee_accrued_through,"
    " b.late_fee_waived, b.status, b.closed_by"
    " FROM bills b JOIN unnest(%s::text[], %s::text[]) AS k(account_no, period)"
    " ON b.account_no = k.account_no AND b.period = k.period"
)


def _lock_and_read_pg(conn, pending: list[Parsed]) -> tuple[dict[str, Any], tuple]:
    """PostgreSQL: lock the batch's accounts, then read what the booking needs, in ONE round
    trip (a pipeline). The server runs the statements in order, and each read takes its
    snapshot only when it starts, i.e. after every lock is held.

    Returns the already-recorded payments by UUID and (customers by account, bills by account
    and period). A counter payment books only on the bills its allocations name, so only
    those are read.
    """
    from psycopg.rows import namedtuple_row

    accounts = sorted({p.account_no for _, p, _ in pending})
    uuids = [p.payment_uuid for _, p, _ in pending]
    pairs = sorted({(p.account_no, a.period) for _, p, _ in pending for a in p.allocations})
    with pg_pipeline(conn) as pg:
        pg.execute(LOCK_ACCOUNTS_SQL, (accounts,))
        existing = pg.cursor(row_factory=namedtuple_row)
        existing.execute(PG_EXISTING, (uuids,))
        customers = pg.cursor(row_factory=namedtuple_row)
        customers.execute(PG_CUSTOMERS, (accounts,))
        bills = None
        if pairs:
            bills = pg.cursor(row_factory=namedtuple_row)
            bills.execute(PG_BILLS, ([a for a, _ in pairs], [p for _, p in pairs]))
    found = {row.payment_uuid: row for row in existing.fetchall()}
    by_account = {row.account_no: row for row in customers.fetchall()}
    by_period: dict[str, dict] = defaultdict(dict)
    for row in bills.fetchall() if bills is not None else ():
        by_period[row.account_no][row.period] = bill_from_row(row)
    return found, (by_account, by_period)


def _answer_existing(
    parsed: list[Parsed], found: dict[str, Any], principal: Principal, answers: dict[str, dict]
) -> list[Parsed]:
    """Answer the already-recorded items into `answers`; return the others."""
    fresh = []
    for item in parsed:
        _, payment, digest = item
        row = found.get(payment.payment_uuid)
        if row is None:
            fresh.append(item)
        elif (row.content_hash == digest and row.hall_id == principal.hall_id
              and row.terminal_id == principal.terminal_id):
            answers[payment.payment_uuid] = duplicate(payment.payment_uuid, json.loads(row.result_json))
        else:
            answers[payment.payment_uuid] = _conflict(payment.payment_uuid)
    return fresh


def _book(conn, principal: Principal, fresh: list[Parsed], state: tuple) -> dict[str, dict]:
    customers, bills = state
    now = utcnow()
    booking = Booking(principal, now)
    answers: dict[str, dict] = {}
    for _, p, digest in fresh:
        customer = customers.get(p.account_no)
        if customer is not None and customer.hall_id != principal.hall_id:
            answers[p.payment_uuid] = refused(
                p.payment_uuid, "payment.other_hall",
                f"account {p.account_no} belongs to another hall",
            )
            continue
        account_bills = bills[p.account_no] if customer is not None else None
        posting, changed = post_counter_payment(p, account_bills)
        result = {
            "payment_uuid": p.payment_uuid,
            "account_no": p.account_no,
            "amount_fen": p.amount_fen,
            "receipt_no": format_receipt_no(p.terminal_id, p.receipt_number),
            "recorded_at": iso_utc(now),
            "allocations": allocations_out(posting),
            "credit_fen": posting.credit_fen,
            "reallocated": posting.reallocated,
            "review": bool(posting.review_reasons),
            "review_reasons": list(posting.review_reasons),
        }
        booking.add(
            payment_uuid=p.payment_uuid, content_hash=digest, account_no=p.account_no,
            amount_fen=p.amount_fen, posting=posting, changed=changed,
            known_account=customer is not None, shift_id=p.shift_id, cashier_id=p.cashier_id,
            taken_at=p.taken_at.isoformat(), business_date=p.business_date,
            receipt_number=p.receipt_number,
            tenders=[
                {"kind": t.kind, "amount_fen": t.amount_fen, "tendered_fen": t.tendered_fen,
                 "change_fen": t.change_fen, "reference": t.reference, "auth_code": t.auth_code,
                 "masked_card": t.masked_card}
                for t in p.tenders
            ],
            result_json=dumps(result),
        )
        answers[p.payment_uuid] = recorded(p.payment_uuid, result)
    booking.flush(conn)
    on_payments_booked(conn, principal.hall_id, {r["account_no"] for r in booking.payments},
                       local_now())  # stop-supply and notices (#14)
    return answers


DIGEST_MISMATCH = "payload.hash_mismatch"


def item_payload(envelope: Any) -> Any:
    """The payload of an {item_key, payload} envelope (what its digest covers)."""
    return envelope.get("payload") if isinstance(envelope, dict) else None


def item_key(envelope: Any, index: int) -> str:
    key = envelope.get("item_key") if isinstance(envelope, dict) else None
    return key if isinstance(key, str) else f"#{index}"


def canonical_digest(payload: Any) -> str:
    """SHA-256 (hex) of an item's canonical JSON (keys sorted, no spaces, UTF-8): the bytes the
    counter sealed into its audit chain and sent (services.outbox_seal)."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest_refusals(items: list[Any], digests: Any, *, payload_of: Callable[[Any], Any],
                    key_of: Callable[[Any, int], str]) -> dict[int, dict[str, Any]]:
    """Refusals (by position) of items whose payload does not hash to the digest sent
    alongside (`payload_sha256`, one per item); none when no digests were sent. A refused
    item is recorded nowhere: the counter puts it on its review list."""
    if digests is None:
        return {}
    if (not isinstance(digests, list) or len(digests) != len(items)
            or not all(isinstance(d, str) for d in digests)):
        return {i: refused(key_of(item, i), DIGEST_MISMATCH,
                           "payload_sha256 must list one SHA-256 per item")
                for i, item in enumerate(items)}
    out = {}
    for i, (item, digest) in enumerate(zip(items, digests, strict=True)):
        try:
            ours = canonical_digest(payload_of(item))
        except (TypeError, ValueError, KeyError, UnicodeError):
            ours = ""
        if ours != digest.lower():
            out[i] = refused(key_of(item, i), DIGEST_MISMATCH,
                             "the item does not match the SHA-256 sent with it (changed on the "
                             "way or at the counter); not recorded, for review")
    if out:
        log.warning("%d item(s) refused: payload does not match its payload_sha256", len(out))
    return out


def with_digest_check(items: list[Any], digests: Any, run: Callable[[list[Any]], list[dict]], *,
                      payload_of: Callable[[Any], Any] = lambda item: item,
                      key_of: Callable[[Any, int], str] = _key) -> list[dict[str, Any]]:
    """`run` (an ingest) on the items that match their digest; the others refused, in place."""
    bad = digest_refusals(items, digests, payload_of=payload_of, key_of=key_of)
    if not bad:
        return run(items)
    good = [item for i, item in enumerate(items) if i not in bad]
    answers = iter(run(good) if good else [])
    return [bad[i] if i in bad else next(answers) for i in range(len(items))]


def _log_batch(principal: Principal, results: list[dict[str, Any] | None]) -> None:
    counts = {"recorded": 0, "duplicate": 0, "refused": 0}
    for r in results:
        if r is not None:
            counts[r["outcome"]] += 1
    log.info(
        "payments from %s/%s: %d recorded, %d duplicate, %d refused",
        principal.hall_id, principal.terminal_id,
        counts["recorded"], counts["duplicate"], counts["refused"],
    )
