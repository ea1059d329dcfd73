"""Receipts as data: blocks of text, label/value fields, rules and a QR code, for any printer.

A receipt knows nothing of paper width or code pages: the printer adapter lays the blocks
out in 32 or 48 columns and encodes them. Shift slips and the test page use the same blocks.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime

from .accounts import Bill, Customer
from .allocation import Allocation
from .chinese_numerals import amount_in_words
from .money import format_fen
from .payments import Payment
from .tenders import CardTender, CashTender


class Align(enum.StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class Size(enum.StrEnum):
    NORMAL = "normal"
    TALL = "tall"  # double height: same columns
    LARGE = "large"  # double width and height: half the columns


class ReceiptKind(enum.StrEnum):
    RECEIPT = "receipt"
    REPRINT = "reprint"
    VOID = "void"
    TEST = "test"
    SLIP = "slip"  # shift slips, X/Z reports


@dataclass(frozen=True, slots=True)
class Text:
    """Free text; wrapped to the paper, continuation lines indented by `indent` columns."""

    text: str
    align: Align = Align.LEFT
    size: Size = Size.NORMAL
    bold: bool = False
    indent: int = 0


@dataclass(frozen=True, slots=True)
class Field:
    """A label on the left, its value flush right (amounts); wraps when both do not fit."""

    label: str
    value: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True, slots=True)
class QRCode:
    payload: str  # what a phone reads back (sent as UTF-8 bytes)


@dataclass(frozen=True, slots=True)
class Feed:
    lines: int = 1


Block = Text | Field | Rule | QRCode | Feed
_BLOCK_TYPES: dict[str, type] = {t.__name__: t for t in (Text, Field, Rule, QRCode, Feed)}


@dataclass(frozen=True, slots=True)
class Receipt:
    kind: ReceiptKind
    blocks: tuple[Block, ...]
    receipt_no: str | None = None
    payment_uuid: str | None = None
    reprint_count: int = 0
    voided: bool = False

    def texts(self) -> list[str]:
        """Every text the receipt carries (for search and tests), in order."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Text):
                out.append(b.text)
            elif isinstance(b, Field):
                out.extend((b.label, b.value))
        return out


@dataclass(frozen=True, slots=True)
class SettledBill:
    """What the receipt shows of one bill a payment went to (the service joins Bill + Allocation)."""

    period: str  # YYYY-MM
    kwh: int
    bill_amount_fen: int
    principal_paid_fen: int
    late_fee_paid_fen: int
    settled: bool  # the bill is fully paid by this payment


@dataclass(frozen=True, slots=True)
class ReceiptContext:
    """Who and where: hall, terminal, cashier; footer from the config."""

    hall_name: str
    hall_address: str
    cashier_name: str
    footer: str = ""


def settled_bills(allocations: Iterable[Allocation], bills: Mapping[int, Bill]) -> list[SettledBill]:
    """Join allocations with their bills (kWh, amount), in allocation order."""
    out = []
    for a in allocations:
        bill = bills[a.bill_id]
        out.append(
            SettledBill(
                period=a.period,
                kwh=bill.kwh,
                bill_amount_fen=bill.amount_fen,
                principal_paid_fen=a.principal_fen,
                late_fee_paid_fen=a.late_fee_fen,
                settled=a.settles_bill,
            )
        )
    return out


def signed_fen(fen: int) -> str:
    """An amount with its sign always shown: +¥0.02, -¥0.03, ¥0.00."""
    return ("+" if fen > 0 else "") + format_fen(fen)


def qr_payload(receipt_no: str, payment_uuid: str) -> str:
    """What the QR code carries: enough to find the payment at any counter or in the ledger."""
    return f"HCR:{receipt_no}:{payment_uuid}"


def reprint_banner(count: int) -> str:
    return f"** 重打 REPRINT 第{count}次 **"


VOID_BANNER = "*** 作废 VOID ***"


def payment_receipt(
    payment: Payment,
    customer: Customer,
    bills: Sequence[SettledBill],
    ctx: ReceiptContext,
    *,
    reprint_count: int = 0,
    voided: bool = False,
    void_reason: str = "",
    printed_at: datetime | None = None,
    still_owed_fen: int = 0,
    credit_balance_fen: int | None = None,
) -> Receipt:
    """The customer's receipt for `payment`; a reprint or void says so at top and bottom.

    `still_owed_fen`: what the account still owes after a partial payment (仍欠, shown when
    > 0); `credit_balance_fen`: the account's prepaid credit after the payment (预存余额,
    shown when the payment left credit)."""
    if reprint_count < 0:
        raise ValueError("reprint count cannot be negative")
    marks: list[Block] = []
    if voided:
        marks.append(Text("作废 VOID", Align.CENTER, Size.LARGE, bold=True))
    if reprint_count:
        marks.append(Text(reprint_banner(reprint_count), Align.CENTER, bold=True))

    b: list[Block] = [
        Text(ctx.hall_name, Align.CENTER, Size.TALL, bold=True),
        Text(ctx.hall_address, Align.CENTER),
        Text("电费缴费收据", Align.CENTER, Size.LARGE, bold=True),
        *marks,
        Rule(),
        Field("收据号", payment.receipt_no),
        Field("终端", payment.terminal_id),
        Field("收费员", ctx.cashier_name or payment.cashier_id),
        Field("缴费时间", payment.taken_at.strftime("%Y-%m-%d %H:%M:%S")),
        Rule(),
        Field("户号", customer.account_no),
        Text(f"户名：{customer.name}", indent=6),
        Text(f"地址：{customer.address}", indent=6),
        Rule(),
    ]
    if bills:
        b.append(Text("缴费明细", bold=True))
    for bill in bills:
        state = "结清" if bill.settled else "部分"
        b.append(Text(f"{bill.period}  电量 {bill.kwh} kWh  {state}"))
        b.append(Field("  电费", format_fen(bill.principal_paid_fen)))
        if bill.late_fee_paid_fen:
            b.append(Field("  违约金", format_fen(bill.late_fee_paid_fen)))
    if payment.credit_fen:
        b.append(Field("预存电费", format_fen(payment.credit_fen)))
    b += [
        Rule(),
        Field("合计", format_fen(payment.amount_fen), bold=True),
        Text(f"大写：{amount_in_words(payment.amount_fen)}", indent=6),
    ]
    if still_owed_fen > 0 and not voided:
        b.append(Field("仍欠电费", format_fen(still_owed_fen), bold=True))
    if credit_balance_fen is not None and payment.credit_fen and not voided:
        b.append(Field("预存余额", format_fen(credit_balance_fen), bold=True))
    for t in payment.tenders:
        if isinstance(t, CashTender):
            b += [
                Field("现金", format_fen(t.amount_fen)),
                Field("  实收", format_fen(t.tendered_fen)),
            ]
            if t.rounding_fen:  # the hall rounds change: due, rounding and given, all shown
                b += [
                    Field("  应找", format_fen(t.change_due_fen)),
                    Field("  找零舍入", signed_fen(-t.rounding_fen)),
                ]
            b.append(Field("  找零", format_fen(t.change_fen)))
        elif isinstance(t, CardTender):
            b += [
                Field("银行卡", format_fen(t.amount_fen)),
                Field("  卡号", t.masked_card),
                Field("  参考号", t.reference),
                Field("  授权码", t.auth_code),
            ]
    if voided:
        b += [Rule(), Text(VOID_BANNER, Align.CENTER, bold=True)]
        if void_reason:
            b.append(Text(f"作废原因：{void_reason}", indent=10))
    if reprint_count and printed_at is not None:
        b.append(Field("重打时间", printed_at.strftime("%Y-%m-%d %H:%M:%S")))
    b += [Rule(), QRCode(qr_payload(payment.receipt_no, payment.payment_uuid))]
    b.append(Text(payment.receipt_no, Align.CENTER))
    if ctx.footer:
        b.append(Text(ctx.footer, Align.CENTER))
    kind = ReceiptKind.VOID if voided else ReceiptKind.REPRINT if reprint_count else ReceiptKind.RECEIPT
    return Receipt(
        kind=kind,
        blocks=tuple(b),
        receipt_no=payment.receipt_no,
        payment_uuid=payment.payment_uuid,
        reprint_count=reprint_count,
        voided=voided,
    )


def mark_reprint(receipt: Receipt, count: int, *, note: str = "") -> Receipt:
    """The same receipt marked 重打 / REPRINT with its count (e.g. after a failed print)."""
    if count < 1:
        raise ValueError("a reprint is counted from 1")
    banner = Text(reprint_banner(count), Align.CENTER, bold=True)
    blocks = [blk for blk in receipt.blocks if not _is_reprint_mark(blk)]
    # After the title (the first LARGE text), like a fresh reprint.
    at = next((i + 1 for i, blk in enumerate(blocks) if isinstance(blk, Text) and blk.size == Size.LARGE), 0)
    extra: list[Block] = [banner] + ([Text(note, Align.CENTER)] if note else [])
    blocks[at:at] = extra
    return replace(
        receipt,
        kind=ReceiptKind.VOID if receipt.voided else ReceiptKind.REPRINT,
        blocks=tuple(blocks),
        reprint_count=count,
    )


def _is_reprint_mark(block: Block) -> bool:
    return isinstance(block, Text) and block.text.startswith("** 重打 REPRINT")


# --- storage form: print jobs keep the receipt as data so it can go to any printer later ---


def receipt_to_json(receipt: Receipt) -> str:
    data = {
        "kind": receipt.kind.value,
        "receipt_no": receipt.receipt_no,
        "payment_uuid": receipt.payment_uuid,
        "reprint_count": receipt.reprint_count,
        "voided": receipt.voided,
        "blocks": [{"type": type(blk).__name__, **asdict(blk)} for blk in receipt.blocks],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def receipt_from_json(text: str) -> Receipt:
    data = json.loads(text)
    blocks: list[Block] = []
    for raw in data["blocks"]:
        raw = dict(raw)
        cls = _BLOCK_TYPES.get(raw.pop("type"))
        if cls is None:
            raise ValueError(f"unknown receipt block in stored receipt: {raw!r}")
        if "align" in raw:
            raw["align"] = Align(raw["align"])
        if "size" in raw:
            raw["size"] = Size(raw["size"])
        blocks.append(cls(**raw))
    return Receipt(
        kind=ReceiptKind(data["kind"]),
        blocks=tuple(blocks),
        receipt_no=data.get("receipt_no"),
        payment_uuid=data.get("payment_uuid"),
        reprint_count=int(data.get("reprint_count", 0)),
        voided=bool(data.get("voided", False)),
    )


@dataclass(frozen=True, slots=True)
class SlipLine:
    """One line of a shift slip: label and value (value may be empty for a heading)."""

    label: str
    value: str = ""
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Slip:
    title: str
    lines: tuple[SlipLine, ...] = field(default_factory=tuple)


def slip_receipt(slip: Slip, ctx: ReceiptContext) -> Receipt:
    """Shift slips (X/Z) on the receipt printer with the same renderer."""
    b: list[Block] = [
        Text(ctx.hall_name, Align.CENTER, Size.TALL, bold=True),
        Text(slip.title, Align.CENTER, Size.LARGE, bold=True),
        Rule(),
    ]
    for line in slip.lines:
        b.append(Field(line.label, line.value, bold=line.bold) if line.value else Text(line.label, bold=line.bold))
    b.append(Rule())
    return Receipt(kind=ReceiptKind.SLIP, blocks=tuple(b))
