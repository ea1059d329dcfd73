"""One store transaction: repository methods mapping rows to domain dataclasses (services.ports.CounterTx)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from counter_app.services.ports import NewBill, OutboxItem
from hall_domain.accounts import Bill, BillStatus, Customer, UserType
from hall_domain.allocation import Allocation
from hall_domain.audit import AuditEntry
from hall_domain.payments import Payment
from hall_domain.security import Role, User
from hall_domain.shifts import DenominationCount, Shift, ShiftStatus
from hall_domain.tenders import CardTender, CashTender, Tender, TenderKind

from .errors import StoreError
from .pinyin import PINYIN_TABLE, normalize_pinyin_query
from .search import ADDR_FTS, NAME_FTS, fts_query, index_rows, unindex_rows

CHUNK = 500  # bound parameters per IN (...) query
OPEN_STATUSES = (BillStatus.OPEN.value, BillStatus.PARTIAL.value)
# Above every real character in UTF-8 byte order: prefix < s < prefix + MAX_CHAR for s
# starting with prefix (SQLite compares TEXT with memcmp under the default BINARY collation).
MAX_CHAR = "\U0010ffff"

_CUSTOMER_COLS = "account_no, name, address, phone, user_type, area, credit_fen"
_BILL_COLS = (
    "id, account_no, period, kwh, amount_fen, due_date, principal_paid_fen, "
    "late_fee_assessed_fen, late_fee_paid_fen, fee_accrued_through, late_fee_waived, status"
)
_USER_COLS = "user_id, name, role, pin_hash, failed_pins, locked_until, active"
_SHIFT_COLS = "id, terminal_id, opened_by, opened_at, opening_float_json, status, closed_at"
_AUDIT_COLS = "seq, at, terminal_id, user_id, action, target, outcome, detail, prev_hash, hash"
_OUTBOX_COLS = (
    "id, kind, item_key, account_no, payload_json, created_at, attempts, next_attempt_at, "
    "state, last_error, audit_seq"
)


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _dt(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _customer(row: tuple) -> Customer:
    account_no, name, address, phone, user_type, area, credit_fen = row
    return Customer(
        account_no=account_no,
        name=name,
        address=address,
        phone=phone,
        user_type=UserType(user_type),
        area=area,
        credit_fen=credit_fen,
    )


def _bill(row: tuple) -> Bill:
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


def _user(row: tuple) -> User:
    return User(
        user_id=row[0],
        name=row[1],
        role=Role(row[2]),
        pin_hash=row[3],
        failed_pins=row[4],
        locked_until=_dt(row[5]),
        active=bool(row[6]),
    )


def _shift(row: tuple) -> Shift:
    return Shift(
        shift_id=row[0],
        terminal_id=row[1],
        opened_by=row[2],
        opened_at=datetime.fromisoformat(row[3]),
        opening_float=DenominationCount.from_dict(json.loads(row[4])),
        status=ShiftStatus(row[5]),
        closed_at=_dt(row[6]),
    )


def _audit(row: tuple) -> AuditEntry:
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


def _outbox(row: tuple) -> OutboxItem:
    return OutboxItem(
        id=row[0],
        kind=row[1],
        item_key=row[2],
        account_no=row[3],
        payload_json=row[4],
        created_at=datetime.fromisoformat(row[5]),
        attempts=row[6],
        next_attempt_at=_dt(row[7]),
        state=row[8],
        last_error=row[9],
        audit_seq=row[10],
    )


class SqliteTx:
    """Repository methods over one open transaction (see services.ports.CounterTx)."""

    def __init__(self, raw: sqlite3.Connection, *, writable: bool) -> None:
        self._raw = raw
        self.writable = writable
        self._unsealed: list[tuple[int, str, str, str]] = []  # outbox items awaiting a seal

    @property
    def raw(self) -> sqlite3.Connection:
        """The sqlite3 connection, for bulk loaders (e.g. with `rebuild_search_index`)."""
        return self._raw

    # -- plumbing ---------------------------------------------------------------------------
    def _q(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self._raw.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        return self._raw.execute(sql, params).fetchone()

    def _w(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        self._check_writable()
        return self._raw.execute(sql, params)

    def _check_writable(self) -> None:
        if not self.writable:
            raise StoreError(
                "A write was attempted inside a read transaction (use store.write()).",
                code="store.read_only_tx",
            )

    def _customers_by_ids(self, ids: Sequence[int]) -> list[Customer]:
        """Customers for the given ids, in the order given."""
        found: dict[int, Customer] = {}
        for part in _chunks(list(ids)):
            marks = ",".join("?" * len(part))
            for row in self._q(
                f"SELECT id, {_CUSTOMER_COLS} FROM customers WHERE id IN ({marks})", part
            ):
                found[row[0]] = _customer(row[1:])
        return [found[i] for i in ids if i in found]

    def _fts_ids(self, table: str, text: str, limit: int) -> list[int]:
        match = fts_query(text)
        if match is None or limit <= 0:
            return []
        rows = self._q(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid LIMIT ?",
            (match, limit),
        )
        return [r[0] for r in rows]

    # -- customers --------------------------------------------------------------------------
    def get_customer(self, account_no: str) -> Customer | None:
        row = self._one(f"SELECT {_CUSTOMER_COLS} FROM customers WHERE account_no = ?", (account_no,))
        return None if row is None else _customer(row)

    def customers_by_phone(self, phone: str, *, limit: int) -> list[Customer]:
        rows = self._q(
            f"SELECT {_CUSTOMER_COLS} FROM customers WHERE phone = ? ORDER BY id LIMIT ?",
            (phone, limit),
        )
        return [_customer(r) for r in rows]

    def customers_named(self, name: str, *, limit: int) -> list[Customer]:
        rows = self._q(
            f"SELECT {_CUSTOMER_COLS} FROM customers WHERE name = ? ORDER BY id LIMIT ?",
            (name, limit),
        )
        return [_customer(r) for r in rows]

    def customers_name_starting(self, prefix: str, *, limit: int) -> list[Customer]:
        """Names that start with `prefix` and are longer than it, by name then id."""
        if not prefix:
            return []
        rows = self._q(
            f"SELECT {_CUSTOMER_COLS} FROM customers WHERE name > ? AND name < ? "
            "ORDER BY name, id LIMIT ?",
            (prefix, prefix + MAX_CHAR, limit),
        )
        return [_customer(r) for r in rows]

    def customers_name_containing(self, text: str, *, limit: int) -> list[Customer]:
        return self._customers_by_ids(self._fts_ids(NAME_FTS, text, limit))

    def customers_address_containing(self, text: str, *, limit: int) -> list[Customer]:
        return self._customers_by_ids(self._fts_ids(ADDR_FTS, text, limit))

    def customers_pinyin(self, text: str, *, limit: int) -> list[Customer]:
        """Names read as `text` in pinyin (whole name: `zhangsan` or `zs`), by id."""
        key = normalize_pinyin_query(text)
        if key is None or limit <= 0:
            return []
        rows = self._q(f"SELECT customer_id FROM {PINYIN_TABLE} WHERE key = ? "
                       "ORDER BY customer_id LIMIT ?", (key, limit))
        return self._customers_by_ids([r[0] for r in rows])

    def customers_pinyin_starting(self, text: str, *, limit: int) -> list[Customer]:
        """Names whose pinyin (full or initials) starts with `text` and is longer, by key.

        One customer can have several matching keys (readings): rows are read in pages
        until `limit` distinct customers are found or the range is done.
        """
        key = normalize_pinyin_query(text)
        if key is None or limit <= 0:
            return []
        ids: dict[int, None] = {}
        after = (key, -1)
        while len(ids) < limit:
            rows = self._q(
                f"SELECT key, customer_id FROM {PINYIN_TABLE} "
                "WHERE key > ? AND key < ? AND (key, customer_id) > (?, ?) "
                "ORDER BY key, customer_id LIMIT ?",
                (key, key + "{", *after, 2 * limit))  # "{" sorts right after "z"
            for _, cid in rows:
                ids.setdefault(cid, None)
            if len(rows) < 2 * limit:
                break
            after = rows[-1]
        return self._customers_by_ids(list(ids)[:limit])

    def existing_accounts(self, account_nos: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(account_nos))
        out: set[str] = set()
        for part in _chunks(wanted):
            marks = ",".join("?" * len(part))
            out.update(
                r[0]
                for r in self._q(
                    f"SELECT account_no FROM customers WHERE account_no IN ({marks})", part
                )
            )
        return out

    def upsert_customers(self, customers: Sequence[Customer], *, now: datetime) -> tuple[int, int]:
        """Insert new accounts, update existing ones (credit is kept); keep the index in step.

        Returns (inserted, updated).
        """
        self._check_writable()
        latest = {c.account_no: c for c in customers}  # the last row for an account wins
        accounts = list(latest)
        existing: dict[str, tuple[int, str, str]] = {}
        for part in _chunks(accounts):
            marks = ",".join("?" * len(part))
            for cid, acc, name, address in self._q(
                f"SELECT id, account_no, name, address FROM customers WHERE account_no IN ({marks})",
                part,
            ):
                existing[acc] = (cid, name, address)
        max_before = self._one("SELECT coalesce(max(id), 0) FROM customers")[0]
        changed_old = [
            existing[c.account_no]
            for c in latest.values()
            if c.account_no in existing
            and (existing[c.account_no][1], existing[c.account_no][2]) != (c.name, c.address)
        ]
        unindex_rows(self._raw, changed_old)
        stamp = now.isoformat()
        self._raw.executemany(
            "INSERT INTO customers (account_no, name, address, phone, user_type, area, "
            "credit_fen, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(account_no) DO UPDATE SET name = excluded.name, "
            "address = excluded.address, phone = excluded.phone, user_type = excluded.user_type, "
            "area = excluded.area, updated_at = excluded.updated_at",
            [
                (c.account_no, c.name, c.address, c.phone, c.user_type.value, c.area,
                 c.credit_fen, stamp)
                for c in latest.values()
            ],
        )
        new_rows = self._q(
            "SELECT id, name, address FROM customers WHERE id > ? ORDER BY id", (max_before,)
        )
        changed_new = [
            (cid, latest[acc].name, latest[acc].address)
            for acc, (cid, _, _) in existing.items()
            if (existing[acc][1], existing[acc][2]) != (latest[acc].name, latest[acc].address)
        ]
        index_rows(self._raw, [*new_rows, *changed_new])
        return len(new_rows), len(existing)

    def set_customer_phone(self, account_no: str, phone: str | None, *, now: datetime) -> None:
        cur = self._w(
            "UPDATE customers SET phone = ?, updated_at = ? WHERE account_no = ?",
            (phone, now.isoformat(), account_no),
        )
        if cur.rowcount != 1:
            raise StoreError(f"No customer {account_no} to update.", code="store.no_row")

    def add_customer_credit(self, account_no: str, delta_fen: int, *, now: datetime) -> None:
        cur = self._w(
            "UPDATE customers SET credit_fen = credit_fen + ?, updated_at = ? WHERE account_no = ?",
            (int(delta_fen), now.isoformat(), account_no),
        )
        if cur.rowcount != 1:
            raise StoreError(f"No customer {account_no} to credit.", code="store.no_row")

    def count_customers(self) -> int:
        return self._one("SELECT count(*) FROM customers")[0]

    # -- bills ------------------------------------------------------------------------------
    def open_bills(self, account_no: str) -> list[Bill]:
        rows = self._q(
            f"SELECT {_BILL_COLS} FROM bills WHERE account_no = ? AND status IN (?, ?) "
            "ORDER BY period, due_date, id",
            (account_no, *OPEN_STATUSES),
        )
        return [_bill(r) for r in rows]

    def open_bills_for(self, account_nos: Sequence[str]) -> dict[str, list[Bill]]:
        out: dict[str, list[Bill]] = {acc: [] for acc in account_nos}
        for part in _chunks(list(out)):
            marks = ",".join("?" * len(part))
            for row in self._q(
                f"SELECT {_BILL_COLS} FROM bills WHERE account_no IN ({marks}) "
                "AND status IN (?, ?) ORDER BY period, due_date, id",
                (*part, *OPEN_STATUSES),
            ):
                out[row[1]].append(_bill(row))
        return out

    def existing_bill_keys(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        wanted = set(keys)
        by_account: dict[str, set[str]] = {}
        for acc, period in wanted:
            by_account.setdefault(acc, set()).add(period)
        out: set[tuple[str, str]] = set()
        for part in _chunks(list(by_account)):
            marks = ",".join("?" * len(part))
            for acc, period in self._q(
                f"SELECT account_no, period FROM bills WHERE account_no IN ({marks})", part
            ):
                if period in by_account[acc]:
                    out.add((acc, period))
        return out

    def insert_bills(self, bills: Sequence[NewBill]) -> int:
        self._check_writable()
        self._raw.executemany(
            "INSERT INTO bills (account_no, period, kwh, amount_fen, due_date, status) "
            "VALUES (?, ?, ?, ?, ?, 'open')",
            [(b.account_no, b.period, b.kwh, b.amount_fen, b.due_date.isoformat()) for b in bills],
        )
        return len(bills)

    def update_bill(self, bill: Bill) -> None:
        cur = self._w(
            "UPDATE bills SET principal_paid_fen = ?, late_fee_assessed_fen = ?, "
            "late_fee_paid_fen = ?, fee_accrued_through = ?, late_fee_waived = ?, status = ? "
            "WHERE id = ?",
            (
                bill.principal_paid_fen,
                bill.late_fee_assessed_fen,
                bill.late_fee_paid_fen,
                _iso(bill.fee_accrued_through),
                int(bill.late_fee_waived),
                BillStatus(bill.status).value,
                bill.bill_id,
            ),
        )
        if cur.rowcount != 1:
            raise StoreError(f"No bill {bill.bill_id} to update.", code="store.no_row")

    def count_open_bills(self) -> int:
        return self._one("SELECT count(*) FROM bills WHERE status IN (?, ?)", OPEN_STATUSES)[0]

    # -- users ------------------------------------------------------------------------------
    def get_user(self, user_id: str) -> User | None:
        row = self._one(f"SELECT {_USER_COLS} FROM users WHERE user_id = ?", (user_id,))
        return None if row is None else _user(row)

    def list_users(self) -> list[User]:
        return [_user(r) for r in self._q(f"SELECT {_USER_COLS} FROM users ORDER BY user_id")]

    def count_users(self) -> int:
        return self._one("SELECT count(*) FROM users")[0]

    def insert_user(self, user: User) -> None:
        self._w(
            f"INSERT INTO users ({_USER_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                user.user_id,
                user.name,
                Role(user.role).value,
                user.pin_hash,
                user.failed_pins,
                _iso(user.locked_until),
                int(user.active),
            ),
        )

    def set_user_pin_state(
        self, user_id: str, *, failed_pins: int, locked_until: datetime | None
    ) -> None:
        cur = self._w(
            "UPDATE users SET failed_pins = ?, locked_until = ? WHERE user_id = ?",
            (failed_pins, _iso(locked_until), user_id),
        )
        if cur.rowcount != 1:
            raise StoreError(f"No user {user_id} to update.", code="store.no_row")

    def set_user_active(self, user_id: str, active: bool) -> None:
        cur = self._w("UPDATE users SET active = ? WHERE user_id = ?", (int(active), user_id))
        if cur.rowcount != 1:
            raise StoreError(f"No user {user_id} to update.", code="store.no_row")

    def set_user_role(self, user_id: str, role: Role) -> None:
        cur = self._w("UPDATE users SET role = ? WHERE user_id = ?", (Role(role).value, user_id))
        if cur.rowcount != 1:
            raise StoreError(f"No user {user_id} to update.", code="store.no_row")

    def set_user_pin_hash(self, user_id: str, pin_hash: str) -> None:
        """A new PIN also clears the failure count and any lockout."""
        cur = self._w("UPDATE users SET pin_hash = ?, failed_pins = 0, locked_until = NULL "
                      "WHERE user_id = ?", (pin_hash, user_id))
        if cur.rowcount != 1:
            raise StoreError(f"No user {user_id} to update.", code="store.no_row")

    # -- shifts -----------------------------------------------------------------------------
    def open_shift_for(self, terminal_id: str) -> Shift | None:
        row = self._one(
            f"SELECT {_SHIFT_COLS} FROM shifts WHERE terminal_id = ? AND status = 'open'",
            (terminal_id,),
        )
        return None if row is None else _shift(row)

    def shift_close_state(self, shift_id: int) -> str | None:
        """'counting', 'counted', 'signed_off', 'closed' (table shift_closes), None: not closing."""
        row = self._one("SELECT state FROM shift_closes WHERE shift_id = ?", (shift_id,))
        return None if row is None else row[0]

    def insert_shift(
        self,
        *,
        terminal_id: str,
        opened_by: str,
        opened_at: datetime,
        opening_float: DenominationCount,
    ) -> Shift:
        cur = self._w(
            "INSERT INTO shifts (terminal_id, opened_by, opened_at, opening_float_json, status) "
            "VALUES (?, ?, ?, ?, 'open')",
            (
                terminal_id,
                opened_by,
                opened_at.isoformat(),
                json.dumps(opening_float.as_dict(), sort_keys=True),
            ),
        )
        return Shift(
            shift_id=cur.lastrowid,
            terminal_id=terminal_id,
            opened_by=opened_by,
            opened_at=opened_at,
            opening_float=DenominationCount.from_dict(opening_float.as_dict()),
        )

    # -- receipt numbers --------------------------------------------------------------------
    def next_receipt_number(self, terminal_id: str) -> int:
        """Take the terminal's next receipt number (1, 2, 3, ...; a rollback gives it back)."""
        rows = self._w(
            "INSERT INTO receipt_counters (terminal_id, last_number) VALUES (?, 1) "
            "ON CONFLICT(terminal_id) DO UPDATE SET last_number = last_number + 1 "
            "RETURNING last_number",
            (terminal_id,),
        ).fetchall()
        return rows[0][0]

    def last_receipt_numbers(self) -> dict[str, int]:
        return dict(self._q("SELECT terminal_id, last_number FROM receipt_counters ORDER BY 1"))

    # -- payments ---------------------------------------------------------------------------
    def insert_payment(self, payment: Payment) -> None:
        self._w(
            "INSERT INTO payments (payment_uuid, terminal_id, shift_id, cashier_id, account_no, "
            "amount_fen, credit_fen, change_fen, taken_at, business_date, receipt_number, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok')",
            (
                payment.payment_uuid,
                payment.terminal_id,
                payment.shift_id,
                payment.cashier_id,
                payment.account_no,
                payment.amount_fen,
                payment.credit_fen,
                payment.change_fen,
                payment.taken_at.isoformat(),
                payment.business_date.isoformat(),
                payment.receipt_number,
            ),
        )

    def insert_tenders(self, payment_uuid: str, tenders: Sequence[Tender]) -> None:
        self._check_writable()
        rows = []
        for t in tenders:
            if t.kind == TenderKind.CASH:
                rows.append((payment_uuid, "cash", t.amount_fen, t.tendered_fen, t.change_fen,
                             t.rounding_fen, None, None, None))
            else:
                rows.append((payment_uuid, "card", t.amount_fen, None, 0, 0, t.reference,
                             t.auth_code, t.masked_card))
        self._raw.executemany(
            "INSERT INTO payment_tenders (payment_uuid, kind, amount_fen, tendered_fen, "
            "change_fen, change_rounding_fen, reference, auth_code, masked_card) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def insert_allocations(self, payment_uuid: str, allocations: Sequence[Allocation]) -> None:
        self._check_writable()
        self._raw.executemany(
            "INSERT INTO payment_allocations (payment_uuid, bill_id, late_fee_fen, principal_fen, "
            "late_fee_assessed_fen, settles_bill) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (payment_uuid, a.bill_id, a.late_fee_fen, a.principal_fen,
                 a.late_fee_assessed_fen, int(a.settles_bill))
                for a in allocations
            ],
        )

    def get_payment(self, payment_uuid: str) -> Payment | None:
        row = self._one(
            "SELECT payment_uuid, terminal_id, shift_id, cashier_id, account_no, amount_fen, "
            "credit_fen, taken_at, business_date, receipt_number FROM payments "
            "WHERE payment_uuid = ?",
            (payment_uuid,),
        )
        if row is None:
            return None
        tenders: list[Tender] = []
        for kind, amount, tendered, rounding, reference, auth_code, masked in self._q(
            "SELECT kind, amount_fen, tendered_fen, change_rounding_fen, reference, auth_code, "
            "masked_card FROM payment_tenders WHERE payment_uuid = ? ORDER BY id",
            (payment_uuid,),
        ):
            if kind == TenderKind.CASH.value:
                tenders.append(CashTender(amount_fen=amount, tendered_fen=tendered,
                                          rounding_fen=rounding))
            else:
                tenders.append(CardTender(amount_fen=amount, reference=reference,
                                          auth_code=auth_code, masked_card=masked))
        allocations = tuple(
            Allocation(
                bill_id=bill_id,
                period=period,
                late_fee_fen=fee,
                principal_fen=principal,
                late_fee_assessed_fen=assessed,
                settles_bill=bool(settles),
            )
            for bill_id, period, fee, principal, assessed, settles in self._q(
                "SELECT a.bill_id, b.period, a.late_fee_fen, a.principal_fen, "
                "a.late_fee_assessed_fen, a.settles_bill FROM payment_allocations a "
                "JOIN bills b ON b.id = a.bill_id WHERE a.payment_uuid = ? ORDER BY a.id",
                (payment_uuid,),
            )
        )
        return Payment(
            payment_uuid=row[0],
            terminal_id=row[1],
            shift_id=row[2],
            cashier_id=row[3],
            account_no=row[4],
            amount_fen=row[5],
            credit_fen=row[6],
            taken_at=datetime.fromisoformat(row[7]),
            business_date=date.fromisoformat(row[8]),
            receipt_number=row[9],
            tenders=tuple(tenders),
            allocations=allocations,
        )

    def last_payment(self, terminal_id: str) -> Payment | None:
        row = self._one(
            "SELECT payment_uuid FROM payments WHERE terminal_id = ? "
            "ORDER BY receipt_number DESC LIMIT 1",
            (terminal_id,),
        )
        return None if row is None else self.get_payment(row[0])

    # -- outbox -----------------------------------------------------------------------------
    def add_outbox(
        self,
        *,
        kind: str,
        item_key: str,
        account_no: str | None,
        payload_json: str,
        created_at: datetime,
        audit_seq: int | None = None,
    ) -> int:
        """Queue an item. Without `audit_seq` (the entry sealing it, written first), the next
        audit entry of this transaction seals it (services.audit_service.append_audit)."""
        cur = self._w(
            "INSERT INTO outbox (kind, item_key, account_no, payload_json, created_at, state, "
            "audit_seq) VALUES (?, ?, ?, ?, ?, 'pending', ?)",
            (kind, item_key, account_no, payload_json, created_at.isoformat(), audit_seq),
        )
        if audit_seq is None:
            self._unsealed.append((cur.lastrowid, kind, item_key, payload_json))
        return cur.lastrowid

    def take_unsealed_outbox(self) -> list[tuple[int, str, str, str]]:
        """(id, kind, item_key, payload_json) of items queued in this transaction without a
        seal yet; the caller seals them in the audit entry it is writing."""
        items, self._unsealed = self._unsealed, []
        return items

    def seal_outbox(self, item_ids: list[int], audit_seq: int) -> None:
        for part in _chunks(item_ids):
            self._w(f"UPDATE outbox SET audit_seq = ? WHERE id IN ({','.join('?' * len(part))})",
                    (audit_seq, *part))

    def outbox_seals(self, seqs: list[int]) -> dict[int, tuple[AuditEntry, str | None]]:
        """seq -> (audit entry, prev_hash of the entry after it, None for the newest)."""
        cols = ", ".join(f"a.{c.strip()}" for c in _AUDIT_COLS.split(","))
        out: dict[int, tuple[AuditEntry, str | None]] = {}
        for part in _chunks(sorted(set(seqs))):
            rows = self._q(
                f"SELECT {cols}, n.prev_hash FROM audit_log a LEFT JOIN audit_log n "
                f"ON n.seq = a.seq + 1 WHERE a.seq IN ({','.join('?' * len(part))})", part)
            out.update({r[0]: (_audit(r[:10]), r[10]) for r in rows})
        return out

    def all_outbox(self) -> list[OutboxItem]:
        return [_outbox(r) for r in self._q(f"SELECT {_OUTBOX_COLS} FROM outbox ORDER BY id")]

    def outbox_counts(self) -> dict[str, int]:
        counts = {"pending": 0, "review": 0}
        counts.update(dict(self._q("SELECT state, count(*) FROM outbox GROUP BY state")))
        return counts

    def due_outbox(self, *, now: datetime, limit: int) -> list[OutboxItem]:
        rows = self._q(
            f"SELECT {_OUTBOX_COLS} FROM outbox WHERE state = 'pending' "
            "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id LIMIT ?",
            (now.isoformat(), limit),
        )
        return [_outbox(r) for r in rows]

    def delete_outbox(self, item_id: int) -> None:
        self._w("DELETE FROM outbox WHERE id = ?", (item_id,))

    def retry_outbox_later(self, item_id: int, *, error: str, next_attempt_at: datetime) -> None:
        self._w(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
            "WHERE id = ?",
            (error, next_attempt_at.isoformat(), item_id),
        )

    def outbox_to_review(self, item_id: int, *, error: str) -> None:
        self._w(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, state = 'review' "
            "WHERE id = ?",
            (error, item_id),
        )

    # -- audit ------------------------------------------------------------------------------
    def last_audit(self) -> AuditEntry | None:
        row = self._one(f"SELECT {_AUDIT_COLS} FROM audit_log ORDER BY seq DESC LIMIT 1")
        return None if row is None else _audit(row)

    def insert_audit(self, entry: AuditEntry) -> None:
        self._w(
            f"INSERT INTO audit_log ({_AUDIT_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.seq,
                entry.at.isoformat(),
                entry.terminal_id,
                entry.user_id,
                entry.action,
                entry.target,
                entry.outcome,
                entry.detail,
                entry.prev_hash,
                entry.hash,
            ),
        )

    def audit_entries(self, *, after_seq: int = 0, limit: int = 1000) -> list[AuditEntry]:
        rows = self._q(
            f"SELECT {_AUDIT_COLS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
            (after_seq, limit),
        )
        return [_audit(r) for r in rows]

    # -- approvals, voids, refunds; print jobs (same transaction) ---------------------------
    def approvals(self):
        """services.ports.ApprovalRecords over this transaction (approvals_repo)."""
        from .approvals_repo import SqliteApprovals

        return SqliteApprovals(self._raw, writable=self.writable)

    def print_jobs(self):
        """services.print_jobs.PrintJobs over this transaction (print_jobs_repo)."""
        from .print_jobs_repo import SqlitePrintJobs

        return SqlitePrintJobs(self._raw)

    # -- meta -------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        self._w(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
