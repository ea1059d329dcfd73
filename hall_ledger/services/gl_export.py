"""The day's accounting entries for the finance system, summarised by hall and account.

Derived from the journal (and the entries reconciliation makes itself, recon_postings):
- a payment of the business day: debit its tenders (cash → cash, bank card → bank:card, a
  channel's payment → bank:<channel>); credit the receivable for the principal it paid,
  late-fee income for the late fees, prepaid credit for what became credit;
- a void's reversal (recorded that day): the same accounts the other way round, the tenders
  credited in their order;
- a refund (recorded that day): debit prepaid credit (and suspense for any part the credit did
  not cover, held for review); credit cash at the counter, or refunds payable for a refund the
  reconciliation worklist approved;
- recon postings of the day: suspense in/out (channel_only), channel fees.
Debits equal credits to the fen, for each hall.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select

from ..store.models import JournalEntry, Payment, PaymentTender, ReconPosting
from .recon_worklist import RECON_REFUND

ACCOUNTS = {  # account key → (code, name) as finance books them
    "cash": ("1001", "库存现金"),
    "bank": ("1002", "银行存款"),
    "receivable": ("1122", "应收账款-应收电费"),
    "prepaid_credit": ("2203", "预收账款-预收电费"),
    "suspense": ("2241.01", "其他应付款-待查明款项"),
    "refunds_payable": ("2241.02", "其他应付款-应退电费"),
    "late_fee_income": ("6051.01", "其他业务收入-电费违约金"),
    "fees": ("6603.01", "财务费用-手续费"),
}
COLUMNS = ("date", "hall_id", "account", "account_code", "account_name", "debit_fen",
           "credit_fen", "debit", "credit")


def yuan(fen: int) -> str:
    """Plain yuan text for the finance system: 1234.50 (no symbol, no separators)."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def account_info(key: str) -> tuple[str, str]:
    base, _, sub = key.partition(":")
    code, name = ACCOUNTS[base]
    if sub:
        return f"{code}.{sub}", f"{name}-{sub}"
    return code, name


def tender_account(kind: str, terminal_id: str) -> str:
    if kind == "cash":
        return "cash"
    if kind in ("bank", "online"):
        return f"bank:{terminal_id.lower()}"
    return f"bank:{kind}"  # a bank card at the counter: bank:card


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min)
    return start, start + timedelta(days=1)


def _split(total: int, tenders: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """`total` spread over the tenders in order, each up to its amount, the rest on the first."""
    out, left = [], total
    for account, amount in tenders:
        take = min(left, amount)
        if take:
            out.append((account, take))
            left -= take
    if left:
        out.append((tenders[0][0] if tenders else "cash", left))
    return out


def entries(conn: Connection, day: date) -> list[tuple[str, str, int, int]]:
    """(hall, account, debit, credit) lines of the day, not yet summed."""
    lines: list[tuple[str, str, int, int]] = []
    start, end = _day_bounds(day)
    j = JournalEntry
    rows = list(conn.execute(select(j).where(j.kind.in_(("payment", "bill_payment")),
                                             j.ref.in_(select(Payment.payment_uuid).where(
                                                 Payment.business_date == day)))))
    rows += list(conn.execute(select(j).where(j.kind.in_(("reversal", "refund")),
                                              j.recorded_at >= start, j.recorded_at < end)))
    refs = sorted({r.ref for r in rows if r.kind in ("payment", "reversal") and r.ref})
    tenders: dict[str, list[tuple[str, int]]] = defaultdict(list)
    terminals = dict(conn.execute(select(Payment.payment_uuid, Payment.terminal_id)
                                  .where(Payment.payment_uuid.in_(refs))).all()) if refs else {}
    if refs:
        for t in conn.execute(select(PaymentTender).where(PaymentTender.payment_uuid.in_(refs))
                              .order_by(PaymentTender.payment_uuid, PaymentTender.position)):
            tenders[t.payment_uuid].append(
                (tender_account(t.kind, terminals.get(t.payment_uuid, "")), t.amount_fen))
    reversed_total: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        hall = r.hall_id
        if r.kind == "payment":
            for account, amount in _split(r.amount_fen, tenders.get(r.ref, [])):
                lines.append((hall, account, amount, 0))
            lines.append((hall, "prepaid_credit", 0, r.credit_fen))
        elif r.kind == "bill_payment":
            lines.append((hall, "receivable", 0, r.principal_fen))
            lines.append((hall, "late_fee_income", 0, r.late_fee_fen))
        elif r.kind == "reversal":
            lines.append((hall, "receivable", -r.principal_fen, 0))
            lines.append((hall, "late_fee_income", -r.late_fee_fen, 0))
            lines.append((hall, "prepaid_credit", -r.credit_fen, 0))
            reversed_total[(hall, r.ref)] += -(r.principal_fen + r.late_fee_fen + r.credit_fen)
        elif r.kind == "refund":
            taken = -r.credit_fen
            lines.append((hall, "prepaid_credit", taken, 0))
            lines.append((hall, "suspense", r.amount_fen - taken, 0))
            detail = json.loads(r.detail or "{}") if r.detail else {}
            lines.append((hall, "refunds_payable" if RECON_REFUND in detail else "cash",
                          0, r.amount_fen))
    for (hall, ref), total in sorted(reversed_total.items()):
        for account, amount in _split(total, tenders.get(ref, [])):
            lines.append((hall, account, 0, amount))
    for p in conn.execute(select(ReconPosting).where(ReconPosting.posting_date == day)):
        lines.append((p.hall_id, p.debit, p.amount_fen, 0))
        lines.append((p.hall_id, p.credit, 0, p.amount_fen))
    return lines


def summarise(lines: Iterable[tuple[str, str, int, int]]) -> dict[tuple[str, str], list[int]]:
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for hall, account, debit, credit in lines:
        if debit < 0:
            debit, credit = 0, credit - debit
        if credit < 0:
            debit, credit = debit - credit, 0
        if debit == 0 and credit == 0:
            continue
        sums[(hall, account)][0] += debit
        sums[(hall, account)][1] += credit
    return dict(sums)


def gl_rows(engine: Engine, day: date) -> list[dict[str, Any]]:
    """One row per hall and account (debit and credit kept apart), sorted."""
    with engine.connect() as conn:
        sums = summarise(entries(conn, day))
    rows = []
    for (hall, account), (debit, credit) in sorted(sums.items()):
        code, name = account_info(account)
        rows.append({"date": day.isoformat(), "hall_id": hall, "account": account,
                     "account_code": code, "account_name": name, "debit_fen": debit,
                     "credit_fen": credit, "debit": yuan(debit), "credit": yuan(credit)})
    return rows


def unbalanced_halls(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Hall → debits − credits, only where they differ (empty: balanced)."""
    diff: dict[str, int] = defaultdict(int)
    for r in rows:
        diff[r["hall_id"]] += r["debit_fen"] - r["credit_fen"]
    return {h: d for h, d in diff.items() if d}


def write_csv(rows: list[dict[str, Any]], out: Path) -> None:
    """UTF-8 with a BOM (so Excel opens the Chinese account names), CRLF as csv writes it."""
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow(r)
