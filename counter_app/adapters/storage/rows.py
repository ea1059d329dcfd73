"""What every SQLite repository shares: the base over one open transaction, and the row mappers."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from counter_app.services.ports import OutboxItem
from hall_domain.accounts import Bill, BillStatus, Customer, UserType
from hall_domain.audit import AuditEntry
from hall_domain.security import Role, User
from hall_domain.shifts import DenominationCount, Shift, ShiftStatus

from .errors import StoreError

CHUNK = 500  # bound parameters per IN (...) query
OPEN_STATUSES = (BillStatus.OPEN.value, BillStatus.PARTIAL.value)

CUSTOMER_COLS = ("account_no, name, address, phone, user_type, area, credit_fen, "
                 "phone_verified_on, phone_status")
BILL_COLS = (
    "id, account_no, period, kwh, amount_fen, due_date, principal_paid_fen, "
    "late_fee_assessed_fen, late_fee_paid_fen, fee_accrued_through, late_fee_waived, status"
)
USER_COLS = "user_id, name, role, pin_hash, failed_pins, locked_until, active"
SHIFT_COLS = "id, terminal_id, opened_by, opened_at, opening_float_json, status, closed_at"
AUDIT_COLS = "seq, at, terminal_id, user_id, action, target, outcome, detail, prev_hash, hash"
OUTBOX_COLS = (
    "id, kind, item_key, account_no, payload_json, created_at, attempts, next_attempt_at, "
    "state, last_error, audit_seq"
)


class SqliteRepo:
    """A repository over one open transaction of the store (read-only unless `writable`)."""

    __slots__ = ("_raw", "writable")

    def __init__(self, raw: sqlite3.Connection, writable: bool) -> None:
        self._raw = raw
        self.writable = writable

    def _q(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self._raw.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        return self._raw.execute(sql, params).fetchone()

    def _w(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        self._check_writable()
        return self._raw.execute(sql, params)

    def _check_writable(self) -> None:
        check_writable(self.writable)


def check_writable(writable: bool) -> None:
    if not writable:
        raise StoreError(
            "A write was attempted inside a read transaction (use store.write()).",
            code="store.read_only_tx",
        )


def iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def dt(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def customer_of(row: tuple) -> Customer:
    account_no, name, address, phone, user_type, area, credit_fen, verified_on, status = row
    return Customer(
        account_no=account_no,
        name=name,
        address=address,
        phone=phone,
        user_type=UserType(user_type),
        area=area,
        credit_fen=credit_fen,
        phone_verified_on=date.fromisoformat(verified_on) if verified_on else None,
        phone_status=status,
    )


def bill_of(row: tuple) -> Bill:
    return Bill(
        bill_id=row[0],
        account_no=row[1],
        period=row[2],
        kwh=row[3],
        amount_fen=row[4],
        due_date=date.fromisoformat(row[5]),
        principal_paid_fen=row[6],
        late_fee_assessed_fen=row[7],
        late_fee_paid_fen=row[8],
        fee_accrued_through=None if row[9] is None else date.fromisoformat(row[9]),
        late_fee_waived=bool(row[10]),
        status=BillStatus(row[11]),
    )


def user_of(row: tuple) -> User:
    return User(
        user_id=row[0],
        name=row[1],
        role=Role(row[2]),
        pin_hash=row[3],
        failed_pins=row[4],
        locked_until=dt(row[5]),
        active=bool(row[6]),
    )


def shift_of(row: tuple) -> Shift:
    return Shift(
        shift_id=row[0],
        terminal_id=row[1],
        opened_by=row[2],
        opened_at=datetime.fromisoformat(row[3]),
        opening_float=DenominationCount.from_dict(json.loads(row[4])),
        status=ShiftStatus(row[5]),
        closed_at=dt(row[6]),
    )


def audit_of(row: tuple) -> AuditEntry:
    return AuditEntry(
        seq=row[0],
        at=datetime.fromisoformat(row[1]),
        terminal_id=row[2],
        user_id=row[3],
        action=row[4],
        target=row[5],
        outcome=row[6],
        detail=row[7],
        prev_hash=row[8],
        hash=row[9],
    )


def outbox_of(row: tuple) -> OutboxItem:
    return OutboxItem(
        id=row[0],
        kind=row[1],
        item_key=row[2],
        account_no=row[3],
        payload_json=row[4],
        created_at=datetime.fromisoformat(row[5]),
        attempts=row[6],
        next_attempt_at=dt(row[7]),
        state=row[8],
        last_error=row[9],
        audit_seq=row[10],
    )
