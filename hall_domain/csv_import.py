"""The customer and bill CSV format both programs import (`counter-app import-customers` /
`import-bills`, `counter-ledger import-customers` / `import-bills`): one parser, pure (text in,
rows and problems out), every row checked and every problem reported by line.

Customers `account_no,name,address,phone,user_type,area` (user_type residential/other or
居民/非居民); bills `account_no,period,kwh,amount,due_date` with the amount in yuan ("123.45")
and the due date as YYYY-MM-DD. Columns may come in any order; blank lines are skipped. What
the rows mean for a store (known accounts, bills already there) is each importer's business.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from .accounts import (
    Customer,
    UserType,
    is_valid_mobile,
    normalize_phone,
    parse_period,
    validate_account_no,
)
from .errors import DomainError
from .inputs import check_free_text, check_phone_text
from .money import parse_yuan

CUSTOMER_COLUMNS = ("account_no", "name", "address", "phone", "user_type", "area")
BILL_COLUMNS = ("account_no", "period", "kwh", "amount", "due_date")
# Industrial bills can exceed the cashier's per-payment limit; this only catches typing slips.
BILL_MAX_FEN = 10_000_000_000  # ¥100,000,000.00
MAX_NAME, MAX_ADDRESS, MAX_AREA = 100, 200, 100
USER_TYPES = {"residential": UserType.RESIDENTIAL, "居民": UserType.RESIDENTIAL,
              "other": UserType.OTHER, "非居民": UserType.OTHER}
_LOOSE_PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")  # landlines and odd numbers are kept as typed
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_KWH = re.compile(r"^\d{1,12}$")


@dataclass(frozen=True, slots=True)
class Problem:
    line: int  # 1-based line in the file; the header is line 1
    reason: str  # names the column: "phone: ..."


@dataclass(frozen=True, slots=True)
class BillRow:
    account_no: str
    period: str  # YYYY-MM
    kwh: int
    amount_fen: int
    due_date: date


def decode(data: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a byte-order mark dropped), or the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, Problem(line, f"file: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                                   "save the file as UTF-8 CSV")


def read_rows(text: str, columns: tuple[str, ...],
              problems: list[Problem]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row; header and shape problems go to `problems`."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(1, f"header: the file is empty; expected {','.join(columns)}"))
        return
    except csv.Error as exc:
        problems.append(Problem(1, f"header: not valid CSV ({exc})"))
        return
    names = [h.strip().lower() for h in header]
    missing = [c for c in columns if c not in names]
    unknown = [h for h in names if h not in columns]
    doubled = sorted({h for h in names if names.count(h) > 1})
    if missing or unknown or doubled:
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(missing))
        if unknown:
            parts.append("unknown column(s) " + ", ".join(repr(u) for u in unknown))
        if doubled:
            parts.append("repeated column(s) " + ", ".join(doubled))
        problems.append(Problem(1, f"header: {'; '.join(parts)}; expected {','.join(columns)}"))
        return
    index = {name: i for i, name in enumerate(names)}
    last_line = reader.line_num
    try:
        for fields in reader:
            line, last_line = last_line + 1, reader.line_num
            if not fields or all(not f.strip() for f in fields):
                continue
            if len(fields) != len(names):
                problems.append(
                    Problem(line, f"row: expected {len(names)} fields, found {len(fields)}"))
                continue
            yield line, {c: fields[index[c]].strip() for c in columns}
    except csv.Error as exc:
        problems.append(Problem(reader.line_num, f"row: not valid CSV ({exc})"))


def _check(problems: list[Problem], line: int, column: str, fn: Callable[[], object]) -> object:
    try:
        return fn()
    except DomainError as exc:
        problems.append(Problem(line, f"{column}: {exc.message}"))
    except ValueError as exc:
        problems.append(Problem(line, f"{column}: {exc}"))
    return None


def _text(value: str, max_len: int, *, required: bool = True, what: str = "text") -> str:
    if required and not value:
        raise ValueError("is empty")
    if len(value) > max_len:
        raise ValueError(f"longer than {max_len} characters")
    check_free_text(value, what)  # never a card number in a name, address or area
    return value


def _phone(value: str) -> str | None:
    if not value:
        return None
    check_phone_text(value)
    if is_valid_mobile(value):
        return value if len(value) == 11 and value.isdigit() else normalize_phone(value)
    if _LOOSE_PHONE.match(value):
        return value  # kept as typed; the counter flags it as not a valid mobile
    raise ValueError(f"{value!r} is not a phone number")


def _user_type(value: str) -> UserType:
    found = USER_TYPES.get(value.lower())
    if found is None:
        raise ValueError(f"{value!r} is not one of residential, other (居民, 非居民)")
    return found


def _due_date(value: str) -> date:
    if not _ISO_DATE.match(value):
        raise ValueError(f"{value!r} is not a date YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date") from None


def _kwh(value: str) -> int:
    if not _KWH.match(value):
        raise ValueError(f"{value!r} is not a whole number of kWh")
    return int(value)


def _period(value: str) -> str:
    year, month = parse_period(value)
    return f"{year:04d}-{month:02d}"


def parse_customers(text: str, *, account_length: int,
                    problems: list[Problem]) -> list[tuple[int, Customer]]:
    """The customers of a customer CSV, with their lines; every problem goes to `problems`
    (a file with any problem is to be refused whole)."""
    customers: list[tuple[int, Customer]] = []
    first_line: dict[str, int] = {}
    for line, row in read_rows(text, CUSTOMER_COLUMNS, problems):
        n = len(problems)
        acc = _check(problems, line, "account_no",
                     lambda r=row: validate_account_no(r["account_no"], length=account_length))
        name = _check(problems, line, "name", lambda r=row: _text(r["name"], MAX_NAME, what="name"))
        address = _check(problems, line, "address",
                         lambda r=row: _text(r["address"], MAX_ADDRESS, what="address"))
        phone = _check(problems, line, "phone", lambda r=row: _phone(r["phone"]))
        user_type = _check(problems, line, "user_type", lambda r=row: _user_type(r["user_type"]))
        area = _check(problems, line, "area",
                      lambda r=row: _text(r["area"], MAX_AREA, required=False, what="area"))
        if acc is not None:
            if acc in first_line:
                problems.append(Problem(
                    line, f"account_no: {acc} appears twice (first on line {first_line[acc]})"))
            else:
                first_line[acc] = line
        if len(problems) == n:
            customers.append((line, Customer(account_no=acc, name=name, address=address,
                                             phone=phone, user_type=user_type, area=area)))
    return customers


def parse_bills(text: str, *, problems: list[Problem], account_length: int | None = None,
                max_fen: int = BILL_MAX_FEN) -> list[tuple[int, BillRow]]:
    """The bills of a bill CSV, with their lines; every problem goes to `problems`. With
    `account_length` the account numbers are checked too (else only that they are given)."""
    bills: list[tuple[int, BillRow]] = []
    first_line: dict[tuple[str, str], int] = {}
    for line, row in read_rows(text, BILL_COLUMNS, problems):
        n = len(problems)
        acc = row["account_no"]
        if not acc:
            problems.append(Problem(line, "account_no: is empty"))
        elif account_length is not None:
            acc = _check(problems, line, "account_no",
                         lambda a=acc: validate_account_no(a, length=account_length))
        period = _check(problems, line, "period", lambda r=row: _period(r["period"]))
        kwh = _check(problems, line, "kwh", lambda r=row: _kwh(r["kwh"]))
        amount = _check(problems, line, "amount",
                        lambda r=row: parse_yuan(r["amount"], max_fen=max_fen))
        due = _check(problems, line, "due_date", lambda r=row: _due_date(r["due_date"]))
        if acc and period is not None:
            key = (acc, period)
            if key in first_line:
                problems.append(Problem(line, f"period: a second bill for {acc} {period} "
                                              f"(first on line {first_line[key]})"))
            else:
                first_line[key] = line
        if len(problems) == n:
            bills.append((line, BillRow(account_no=acc, period=period, kwh=kwh,
                                        amount_fen=amount, due_date=due)))
    return bills
