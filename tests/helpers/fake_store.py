"""In-memory fakes of the store's repositories (services.ports), for fast service unit tests.

`FakeStore()` is a services.ports.CounterStore: `write()` and `read()` give a `FakeTx` whose
attributes are the repositories. A write transaction that raises is rolled back (the data is
copied when it begins); a write inside `read()` raises StoreError("store.read_only_tx") as
the SQLite store does. Rows are domain dataclasses, kept in dicts and lists.

The fakes keep the contract the services rely on (orderings, "no row" errors, the outbox
items awaiting their audit seal); what only SQL gives is simplified and said so below:
name/address search is a plain substring match, and pinyin search answers only the keys a
test puts in `FakeStore.data.pinyin` (account number -> set of keys such as "zhangsan", "zs").
The repositories the tests here do not need (approvals, print jobs, cash, ledger answers,
reference rows) keep only their simplest parts; extend them when a test needs more.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from counter_app.adapters.storage.errors import StoreError
from counter_app.services.ports import NewBill, OutboxItem
from hall_domain.accounts import Bill, BillStatus, Customer
from hall_domain.allocation import Allocation
from hall_domain.audit import AuditEntry
from hall_domain.payments import Payment
from hall_domain.security import Role, User
from hall_domain.shifts import DenominationCount, Shift, ShiftStatus
from hall_domain.tenders import Tender

OPEN = (BillStatus.OPEN, BillStatus.PARTIAL)


@dataclass
class FakeData:
    """Everything a FakeStore holds; tests may read it directly."""

    customers: dict[str, Customer] = field(default_factory=dict)  # insertion order = id order
    pinyin: dict[str, set[str]] = field(default_factory=dict)
    bills: dict[int, Bill] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    shifts: dict[int, Shift] = field(default_factory=dict)
    shift_closes: dict[int, Any] = field(default_factory=dict)  # shift id -> CloseRecord
    payments: dict[str, Payment] = field(default_factory=dict)
    payment_status: dict[str, str] = field(default_factory=dict)
    receipt_numbers: dict[str, int] = field(default_factory=dict)
    outbox: dict[int, OutboxItem] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    print_jobs: dict[int, Any] = field(default_factory=dict)
    cash_movements: list[Any] = field(default_factory=list)
    answers: dict[tuple[str, str], Any] = field(default_factory=dict)
    approvals: dict[int, dict] = field(default_factory=dict)
    next_id: dict[str, int] = field(default_factory=dict)

    def new_id(self, table: str) -> int:
        self.next_id[table] = self.next_id.get(table, 0) + 1
        return self.next_id[table]


class _Repo:
    def __init__(self, data: FakeData, *, writable: bool) -> None:
        self._d = data
        self.writable = writable

    def _check_writable(self) -> None:
        if not self.writable:
            raise StoreError("A write was attempted inside a read transaction (use store.write()).",
                             code="store.read_only_tx")


def _no_row(what: str) -> StoreError:
    return StoreError(f"No {what} to update.", code="store.no_row")


class FakeCustomers(_Repo):
    def _all(self) -> list[Customer]:
        return list(self._d.customers.values())

    def get_customer(self, account_no: str) -> Customer | None:
        return self._d.customers.get(account_no)

    def customers_by_phone(self, phone: str, *, limit: int) -> list[Customer]:
        return [c for c in self._all() if c.phone == phone][:limit]

    def customers_named(self, name: str, *, limit: int) -> list[Customer]:
        return [c for c in self._all() if c.name == name][:limit]

    def customers_name_starting(self, prefix: str, *, limit: int) -> list[Customer]:
        if not prefix:
            return []
        ids = {acc: i for i, acc in enumerate(self._d.customers)}
        found = [c for c in self._all() if c.name.startswith(prefix) and c.name != prefix]
        return sorted(found, key=lambda c: (c.name, ids[c.account_no]))[:limit]

    def customers_name_containing(self, text: str, *, limit: int) -> list[Customer]:
        text = text.strip()
        return [c for c in self._all() if text and text in c.name][:max(limit, 0)]

    def customers_address_containing(self, text: str, *, limit: int) -> list[Customer]:
        text = text.strip()
        return [c for c in self._all() if text and text in c.address][:max(limit, 0)]

    def customers_pinyin(self, text: str, *, limit: int) -> list[Customer]:
        key = text.strip().lower()
        return [c for c in self._all() if key in self._d.pinyin.get(c.account_no, ())][:limit]

    def customers_pinyin_starting(self, text: str, *, limit: int) -> list[Customer]:
        key = text.strip().lower()
        if not key.isascii() or not key.isalpha():
            return []
        hits = [(min(k for k in keys if k.startswith(key) and k != key), acc)
                for acc, keys in self._d.pinyin.items()
                if any(k.startswith(key) and k != key for k in keys)]
        return [self._d.customers[acc] for _, acc in sorted(hits)][:limit]

    def existing_accounts(self, account_nos: Iterable[str]) -> set[str]:
        return {a for a in account_nos if a in self._d.customers}

    def upsert_customers(self, customers: Sequence[Customer], *, now: datetime) -> tuple[int, int]:
        self._check_writable()
        latest = {c.account_no: c for c in customers}
        inserted = updated = 0
        for acc, c in latest.items():
            old = self._d.customers.get(acc)
            if old is None:
                inserted += 1
                self._d.customers[acc] = c
            else:
                updated += 1
                self._d.customers[acc] = replace(c, credit_fen=old.credit_fen)  # credit is kept
        return inserted, updated

    def set_customer_phone(self, account_no: str, phone: str | None, *, now: datetime,
                           verified_on: date | None = None) -> None:
        self._check_writable()
        if account_no not in self._d.customers:
            raise _no_row(f"customer {account_no}")
        self._d.customers[account_no] = replace(
            self._d.customers[account_no], phone=phone, phone_verified_on=verified_on,
            phone_status="ok" if verified_on else None)

    def add_customer_credit(self, account_no: str, delta_fen: int, *, now: datetime) -> None:
        self._check_writable()
        c = self._d.customers.get(account_no)
        if c is None:
            raise _no_row(f"customer {account_no}")
        self._d.customers[account_no] = replace(c, credit_fen=c.credit_fen + int(delta_fen))

    def count_customers(self) -> int:
        return len(self._d.customers)


class FakeBills(_Repo):
    def _open(self, account_no: str) -> list[Bill]:
        found = [b for b in self._d.bills.values()
                 if b.account_no == account_no and b.status in OPEN]
        return sorted(found, key=lambda b: (b.period, b.due_date, b.bill_id))

    def open_bills(self, account_no: str) -> list[Bill]:
        return self._open(account_no)

    def open_bills_for(self, account_nos: Sequence[str]) -> dict[str, list[Bill]]:
        return {acc: self._open(acc) for acc in account_nos}

    def existing_bill_keys(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        have = {(b.account_no, b.period) for b in self._d.bills.values()}
        return set(keys) & have

    def insert_bills(self, bills: Sequence[NewBill]) -> int:
        self._check_writable()
        for b in bills:
            if (b.account_no, b.period) in self.existing_bill_keys([(b.account_no, b.period)]):
                raise StoreError("bill already there", code="store.conflict")
            bill_id = self._d.new_id("bills")
            self._d.bills[bill_id] = Bill(bill_id=bill_id, account_no=b.account_no,
                                          period=b.period, kwh=b.kwh, amount_fen=b.amount_fen,
                                          due_date=b.due_date)
        return len(bills)

    def update_bill(self, bill: Bill) -> None:
        self._check_writable()
        if bill.bill_id not in self._d.bills:
            raise _no_row(f"bill {bill.bill_id}")
        self._d.bills[bill.bill_id] = bill

    def count_open_bills(self) -> int:
        return sum(1 for b in self._d.bills.values() if b.status in OPEN)


class FakeUsers(_Repo):
    def get_user(self, user_id: str) -> User | None:
        return self._d.users.get(user_id)

    def list_users(self) -> list[User]:
        return [self._d.users[k] for k in sorted(self._d.users)]

    def count_users(self) -> int:
        return len(self._d.users)

    def insert_user(self, user: User) -> None:
        self._check_writable()
        if user.user_id in self._d.users:
            raise StoreError("user already there", code="store.conflict")
        self._d.users[user.user_id] = user

    def _set(self, user_id: str, **changes: Any) -> None:
        self._check_writable()
        if user_id not in self._d.users:
            raise _no_row(f"user {user_id}")
        self._d.users[user_id] = replace(self._d.users[user_id], **changes)

    def set_user_pin_state(self, user_id: str, *, failed_pins: int,
                           locked_until: datetime | None) -> None:
        self._set(user_id, failed_pins=failed_pins, locked_until=locked_until)

    def set_user_active(self, user_id: str, active: bool) -> None:
        self._set(user_id, active=bool(active))

    def set_user_role(self, user_id: str, role: Role) -> None:
        self._set(user_id, role=Role(role))

    def set_user_pin_hash(self, user_id: str, pin_hash: str) -> None:
        self._set(user_id, pin_hash=pin_hash, failed_pins=0, locked_until=None)


class FakeShifts(_Repo):
    def open_shift_for(self, terminal_id: str) -> Shift | None:
        return next((s for s in self._d.shifts.values()
                     if s.terminal_id == terminal_id and s.status == ShiftStatus.OPEN), None)

    def get_shift(self, shift_id: int) -> Shift | None:
        return self._d.shifts.get(shift_id)

    def shifts_opened_on(self, day: date, terminal_id: str | None = None) -> list[Shift]:
        return [s for s in self._d.shifts.values() if s.opened_at.date() == day
                and (terminal_id is None or s.terminal_id == terminal_id)]

    def insert_shift(self, *, terminal_id: str, opened_by: str, opened_at: datetime,
                     opening_float: DenominationCount) -> Shift:
        self._check_writable()
        shift = Shift(shift_id=self._d.new_id("shifts"), terminal_id=terminal_id,
                      opened_by=opened_by, opened_at=opened_at,
                      opening_float=DenominationCount.from_dict(opening_float.as_dict()))
        self._d.shifts[shift.shift_id] = shift
        return shift

    def mark_shift_closed(self, shift_id: int, *, closed_at: datetime) -> None:
        self._check_writable()
        shift = self._d.shifts.get(shift_id)
        if shift is None or shift.status != ShiftStatus.OPEN:
            raise StoreError(f"Shift {shift_id} is not open.", code="store.no_row")
        self._d.shifts[shift_id] = replace(shift, status=ShiftStatus.CLOSED, closed_at=closed_at)

    def shift_close_state(self, shift_id: int) -> str | None:
        record = self._d.shift_closes.get(shift_id)
        return None if record is None else str(getattr(record.state, "value", record.state))

    def get_shift_close(self, shift_id: int):
        return self._d.shift_closes.get(shift_id)

    def save_shift_close(self, record) -> None:
        self._check_writable()
        self._d.shift_closes[record.shift_id] = record


class FakePayments(_Repo):
    def next_receipt_number(self, terminal_id: str) -> int:
        self._check_writable()
        self._d.receipt_numbers[terminal_id] = self._d.receipt_numbers.get(terminal_id, 0) + 1
        return self._d.receipt_numbers[terminal_id]

    def last_receipt_numbers(self) -> dict[str, int]:
        return dict(sorted(self._d.receipt_numbers.items()))

    def insert_payment(self, payment: Payment) -> None:
        self._check_writable()
        if payment.payment_uuid in self._d.payments:
            raise StoreError("payment already there", code="store.conflict")
        self._d.payments[payment.payment_uuid] = replace(payment, tenders=(), allocations=())
        self._d.payment_status[payment.payment_uuid] = "ok"

    def insert_tenders(self, payment_uuid: str, tenders: Sequence[Tender]) -> None:
        self._check_writable()
        p = self._d.payments[payment_uuid]
        self._d.payments[payment_uuid] = replace(p, tenders=p.tenders + tuple(tenders))

    def insert_allocations(self, payment_uuid: str, allocations: Sequence[Allocation]) -> None:
        self._check_writable()
        p = self._d.payments[payment_uuid]
        self._d.payments[payment_uuid] = replace(p, allocations=p.allocations + tuple(allocations))

    def get_payment(self, payment_uuid: str) -> Payment | None:
        return self._d.payments.get(payment_uuid)

    def last_payment(self, terminal_id: str) -> Payment | None:
        mine = [p for p in self._d.payments.values() if p.terminal_id == terminal_id]
        return max(mine, key=lambda p: p.receipt_number, default=None)

    def set_card_reference(self, payment_uuid: str, tender_index: int, reference: str) -> None:
        self._check_writable()
        p = self._d.payments[payment_uuid]
        tenders = list(p.tenders)
        if tender_index >= len(tenders) or not hasattr(tenders[tender_index], "reference"):
            raise ValueError(f"payment {payment_uuid} has no card tender {tender_index}")
        tenders[tender_index] = replace(tenders[tender_index], reference=reference)
        self._d.payments[payment_uuid] = replace(p, tenders=tuple(tenders))


class FakeOutbox(_Repo):
    def __init__(self, data: FakeData, *, writable: bool) -> None:
        super().__init__(data, writable=writable)
        self._unsealed: list[tuple[int, str, str, str]] = []

    def add_outbox(self, *, kind: str, item_key: str, account_no: str | None,
                   payload_json: str, created_at: datetime, audit_seq: int | None = None) -> int:
        self._check_writable()
        if any(i.kind == kind and i.item_key == item_key for i in self._d.outbox.values()):
            raise StoreError("outbox item already there", code="store.conflict")
        item_id = self._d.new_id("outbox")
        self._d.outbox[item_id] = OutboxItem(
            id=item_id, kind=kind, item_key=item_key, account_no=account_no,
            payload_json=payload_json, created_at=created_at, attempts=0, next_attempt_at=None,
            state="pending", last_error=None, audit_seq=audit_seq)
        if audit_seq is None:
            self._unsealed.append((item_id, kind, item_key, payload_json))
        return item_id

    def take_unsealed_outbox(self) -> list[tuple[int, str, str, str]]:
        items, self._unsealed = self._unsealed, []
        return items

    def _set(self, item_id: int, **changes: Any) -> None:
        self._check_writable()
        if item_id in self._d.outbox:
            self._d.outbox[item_id] = replace(self._d.outbox[item_id], **changes)

    def seal_outbox(self, item_ids: list[int], audit_seq: int) -> None:
        for i in item_ids:
            self._set(i, audit_seq=audit_seq)

    def all_outbox(self) -> list[OutboxItem]:
        return [self._d.outbox[k] for k in sorted(self._d.outbox)]

    def outbox_counts(self) -> dict[str, int]:
        counts = {"pending": 0, "review": 0}
        for i in self._d.outbox.values():
            counts[i.state] = counts.get(i.state, 0) + 1
        return counts

    def due_outbox(self, *, now: datetime, limit: int) -> list[OutboxItem]:
        return [i for i in self.all_outbox() if i.state == "pending"
                and (i.next_attempt_at is None or i.next_attempt_at <= now)][:limit]

    def delete_outbox(self, item_id: int) -> None:
        self._check_writable()
        self._d.outbox.pop(item_id, None)

    def retry_outbox_later(self, item_id: int, *, error: str, next_attempt_at: datetime) -> None:
        item = self._d.outbox.get(item_id)
        if item is not None:
            self._set(item_id, attempts=item.attempts + 1, last_error=error,
                      next_attempt_at=next_attempt_at)

    def outbox_to_review(self, item_id: int, *, error: str) -> None:
        item = self._d.outbox.get(item_id)
        if item is not None:
            self._set(item_id, attempts=item.attempts + 1, last_error=error, state="review")

    def _first_of_account(self, item: OutboxItem) -> bool:
        return item.account_no is None or not any(
            o.account_no == item.account_no and o.state == "pending" and o.id < item.id
            for o in self._d.outbox.values())

    def sendable_outbox(self, *, now: datetime | None, limit: int) -> list[OutboxItem]:
        return [i for i in self.all_outbox() if i.state == "pending"
                and (now is None or i.next_attempt_at is None or i.next_attempt_at <= now)
                and self._first_of_account(i)][:limit]

    def next_outbox_due(self) -> datetime | None:
        due = [i.next_attempt_at or datetime.min for i in self.all_outbox()
               if i.state == "pending" and self._first_of_account(i)]
        return min(due, default=None)

    def pending_outbox_stats(self, kind: str) -> tuple[int, datetime | None]:
        mine = [i for i in self._d.outbox.values() if i.state == "pending" and i.kind == kind]
        return len(mine), min((i.created_at for i in mine), default=None)

    def review_outbox(self, *, limit: int = 100) -> list[OutboxItem]:
        return [i for i in self.all_outbox() if i.state == "review"][:limit]

    def get_outbox_item(self, kind: str, item_key: str) -> OutboxItem | None:
        return next((i for i in self._d.outbox.values()
                     if i.kind == kind and i.item_key == item_key), None)

    def requeue_outbox(self, item_id: int, *, payload_json: str) -> None:
        self._set(item_id, payload_json=payload_json, state="pending", attempts=0,
                  next_attempt_at=None, last_error=None, audit_seq=None)
        item = self._d.outbox[item_id]
        self._unsealed.append((item_id, item.kind, item.item_key, payload_json))

    def accounts_with_pending(self, account_nos: Sequence[str]) -> set[str]:
        wanted = set(account_nos)
        return {i.account_no for i in self._d.outbox.values()
                if i.state == "pending" and i.account_no in wanted}

    def outbox_holds(self, kind: str, item_key: str) -> bool:
        return self.get_outbox_item(kind, item_key) is not None


class FakeAudit(_Repo):
    def last_audit(self) -> AuditEntry | None:
        return self._d.audit[-1] if self._d.audit else None

    def insert_audit(self, entry: AuditEntry) -> None:
        self._check_writable()
        if self._d.audit and entry.seq <= self._d.audit[-1].seq:
            raise StoreError("audit seq taken", code="store.conflict")
        self._d.audit.append(entry)

    def audit_entries(self, *, after_seq: int = 0, limit: int = 1000) -> list[AuditEntry]:
        return [e for e in self._d.audit if e.seq > after_seq][:limit]

    def outbox_seals(self, seqs: list[int]) -> dict[int, tuple[AuditEntry, str | None]]:
        by_seq = {e.seq: e for e in self._d.audit}
        return {s: (by_seq[s], by_seq[s + 1].prev_hash if s + 1 in by_seq else None)
                for s in set(seqs) if s in by_seq}

    def audit_rows(self, *, user_id: str | None, action: str | None, since: datetime | None,
                   until: datetime | None, limit: int) -> list[tuple]:
        rows = [e for e in reversed(self._d.audit)
                if (not user_id or e.user_id == user_id)
                and (not action or e.action == action or e.action.startswith(action + "."))
                and (since is None or e.at >= since) and (until is None or e.at < until)]
        return [(e.seq, e.at.isoformat(), e.terminal_id, e.user_id, e.action, e.target,
                 e.outcome, e.detail, e.prev_hash, e.hash) for e in rows[:limit]]


class FakeMeta(_Repo):
    def get_meta(self, key: str) -> str | None:
        return self._d.meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self._check_writable()
        self._d.meta[key] = value


class FakeLedgerAnswers(_Repo):
    def save_ledger_answer(self, answer) -> None:
        self._check_writable()
        self._d.answers[(answer.kind, answer.item_key)] = answer

    def get_ledger_answer(self, kind: str, item_key: str):
        return self._d.answers.get((kind, item_key))

    def answers_for_review(self, *, limit: int = 100) -> list:
        found = [a for a in self._d.answers.values() if a.review]
        return sorted(found, key=lambda a: (a.answered_at, a.item_key))[:limit]

    def count_review_answers(self) -> int:
        return sum(1 for a in self._d.answers.values() if a.review and a.outcome != "refused")

    def delete_ledger_answer(self, kind: str, item_key: str) -> None:
        self._check_writable()
        self._d.answers.pop((kind, item_key), None)


class FakeTx:
    """One fake transaction: the repositories over the store's data (services.ports.CounterTx).

    approvals, print_jobs, cash and reference are not faked yet: using them fails loudly.
    """

    def __init__(self, data: FakeData, *, writable: bool) -> None:
        self.writable = writable
        self.customers = FakeCustomers(data, writable=writable)
        self.bills = FakeBills(data, writable=writable)
        self.users = FakeUsers(data, writable=writable)
        self.shifts = FakeShifts(data, writable=writable)
        self.payments = FakePayments(data, writable=writable)
        self.outbox = FakeOutbox(data, writable=writable)
        self.audit = FakeAudit(data, writable=writable)
        self.meta = FakeMeta(data, writable=writable)
        self.answers = FakeLedgerAnswers(data, writable=writable)

    def __getattr__(self, name: str):
        raise NotImplementedError(f"the fake store has no {name!r} repository yet")


class FakeStore:
    """services.ports.CounterStore in memory. `transactions` counts the write transactions
    committed (a rolled-back one does not count)."""

    def __init__(self, data: FakeData | None = None) -> None:
        self.data = data or FakeData()
        self.transactions = 0

    @contextmanager
    def write(self) -> Iterator[FakeTx]:
        saved = copy.deepcopy(self.data)
        try:
            yield FakeTx(self.data, writable=True)
        except BaseException:
            self.data.__dict__.update(saved.__dict__)  # roll back, keeping the same object
            raise
        self.transactions += 1

    @contextmanager
    def read(self) -> Iterator[FakeTx]:
        yield FakeTx(self.data, writable=False)

    # -- seeding, for tests -------------------------------------------------------------------
    def add_customer(self, customer: Customer, *, pinyin: Iterable[str] = ()) -> Customer:
        self.data.customers[customer.account_no] = customer
        if pinyin:
            self.data.pinyin[customer.account_no] = set(pinyin)
        return customer

    def add_bill(self, account_no: str, period: str, amount_fen: int, due: date,
                 **fields: Any) -> Bill:
        bill_id = self.data.new_id("bills")
        bill = Bill(bill_id=bill_id, account_no=account_no, period=period, kwh=fields.pop("kwh", 0),
                    amount_fen=amount_fen, due_date=due, **fields)
        self.data.bills[bill_id] = bill
        return bill

    def add_user(self, user: User) -> User:
        self.data.users[user.user_id] = user
        return user

    def outbox_payloads(self, kind: str) -> list[dict]:
        return [json.loads(i.payload_json) for i in self.data.outbox.values() if i.kind == kind]
