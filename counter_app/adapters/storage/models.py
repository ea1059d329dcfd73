"""SQLAlchemy declarative models of the counter store (the schema contract; money is INTEGER fen).

Dates and times are ISO-8601 TEXT (`date.isoformat()` / `datetime.isoformat()`), so the file
reads the same from any SQLite tool. The FTS5 search tables and the audit triggers are not
expressible as models; they are created by the migrations (`migrations/versions`).
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class CustomerRow(Base):
    __tablename__ = "customers"
    __table_args__ = (
        CheckConstraint("user_type IN ('residential', 'other')", name="user_type"),
        Index("ix_customers_name", "name"),
        Index("ix_customers_phone", "phone"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_no: Mapped[str] = mapped_column(Text, unique=True, nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    address: Mapped[str] = mapped_column(Text, nullable=False)
    phone: Mapped[str | None] = mapped_column(Text, nullable=True)
    user_type: Mapped[str] = mapped_column(Text, nullable=False)
    area: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    credit_fen: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    updated_at: Mapped[str] = mapped_column(Text, nullable=False)
    # phone hygiene (#14): the ledger's last-verified day (ISO) and status of the phone
    phone_verified_on: Mapped[str | None] = mapped_column(Text, nullable=True)
    phone_status: Mapped[str | None] = mapped_column(Text, nullable=True)


class BillRow(Base):
    __tablename__ = "bills"
    __table_args__ = (
        UniqueConstraint("account_no", "period"),
        Index("ix_bills_account_no_status", "account_no", "status"),
        CheckConstraint("status IN ('open', 'partial', 'paid')", name="status"),
        CheckConstraint(
            "amount_fen >= 0 AND principal_paid_fen >= 0 AND principal_paid_fen <= amount_fen "
            "AND late_fee_paid_fen >= 0 AND late_fee_paid_fen <= late_fee_assessed_fen",
            name="money",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_no: Mapped[str] = mapped_column(
        Text, ForeignKey("customers.account_no"), nullable=False
    )
    period: Mapped[str] = mapped_column(Text, nullable=False)  # YYYY-MM
    kwh: Mapped[int] = mapped_column(Integer, nullable=False)
    amount_fen: Mapped[int] = mapped_column(Integer, nullable=False)
    due_date: Mapped[str] = mapped_column(Text, nullable=False)  # YYYY-MM-DD
    principal_paid_fen: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    late_fee_assessed_fen: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    late_fee_paid_fen: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    fee_accrued_through: Mapped[str | None] = mapped_column(Text, nullable=True)
    late_fee_waived: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    status: Mapped[str] = mapped_column(Text, nullable=False, server_default="open")


class UserRow(Base):
    __tablename__ = "users"

    user_id: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    role: Mapped[str] = mapped_column(Text, nullable=False)
    pin_hash: Mapped[str] = mapped_column(Text, nullable=False)
    failed_pins: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    locked_until: Mapped[str | None] = mapped_column(Text, nullable=True)
    active: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")


class ReceiptCounterRow(Base):
    __tablename__ = "receipt_counters"

    terminal_id: Mapped[str] = mapped_column(Text, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False)


class ShiftRow(Base):
    __tablename__ = "shifts"
    __table_args__ = (
        # At most one open shift per terminal.
        Index(
            "ux_shifts_one_open_per_terminal",
            "terminal_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(Text, nullable=False)
    opened_by: Mapped[str] = mapped_column(Text, ForeignKey("users.user_id"), nullable=False)
    opened_at: Mapped[str] = mapped_column(Text, nullable=False)
    opening_float_json: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(Text, nullable=False, server_default="open")
    closed_at: Mapped[str | None] = mapped_column(Text, nullable=True)


class PaymentRow(Base):
    __tablename__ = "payments"
    __table_args__ = (
        UniqueConstraint("terminal_id", "receipt_number"),
        Index("ix_payments_account_no", "account_no"),
        Index("ix_payments_shift_id", "shift_id"),
        CheckConstraint("status IN ('ok', 'void')", name="status"),
        CheckConstraint("amount_fen > 0 AND credit_fen >= 0 AND change_fen >= 0", name="money"),
    )

    payment_uuid: Mapped[str] = mapped_column(Text, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(Text, nullable=False)
    shift_id: Mapped[int] = mapped_column(Integer, ForeignKey("shifts.id"), nullable=False)
    cashier_id: Mapped[str] = mapped_column(Text, nullable=False)
    account_no: Mapped[str] = mapped_column(Text, nullable=False)
    amount_fen: Mapped[int] = mapped_column(Integer, nullable=False)
    credit_fen: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    change_fen: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    taken_at: Mapped[str] = mapped_column(Text, nullable=False)
    business_date: Mapped[str] = mapped_column(Text, nullable=False)
    receipt_number: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(Text, nullable=False, server_default="ok")


class PaymentTenderRow(Base):
    __tablename__ = "payment_tenders"
    __table_args__ = (
        Index("ix_payment_tenders_payment_uuid", "payment_uuid"),
        CheckConstraint("kind IN ('cash', 'card')", name="kind"),
        CheckConstraint("amount_fen > 0 AND change_fen >= 0", name="money"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_uuid: Mapped[str] = mapped_column(
        Text, ForeignKey("payments.payment_uuid"), nullable=False
    )
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    amount_fen: Mapped[int] = mapped_column(Integer, nullable=False)
    tendered_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    change_fen: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    # change due − change handed back when the hall rounds change (0007_change_rounding)
    change_rounding_fen: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    reference: Mapped[str | None] = mapped_column(Text, nullable=True)
    auth_code: Mapped[str | None] = mapped_column(Text, nullable=True)
    masked_card: Mapped[str | None] = mapped_column(Text, nullable=True)


class PaymentAllocationRow(Base):
    __tablename__ = "payment_allocations"
    __table_args__ = (
        Index("ix_payment_allocations_payment_uuid", "payment_uuid"),
        Index("ix_payment_allocations_bill_id", "bill_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_uuid: Mapped[str] = mapped_column(
        Text, ForeignKey("payments.payment_uuid"), nullable=False
    )
    bill_id: Mapped[int] = mapped_column(Integer, ForeignKey("bills.id"), nullable=False)
    late_fee_fen: Mapped[int] = mapped_column(Integer, nullable=False)
    principal_fen: Mapped[int] = mapped_column(Integer, nullable=False)
    late_fee_assessed_fen: Mapped[int] = mapped_column(Integer, nullable=False)
    # Not in the first draft of the contract: kept so a stored payment maps back to the
    # domain Allocation exactly (the bill's status changes later, so it cannot be derived).
    settles_bill: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("kind", "item_key"),
        Index("ix_outbox_state_next_attempt_at", "state", "next_attempt_at"),
        CheckConstraint("state IN ('pending', 'review')", name="state"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    item_key: Mapped[str] = mapped_column(Text, nullable=False)
    account_no: Mapped[str | None] = mapped_column(Text, nullable=True)
    payload_json: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[str] = mapped_column(Text, nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    next_attempt_at: Mapped[str | None] = mapped_column(Text, nullable=True)
    state: Mapped[str] = mapped_column(Text, nullable=False, server_default="pending")
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    audit_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)  # sealing entry


class AuditLogRow(Base):
    """Append-only: triggers abort any UPDATE or DELETE (see migration 0001)."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(Text, nullable=False)
    terminal_id: Mapped[str] = mapped_column(Text, nullable=False)
    user_id: Mapped[str | None] = mapped_column(Text, nullable=True)
    action: Mapped[str] = mapped_column(Text, nullable=False)
    target: Mapped[str] = mapped_column(Text, nullable=False)
    outcome: Mapped[str] = mapped_column(Text, nullable=False)
    detail: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    prev_hash: Mapped[str] = mapped_column(Text, nullable=False)
    hash: Mapped[str] = mapped_column(Text, nullable=False)


class MetaRow(Base):
    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class CustomerPinyinRow(Base):
    """Pinyin search keys of a customer's name (full and initials, per reading): see
    `pinyin.py`. Created and backfilled by migration 0007; the primary key is the index."""

    __tablename__ = "customer_pinyin"
    __table_args__ = {"sqlite_with_rowid": False}

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer, primary_key=True)
