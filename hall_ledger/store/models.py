"""The ledger's tables: terminals and tokens, reference data, payments, items and the journal."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# BIGINT on PostgreSQL, but INTEGER on SQLite so that the primary key is the rowid alias
# (SQLite only autoincrements a column declared exactly INTEGER PRIMARY KEY).
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    pass


class Terminal(Base):
    """A counter (or another channel's gateway) of one hall; terminal ids are unique per hall."""

    __tablename__ = "terminals"

    hall_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), default="counter")  # counter | bank | online
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class Token(Base):
    """A bearer token, stored only as the SHA-256 of the token text."""

    __tablename__ = "tokens"
    __table_args__ = (
        ForeignKeyConstraint(
            ["hall_id", "terminal_id"], ["terminals.hall_id", "terminals.terminal_id"]
        ),
    )

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    terminal_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class HallCursor(Base):
    """Last change sequence number handed out in a hall; its row lock orders commits."""

    __tablename__ = "hall_cursors"

    hall_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (Index("ix_customers_hall_seq", "hall_id", "change_seq"),
                      Index("ix_customers_hall_account", "hall_id", "account_no"))

    account_no: Mapped[str] = mapped_column(String(32), primary_key=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(400))
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    user_type: Mapped[str] = mapped_column(String(16))
    area: Mapped[str] = mapped_column(String(100))
    credit_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    change_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # dunning class (hall_domain.collections.CustomerClass); None: derived from user_type
    customer_class: Mapped[str | None] = mapped_column(String(16), nullable=True)


class Bill(Base):
    __tablename__ = "bills"
    __table_args__ = (
        UniqueConstraint("account_no", "period", name="uq_bills_account_period"),
        Index("ix_bills_hall_seq", "hall_id", "change_seq"),
    )

    bill_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    account_no: Mapped[str] = mapped_column(ForeignKey("customers.account_no"))
    hall_id: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(7))
    kwh: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    due_date: Mapped[date] = mapped_column(Date)
    principal_paid_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    late_fee_assessed_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    late_fee_paid_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    fee_accrued_through: Mapped[date | None] = mapped_column(Date, nullable=True)
    late_fee_waived: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(8), default="open")  # open | partial | paid
    closed_by: Mapped[str | None] = mapped_column(String(16), nullable=True)  # channel
    change_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class Payment(Base):
    """One payment, stored once per UUID forever, with the answer given for it."""

    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_terminal_date", "hall_id", "terminal_id", "business_date"),
        Index("ix_payments_terminal_receipt", "hall_id", "terminal_id", "receipt_number"),
        Index("ix_payments_date", "business_date"),
    )

    payment_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    hall_id: Mapped[str] = mapped_column(String(32))
    terminal_id: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    shift_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    cashier_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    account_no: Mapped[str] = mapped_column(String(32))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    credit_fen: Mapped[int] = mapped_column(BigInteger)  # as the ledger allocated it
    taken_at: Mapped[str] = mapped_column(String(40))
    business_date: Mapped[date] = mapped_column(Date)
    receipt_number: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    review: Mapped[bool] = mapped_column(Boolean, default=False)
    review_reasons: Mapped[str] = mapped_column(String(200), default="")
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    result_json: Mapped[str] = mapped_column(Text)


class PaymentTender(Base):
    __tablename__ = "payment_tenders"

    payment_uuid: Mapped[str] = mapped_column(
        ForeignKey("payments.payment_uuid"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    tendered_fen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    change_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    reference: Mapped[str | None] = mapped_column(String(40), nullable=True)
    auth_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    masked_card: Mapped[str | None] = mapped_column(String(32), nullable=True)


class Item(Base):
    """Voids, shift reports and contact changes: stored once per (hall, terminal, kind, key)
    with the answer. The hall and terminal are the caller's token's, never the client's word,
    so two halls (or two terminals) may use the same key without touching each other's items."""

    __tablename__ = "items"
    __table_args__ = (
        PrimaryKeyConstraint("hall_id", "terminal_id", "kind", "item_key", name="pk_items_scoped"),
        # an item's natural reference (audit head seq, shift id, ...) within its terminal
        Index("ix_items_scope_ref", "hall_id", "terminal_id", "kind", "ref"),
    )

    hall_id: Mapped[str] = mapped_column(String(32))
    terminal_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(24))
    item_key: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))
    # payment uuid, account; for a refund its receipt number (counted by reconciliation)
    ref: Mapped[str | None] = mapped_column(String(64), nullable=True)
    payload_json: Mapped[str] = mapped_column(Text)
    result_json: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class JournalEntry(Base):
    """Append-only (database triggers refuse UPDATE and DELETE); balances derive from it."""

    __tablename__ = "journal"
    __table_args__ = (
        Index("ix_journal_account", "account_no"),
        Index("ix_journal_ref", "ref"),
    )

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    hall_id: Mapped[str] = mapped_column(String(32))
    terminal_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    kind: Mapped[str] = mapped_column(String(24))
    ref: Mapped[str | None] = mapped_column(String(64), nullable=True)
    account_no: Mapped[str | None] = mapped_column(String(32), nullable=True)
    bill_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    principal_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    late_fee_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    late_fee_assessed_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    credit_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    detail: Mapped[str] = mapped_column(Text, default="")


JOURNAL_KINDS = (
    "bill_issued",  # amount_fen = bill amount
    "payment",  # amount_fen = payment; credit_fen = part that became prepaid credit
    "bill_payment",  # principal_fen / late_fee_fen paid on bill_id by payment `ref`
    "void",  # a void recorded for payment `ref`; its bookings are reversed by:
    "reversal",  # negative principal/fee on bill_id, or negative credit_fen, for payment `ref`
    "refund",  # prepaid credit paid out (credit_fen negative); ref = the refund's id
    "contact_change",
    "shift_report",
    "opening_balance",  # demo data: principal already paid on bill_id, or credit_fen held
)


class CollectionAction(Base):
    """The ledger's own record of every collections action (dunning, notices, SMS, stop-supply):
    who did it (the person the counter signed in, and the terminal it came from), to what, when.
    Append-only by convention; the counter keeps its own audit chain of the same actions."""

    __tablename__ = "collection_actions"
    __table_args__ = (
        Index("ix_collection_actions_hall_subject", "hall_id", "subject"),
        Index("ix_collection_actions_hall_at", "hall_id", "recorded_at"),
    )

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    hall_id: Mapped[str] = mapped_column(String(32))
    terminal_id: Mapped[str | None] = mapped_column(String(32), nullable=True)  # None: ledger CLI
    actor: Mapped[str] = mapped_column(String(32))  # the person's id; "system" for scheduled work
    action: Mapped[str] = mapped_column(String(48))  # e.g. dunning.run.executed
    subject: Mapped[str] = mapped_column(String(64))  # account no., run id, notice no. ...
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON object


# --- arrears (#14) ---
# The bills still open, by account: one hall's arrears list reads them through the hall's
# customers (migration 0008_arrears_indexes).
Index("ix_bills_open_account", Bill.account_no,
      postgresql_where=Bill.status != "paid", sqlite_where=Bill.status != "paid")
# --- phones (#14) ---


class CustomerPhone(Base):
    """What the ledger knows about a customer's phone number (customers.phone): where it came
    from, when it was last verified, whether a delivery receipt said it is vacant, and whether
    `phonenumbers` takes it for a mainland mobile number. A row whose phone differs from the
    customer's current one is stale (the number changed by another path) and is ignored."""

    __tablename__ = "customer_phones"
    __table_args__ = (Index("ix_customer_phones_hall", "hall_id"),)

    account_no: Mapped[str] = mapped_column(ForeignKey("customers.account_no"), primary_key=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    phone: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(16))  # counter | import | property
    verified_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_mobile: Mapped[bool] = mapped_column(Boolean, default=True)
    vacant_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class PhoneReview(Base):
    """A number from a list (a property company's) that differs from the one on file: kept for
    a person to accept or reject, never written over the customer's number by the import."""

    __tablename__ = "phone_reviews"
    __table_args__ = (Index("ix_phone_reviews_hall_status", "hall_id", "status"),)

    review_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    account_no: Mapped[str] = mapped_column(String(32))
    current_phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    proposed_phone: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(16))
    listed_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reason: Mapped[str] = mapped_column(String(32))  # phone_differs | name_differs
    batch: Mapped[str] = mapped_column(String(200), default="")  # the file it came from
    status: Mapped[str] = mapped_column(String(12), default="pending")  # accepted | rejected
    created_at: Mapped[datetime] = mapped_column(DateTime)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    note: Mapped[str | None] = mapped_column(String(200), nullable=True)
# --- dunning (#14) ---


class DunningProcedure(Base):
    """One version of a hall's dunning procedure for a customer class; a change adds a version
    (the newest is in force), runs remember the version they used."""

    __tablename__ = "dunning_procedures"
    __table_args__ = (UniqueConstraint("hall_id", "customer_class", "version",
                                       name="uq_dunning_procedures_version"),)

    procedure_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    customer_class: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    levels_json: Mapped[str] = mapped_column(Text)  # hall_domain.dunning.Procedure.as_json()
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(32))


class DunningRun(Base):
    """A dunning run: a proposal, then executed (its lines became events), or reversed.
    `active_key` (hall|date|class) is set while the run is not reversed: one such run per hall,
    date and class, so running the same again returns it."""

    __tablename__ = "dunning_runs"
    __table_args__ = (UniqueConstraint("active_key", name="uq_dunning_runs_active"),
                      Index("ix_dunning_runs_hall_as_of", "hall_id", "as_of"))

    run_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    as_of: Mapped[date] = mapped_column(Date)
    customer_class: Mapped[str] = mapped_column(String(16))  # a class, or "all"
    status: Mapped[str] = mapped_column(String(12))  # proposal | executed | reversed
    procedure_versions: Mapped[str] = mapped_column(Text)  # JSON {class: version}
    active_key: Mapped[str | None] = mapped_column(String(80), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(32))
    executed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    executed_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reversed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    reversed_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reverse_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class DunningRunLine(Base):
    __tablename__ = "dunning_run_lines"

    run_id: Mapped[int] = mapped_column(ForeignKey("dunning_runs.run_id"), primary_key=True)
    account_no: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(100))
    customer_class: Mapped[str] = mapped_column(String(16))
    overdue_days: Mapped[int] = mapped_column(Integer)
    total_fen: Mapped[int] = mapped_column(BigInteger)
    current_level: Mapped[int] = mapped_column(Integer)
    proposed_level: Mapped[int] = mapped_column(Integer)
    final_level: Mapped[int] = mapped_column(Integer)
    action: Mapped[str | None] = mapped_column(String(16), nullable=True)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    edited_by: Mapped[str | None] = mapped_column(String(32), nullable=True)


class DunningEvent(Base):
    """An account reached a dunning level on a date (an executed run's line); reversed, it no
    longer counts (the row stays)."""

    __tablename__ = "dunning_events"
    __table_args__ = (Index("ix_dunning_events_hall_account", "hall_id", "account_no"),)

    event_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    account_no: Mapped[str] = mapped_column(String(32))
    run_id: Mapped[int] = mapped_column(ForeignKey("dunning_runs.run_id"))
    level: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    reached_on: Mapped[date] = mapped_column(Date)
    total_fen: Mapped[int] = mapped_column(BigInteger)
    action_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)  # notice no. ...
    reversed: Mapped[bool] = mapped_column(Boolean, default=False)


class DunningLock(Base):
    """No escalation for the account until `until` (inclusive), unless released earlier."""

    __tablename__ = "dunning_locks"
    __table_args__ = (Index("ix_dunning_locks_hall_account", "hall_id", "account_no"),)

    lock_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    account_no: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(16))  # hall_domain.dunning.LockReason
    note: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date] = mapped_column(Date)
    until: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(32))
    released_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    released_by: Mapped[str | None] = mapped_column(String(32), nullable=True)


class PaymentPromise(Base):
    """A promise to pay (one instalment) or an instalment plan; kept or broken is judged from
    the payments of every channel, never stored as a guess."""

    __tablename__ = "payment_promises"
    __table_args__ = (Index("ix_payment_promises_hall_account", "hall_id", "account_no"),)

    promise_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    account_no: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(8))  # promise | plan
    starts_on: Mapped[date] = mapped_column(Date)  # payments from this date count
    tolerance_days: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(32))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    cancelled_by: Mapped[str | None] = mapped_column(String(32), nullable=True)


class PromiseInstalment(Base):
    __tablename__ = "promise_instalments"

    promise_id: Mapped[int] = mapped_column(ForeignKey("payment_promises.promise_id"),
                                            primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    due_date: Mapped[date] = mapped_column(Date)
    amount_fen: Mapped[int] = mapped_column(BigInteger)


class CollectorArea(Base):
    """An area (台区) of a hall and the collector (台区经理) who works it."""

    __tablename__ = "collector_areas"

    hall_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    area: Mapped[str] = mapped_column(String(100), primary_key=True)
    collector: Mapped[str] = mapped_column(String(32))
    assigned_at: Mapped[datetime] = mapped_column(DateTime)
    assigned_by: Mapped[str] = mapped_column(String(32))


class FieldVisit(Base):
    __tablename__ = "field_visits"
    __table_args__ = (Index("ix_field_visits_hall_account", "hall_id", "account_no"),)

    visit_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    account_no: Mapped[str] = mapped_column(String(32))
    collector: Mapped[str] = mapped_column(String(32))
    visited_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(12))  # paid | promised | refused | not_at_home
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(32))


# promises are judged, and executions check "paid since the proposal", by an account's payments
Index("ix_payments_account_date", Payment.account_no, Payment.business_date)
# --- sms (#14) ---


class SmsSettings(Base):
    """A hall's SMS rules: sending window (local wall-clock time in `tz`), caps, signature."""

    __tablename__ = "sms_settings"

    hall_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    window_start: Mapped[str] = mapped_column(String(5), default="08:00")  # HH:MM
    window_end: Mapped[str] = mapped_column(String(5), default="20:00")
    day_cap: Mapped[int] = mapped_column(Integer, default=1)
    month_cap: Mapped[int] = mapped_column(Integer, default=4)
    tz: Mapped[str] = mapped_column(String(40), default="Asia/Shanghai")
    signature: Mapped[str] = mapped_column(String(16), default="国网供电")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(32))


class SmsTemplate(Base):
    """A reminder text with ${variables}: drafted by one person, approved by another; the
    approved text never changes (a new wording is a new draft)."""

    __tablename__ = "sms_templates"
    __table_args__ = (Index("ix_sms_templates_hall_status", "hall_id", "purpose", "status"),)

    template_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(60))
    purpose: Mapped[str] = mapped_column(String(16), default="reminder")
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(16))
    provider_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="draft")  # draft|approved|retired
    chars: Mapped[int] = mapped_column(Integer)
    parts: Mapped[int] = mapped_column(Integer)
    drafted_by: Mapped[str] = mapped_column(String(32))
    drafted_at: Mapped[datetime] = mapped_column(DateTime)
    approved_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SmsMessage(Base):
    """One reminder to one account. message_id (our UUID) is the provider's out-id; the row is
    committed as `sending` BEFORE the provider is called, so a crash is queried, not resent."""

    __tablename__ = "sms_messages"
    __table_args__ = (
        UniqueConstraint("hall_id", "account_no", "source", name="uq_sms_messages_source"),
        Index("ix_sms_messages_status", "status", "hall_id", "queued_at", "not_before"),
        Index("ix_sms_messages_account", "hall_id", "account_no", "sending_at"),
        Index("ix_sms_messages_hall_queued", "hall_id", "queued_at"),
    )

    message_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    account_no: Mapped[str] = mapped_column(String(32))
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    template_id: Mapped[int] = mapped_column(BigInteger)
    variables: Mapped[str] = mapped_column(Text)  # JSON object
    text: Mapped[str] = mapped_column(Text)  # the approved text with the variables filled
    chars: Mapped[int] = mapped_column(Integer)
    parts: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(64))  # e.g. dunning:<run>:<level>, manual:<actor>
    as_of: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="queued")
    not_before: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    queued_at: Mapped[datetime] = mapped_column(DateTime)
    sending_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    provider: Mapped[str | None] = mapped_column(String(16), nullable=True)
    provider_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)
    receipt_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    receipt_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(200), nullable=True)


class SmsOptOut(Base):
    """A phone that asked for no more reminders (a TD/R reply, or the customer at a counter)."""

    __tablename__ = "sms_opt_outs"

    phone: Mapped[str] = mapped_column(String(32), primary_key=True)
    hall_id: Mapped[str] = mapped_column(String(32))  # where it was recorded ("*": a reply)
    source: Mapped[str] = mapped_column(String(12))  # reply | counter
    actor: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SmsInbound(Base):
    """A reply a customer sent to our messages, as the gateway reported it."""

    __tablename__ = "sms_inbound"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    phone: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(String(200))
    opt_out: Mapped[bool] = mapped_column(Boolean, default=False)


class SmsGatewayToken(Base):
    """The bearer token the SMS gateway (the simulator, or a provider callback relay) uses to
    push receipts and replies; stored as SHA-256 only, like terminal tokens."""

    __tablename__ = "sms_gateway_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


# --- notices (#14) ---


class NoticeSettings(Base):
    """A hall's notice and stop-supply settings; a hall without a row uses the defaults of
    hall_ledger/data/legal_basis.json (its province's, else "default")."""

    __tablename__ = "notice_settings"

    hall_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    province: Mapped[str] = mapped_column(String(32), default="default")
    legal_version: Mapped[str | None] = mapped_column(String(16), nullable=True)
    notice_window_min_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notice_window_max_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reconnect_hours: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reminder_days: Mapped[int] = mapped_column(Integer, default=15)  # pay-by, after issue
    stop_warning_days: Mapped[int] = mapped_column(Integer, default=7)  # planned stop, after issue
    hall_name: Mapped[str] = mapped_column(String(100), default="")
    hall_phone: Mapped[str] = mapped_column(String(32), default="")
    pay_ways_json: Mapped[str | None] = mapped_column(Text, nullable=True)  # None: defaults
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(32))


class NoticeSequence(Base):
    """The last notice number handed out per hall, prefix and year (numbers have no gaps)."""

    __tablename__ = "notice_sequences"

    hall_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)


class Notice(Base):
    """A 催费通知单 (reminder) or 停电通知书 (stop_warning), frozen as issued: what it says
    (payload_json) never changes; its status follows delivery and payment."""

    __tablename__ = "notices"
    __table_args__ = (
        UniqueConstraint("hall_id", "notice_no", name="uq_notices_hall_no"),
        Index("ix_notices_hall_account", "hall_id", "account_no", "kind", "status"),
        Index("ix_notices_hall_status", "hall_id", "kind", "status", "area"),
    )

    notice_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    notice_no: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16))  # reminder | stop_warning
    account_no: Mapped[str] = mapped_column(String(32))
    area: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(400))
    issued_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    principal_fen: Mapped[int] = mapped_column(BigInteger)
    late_fee_fen: Mapped[int] = mapped_column(BigInteger)  # as of issued_on
    late_fee_deadline_fen: Mapped[int] = mapped_column(BigInteger)  # as of the deadline
    source: Mapped[str] = mapped_column(String(64))  # dunning run, person, ...
    # pending (not delivered yet) | delivered | settled (arrears paid) | superseded
    status: Mapped[str] = mapped_column(String(12), default="pending")
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    payload_json: Mapped[str] = mapped_column(Text)


class NoticeDelivery(Base):
    """One attempt to deliver a notice: in_person | posted | left_at_door | refused."""

    __tablename__ = "notice_deliveries"
    __table_args__ = (Index("ix_notice_deliveries_notice", "notice_id"),)

    delivery_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.notice_id"))
    method: Mapped[str] = mapped_column(String(16))
    signed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    delivered_at: Mapped[datetime] = mapped_column(DateTime)
    delivered_by: Mapped[str] = mapped_column(String(32))  # the actor
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class StopSupplyRequest(Base):
    """A request to stop supply for arrears and its way through the gates. Times are the
    hall's local time. status: requested | approved | stopped | cancelled | reconnected."""

    __tablename__ = "stop_supply_requests"
    __table_args__ = (Index("ix_stop_supply_hall_account", "hall_id", "account_no", "status"),
                      Index("ix_stop_supply_hall_status", "hall_id", "status"))

    request_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    account_no: Mapped[str] = mapped_column(String(32))
    customer_class: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(12))
    planned_at: Mapped[datetime] = mapped_column(DateTime)
    notice_no: Mapped[str | None] = mapped_column(String(40), nullable=True)
    requested_by: Mapped[str] = mapped_column(String(32))
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    approved_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    regulator_notified_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    regulator_notified_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    renotified_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    renotified_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    stopped_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    cancelled_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    cancel_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    gates_json: Mapped[str] = mapped_column(Text)  # the gates as last checked


class ReconnectionTask(Base):
    """Supply to restore after the arrears of a stopped customer were paid, by `due_at`."""

    __tablename__ = "reconnection_tasks"
    __table_args__ = (Index("ix_reconnection_hall_open", "hall_id", "closed_at"),)

    task_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    account_no: Mapped[str] = mapped_column(String(32))
    request_id: Mapped[int] = mapped_column(ForeignKey("stop_supply_requests.request_id"))
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    due_at: Mapped[datetime] = mapped_column(DateTime)
    cause: Mapped[str] = mapped_column(String(64))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(32), nullable=True)


# --- channel files and auto-debit (#15) ---


class ChannelProfile(Base):
    """A bank's own file layout as data (encoding, separator or fixed widths, field map,
    control-totals rule); an admin adds one without code. `bank-pipe` is built in."""

    __tablename__ = "channel_profiles"

    profile_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    spec_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(32))


class ChannelFile(Base):
    """One imported channel file: all its lines or none. The same bytes (SHA-256) or a second
    file of the same channel, format and date are not imported again."""

    __tablename__ = "channel_files"
    __table_args__ = (
        UniqueConstraint("sha256", name="uq_channel_files_sha256"),
        UniqueConstraint("channel", "format", "file_date", name="uq_channel_files_channel_date"),
    )

    file_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(32))
    format: Mapped[str] = mapped_column(String(32))  # bank-pipe | wechat | alipay | camt053 | ...
    file_date: Mapped[date] = mapped_column(Date)
    file_name: Mapped[str] = mapped_column(String(255))
    line_count: Mapped[int] = mapped_column(Integer)
    total_fen: Mapped[int] = mapped_column(BigInteger)  # net: payments minus refunds/reversals
    fee_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    control_json: Mapped[str] = mapped_column(Text, default="{}")  # the file's own totals
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    imported_by: Mapped[str] = mapped_column(String(32))


class ChannelLine(Base):
    """One transaction of a channel file. amount_fen is signed: money in positive, a refund
    or reversal negative. Nothing here is booked: matching compares it with the ledger."""

    __tablename__ = "channel_lines"
    __table_args__ = (
        UniqueConstraint("file_id", "line_no", name="uq_channel_lines_file_line"),
        Index("ix_channel_lines_channel_date", "channel", "txn_date"),
        Index("ix_channel_lines_txn", "txn_id"),
        Index("ix_channel_lines_order_ref", "order_ref"),
    )

    line_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("channel_files.file_id"))
    line_no: Mapped[int] = mapped_column(Integer)  # 1-based line (row) in the file
    channel: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # payment | refund | reversal
    txn_date: Mapped[date] = mapped_column(Date)
    txn_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    txn_id: Mapped[str] = mapped_column(String(64))  # the channel's id (银行流水号, 微信订单号...)
    order_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)  # our reference
    original_txn_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    account_no: Mapped[str | None] = mapped_column(String(32), nullable=True)
    hall_id: Mapped[str | None] = mapped_column(String(32), nullable=True)  # None: unknown 户号
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    fee_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    branch: Mapped[str | None] = mapped_column(String(64), nullable=True)  # 网点 / 门店


class BankStatementEntry(Base):
    """An entry of a bank statement (camt.053): a settlement credited (or debited) to the
    company's account; the reference names the channel batch (channel + date) when it can."""

    __tablename__ = "bank_statement_entries"
    __table_args__ = (
        UniqueConstraint("file_id", "line_no", name="uq_bank_statement_entries_file_line"),
        Index("ix_bank_statement_entries_channel_date", "channel", "batch_date"),
        Index("ix_bank_statement_entries_booking", "booking_date"),
    )

    entry_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("channel_files.file_id"))
    line_no: Mapped[int] = mapped_column(Integer)  # the entry's position in the statement
    account_id: Mapped[str] = mapped_column(String(64))  # IBAN or other account id
    booking_date: Mapped[date] = mapped_column(Date)
    value_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)  # signed: credit positive
    currency: Mapped[str] = mapped_column(String(3))
    entry_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)  # AcctSvcrRef
    reference: Mapped[str] = mapped_column(String(280))  # as written (batch reference)
    channel: Mapped[str | None] = mapped_column(String(32), nullable=True)  # named by reference
    batch_date: Mapped[date | None] = mapped_column(Date, nullable=True)


class AutodebitMandate(Base):
    """A signed auto-debit (代扣) agreement: this account is debited from that bank account."""

    __tablename__ = "autodebit_mandates"
    __table_args__ = (Index("ix_autodebit_mandates_bank", "bank_id", "status"),)

    account_no: Mapped[str] = mapped_column(String(32), primary_key=True)
    bank_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    bank_account: Mapped[str] = mapped_column(String(40))
    holder_name: Mapped[str] = mapped_column(String(200))
    signed_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # active | suspended | revoked
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AutodebitBatch(Base):
    """One debit request file sent to a bank for a date (written again identically if asked)."""

    __tablename__ = "autodebit_batches"
    __table_args__ = (
        UniqueConstraint("bank_id", "request_date", name="uq_autodebit_batches_bank_date"),
    )

    batch_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    bank_id: Mapped[str] = mapped_column(String(32))
    request_date: Mapped[date] = mapped_column(Date)
    line_count: Mapped[int] = mapped_column(Integer)
    total_fen: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(32))


class AutodebitRequest(Base):
    """One line of a debit request, keyed by its request reference; the bank's answer is
    applied once: success books a payment (uuid derived from the reference), failure keeps
    the bank's reason for dunning."""

    __tablename__ = "autodebit_requests"
    __table_args__ = (
        UniqueConstraint("batch_id", "line_no", name="uq_autodebit_requests_batch_line"),
        Index("ix_autodebit_requests_hall_status", "hall_id", "status"),
        Index("ix_autodebit_requests_account", "account_no"),
    )

    request_ref: Mapped[str] = mapped_column(String(40), primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("autodebit_batches.batch_id"))
    line_no: Mapped[int] = mapped_column(Integer)
    account_no: Mapped[str] = mapped_column(String(32))
    hall_id: Mapped[str] = mapped_column(String(32))
    bank_account: Mapped[str] = mapped_column(String(40))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))  # requested | succeeded | failed
    reason_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    reason_text: Mapped[str | None] = mapped_column(String(200), nullable=True)
    payment_uuid: Mapped[str | None] = mapped_column(String(36), nullable=True)
    answered_on: Mapped[date | None] = mapped_column(Date, nullable=True)


# --- reconciliation (#15) ---


class ReconException(Base):
    """One line that did not match (channel file ↔ ledger ↔ bank statement), of one type:
    channel_only, ledger_only, amount_differs, duplicate_across_channels, reversal_unmatched,
    settlement_short. Never deleted: resolved lines keep their resolution and leave the list."""

    __tablename__ = "recon_exceptions"
    __table_args__ = (
        UniqueConstraint("exc_key", name="uq_recon_exceptions_key"),
        Index("ix_recon_exceptions_hall_status", "hall_id", "status"),
        Index("ix_recon_exceptions_date", "recon_date", "channel"),
    )

    exc_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    exc_key: Mapped[str] = mapped_column(String(120))  # kind + what it is about (idempotent)
    hall_id: Mapped[str] = mapped_column(String(32))  # "*": not one hall's (unknown 户号, bank)
    channel: Mapped[str] = mapped_column(String(32))
    recon_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))  # open | refund_requested | resolved
    line_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # channel line
    payment_uuid: Mapped[str | None] = mapped_column(String(36), nullable=True)  # ledger side
    account_no: Mapped[str | None] = mapped_column(String(32), nullable=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)  # the money in question
    expected_fen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # other side
    owner: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    resolution: Mapped[str | None] = mapped_column(String(32), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="{}")  # JSON object


class ReconExceptionAction(Base):
    """Every action taken on an exception (owner set, match by hand, post to an account,
    refund requested/approved, note, escalation): append-only."""

    __tablename__ = "recon_exception_actions"
    __table_args__ = (Index("ix_recon_exception_actions_exc", "exc_id"),)

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    exc_id: Mapped[int] = mapped_column(ForeignKey("recon_exceptions.exc_id"))
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="{}")


class ReconMatch(Base):
    """A channel line matched to a ledger payment (by rule, or by hand)."""

    __tablename__ = "recon_matches"
    __table_args__ = (
        UniqueConstraint("line_id", name="uq_recon_matches_line"),
        UniqueConstraint("payment_uuid", name="uq_recon_matches_payment"),
        Index("ix_recon_matches_date", "recon_date", "channel"),
    )

    match_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(32))
    recon_date: Mapped[date] = mapped_column(Date)
    line_id: Mapped[int] = mapped_column(BigInteger)
    payment_uuid: Mapped[str] = mapped_column(String(36))
    rule: Mapped[str] = mapped_column(String(16))  # reference | txn_id | account_amount | hand
    matched_at: Mapped[datetime] = mapped_column(DateTime)
    matched_by: Mapped[str] = mapped_column(String(32))


class ReconPosting(Base):
    """Accounting entries reconciliation makes itself (money held in suspense and released,
    channel fees, refunds of duplicates): one debit and one credit account, in fen."""

    __tablename__ = "recon_postings"
    __table_args__ = (
        UniqueConstraint("posting_key", name="uq_recon_postings_key"),
        Index("ix_recon_postings_date", "posting_date", "hall_id"),
    )

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    posting_date: Mapped[date] = mapped_column(Date)
    hall_id: Mapped[str] = mapped_column(String(32))
    exc_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    posting_key: Mapped[str] = mapped_column(String(120))  # each entry made once
    debit: Mapped[str] = mapped_column(String(48))
    credit: Mapped[str] = mapped_column(String(48))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    memo: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class ReconSignoff(Base):
    """The daily reconciliation report signed by a marketing and a finance person (two)."""

    __tablename__ = "recon_signoffs"

    hall_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    recon_date: Mapped[date] = mapped_column(Date, primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)  # marketing | finance
    person: Mapped[str] = mapped_column(String(32))
    signed_at: Mapped[datetime] = mapped_column(DateTime)
    report_sha256: Mapped[str] = mapped_column(String(64))  # the figures signed
