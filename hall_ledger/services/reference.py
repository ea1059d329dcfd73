"""Reference data for a hall: a paged snapshot of customers and open bills, then changes.

Every change to a customer or bill takes the hall's next change number (see
db.next_change_seqs). A snapshot starts by reading the hall's current number, which is the
cursor to ask for changes from once every page is in; rows changed while paging come again
as changes, and applying a row twice does no harm.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from ..store.db import consistent_reader, current_change_seq
from ..store.models import Bill, Customer
from ..wire import ACCOUNT_PATTERN, MAX_ID
from .phones import phone_columns

DEFAULT_LIMIT = 1000
MAX_LIMIT = 10000


class CursorError(ValueError):
    """A page token or change cursor that this ledger did not hand out."""


def customer_out(row, phone: dict[str, Any] | None = None) -> dict[str, Any]:
    """A customer as the counters get it; `phone`: its phone_columns (#14: phone_status and
    phone_verified_on, so the counter can ask the cashier to verify a stale number)."""
    out = {
        "account_no": row.account_no, "name": row.name, "address": row.address,
        "phone": row.phone, "user_type": row.user_type, "area": row.area,
        "credit_fen": row.credit_fen,
    }
    if phone is not None:
        out["phone_status"] = phone["phone_status"]
        out["phone_verified_on"] = phone["phone_verified_on"]
    return out


def _phones(conn, hall_id: str, customers) -> dict[str, dict[str, Any]]:
    return phone_columns(conn, hall_id, [c.account_no for c in customers], as_of=date.today())


def bill_out(row) -> dict[str, Any]:
    return {
        "bill_id": row.bill_id, "account_no": row.account_no, "period": row.period,
        "kwh": row.kwh, "amount_fen": row.amount_fen, "due_date": row.due_date.isoformat(),
        "principal_paid_fen": row.principal_paid_fen,
        "late_fee_assessed_fen": row.late_fee_assessed_fen,
        "late_fee_paid_fen": row.late_fee_paid_fen,
        "fee_accrued_through": (row.fee_accrued_through.isoformat()
                                if row.fee_accrued_through else None),
        "late_fee_waived": bool(row.late_fee_waived), "status": row.status,
        "closed_by": row.closed_by,
    }


def _encode_page(after: str, cursor: int) -> str:
    raw = json.dumps({"a": after, "c": cursor}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


_TOKEN = re.compile(r"[A-Za-z0-9_\-]{1,400}")  # URL-safe base64 without padding
_AFTER = re.compile(ACCOUNT_PATTERN)
_CURSOR = re.compile(r"[0-9]{1,16}")  # ASCII digits only: "²" and "٣" are digits to isdigit()
MAX_CURSOR = MAX_ID


def _decode_page(token: str) -> tuple[str, int]:
    """The (after account, changes cursor) of a page token; anything this ledger did not hand
    out (other keys, a negative, float, boolean or huge counter, non-digits) is CursorError."""
    bad = CursorError("page token is not one this ledger handed out")
    if not _TOKEN.fullmatch(token):
        raise bad
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError) as exc:  # UnicodeDecodeError is a ValueError
        raise bad from exc
    if not isinstance(data, dict) or set(data) != {"a", "c"}:
        raise bad
    after, cursor = data["a"], data["c"]
    if not isinstance(after, str) or not _AFTER.fullmatch(after):
        raise bad
    if type(cursor) is not int or not 0 <= cursor <= MAX_CURSOR:
        raise bad
    return after, cursor


def parse_cursor(cursor: str) -> int:
    if not _CURSOR.fullmatch(cursor) or int(cursor) > MAX_CURSOR:
        raise CursorError("changes cursor is not one this ledger handed out "
                          f"(it is 1 to 16 digits 0-9, at most {MAX_CURSOR})")
    return int(cursor)


def _limit(limit: int | None) -> int:
    return max(1, min(limit or DEFAULT_LIMIT, MAX_LIMIT))


def snapshot_page(engine: Engine, hall_id: str, page: str | None, limit: int | None) -> dict:
    """One page of the hall's customers (by account number) and their open bills."""
    limit = _limit(limit)
    with consistent_reader(engine).begin() as conn:
        if page:
            after, cursor = _decode_page(page)
        else:
            # Read first: anything committed later has a higher number and comes as a change.
            after, cursor = "", current_change_seq(conn, hall_id)
        customers = conn.execute(
            select(Customer).where(Customer.hall_id == hall_id, Customer.account_no > after)
            .order_by(Customer.account_no).limit(limit + 1)
        ).all()
        more = len(customers) > limit
        customers = customers[:limit]
        accounts = [c.account_no for c in customers]
        bills = []
        for start in range(0, len(accounts), 1000):
            bills.extend(conn.execute(
                select(Bill).where(Bill.account_no.in_(accounts[start:start + 1000]),
                                   Bill.status != "paid")
                .order_by(Bill.account_no, Bill.period)
            ).all())
        phones = _phones(conn, hall_id, customers)
    return {
        "changes_cursor": str(cursor),
        "next_page": _encode_page(accounts[-1], cursor) if more else None,
        "customers": [customer_out(c, phones.get(c.account_no)) for c in customers],
        "bills": [bill_out(b) for b in bills],
    }


def changes_since(engine: Engine, hall_id: str, cursor: str, limit: int | None) -> dict:
    """Customers and bills of the hall changed after `cursor`, oldest change first."""
    limit = _limit(limit)
    since = parse_cursor(cursor)
    with consistent_reader(engine).begin() as conn:
        customers = conn.execute(
            select(Customer).where(Customer.hall_id == hall_id, Customer.change_seq > since)
            .order_by(Customer.change_seq).limit(limit + 1)
        ).all()
        bills = conn.execute(
            select(Bill).where(Bill.hall_id == hall_id, Bill.change_seq > since)
            .order_by(Bill.change_seq).limit(limit + 1)
        ).all()
        merged = sorted(
            [("c", r.change_seq, r) for r in customers] + [("b", r.change_seq, r) for r in bills],
            key=lambda t: t[1],
        )
        more = len(merged) > limit
        merged = merged[:limit]
        phones = _phones(conn, hall_id, [r for kind, _, r in merged if kind == "c"])
    last = merged[-1][1] if merged else since
    return {
        "cursor": str(last),
        "has_more": more,
        "customers": [customer_out(r, phones.get(r.account_no))
                      for kind, _, r in merged if kind == "c"],
        "bills": [bill_out(r) for kind, _, r in merged if kind == "b"],
    }
