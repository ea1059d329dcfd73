"""Ports: what the services need from a store, as typing.Protocol (the SQLite adapter fits them)."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from hall_domain.accounts import Bill, Customer
from hall_domain.allocation import Allocation
from hall_domain.audit import AuditEntry
from hall_domain.payments import Payment
from hall_domain.receipts import Receipt, receipt_from_json
from hall_domain.security import Role, User
from hall_domain.shift_totals import (
    CashMovement,
    CloseFigures,
    MovementKind,
    PaymentLine,
    RefundLine,
    ShiftTotals,
)
from hall_domain.shifts import DenominationCount, Shift
from hall_domain.tenders import Tender


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


class Customers(Protocol):
    """The customers: look-up, search (name, address, pinyin), import, contacts, credit."""

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
    def set_customer_phone(self, account_no: str, phone: str | None, *, now: datetime,
                           verified_on: date | None = None) -> None: ...
    def add_customer_credit(self, account_no: str, delta_fen: int, *, now: datetime) -> None: ...
    def count_customers(self) -> int: ...


class Bills(Protocol):
    def open_bills(self, account_no: str) -> list[Bill]: ...
    def open_bills_for(self, account_nos: Sequence[str]) -> dict[str, list[Bill]]: ...
    def existing_bill_keys(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]: ...
    def insert_bills(self, bills: Sequence[NewBill]) -> int: ...
    def update_bill(self, bill: Bill) -> None: ...
    def count_open_bills(self) -> int: ...


class Users(Protocol):
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


class Shifts(Protocol):
    """Shifts and their close record (services.shift_reports.CloseRecord)."""

    def open_shift_for(self, terminal_id: str) -> Shift | None: ...
    def get_shift(self, shift_id: int) -> Shift | None: ...
    def shifts_opened_on(self, day: date, terminal_id: str | None = None) -> list[Shift]: ...
    def insert_shift(
        self,
        *,
        terminal_id: str,
        opened_by: str,
        opened_at: datetime,
        opening_float: DenominationCount,
    ) -> Shift: ...
    def mark_shift_closed(self, shift_id: int, *, closed_at: datetime) -> None: ...
    def shift_close_state(self, shift_id: int) -> str | None: ...  # None: not being closed
    def get_shift_close(self, shift_id: int) -> CloseRecord | None: ...
    def save_shift_close(self, record: CloseRecord) -> None: ...


class Payments(Protocol):
    """Payments with their tenders and allocations; the terminals' receipt numbers."""

    def next_receipt_number(self, terminal_id: str) -> int: ...
    def last_receipt_numbers(self) -> dict[str, int]: ...
    def insert_payment(self, payment: Payment) -> None: ...
    def insert_tenders(self, payment_uuid: str, tenders: Sequence[Tender]) -> None: ...
    def insert_allocations(self, payment_uuid: str, allocations: Sequence[Allocation]) -> None: ...
    def get_payment(self, payment_uuid: str) -> Payment | None: ...
    def last_payment(self, terminal_id: str) -> Payment | None: ...
    def set_card_reference(self, payment_uuid: str, tender_index: int, reference: str) -> None: ...


class Outbox(Protocol):
    """Items queued for the ledger. An item added without `audit_seq` is sealed by the next
    audit entry of the same transaction (`take_unsealed_outbox`, audit_service.append_audit)."""

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
    def outbox_counts(self) -> dict[str, int]: ...
    def due_outbox(self, *, now: datetime, limit: int) -> list[OutboxItem]: ...
    def delete_outbox(self, item_id: int) -> None: ...
    def retry_outbox_later(
        self, item_id: int, *, error: str, next_attempt_at: datetime
    ) -> None: ...
    def outbox_to_review(self, item_id: int, *, error: str) -> None: ...
    def sendable_outbox(self, *, now: datetime | None, limit: int) -> list[OutboxItem]: ...
    def next_outbox_due(self) -> datetime | None: ...
    def pending_outbox_stats(self, kind: str) -> tuple[int, datetime | None]: ...
    def review_outbox(self, *, limit: int = 100) -> list[OutboxItem]: ...
    def get_outbox_item(self, kind: str, item_key: str) -> OutboxItem | None: ...
    def requeue_outbox(self, item_id: int, *, payload_json: str) -> None: ...
    def accounts_with_pending(self, account_nos: Sequence[str]) -> set[str]: ...
    def outbox_holds(self, kind: str, item_key: str) -> bool: ...


class AuditLog(Protocol):
    def last_audit(self) -> AuditEntry | None: ...
    def insert_audit(self, entry: AuditEntry) -> None: ...
    def audit_entries(self, *, after_seq: int = 0, limit: int = 1000) -> list[AuditEntry]: ...
    def outbox_seals(self, seqs: list[int]) -> dict[int, tuple[AuditEntry, str | None]]: ...
    def audit_rows(self, *, user_id: str | None, action: str | None, since: datetime | None,
                   until: datetime | None, limit: int) -> list[tuple]: ...


class Meta(Protocol):
    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...


class CashRecords(Protocol):
    """What the cash control reads and writes of a shift: drawer movements, payment and
    refund lines, reprints, drawer openings."""

    def add_cash_movement(self, *, shift_id: int, terminal_id: str, kind: MovementKind,
                          amount_fen: int, reason: str, created_by: str, approved_by: str | None,
                          created_at: datetime) -> CashMovement: ...
    def cash_movements(self, shift_id: int) -> list[CashMovement]: ...
    def shift_refund_lines(self, shift_id: int) -> list[RefundLine]: ...
    def credit_payment_lines(self, account_no: str, *, limit: int = 50
                             ) -> list[tuple[int, PaymentLine, int]]: ...
    def shift_payment_lines(self, shift_id: int) -> list[PaymentLine]: ...
    def payment_lines_on(self, terminal_id: str, day: date) -> list[tuple[int, PaymentLine]]: ...
    def unsent_payment_count(self, shift_id: int) -> int: ...
    def reprint_count(self, shift_id: int) -> int: ...
    def drawer_openings(self, terminal_id: str, *, since: datetime, until: datetime) -> int: ...


class LedgerAnswers(Protocol):
    """The ledger's answer per outbox item (services.sync.LedgerAnswer), kept after it left."""

    def save_ledger_answer(self, answer: LedgerAnswer) -> None: ...
    def get_ledger_answer(self, kind: str, item_key: str) -> LedgerAnswer | None: ...
    def answers_for_review(self, *, limit: int = 100) -> list[LedgerAnswer]: ...
    def count_review_answers(self) -> int: ...
    def delete_ledger_answer(self, kind: str, item_key: str) -> None: ...


class ReferenceRows(Protocol):
    """The ledger's customers and bills applied to the store (services.reference_sync)."""

    def apply_reference(self, customers: Sequence[dict[str, Any]],
                        bills: Sequence[dict[str, Any]], *, now: datetime,
                        skip_accounts: set[str] | frozenset[str] = frozenset(),
                        close_missing_for: Sequence[str] = (),
                        fresh: bool = False) -> tuple[int, int]: ...
    def apply_deferred_reference(self, *, now: datetime) -> int: ...


class CounterTx(Protocol):
    """One store transaction (unit of work): its repositories, one per aggregate.

    Leaving `store.write()` commits all of them together; write methods fail inside
    `store.read()`.
    """

    customers: Customers
    bills: Bills
    users: Users
    shifts: Shifts
    payments: Payments
    outbox: Outbox
    audit: AuditLog
    meta: Meta
    approvals: ApprovalRecords  # approvals, voids, refunds, bill before-images
    print_jobs: PrintJobs
    cash: CashRecords
    answers: LedgerAnswers
    reference: ReferenceRows


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
    customers_total: int | None = None  # snapshot, first page: customers in the whole snapshot


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


# --- data the storage and report adapters share with the services ----------------------------


class CloseState(enum.StrEnum):
    COUNTING = "counting"  # close begun: the cashier counts blind
    COUNTED = "counted"  # count entered: figures may be shown
    SIGNED_OFF = "signed_off"  # a supervisor accepted the figures (and any override)
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class CloseRecord:
    """A shift's close as stored (table shift_closes)."""

    shift_id: int
    state: CloseState
    begun_by: str
    begun_at: datetime
    counted: DenominationCount | None = None
    bank_settlement_fen: int | None = None
    expected_cash_fen: int | None = None  # as it was when the count was entered
    card_total_fen: int | None = None
    payment_count: int | None = None
    counted_by: str | None = None
    counted_at: datetime | None = None
    signed_off_by: str | None = None
    signed_off_at: datetime | None = None
    override_reason: str | None = None
    override_by: str | None = None
    unsent_at_sign_off: int = 0
    closed_by: str | None = None
    closed_at: datetime | None = None
    report_item_key: str | None = None


@dataclass(frozen=True, slots=True)
class ShiftReport:
    kind: str  # "X" or "Z"
    shift: Shift
    generated_at: datetime
    totals: ShiftTotals
    payments: tuple[PaymentLine, ...]
    movements: tuple[CashMovement, ...]
    reprints: int = 0
    drawer_openings: int = 0
    unsent_payments: int = 0
    close: CloseRecord | None = None
    figures: CloseFigures | None = field(default=None)
    refunds: tuple[RefundLine, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)  # user id → name, for the reports

    @property
    def business_date(self) -> date:
        return self.shift.opened_at.date()

    def who(self, user_id: str | None) -> str:
        """A person as the reports show them: 名字（id）, or the id alone when unknown."""
        if not user_id:
            return ""
        name = self.names.get(user_id)
        return f"{name}（{user_id}）" if name else user_id

    @property
    def has_rounding(self) -> bool:
        """Whether any payment of the shift had its change rounded."""
        return any(p.change_rounding_fen for p in self.payments)


class JobKind(enum.StrEnum):
    RECEIPT = "receipt"
    REPRINT = "reprint"
    VOID = "void"
    TEST = "test"


class JobState(enum.StrEnum):
    PENDING = "pending"
    PRINTED = "printed"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class PrintJob:
    id: int
    payment_uuid: str | None
    kind: JobKind
    printer_uri: str
    payload: bytes  # the receipt as JSON (UTF-8)
    state: JobState
    attempts: int
    last_error: str | None
    created_at: datetime
    printed_at: datetime | None
    # Attempts that may have put paper out but are not recorded as printed (counted up
    # before sending, down again when an attempt fails before any byte went out).
    partial_prints: int = 0

    @property
    def receipt(self) -> Receipt:
        return receipt_from_json(self.payload.decode("utf-8"))


class PrintJobs(Protocol):
    """The print_jobs table inside one store transaction."""

    def add_print_job(self, *, payment_uuid: str | None, kind: str, printer_uri: str,
                      payload: bytes, created_at: datetime) -> int: ...
    def get_print_job(self, job_id: int) -> PrintJob | None: ...
    def print_jobs_for(self, payment_uuid: str) -> list[PrintJob]: ...
    def unprinted_jobs(self, *, limit: int) -> list[PrintJob]: ...
    def start_print_attempt(self, job_id: int, *, printer_uri: str) -> None: ...
    def mark_printed(self, job_id: int, *, at: datetime) -> None: ...
    def mark_failed(self, job_id: int, *, error: str, output_possible: bool) -> None: ...


@dataclass(frozen=True, slots=True)
class LedgerAnswer:
    """The ledger's answer for one outbox item, kept after the item left the outbox."""

    kind: str
    item_key: str
    account_no: str | None
    status: int
    outcome: str  # recorded | duplicate | refused
    answered_at: datetime
    review: bool = False
    review_reasons: tuple[str, ...] = ()
    credit_fen: int | None = None
    reallocated: bool = False
    result: dict[str, Any] | None = None
    error_code: str | None = None
    error_message: str | None = None


# --- backups of the store (services/backups.py, adapters/storage/backup.py) ----------------------


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    taken_at: datetime
    size_bytes: int


@dataclass(frozen=True, slots=True)
class QueuedItemInfo:
    """One item a store file still holds for the ledger, read from the file itself."""

    kind: str
    item_key: str
    account_no: str | None
    payload_json: str
    created_at: str


class BackupArchive(Protocol):
    """Where the store's backups go, and how one goes back in the store's place."""

    store_path: Path

    def take(self, now: datetime,
             progress: Callable[[int, int], None] | None = None) -> BackupFile: ...
    def list(self) -> list[BackupFile]: ...
    def remove(self, backup: BackupFile) -> None: ...
    def integrity_problem(self, path: Path) -> str | None: ...
    def queued_items(self, path: Path) -> list[QueuedItemInfo]: ...
    def copy_for_check(self, path: Path, folder: Path) -> Path: ...
    def replace_store(self, backup_path: Path, now: datetime) -> Path: ...


# --- the ledger's collections (催费) API: services.collections_port, re-exported for adapters --

from .collections_port import (  # noqa: E402, F401
    ArrearsFilter,
    ArrearsLine,
    ArrearsPage,
    CollectionsAccess,
    CollectionsCache,
    CollectionsError,
    DunningState,
    Recovery,
    Synced,
)
