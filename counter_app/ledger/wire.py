"""The sync protocol's messages (JSON, money in integer fen) and their content hashes.

A payment here is exactly the counter's outbox payload. Every field is validated strictly
(integers must be JSON integers: 100.0 or "100" is refused) and unknown fields are refused,
so "same content" below means the same validated message, whatever its key order or spacing.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    ValidationError,
    model_serializer,
    model_validator,
)

from counter_app.domain.errors import DomainError
from counter_app.domain.inputs import check_free_text, check_phone_text, validate_terminal_id
from counter_app.domain.tenders import CardTender, CashTender

MAX_BATCH = 500
MAX_FEN = 10**12  # no single payment is near ¥10,000,000,000; larger means corruption
_ACCOUNT = re.compile(r"^\d{1,32}$")
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, TypeError, AttributeError) as exc:
        raise ValueError("must be a UUID such as 0c7d4cbb-52a6-4f11-9d39-1f0c5c5a8e51") from exc


def _match(pattern: re.Pattern[str], what: str):
    def check(value: str) -> str:
        if not pattern.match(value):
            raise ValueError(f"must be {what}")
        return value

    return check


UUIDText = Annotated[str, AfterValidator(_uuid)]
AccountNo = Annotated[str, AfterValidator(_match(_ACCOUNT, "1 to 32 digits"))]
Period = Annotated[str, AfterValidator(_match(_PERIOD, "a billing period YYYY-MM"))]
def _domain_rule(check):
    """A domain check (which raises DomainError) as a pydantic validator: the counter's rule."""

    def validate(value: str) -> str:
        try:
            return check(value)
        except DomainError as exc:
            raise ValueError(exc.message) from None

    return validate


TerminalId = Annotated[str, AfterValidator(_domain_rule(validate_terminal_id))]
# A reason typed at a counter: never a card number (the counter refuses it the same way).
Reason = Annotated[str, Field(min_length=1, max_length=200),
                   AfterValidator(_domain_rule(lambda v: check_free_text(v, "reason")))]
Fen = Annotated[StrictInt, Field(ge=0, le=MAX_FEN)]
PositiveFen = Annotated[StrictInt, Field(gt=0, le=MAX_FEN)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TenderIn(Strict):
    # Strings are checked exactly as sent (not stripped): the counter's rule sees the same text.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    kind: Literal["cash", "card"]
    amount_fen: PositiveFen
    tendered_fen: Fen | None = None
    change_fen: Fen = 0  # change handed back
    # Optional: change due − change handed back when the hall rounds change (to 角 or 5 分).
    change_rounding_fen: Annotated[StrictInt, Field(ge=-5, le=5)] = 0
    reference: str | None = Field(default=None, max_length=40)
    auth_code: str | None = Field(default=None, max_length=16)
    masked_card: str | None = Field(default=None, max_length=32)

    @model_serializer(mode="wrap")
    def _dump(self, handler):
        # Left out when 0, so an unrounded payment hashes (content_hash) as it did before.
        data = handler(self)
        if not self.change_rounding_fen:
            data.pop("change_rounding_fen", None)
        return data

    @model_validator(mode="after")
    def _check(self) -> TenderIn:
        if self.kind == "cash":
            if self.tendered_fen is None or self.tendered_fen < self.amount_fen:
                raise ValueError("cash tendered_fen must be given and cover amount_fen")
            if self.change_fen + self.change_rounding_fen != self.tendered_fen - self.amount_fen:
                raise ValueError("cash change_fen + change_rounding_fen must equal "
                                 "tendered_fen - amount_fen")
        else:
            if self.change_fen or self.change_rounding_fen:
                raise ValueError("a card tender gives no change")
        # The counter's own tender rules (domain/tenders.py), one code path on both sides: a
        # tender the counter took is never refused here for its content, and the reverse.
        # Never store a full card number (PCI): such a tender is refused, not masked.
        try:
            if self.kind == "cash":
                CashTender(self.amount_fen, self.tendered_fen,  # type: ignore[arg-type]
                           self.change_rounding_fen).validate()
            else:
                CardTender(self.amount_fen, self.reference, self.auth_code,  # type: ignore[arg-type]
                           self.masked_card).validate()  # type: ignore[arg-type]
        except DomainError as exc:
            raise ValueError(f"{exc.code}: {exc.message}") from None
        return self


class AllocationIn(Strict):
    bill_id: StrictInt | None = None  # the counter's id for the bill; the ledger keys on period
    period: Period
    late_fee_fen: Fen
    principal_fen: Fen
    late_fee_assessed_fen: Fen

    @model_validator(mode="after")
    def _check(self) -> AllocationIn:
        if self.late_fee_fen > self.late_fee_assessed_fen:
            raise ValueError("late_fee_fen may not exceed late_fee_assessed_fen")
        return self


class PaymentIn(Strict):
    """A counter payment, as queued in the counter's outbox (kind "payment")."""

    payment_uuid: UUIDText
    terminal_id: TerminalId
    shift_id: StrictInt
    cashier_id: str = Field(min_length=1, max_length=32)
    account_no: AccountNo
    amount_fen: PositiveFen
    credit_fen: Fen
    taken_at: datetime
    business_date: date
    receipt_number: Annotated[StrictInt, Field(ge=1)]
    tenders: list[TenderIn] = Field(min_length=1, max_length=8)
    allocations: list[AllocationIn] = Field(max_length=240)

    @model_validator(mode="after")
    def _check(self) -> PaymentIn:
        if sum(t.amount_fen for t in self.tenders) != self.amount_fen:
            raise ValueError("tenders must add up to amount_fen")
        if sum(1 for t in self.tenders if t.kind == "cash") > 1:
            raise ValueError("at most one cash tender per payment")
        allocated = sum(a.late_fee_fen + a.principal_fen for a in self.allocations)
        if allocated + self.credit_fen != self.amount_fen:
            raise ValueError("allocations plus credit_fen must add up to amount_fen")
        periods = [a.period for a in self.allocations]
        if len(set(periods)) != len(periods):
            raise ValueError("a bill (period) may appear only once in allocations")
        return self


class VoidApproval(Strict):
    """A supervisor's approval of a void, as the counter recorded it (dual control: the
    approver typed their own id and PIN). Needed to void another terminal's payment."""

    approval_id: Annotated[StrictInt, Field(ge=1, le=2**53 - 1)]  # the counter's record
    approver_id: str = Field(min_length=1, max_length=32)
    approved_at: datetime


class VoidIn(Strict):
    """A void of an earlier payment (approved on the counter); item_key is the void's UUID."""

    payment_uuid: UUIDText
    terminal_id: TerminalId
    account_no: AccountNo
    receipt_number: Annotated[StrictInt, Field(ge=1)]
    shift_id: StrictInt
    cashier_id: str = Field(min_length=1, max_length=32)
    approved_by: str = Field(min_length=1, max_length=32)
    reason: Reason
    voided_at: datetime
    business_date: date
    # Optional so that voids queued before it existed still go through (and hash the same).
    approval: VoidApproval | None = None


class RefundIn(Strict):
    """A refund of prepaid credit paid out at a counter (after the payment's shift, approved),
    with its own receipt number; item_key is the refund's id."""

    refund_id: UUIDText
    payment_uuid: UUIDText
    terminal_id: TerminalId
    account_no: AccountNo
    amount_fen: PositiveFen
    receipt_number: Annotated[StrictInt, Field(ge=1)]
    shift_id: StrictInt
    cashier_id: str = Field(min_length=1, max_length=32)
    approved_by: str = Field(min_length=1, max_length=32)
    reason: Reason
    refunded_at: datetime
    business_date: date


class ShiftReportIn(Strict):
    """A closed shift's Z-report figures as the counter counted them."""

    shift_id: StrictInt
    terminal_id: TerminalId
    opened_by: str = Field(max_length=32)
    closed_by: str = Field(max_length=32)
    opened_at: datetime
    closed_at: datetime
    business_date: date
    payment_count: Annotated[StrictInt, Field(ge=0)]
    payment_total_fen: Fen
    cash_fen: Fen
    card_fen: Fen
    void_count: Annotated[StrictInt, Field(ge=0)] = 0
    first_receipt_number: StrictInt | None = None
    last_receipt_number: StrictInt | None = None
    opening_float_fen: Fen = 0
    counted_cash_fen: Fen | None = None
    over_short_fen: StrictInt | None = None
    denominations: dict[str, Annotated[StrictInt, Field(ge=0)]] | None = None


class ContactChangeIn(Strict):
    """A customer's new phone number, taken at a counter."""

    account_no: AccountNo
    terminal_id: TerminalId
    phone: Annotated[str, Field(min_length=5, max_length=20, pattern=r"^\+?[0-9\- ]+$"),
                     AfterValidator(_domain_rule(check_phone_text))]
    changed_at: datetime
    changed_by: str = Field(min_length=1, max_length=32)


class AuditHeadIn(Strict):
    """The newest entry of a counter's hash-chained audit trail, sent after each sync: the
    ledger's copy shows later whether the counter's trail was cut short or rewritten."""

    terminal_id: TerminalId
    seq: Annotated[StrictInt, Field(ge=1)]
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    at: str = Field(min_length=10, max_length=40)


ITEM_MODELS: dict[str, type[Strict]] = {
    "payment": PaymentIn,
    "void": VoidIn,
    "refund": RefundIn,
    "shift_report": ShiftReportIn,
    "contact_change": ContactChangeIn,
    "audit_head": AuditHeadIn,
}


# --- request envelopes (documentation; items are validated one by one) -------------------------


PAYLOAD_SHA256 = Field(
    default=None, max_length=MAX_BATCH,
    description="Optional: one SHA-256 (64 hex) per item over its canonical JSON (keys "
                "sorted, no spaces, UTF-8); an item that does not match is refused "
                "(payload.hash_mismatch) and not recorded")


class PaymentBatch(BaseModel):
    payments: list[PaymentIn] = Field(max_length=MAX_BATCH)
    payload_sha256: list[str] | None = PAYLOAD_SHA256


class ItemEnvelope(BaseModel):
    item_key: str = Field(description="The item's UUID on the counter (outbox item_key)")
    payload: dict[str, Any]


class ItemBatch(BaseModel):
    items: list[ItemEnvelope] = Field(max_length=MAX_BATCH)
    payload_sha256: list[str] | None = PAYLOAD_SHA256


class ChannelPaymentIn(Strict):
    """A payment made through another channel (bank agency, online); the ledger allocates it."""

    payment_uuid: UUIDText
    account_no: AccountNo
    amount_fen: PositiveFen
    paid_at: datetime
    reference: str = Field(min_length=1, max_length=40)


class ChannelPaymentBatch(BaseModel):
    payments: list[ChannelPaymentIn] = Field(max_length=MAX_BATCH)


# --- answers -----------------------------------------------------------------------------------


class AllocationOut(BaseModel):
    bill_id: int
    period: str
    late_fee_fen: int
    principal_fen: int
    late_fee_assessed_fen: int
    settles_bill: bool


class PaymentResult(BaseModel):
    payment_uuid: str
    account_no: str
    amount_fen: int
    receipt_no: str | None
    recorded_at: str
    allocations: list[AllocationOut]
    credit_fen: int
    reallocated: bool = Field(description="the ledger's allocation differs from the counter's")
    review: bool = Field(description="flagged for a supervisor (e.g. bill settled elsewhere)")
    review_reasons: list[str]


class ItemError(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]] = []


class ItemResultOut(BaseModel):
    key: str
    status: int = Field(description="201 recorded now, 200 recorded before (same answer), 422 refused")
    outcome: Literal["recorded", "duplicate", "refused"]
    result: dict[str, Any] | None = None
    error: ItemError | None = None


class BatchResultOut(BaseModel):
    server_time: str
    results: list[ItemResultOut]


# --- helpers -----------------------------------------------------------------------------------


def content_hash(model: BaseModel) -> str:
    """SHA-256 of the validated message as canonical JSON (sorted keys, no spaces)."""
    data = model.model_dump(mode="json")
    if isinstance(model, VoidIn) and model.approval is None:
        del data["approval"]  # a void without it hashes as it did before the field existed
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dumps(data: Any) -> str:
    """Compact JSON in the dict's own key order (a stored answer reads back as it was sent)."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def describe(exc: ValidationError) -> tuple[str, list[dict[str, Any]]]:
    """A one-line message and the per-field details of a validation error."""
    details = []
    for err in exc.errors(include_url=False, include_input=False, include_context=False):
        loc = ".".join(str(p) for p in err.get("loc", ()))
        problem = err.get("msg", "").removeprefix("Value error, ")
        details.append({"field": loc, "problem": problem})
    first = details[0] if details else {"field": "", "problem": "invalid"}
    where = f"{first['field']}: " if first["field"] else ""
    more = f" (and {len(details) - 1} more)" if len(details) > 1 else ""
    return f"{where}{first['problem']}{more}", details


def refused(key: str, code: str, message: str, details: list | None = None) -> dict[str, Any]:
    return {
        "key": key, "status": 422, "outcome": "refused", "result": None,
        "error": {"code": code, "message": message, "details": details or []},
    }


def recorded(key: str, result: dict[str, Any]) -> dict[str, Any]:
    return {"key": key, "status": 201, "outcome": "recorded", "result": result, "error": None}


def duplicate(key: str, result: dict[str, Any]) -> dict[str, Any]:
    return {"key": key, "status": 200, "outcome": "duplicate", "result": result, "error": None}
