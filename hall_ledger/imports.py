"""CSV imports of customers and bills into a hall: all rows or none, bad rows by line.

The formats are the counter's (`counter-app import-customers` / `import-bills`):
customers `account_no,name,address,phone,user_type,area`; bills
`account_no,period,kwh,amount,due_date` with the amount in yuan ("123.45") and the due
date as YYYY-MM-DD. UTF-8, with or without a byte-order mark.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, bindparam, insert, select, update

from hall_domain.accounts import (
    DEFAULT_ACCOUNT_LENGTH,
    UserType,
    normalize_phone,
    parse_period,
    validate_account_no,
)
from hall_domain.errors import DomainError
from hall_domain.inputs import check_free_text, check_phone_text
from hall_domain.money import parse_yuan

from .db import next_change_seqs, utcnow
from .models import Bill, Customer, JournalEntry

CUSTOMER_COLUMNS = ("account_no", "name", "address", "phone", "user_type", "area")
BILL_COLUMNS = ("account_no", "period", "kwh", "amount", "due_date")
_USER_TYPES = {"residential": UserType.RESIDENTIAL, "居民": UserType.RESIDENTIAL,
               "other": UserType.OTHER, "非居民": UserType.OTHER}
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


class RowError(ValueError):
    pass


def _rows(text: str, columns: tuple[str, ...], result: ImportResult) -> Iterable[tuple[int, dict]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        result.errors.append((1, "the file is empty (a header row is needed)"))
        return
    header = [h.strip().lower() for h in header]
    if tuple(header) != columns:
        result.errors.append((1, f"header must be {','.join(columns)}, not {','.join(header)}"))
        return
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            result.errors.append(
                (reader.line_num, f"expected {len(columns)} fields, found {len(row)}"))
            continue
        yield reader.line_num, {k: v.strip() for k, v in zip(columns, row, strict=True)}


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def _customer(values: dict, account_length: int) -> dict[str, Any]:
    account_no = validate_account_no(values["account_no"], length=account_length)
    if not values["name"]:
        raise RowError("name is empty")
    user_type = _USER_TYPES.get(values["user_type"].lower())
    if user_type is None:
        raise RowError(f"user_type must be residential or other (居民/非居民), not "
                       f"{values['user_type']!r}")
    for column in ("name", "address", "area"):  # the counter's rule (domain/inputs.py)
        check_free_text(values[column], column)
    check_phone_text(values["phone"])
    phone = normalize_phone(values["phone"]) or None
    if phone is not None and not phone.isdigit():
        raise RowError(f"phone must be digits: {values['phone']!r}")
    return {"account_no": account_no, "name": values["name"], "address": values["address"],
            "phone": phone, "user_type": user_type.value, "area": values["area"]}


def import_customers(engine: Engine, text: str, *, hall_id: str,
                     account_length: int = DEFAULT_ACCOUNT_LENGTH) -> ImportResult:
    result = ImportResult()
    parsed: dict[str, tuple[int, dict]] = {}
    for line, values in _rows(text, CUSTOMER_COLUMNS, result):
        try:
            row = _customer(values, account_length)
        except (DomainError, RowError) as exc:
            result.errors.append((line, str(exc)))
            continue
        if row["account_no"] in parsed:
            result.errors.append(
                (line, f"account {row['account_no']} repeats line {parsed[row['account_no']][0]}"))
            continue
        parsed[row["account_no"]] = (line, row)
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
        result.inserted, result.updated = len(new), len(changed)
    return result


def _bill(values: dict, account_length: int) -> dict[str, Any]:
    account_no = validate_account_no(values["account_no"], length=account_length)
    year, month = parse_period(values["period"])
    kwh_text = values["kwh"]
    if not kwh_text.isascii() or not kwh_text.isdigit():
        raise RowError(f"kwh must be a whole number ≥ 0: {kwh_text!r}")
    amount = parse_yuan(values["amount"], max_fen=MAX_BILL_FEN)
    try:
        due = date.fromisoformat(values["due_date"])
    except ValueError as exc:
        raise RowError(f"due_date must be YYYY-MM-DD: {values['due_date']!r}") from exc
    return {"account_no": account_no, "period": f"{year:04d}-{month:02d}", "kwh": int(kwh_text),
            "amount_fen": amount, "due_date": due}


def import_bills(engine: Engine, text: str, *, hall_id: str,
                 account_length: int = DEFAULT_ACCOUNT_LENGTH) -> ImportResult:
    result = ImportResult()
    parsed: dict[tuple[str, str], tuple[int, dict]] = {}
    for line, values in _rows(text, BILL_COLUMNS, result):
        try:
            row = _bill(values, account_length)
        except (DomainError, RowError) as exc:
            result.errors.append((line, str(exc)))
            continue
        key = (row["account_no"], row["period"])
        if key in parsed:
            result.errors.append((line, f"bill {key[0]} {key[1]} repeats line {parsed[key][0]}"))
            continue
        parsed[key] = (line, row)
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
