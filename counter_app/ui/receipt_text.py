"""A receipt as plain text laid out for 80 mm paper (48 columns; a Chinese character is 2)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from counter_app.domain.accounts import Customer
from counter_app.domain.money import format_fen
from counter_app.domain.payments import Payment
from counter_app.domain.tenders import TenderKind

# ESC/POS Font A on 80 mm paper: 576 dots / 12 dots = 48 columns; 58 mm: 384 / 12 = 32.
COLUMNS_BY_WIDTH_MM = {80: 48, 58: 32}

translate = QCoreApplication.translate  # lupdate reads translate("Receipt", "...")


@dataclass(frozen=True, slots=True)
class ReceiptHeader:
    hall_name: str
    hall_address: str
    footer: str
    cashier_name: str = ""


def text_width(text: str) -> int:
    """Columns `text` takes on a receipt printer: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _clip(text: str, columns: int) -> str:
    out, used = [], 0
    for ch in text:
        w = text_width(ch)
        if used + w > columns:
            break
        out.append(ch)
        used += w
    return "".join(out)


def _wrap(text: str, columns: int) -> list[str]:
    lines, line, used = [], [], 0
    for ch in text:
        w = text_width(ch)
        if used + w > columns:
            lines.append("".join(line))
            line, used = [], 0
        line.append(ch)
        used += w
    if line or not lines:
        lines.append("".join(line))
    return lines


def center(text: str, columns: int) -> str:
    text = _clip(text, columns)
    pad = (columns - text_width(text)) // 2
    return " " * pad + text


def pair(left: str, right: str, columns: int) -> str:
    """`left` flush left, `right` flush right, on one line (left clipped to make room)."""
    left = _clip(left, max(0, columns - text_width(right) - 1))
    gap = columns - text_width(left) - text_width(right)
    return left + " " * max(1, gap) + right


def field(label: str, value: str, columns: int, label_columns: int = 12) -> list[str]:
    """'label     value', the value wrapped under itself when long."""
    label = _clip(label, label_columns - 1)
    indent = " " * label_columns
    lines = _wrap(value, columns - label_columns)
    first = label + " " * (label_columns - text_width(label)) + lines[0]
    return [first] + [indent + rest for rest in lines[1:]]


def render_receipt(
    payment: Payment,
    customer: Customer | None,
    header: ReceiptHeader,
    *,
    reprint: bool = False,
    width_mm: int = 80,
) -> str:
    """The receipt for `payment` as lines of text (what the printer would print)."""
    cols = COLUMNS_BY_WIDTH_MM.get(width_mm, 48)
    rule = "-" * cols
    out: list[str] = [center(header.hall_name, cols)]
    if header.hall_address:
        out.append(center(header.hall_address, cols))
    out.append(center(translate("Receipt", "Electricity bill receipt"), cols))
    if reprint:
        out.append(center(translate("Receipt", "** REPRINT **"), cols))
    out.append(rule)
    out += field(translate("Receipt", "Receipt no."), payment.receipt_no, cols)
    out += field(translate("Receipt", "Date"), payment.taken_at.strftime("%Y-%m-%d %H:%M:%S"), cols)
    cashier = payment.cashier_id + (f" {header.cashier_name}" if header.cashier_name else "")
    out += field(translate("Receipt", "Cashier"), cashier, cols)
    out += field(translate("Receipt", "Account"), payment.account_no, cols)
    if customer is not None:
        out += field(translate("Receipt", "Name"), customer.name, cols)
        out += field(translate("Receipt", "Address"), customer.address, cols)
    out.append(rule)
    if payment.allocations:
        out.append(_columns([translate("Receipt", "Period"), translate("Receipt", "Late fee"), translate("Receipt", "Bill"), translate("Receipt", "Subtotal")], cols))
        for a in payment.allocations:
            out.append(_columns(
                [a.period, format_fen(a.late_fee_fen), format_fen(a.principal_fen),
                 format_fen(a.total_fen)], cols))
    if payment.credit_fen:
        out.append(pair(translate("Receipt", "Prepaid credit"), format_fen(payment.credit_fen), cols))
    out.append(rule)
    out.append(pair(translate("Receipt", "Total paid"), format_fen(payment.amount_fen), cols))
    for t in payment.tenders:
        if t.kind == TenderKind.CASH:
            out.append(pair(translate("Receipt", "Cash"), format_fen(t.amount_fen), cols))
            out.append(pair("  " + translate("Receipt", "Tendered"), format_fen(t.tendered_fen), cols))
            out.append(pair("  " + translate("Receipt", "Change"), format_fen(t.change_fen), cols))
        else:
            out.append(pair(translate("Receipt", "Bank card"), format_fen(t.amount_fen), cols))
            out.append(pair("  " + translate("Receipt", "Card"), t.masked_card, cols))
            out.append(pair("  " + translate("Receipt", "Reference"), t.reference, cols))
            out.append(pair("  " + translate("Receipt", "Auth code"), t.auth_code, cols))
    out.append(rule)
    out += field(translate("Receipt", "Payment ID"), payment.payment_uuid, cols)
    if header.footer:
        out += [center(line, cols) for line in _wrap(header.footer, cols)]
    return "\n".join(out) + "\n"


def _columns(cells: list[str], cols: int) -> str:
    """Period flush left, the three money columns flush right in equal widths."""
    first = 8
    rest = (cols - first) // 3
    line = cells[0] + " " * max(0, first - text_width(cells[0]))
    for cell in cells[1:]:
        cell = _clip(cell, rest)
        line += " " * (rest - text_width(cell)) + cell
    return line
