"""Tenders: cash (with change), bank card (reference, auth code, masked card only), and splits."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace

from .errors import TenderError
from .money import format_fen, to_halfwidth


class TenderKind(enum.StrEnum):
    CASH = "cash"
    CARD = "card"


_REFERENCE = re.compile(r"[0-9A-Za-z]{6,20}")  # RRN is 12 digits on UnionPay; some POS print letters
_AUTH_CODE = re.compile(r"[0-9A-Za-z]{6}")
# A masked PAN: up to 6 leading digits, mask characters, the last 4 digits (e.g. 622848******1234).
_MASKED = re.compile(r"([0-9]{0,6})([*xX•]{3,15})([0-9]{4})")
_DIGIT_RUN = re.compile(r"[0-9]{13,19}")
# A reference with 13 or more digits in a row could be a card number (Luhn-valid or not: a
# mistyped card number fails Luhn too). The ledger applies this same rule (ledger/wire.py calls
# CardTender.validate), so a card tender the counter takes is never refused later for content.
_LONG_DIGIT_RUN = re.compile(r"[0-9]{13,}")
_SEPARATORS = re.compile(r"[\s\-]")


def _compact(text: str | None) -> str:
    """Full-width forms folded to ASCII, spaces and dashes dropped."""
    return _SEPARATORS.sub("", to_halfwidth(text or ""))


def _shown(text: str) -> str:
    """The text quoted for an error message, unless it might hold a card number."""
    return "(not shown)" if looks_like_full_card_number(text) else repr(text)


def luhn_valid(digits: str) -> bool:
    """Luhn checksum, used to spot anything that could be a full card number."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def looks_like_full_card_number(text: str) -> bool:
    """True when the text holds a run of 13–19 digits (spaces/dashes ignored)."""
    return bool(_DIGIT_RUN.search(_compact(text)))


def _is_card_number(text: str | None) -> bool:
    """13–19 digits (spaces/dashes ignored) that pass the Luhn check: a card number, surely."""
    s = _compact(text)
    return s.isascii() and s.isdigit() and 13 <= len(s) <= 19 and luhn_valid(s)


def _reference_digits_error() -> TenderError:
    return TenderError(
        "A card reference (RRN) may not hold 13 or more digits in a row: that could be a card "
        "number. Enter the reference number printed on the bank slip (12 digits on UnionPay).",
        code="tender.card_reference_digits",
    )


def check_card_reference(reference: str | None) -> None:
    """Refuse a reference that is, or holds, a card-number-shaped digit run (13+ digits)."""
    if _is_card_number(reference):
        raise _full_card_number_error()
    if _LONG_DIGIT_RUN.search(_compact(reference)):
        raise _reference_digits_error()


def _full_card_number_error() -> TenderError:
    return TenderError(
        "That looks like a full card number. Enter only the masked number from the bank slip "
        "(e.g. 622848******1234).",
        code="tender.full_card_number",
    )


def validate_masked_card(text: str) -> str:
    """The masked card number in normal form (622848******1234), or TenderError."""
    s = _compact(text)
    if not s:
        raise TenderError("Masked card number is empty.", code="tender.card_mask_empty")
    if looks_like_full_card_number(s):
        raise _full_card_number_error()
    m = _MASKED.fullmatch(s)
    if not m:
        raise TenderError(
            f"Masked card number must look like 622848******1234: {text!r}.",
            code="tender.card_mask_format",
            text=text,
        )
    total_len = len(s)
    if not 13 <= total_len <= 19:
        raise TenderError(
            f"Masked card number must be 13–19 characters long: {text!r}.",
            code="tender.card_mask_length",
            text=text,
        )
    return m.group(1) + "*" * len(m.group(2)) + m.group(3)


# The largest change rounding a tender may carry: half of the largest rounding unit (¥0.10).
MAX_ROUNDING_FEN = 5


@dataclass(frozen=True, slots=True)
class CashTender:
    amount_fen: int  # the part of the payment paid in cash
    tendered_fen: int  # what the customer handed over
    # Change due minus change handed back, when the hall rounds change (see ChangeRounding):
    # > 0 the drawer keeps it, < 0 the drawer gave it. Recorded with the payment, never lost.
    rounding_fen: int = 0

    kind = TenderKind.CASH

    @property
    def change_due_fen(self) -> int:
        """Change worked out to the fen: tendered − amount."""
        return self.tendered_fen - self.amount_fen

    @property
    def change_fen(self) -> int:
        """Change handed back to the customer (change due, rounded by the hall's rule)."""
        return self.tendered_fen - self.amount_fen - self.rounding_fen

    def validate(self) -> None:
        _check_fen(self.amount_fen, self.tendered_fen, self.rounding_fen)
        if self.amount_fen <= 0:
            raise TenderError("Cash amount must be more than zero.", code="tender.cash_not_positive")
        if self.tendered_fen < self.amount_fen:
            raise TenderError(
                f"Cash tendered {format_fen(self.tendered_fen)} is less than "
                f"{format_fen(self.amount_fen)}.",
                code="tender.cash_short",
                tendered_fen=self.tendered_fen,
                amount_fen=self.amount_fen,
            )
        if (abs(self.rounding_fen) > MAX_ROUNDING_FEN or self.change_fen < 0
                or (self.rounding_fen and not self.change_due_fen)):
            raise TenderError(
                f"Change rounding of {format_fen(self.rounding_fen)} does not fit change due of "
                f"{format_fen(self.change_due_fen)}.",
                code="tender.rounding",
                rounding_fen=self.rounding_fen,
            )


class ChangeRounding(enum.IntEnum):
    """A hall's rule for change (`counter.change_rounding`): the unit change is rounded to.

    Rule: round half up to the unit (四舍五入) — ¥8.93 → ¥8.90 and ¥8.95 → ¥9.00 to 角;
    ¥8.93 → ¥8.95 and ¥8.92 → ¥8.90 to 5 分. Half up because it is the rule cashiers and
    customers already know, it favours neither side (the differences of a day mostly cancel),
    and no customer loses more than half a unit; rounding always down would take the
    difference from every customer. The difference is stored per payment (CashTender
    .rounding_fen), printed on the receipt and summed on the X/Z reports, so the drawer still
    balances to the fen.
    """

    NONE = 1  # change to the fen (default)
    FIVE_FEN = 5
    JIAO = 10

    @classmethod
    def from_setting(cls, value: str) -> ChangeRounding:
        try:
            return _ROUNDING_SETTINGS[value]
        except KeyError:
            raise TenderError(f"Unknown change rounding {value!r}.", code="tender.rounding") from None

    def round_change(self, change_due_fen: int) -> int:
        """The change to hand back for `change_due_fen`, rounded half up to the unit."""
        if change_due_fen < 0:
            raise TenderError("Change due cannot be negative.", code="tender.rounding")
        unit = int(self)
        return (change_due_fen + unit // 2) // unit * unit if unit > 1 else change_due_fen

    def apply(self, tender: Tender) -> Tender:
        """The tender with its change rounded (a card tender, or change already rounded by this
        rule, comes back as it is; a different rounding is refused)."""
        if not isinstance(tender, CashTender) or tender.tendered_fen < tender.amount_fen:
            return tender
        due = tender.change_due_fen
        rounding = due - self.round_change(due)
        if tender.rounding_fen not in (0, rounding):
            raise TenderError(
                f"Change rounding {format_fen(tender.rounding_fen)} does not follow the hall's "
                f"rule (expected {format_fen(rounding)}).",
                code="tender.rounding", rounding_fen=tender.rounding_fen)
        return replace(tender, rounding_fen=rounding)


_ROUNDING_SETTINGS = {"none": ChangeRounding.NONE, "5fen": ChangeRounding.FIVE_FEN,
                      "jiao": ChangeRounding.JIAO}
CHANGE_ROUNDING_SETTINGS: tuple[str, ...] = tuple(_ROUNDING_SETTINGS)


@dataclass(frozen=True, slots=True)
class CardTender:
    amount_fen: int
    reference: str  # RRN / 参考号 from the bank POS slip
    auth_code: str  # 授权码
    masked_card: str  # e.g. 622848******1234 — never a full card number

    kind = TenderKind.CARD
    rounding_fen = 0  # no change, nothing to round

    @property
    def change_fen(self) -> int:
        return 0

    def validate(self) -> None:
        _check_fen(self.amount_fen)
        if self.amount_fen <= 0:
            raise TenderError("Card amount must be more than zero.", code="tender.card_not_positive")
        # A card number keyed into the wrong field must be refused, and never echoed back.
        check_card_reference(self.reference)
        if looks_like_full_card_number(self.auth_code or ""):
            raise _full_card_number_error()
        if not _REFERENCE.fullmatch(self.reference or ""):
            raise TenderError(
                f"Card reference (RRN) must be 6–20 letters or digits: {_shown(self.reference or '')}.",
                code="tender.card_reference",
            )
        if not _AUTH_CODE.fullmatch(self.auth_code or ""):
            raise TenderError(
                f"Authorisation code must be 6 letters or digits: {_shown(self.auth_code or '')}.",
                code="tender.card_auth_code",
            )
        validate_masked_card(self.masked_card)
        if self.masked_card != validate_masked_card(self.masked_card):
            raise TenderError("Masked card number is not normalised.", code="tender.card_mask_format")


Tender = CashTender | CardTender


def _check_fen(*amounts: object) -> None:
    for amount in amounts:
        if not isinstance(amount, int) or isinstance(amount, bool):
            raise TenderError(
                f"Tender amounts must be whole fen, not {amount!r}.", code="tender.not_fen"
            )


def card_tender(amount_fen: int, reference: str, auth_code: str, masked_card: str) -> CardTender:
    """Build a card tender from what the cashier typed, normalising and validating it."""
    reference = to_halfwidth(reference or "").strip()
    auth_code = to_halfwidth(auth_code or "").strip().upper()
    check_card_reference(reference)
    if looks_like_full_card_number(auth_code):
        raise _full_card_number_error()
    t = CardTender(
        amount_fen=amount_fen,
        reference=reference,
        auth_code=auth_code,
        masked_card=validate_masked_card(masked_card),
    )
    t.validate()
    return t


def validate_tenders(amount_fen: int, tenders: list[Tender] | tuple[Tender, ...]) -> None:
    """Tenders must each be valid, cover the amount exactly, and hold at most one cash part."""
    if not tenders:
        raise TenderError("No tender given.", code="tender.none")
    for t in tenders:
        t.validate()
    if sum(1 for t in tenders if t.kind == TenderKind.CASH) > 1:
        raise TenderError("Only one cash tender per payment.", code="tender.two_cash")
    total = sum(t.amount_fen for t in tenders)
    if total != amount_fen:
        raise TenderError(
            f"Tenders add up to {format_fen(total)}, but the payment is {format_fen(amount_fen)}.",
            code="tender.sum_mismatch",
            total_fen=total,
            amount_fen=amount_fen,
        )


def change_due(tenders: list[Tender] | tuple[Tender, ...]) -> int:
    """Change handed back (after any rounding) over all tenders."""
    return sum(t.change_fen for t in tenders)


def change_rounding_fen(tenders: list[Tender] | tuple[Tender, ...]) -> int:
    """Change due minus change handed back, over all tenders (> 0: kept by the drawer)."""
    return sum(t.rounding_fen for t in tenders)
