"""CSV imports of customers and bills into a hall: all rows or none, bad rows by line.

The formats are the counter's (`counter-app import-customers` / `import-bills`), read by the
one parser both programs use (hall_domain/csv_import.py): customers
`account_no,name,address,phone,user_type,area`; bills `account_no,period,kwh,amount,due_date`
with the amount in yuan ("123.45") and the due date as YYYY-MM-DD. UTF-8, with or without a
byte-order mark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, bindparam, insert, select, update

from hall_domain import csv_import
from hall_domain.accounts import DEFAULT_ACCOUNT_LENGTH
from hall_domain.csv_import import BILL_COLUMNS, CUSTOMER_COLUMNS

from ..store.db import next_change_seqs, utcnow
from ..store.models import Bill, Customer, JournalEntry
from .phones import record_imported

__all__ = ["BILL_COLUMNS", "CUSTOMER_COLUMNS", "ImportResult", "import_bills",
           "import_customers", "read_text"]
MAX_BILL_FEN = 10**11


@dataclass
class ImportResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def _problems(result: ImportResult, problems: list[csv_import.Problem]) -> None:
    result.errors.extend((p.line, p.reason) for p in problems)


def import_customers(engine: Engine, text: str, *, hall_id: str,
                     account_length: int = DEFAULT_ACCOUNT_LENGTH,
                     today: date | None = None) -> ImportResult:
    """`today`: the day a new or changed phone number is noted as taken from the billing
    system (services/phones.py; default: today, local time)."""
    result = ImportResult()
    problems: list[csv_import.Problem] = []
    parsed: dict[str, tuple[int, dict]] = {
        c.account_no: (line, {"account_no": c.account_no, "name": c.name, "address": c.address,
                              "phone": c.phone, "user_type": c.user_type.value, "area": c.area})
        for line, c in csv_import.parse_customers(text, account_length=account_length,
                                                  problems=problems)}
    _problems(result, problems)
    if result.errors:
        return result
    now = utcnow()
    with engine.begin() as conn:
        existing = {}
        accounts = list(parsed)
        for start in range(0, len(accounts), 500):
            for r in conn.execute(select(Customer).where(
                    Customer.account_no.in_(accounts[start:start + 500]))):
                existing[r.account_no] = r
        new, changed = [], []
        for account_no, (line, row) in parsed.items():
            old = existing.get(account_no)
            if old is None:
                new.append(row)
            elif old.hall_id != hall_id:
                result.errors.append((line, f"account {account_no} belongs to hall {old.hall_id}"))
            elif any(getattr(old, k) != v for k, v in row.items()):
                changed.append(row)
            else:
                result.unchanged += 1
        if result.errors:
            return result  # nothing was written yet
        if new or changed:
            seq = next_change_seqs(conn, hall_id, len(new) + len(changed))
            for rows in (new, changed):
                for row in rows:
                    row.update(hall_id=hall_id, change_seq=seq, updated_at=now)
                    seq += 1
            if new:
                for start in range(0, len(new), 5000):
                    conn.execute(insert(Customer), [
                        {**r, "credit_fen": 0} for r in new[start:start + 5000]])
            if changed:
                conn.execute(
                    update(Customer).where(Customer.account_no == bindparam("k_account")).values(
                        name=bindparam("k_name"), address=bindparam("k_address"),
                        phone=bindparam("k_phone"), user_type=bindparam("k_user_type"),
                        area=bindparam("k_area"), change_seq=bindparam("k_seq"),
                        updated_at=bindparam("k_now")),
                    [{"k_account": r["account_no"], "k_name": r["name"],
                      "k_address": r["address"], "k_phone": r["phone"],
                      "k_user_type": r["user_type"], "k_area": r["area"],
                      "k_seq": r["change_seq"], "k_now": now} for r in changed],
                )
            # phone hygiene (#14): a number new to its record is noted (source "import")
            fresh = {r["account_no"]: r["phone"] for r in new}
            fresh.update({r["account_no"]: r["phone"] for r in changed
                          if existing[r["account_no"]].phone != r["phone"]})
            record_imported(conn, hall_id, fresh, on=today or date.today(), now=now)
        result.inserted, result.updated = len(new), len(changed)
    return result


def import_bills(engine: Engine, text: str, *, hall_id: str,
                 account_length: int = DEFAULT_ACCOUNT_LENGTH) -> ImportResult:
    result = ImportResult()
    problems: list[csv_import.Problem] = []
    parsed: dict[tuple[str, str], tuple[int, dict]] = {
        (b.account_no, b.period): (line, {"account_no": b.account_no, "period": b.period,
                                          "kwh": b.kwh, "amount_fen": b.amount_fen,
                                          "due_date": b.due_date})
        for line, b in csv_import.parse_bills(text, problems=problems,
                                              account_length=account_length,
                                              max_fen=MAX_BILL_FEN)}
    _problems(result, problems)
    if result.errors:
        return result
    now = utcnow()
    with engine.begin() as conn:
        accounts = sorted({a for a, _ in parsed})
        halls: dict[str, str] = {}
        existing: dict[tuple[str, str], Any] = {}
        for start in range(0, len(accounts), 500):
            chunk = accounts[start:start + 500]
            halls.update(conn.execute(select(Customer.account_no, Customer.hall_id)
                                      .where(Customer.account_no.in_(chunk))).all())
            for r in conn.execute(select(Bill).where(Bill.account_no.in_(chunk))):
                existing[(r.account_no, r.period)] = r
        new = []
        for key, (line, row) in parsed.items():
            hall = halls.get(key[0])
            if hall is None:
                result.errors.append((line, f"no customer {key[0]}: import customers first"))
            elif hall != hall_id:
                result.errors.append((line, f"account {key[0]} belongs to hall {hall}"))
            elif key in existing:
                old = existing[key]
                if (old.kwh, old.amount_fen, old.due_date) == (row["kwh"], row["amount_fen"],
                                                               row["due_date"]):
                    result.unchanged += 1
                else:
                    result.errors.append(
                        (line, f"bill {key[0]} {key[1]} already exists with other figures"))
            else:
                new.append(row)
        if result.errors or not new:
            return result
        seq = next_change_seqs(conn, hall_id, len(new))
        for row in new:
            row.update(hall_id=hall_id, principal_paid_fen=0, late_fee_assessed_fen=0,
                       late_fee_paid_fen=0, fee_accrued_through=None, late_fee_waived=False,
                       status="open", closed_by=None, change_seq=seq)
            seq += 1
        add_bills(conn, new, now)
        result.inserted = len(new)
    return result


def add_bills(conn, rows: list[dict], now) -> list[int]:
    """Insert bills and their `bill_issued` journal entries; returns the new bill ids."""
    all_ids: list[int] = []
    for start in range(0, len(rows), 5000):
        chunk = rows[start:start + 5000]
        ids = conn.execute(insert(Bill).returning(Bill.bill_id, sort_by_parameter_order=True),
                           chunk).scalars().all()
        conn.execute(insert(JournalEntry), [
            {"recorded_at": now, "hall_id": r["hall_id"], "terminal_id": None,
             "kind": "bill_issued", "ref": f"{r['account_no']}/{r['period']}",
             "account_no": r["account_no"], "bill_id": bill_id, "amount_fen": r["amount_fen"],
             "principal_fen": 0, "late_fee_fen": 0, "late_fee_assessed_fen": 0, "credit_fen": 0,
             "detail": ""}
            for r, bill_id in zip(chunk, ids, strict=True)
        ])
        all_ids.extend(ids)
    return all_ids
