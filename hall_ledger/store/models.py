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
