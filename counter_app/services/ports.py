"""Ports: what the services need from a store, as typing.Protocol (the SQLite adapter fits them)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from hall_domain.accounts import Bill, Customer
from hall_domain.allocation import Allocation
from hall_domain.audit import AuditEntry
from hall_domain.payments import Payment
from hall_domain.security import Role, User
from hall_domain.shifts import DenominationCount, Shift
from hall_domain.tenders import Tender

from .print_jobs import PrintJobs


@dataclass(frozen=True, slots=True)
class NewBill:
    """A bill to import (the store gives it an id; it starts open and unpaid)."""

    account_no: str
    period: str  # YYYY-MM
    kwh: int
    amount_fen: int
    due_date: date


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    kind: str
    item_key: str
    account_no: str | None
    payload_json: str
    created_at: datetime
    attempts: int
    next_attempt_at: datetime | None
    state: str  # 'pending' | 'review'
    last_error: str | None
    audit_seq: int | None = None  # the audit entry sealing its payload's SHA-256


class ApprovalRecords(Protocol):
    """Approvals, voids, refunds and bill before-images inside one store transaction."""

    def insert_approval(self, *, action: str, terminal_id: str, initiator_id: str,
                        approver_id: str, target: str, reason: str, approved_at: datetime) -> int: ...
    def get_approval(self, approval_id: int) -> dict | None: ...
    def use_approval(self, approval_id: int, *, at: datetime) -> bool: ...
    def payment_status(self, payment_uuid: str) -> tuple[str, str] | None: ...
    def set_payment_void(self, payment_uuid: str) -> None: ...
    def bills_by_id(self, bill_ids: list[int]) -> dict[int, Bill]: ...
    def before_images(self, payment_uuid: str) -> dict[int, Bill]: ...
    def later_payments_on_bills(self, payment_uuid: str) -> list[str]: ...
    def insert_void(self, *, void_id: str, payment_uuid: str, approval_id: int, voided_by: str,
                    approved_by: str, reason: str, voided_at: datetime) -> None: ...
    def void_of(self, payment_uuid: str) -> dict | None: ...
    def insert_refund(self, *, refund_uuid: str, payment_uuid: str, account_no: str,
                      amount_fen: int, terminal_id: str, shift_id: int, receipt_number: int,
                      approval_id: int, refunded_by: str, approved_by: str, reason: str,
                      refunded_at: datetime) -> None: ...
    def refunded_fen(self, payment_uuid: str) -> int: ...
    def audit_rows(self, *, user_id: str | None, action: str | None, since: datetime | None,
                   until: datetime | None, limit: int) -> list[tuple]: ...


class CounterTx(Protocol):
    """One store transaction. Write methods fail inside `CounterStore.read()`."""

    # customers
    def get_customer(self, account_no: str) -> Customer | None: ...
    def customers_by_phone(self, phone: str, *, limit: int) -> list[Customer]: ...
    def customers_named(self, name: str, *, limit: int) -> list[Customer]: ...
    def customers_name_starting(self, prefix: str, *, limit: int) -> list[Customer]: ...
    def customers_name_containing(self, text: str, *, limit: int) -> list[Customer]: ...
    def customers_address_containing(self, text: str, *, limit: int) -> list[Customer]: ...
    def customers_pinyin(self, text: str, *, limit: int) -> list[Customer]: ...
    def customers_pinyin_starting(self, text: str, *, limit: int) -> list[Customer]: ...
    def existing_accounts(self, account_nos: Iterable[str]) -> set[str]: ...
    def upsert_customers(
        self, customers: Sequence[Customer], *, now: datetime
    ) -> tuple[int, int]: ...
    def set_customer_phone(self, account_no: str, phone: str | None, *, now: datetime) -> None: ...
    def add_customer_credit(self, account_no: str, delta_fen: int, *, now: datetime) -> None: ...
    def count_customers(self) -> int: ...

    # bills
    def open_bills(self, account_no: str) -> list[Bill]: ...
    def open_bills_for(self, account_nos: Sequence[str]) -> dict[str, list[Bill]]: ...
    def existing_bill_keys(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]: ...
    def insert_bills(self, bills: Sequence[NewBill]) -> int: ...
    def update_bill(self, bill: Bill) -> None: ...
    def count_open_bills(self) -> int: ...

    # users
    def get_user(self, user_id: str) -> User | None: ...
    def list_users(self) -> list[User]: ...
    def count_users(self) -> int: ...
    def insert_user(self, user: User) -> None: ...
    def set_user_pin_state(
        self, user_id: str, *, failed_pins: int, locked_until: datetime | None
    ) -> None: ...
    def set_user_active(self, user_id: str, active: bool) -> None: ...
    def set_user_role(self, user_id: str, role: Role) -> None: ...
    def set_user_pin_hash(self, user_id: str, pin_hash: str) -> None: ...

    # shifts
    def open_shift_for(self, terminal_id: str) -> Shift | None: ...
    def shift_close_state(self, shift_id: int) -> str | None: ...  # None: not being closed
    def insert_shift(
        self,
        *,
        terminal_id: str,
        opened_by: str,
        opened_at: datetime,
        opening_float: DenominationCount,
    ) -> Shift: ...

    # receipt numbers
    def next_receipt_number(self, terminal_id: str) -> int: ...
    def last_receipt_numbers(self) -> dict[str, int]: ...

    # payments
    def insert_payment(self, payment: Payment) -> None: ...
    def insert_tenders(self, payment_uuid: str, tenders: Sequence[Tender]) -> None: ...
    def insert_allocations(self, payment_uuid: str, allocations: Sequence[Allocation]) -> None: ...
    def get_payment(self, payment_uuid: str) -> Payment | None: ...
    def last_payment(self, terminal_id: str) -> Payment | None: ...

    # outbox
    def add_outbox(
        self,
        *,
        kind: str,
        item_key: str,
        account_no: str | None,
        payload_json: str,
        created_at: datetime,
        audit_seq: int | None = None,
    ) -> int: ...

    def take_unsealed_outbox(self) -> list[tuple[int, str, str, str]]: ...
    def seal_outbox(self, item_ids: list[int], audit_seq: int) -> None: ...
    def all_outbox(self) -> list[OutboxItem]: ...
    def outbox_seals(self, seqs: list[int]) -> dict[int, tuple[AuditEntry, str | None]]: ...
    def outbox_counts(self) -> dict[str, int]: ...
    def due_outbox(self, *, now: datetime, limit: int) -> list[OutboxItem]: ...
    def delete_outbox(self, item_id: int) -> None: ...
    def retry_outbox_later(
        self, item_id: int, *, error: str, next_attempt_at: datetime
    ) -> None: ...
    def outbox_to_review(self, item_id: int, *, error: str) -> None: ...

    # audit
    def last_audit(self) -> AuditEntry | None: ...
    def insert_audit(self, entry: AuditEntry) -> None: ...
    def audit_entries(self, *, after_seq: int = 0, limit: int = 1000) -> list[AuditEntry]: ...

    # meta
    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...

    # approvals, voids and refunds (ApprovalRecords); print jobs in this transaction
    def approvals(self) -> ApprovalRecords: ...
    def print_jobs(self) -> PrintJobs: ...


class CounterStore(Protocol):
    """The local store: `write()` is one BEGIN IMMEDIATE transaction, `read()` a deferred one.

    Leaving the `with` block normally commits; an exception rolls everything back.
    """

    def write(self) -> AbstractContextManager[CounterTx]: ...
    def read(self) -> AbstractContextManager[CounterTx]: ...


# --- shared with the adapters: the ledger link's data types and errors ------------------------
# Adapters (the ledger client's port, the relay thread, storage) use these and nothing else of
# services; services.sync and services.reference_sync re-export them under their old names.


class LedgerSendError(Exception):
    """The whole request failed; nothing in the batch was answered."""

    def __init__(self, message: str, *, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class OutcomeUnknown(LedgerSendError):
    """Timeout, reset, 5xx, 429, lost or garbled answer: resend the same items later."""


class RequestRefused(LedgerSendError):
    """4xx for the whole request: nothing was recorded; keep the items, fix the cause."""


class AuthRefused(RequestRefused):
    """401/403: the token is unknown, revoked or not a counter's."""


@dataclass
class ReferencePage:
    """One page of reference data (customers and bills) from the ledger."""

    customers: list[dict]
    bills: list[dict]
    next_page: str | None  # snapshot: the next page's token
    cursor: str  # snapshot: the changes cursor; changes: the new cursor
    has_more: bool = False  # changes: ask again


@dataclass(frozen=True, slots=True)
class OfflineLimits:
    """Past these, card payments stop until a supervisor approves one (services.offline_limits)."""

    max_hours: int
    max_queued: int
    terminal_id: str


class RelayLockPort(Protocol):
    """One relay per store at a time (adapters.storage.sync_repo.RelayLock fits)."""

    def acquire(self) -> bool: ...
    def release(self) -> None: ...
