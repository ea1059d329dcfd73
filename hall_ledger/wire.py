"""The sync protocol's messages (JSON, money in integer fen) and their content hashes.

A payment here is exactly the counter's outbox payload. Every field is validated strictly
(integers must be JSON integers: 100.0 or "100" is refused) and unknown fields are refused,
so "same content" below means the same validated message, whatever its key order or spacing.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)

from hall_domain.errors import DomainError
from hall_domain.inputs import (
    check_free_text,
    check_phone_text,
    has_control_character,
    validate_terminal_id,
)
from hall_domain.shifts import DENOMINATIONS_FEN
from hall_domain.tenders import CardTender, CashTender

MAX_BATCH = 500
MAX_FEN = 10**12  # no single payment is near ¥10,000,000,000; larger means corruption
MAX_BODY_BYTES = 8 * 1024 * 1024  # a request body; a full batch of 500 payments is far below
MAX_JSON_DEPTH = 16  # nesting of arrays and objects in a body; the deepest message needs 5
# Ids and counters (shift ids, receipt numbers, audit seq, counts): 1 (or 0) to 2^53 - 1, the
# largest integer every JSON reader holds exactly; far beyond any real counter, far below
# the database's BIGINT, so nothing valid at the wire can overflow a column or a CAST.
MAX_ID = 2**53 - 1

# Patterns are matched with re.fullmatch (never `$`, which also matches before a final "\n")
# and spelled with [0-9], never \d (which takes full-width and Arabic-Indic digits too).
# The same text goes to the OpenAPI document as ^...$ (JSON Schema patterns end at the end).
ACCOUNT_PATTERN = "[0-9]{1,32}"
PERIOD_PATTERN = "[0-9]{4}-(0[1-9]|1[0-2])"
ID_PATTERN = "[0-9A-Za-z_.\\-]{1,32}"  # person (user) ids: ASCII only
# Terminal and hall ids: the shared domain rule (domain/inputs.py), as a pattern.
TERMINAL_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_\\-]{0,31}"
UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
HASH_PATTERN = "[0-9a-f]{64}"
ITEM_KEY_PATTERN = "[0-9A-Za-z_.:\\-]{1,64}"
# C0 and C1 control characters (NUL, tab, newline, ...) and DEL: in no string of any message.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Bidirectional-text controls (they reorder what a report shows): in no string either.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain_text_problem(value: str) -> str | None:
    """Why `value` may not travel in a message (control or bidi characters), or None. The
    counter's own rule (domain/inputs.has_control_character), so both sides agree."""
    if not has_control_character(value):
        return None
    if _CONTROL.search(value):
        return "must not contain control characters (NUL, tab, newline, ...)"
    return "must not contain bidirectional-text controls (U+202E ...)"


def _uuid(value: str) -> str:
    if not re.fullmatch(UUID_PATTERN, value):
        raise ValueError("must be a UUID such as 0c7d4cbb-52a6-4f11-9d39-1f0c5c5a8e51")
    return value.lower()


def _match(pattern: str, what: str):
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(f"must be {what}")
        return value

    return check


def _domain_rule(check):
    """A domain check (which raises DomainError) as a pydantic validator: the counter's rule."""

    def validate(value: str) -> str:
        try:
            return check(value)
        except DomainError as exc:
            raise ValueError(exc.message) from None

    return validate


def _matching(pattern: str, what: str, **field: Any):
    return (AfterValidator(_match(pattern, what)),
            Field(json_schema_extra={"pattern": f"^{pattern}$"}, **field))


UUIDText = Annotated[str, AfterValidator(_uuid), Field(
    json_schema_extra={"pattern": f"^{UUID_PATTERN}$"}, min_length=36, max_length=36)]
AccountNo = Annotated[str, *_matching(ACCOUNT_PATTERN, "1 to 32 digits 0-9", max_length=32)]
Period = Annotated[str, *_matching(PERIOD_PATTERN, "a billing period YYYY-MM", max_length=7)]
# The counter's own id rule (domain/inputs.py): one code path; the pattern documents it.
TerminalId = Annotated[str, AfterValidator(_domain_rule(validate_terminal_id)), Field(
    json_schema_extra={"pattern": f"^{TERMINAL_ID_PATTERN}$"}, max_length=32)]
PersonId = Annotated[str, *_matching(
    ID_PATTERN, "1 to 32 letters, digits, '.', '_' or '-'", max_length=32)]
# A reason typed at a counter: never a card number (the counter refuses it the same way).
Reason = Annotated[str, Field(min_length=1, max_length=200),
                   AfterValidator(_domain_rule(lambda v: check_free_text(v, "reason")))]
Fen = Annotated[StrictInt, Field(ge=0, le=MAX_FEN)]
PositiveFen = Annotated[StrictInt, Field(gt=0, le=MAX_FEN)]
SignedFen = Annotated[StrictInt, Field(ge=-MAX_FEN, le=MAX_FEN)]
Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]  # shift id, receipt number, audit seq, bill id
Count = Annotated[StrictInt, Field(ge=0, le=MAX_ID)]
Hash = Annotated[str, *_matching(HASH_PATTERN, "64 lowercase hex digits", max_length=64)]
DENOMINATION_KEYS = tuple(str(d) for d in DENOMINATIONS_FEN)


def _denomination(value: str) -> str:
    if value not in DENOMINATION_KEYS:
        raise ValueError(f"a denomination is one of {', '.join(DENOMINATION_KEYS)} (fen)")
    return value


Denomination = Annotated[str, AfterValidator(_denomination), Field(
    json_schema_extra={"enum": list(DENOMINATION_KEYS)}, max_length=5)]


# Dates and timestamps of any message: the years this system can be in use. Earlier dates
# have no late-fee rule (the 1996 rules are the oldest) and later ones are typing errors.
FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2099, 12, 31)


def date_problem(value: Any) -> str | None:
    day = value.date() if isinstance(value, datetime) else value
    if isinstance(day, date) and not FIRST_DATE <= day <= LAST_DATE:
        return f"must be between {FIRST_DATE} and {LAST_DATE}"
    return None


# The same rule for the OpenAPI document, on every string property without a pattern of its own.
PLAIN_TEXT_PATTERN = "^[^\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]*$"


def _document_plain_text(schema: dict[str, Any]) -> None:
    for prop in schema.get("properties", {}).values():
        for variant in [prop, *prop.get("anyOf", [])]:
            if variant.get("type") == "string" and "pattern" not in variant \
                    and "format" not in variant and "enum" not in variant:
                variant["pattern"] = PLAIN_TEXT_PATTERN


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra=_document_plain_text)

    @field_validator("*", mode="before")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        """No control or bidi characters in any string (or dict key) of any field; checked
        before whitespace is stripped, so "3301000002\\n" is refused, not trimmed."""
        texts = [value] if isinstance(value, str) else (
            [k for k in value if isinstance(k, str)] if isinstance(value, dict) else [])
        for text in texts:
            problem = plain_text_problem(text)
            if problem:
                raise ValueError(problem)
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _in_years(cls, value: Any) -> Any:
        problem = date_problem(value)
        if problem:
            raise ValueError(problem)
        return value


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
    bill_id: Id | None = None  # the counter's id for the bill; the ledger keys on period
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
    shift_id: Id
    cashier_id: PersonId
    account_no: AccountNo
    amount_fen: PositiveFen
    credit_fen: Fen
    taken_at: datetime
    business_date: date
    receipt_number: Id
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
    receipt_number: Id
    shift_id: Id
    cashier_id: PersonId
    approved_by: PersonId
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
    receipt_number: Id
    shift_id: Id
    cashier_id: PersonId
    approved_by: PersonId
    reason: Reason
    refunded_at: datetime
    business_date: date


class ShiftReportIn(Strict):
    """A closed shift's Z-report figures as the counter counted them."""

    shift_id: Id
    terminal_id: TerminalId
    opened_by: PersonId
    closed_by: PersonId
    opened_at: datetime
    closed_at: datetime
    business_date: date
    payment_count: Count
    payment_total_fen: Fen
    cash_fen: Fen
    card_fen: Fen
    void_count: Count = 0
    first_receipt_number: Id | None = None
    last_receipt_number: Id | None = None
    opening_float_fen: Fen = 0
    counted_cash_fen: Fen | None = None
    over_short_fen: SignedFen | None = None
    denominations: Annotated[dict[Denomination, Count], Field(
        max_length=len(DENOMINATIONS_FEN))] | None = None


class ContactChangeIn(Strict):
    """A customer's new phone number, taken at a counter."""

    account_no: AccountNo
    terminal_id: TerminalId
    phone: Annotated[str, Field(min_length=5, max_length=20, pattern=r"^\+?[0-9\- ]+$"),
                     AfterValidator(_domain_rule(check_phone_text))]  # pydantic's (Rust) regex: $ is the very end
    changed_at: datetime
    changed_by: PersonId


class AuditHeadIn(Strict):
    """The newest entry of a counter's hash-chained audit trail, sent after each sync: the
    ledger's copy shows later whether the counter's trail was cut short or rewritten."""

    terminal_id: TerminalId
    seq: Id
    hash: Hash
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
    model_config = ConfigDict(extra="forbid")

    payments: list[PaymentIn] = Field(max_length=MAX_BATCH)
    payload_sha256: list[str] | None = PAYLOAD_SHA256


class ItemEnvelope(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_key: str = Field(description="The item's key on the counter (outbox item_key)",
                          max_length=64, json_schema_extra={"pattern": f"^{ITEM_KEY_PATTERN}$"})
    payload: PaymentIn | VoidIn | RefundIn | ShiftReportIn | ContactChangeIn | AuditHeadIn = Field(
        description="the payload of the path's kind (payment: PaymentIn, void: VoidIn, ...)")


class ItemBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

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
    model_config = ConfigDict(extra="forbid")

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
