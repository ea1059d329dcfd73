"""Payments through other channels (bank agency 银行代收, online): the ledger allocates them.

They arrive through `POST /v1/channel-payments` (a token whose terminal is of channel bank
or online) or `counter-ledger channel-pay`, and close bills that counters may still show
as open until their next reference pull.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, select

from hall_domain.late_fees import LateFeeRuleSet

from ..store.db import lock_accounts, reader, utcnow
from ..store.models import Customer, Payment
from ..wire import ChannelPaymentIn, content_hash, describe, dumps, duplicate, recorded, refused
from .booking import (
    Booking,
    allocations_out,
    in_transaction_retrying,
    iso_utc,
    load_state,
)
from .posting import customer_from_row, post_channel_payment
from .stop_supply import local_now, on_payments_booked
from .terminals import Principal


def ingest_channel_payments(
    engine: Engine, principal: Principal, items: list[Any], rules: LateFeeRuleSet | None = None
) -> list[dict[str, Any]]:
    rules = rules or LateFeeRuleSet()
    results: list[dict[str, Any] | None] = [None] * len(items)
    parsed = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        key = item.get("payment_uuid", f"#{i}") if isinstance(item, dict) else f"#{i}"
        try:
            payment = ChannelPaymentIn.model_validate(item)
        except ValidationError as exc:
            results[i] = refused(str(key), "payment.invalid", *describe(exc))
            continue
        if payment.payment_uuid in seen:
            results[i] = refused(key, "payment.repeated_in_batch", "UUID repeated in the batch")
            continue
        seen.add(payment.payment_uuid)
        parsed.append((i, payment, content_hash(payment)))
    if parsed:
        answers = in_transaction_retrying(
            engine, lambda conn: _book(conn, principal, parsed, rules),
            what="channel payment batch")
        for i, payment, _ in parsed:
            results[i] = answers[payment.payment_uuid]
    return [r for r in results if r is not None]


def _book(conn, principal: Principal, parsed, rules: LateFeeRuleSet) -> dict[str, dict]:
    lock_accounts(conn, [p.account_no for _, p, _ in parsed])
    uuids = [p.payment_uuid for _, p, _ in parsed]
    found = {
        row.payment_uuid: row
        for row in conn.execute(
            select(Payment.payment_uuid, Payment.content_hash, Payment.terminal_id,
                   Payment.hall_id, Payment.result_json)
            .where(Payment.payment_uuid.in_(uuids))
        )
    }
    customers, bills = load_state(conn, sorted({p.account_no for _, p, _ in parsed}))
    now = utcnow()
    booking = Booking(principal, now)
    answers: dict[str, dict] = {}
    for _, p, digest in parsed:
        row = found.get(p.payment_uuid)
        if row is not None:
            same = (row.content_hash == digest and row.terminal_id == principal.terminal_id
                    and row.hall_id == principal.hall_id)
            answers[p.payment_uuid] = (
                duplicate(p.payment_uuid, json.loads(row.result_json)) if same else
                refused(p.payment_uuid, "payment.uuid_conflict",
                        "payment UUID already recorded with different content")
            )
            continue
        customer = customers.get(p.account_no)
        if customer is None or customer.hall_id != principal.hall_id:
            answers[p.payment_uuid] = refused(
                p.payment_uuid, "payment.unknown_account",
                f"no account {p.account_no} in hall {principal.hall_id}",
            )
            continue
        on = p.paid_at.date()
        posting, changed = post_channel_payment(
            customer_from_row(customer), bills[p.account_no], p.amount_fen, on, rules,
            channel=principal.channel,
        )
        result = {
            "payment_uuid": p.payment_uuid, "account_no": p.account_no,
            "amount_fen": p.amount_fen, "receipt_no": None, "recorded_at": iso_utc(now),
            "allocations": allocations_out(posting), "credit_fen": posting.credit_fen,
            "reallocated": False, "review": False, "review_reasons": [],
        }
        booking.add(
            payment_uuid=p.payment_uuid, content_hash=digest, account_no=p.account_no,
            amount_fen=p.amount_fen, posting=posting, changed=changed, known_account=True,
            shift_id=None, cashier_id=None, taken_at=p.paid_at.isoformat(), business_date=on,
            receipt_number=None,
            tenders=[{"kind": principal.channel, "amount_fen": p.amount_fen, "tendered_fen": None,
                      "change_fen": 0, "reference": p.reference, "auth_code": None,
                      "masked_card": None}],
            result_json=dumps(result),
        )
        answers[p.payment_uuid] = recorded(p.payment_uuid, result)
    booking.flush(conn)
    on_payments_booked(conn, principal.hall_id, {r["account_no"] for r in booking.payments},
                       local_now())  # stop-supply and notices (#14)
    return answers


def channel_principal(engine: Engine, account_no: str, channel: str) -> Principal:
    """The principal `counter-ledger channel-pay` books as: the channel, in the account's hall."""
    with reader(engine).connect() as conn:
        hall = conn.execute(
            select(Customer.hall_id).where(Customer.account_no == account_no)
        ).scalar()
    if hall is None:
        raise LookupError(f"no customer with account number {account_no}")
    return Principal(hall_id=hall, terminal_id=channel.upper(), channel=channel)
