"""CSV import of customers and bills: every row checked, a bad file refused whole, one transaction."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from hall_domain.accounts import (
    DEFAULT_ACCOUNT_LENGTH,
    Customer,
    UserType,
    is_valid_mobile,
    normalize_phone,
    parse_period,
    validate_account_no,
)
from hall_domain.errors import DomainError
from hall_domain.inputs import check_free_text, check_phone_text
from hall_domain.money import parse_yuan
from hall_domain.security import Action, User, require

from .audit_service import append_audit
from .ports import CounterStore, NewBill

CUSTOMER_COLUMNS = ("account_no", "name", "address", "phone", "user_type", "area")
BILL_COLUMNS = ("account_no", "period", "kwh", "amount", "due_date")
# Industrial bills can exceed the cashier's per-payment limit; this only catches typing slips.
BILL_MAX_FEN = 10_000_000_000  # ¥100,000,000.00
MAX_NAME, MAX_ADDRESS, MAX_AREA = 100, 200, 100
_LOOSE_PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")  # landlines and odd numbers are kept as typed
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_KWH = re.compile(r"^\d{1,12}$")


@dataclass(frozen=True, slots=True)
class RowError:
    line_number: int  # 1-based line in the file; the header is line 1
    reason: str  # names the column: "phone: ..."

    @property
    def line(self) -> int:  # short alias (the CLI prints err.line)
        return self.line_number

    def __str__(self) -> str:
        return f"line {self.line_number}: {self.reason}"


class ImportRefused(DomainError):
    """The file had bad rows; nothing was imported. `errors` lists every problem found."""

    code = "import.refused"

    def __init__(self, path: Path, errors: list[RowError]) -> None:
        self.errors = sorted(errors, key=lambda e: e.line_number)
        first = "; ".join(str(e) for e in self.errors[:3])
        more = f" (and {len(self.errors) - 3} more)" if len(self.errors) > 3 else ""
        super().__init__(
            f"{path.name} was not imported: {len(self.errors)} problem(s). {first}{more}",
            code="import.refused",
            path=str(path),
            count=len(self.errors),
        )


@dataclass(frozen=True, slots=True)
class ImportReport:
    path: Path
    rows: int
    inserted: int
    updated: int = 0

    @property
    def count(self) -> int:  # rows imported (inserted + updated)
        return self.rows


def _read_rows(
    path: Path, columns: tuple[str, ...], errors: list[RowError]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row; header and shape problems go to `errors`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        errors.append(RowError(1, f"file: cannot read {path}: {exc.strerror or exc}"))
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        errors.append(RowError(line, f"file: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                                     "save the file as UTF-8 CSV"))
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        errors.append(RowError(1, f"header: the file is empty; expected {','.join(columns)}"))
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
        errors.append(RowError(1, f"header: {'; '.join(parts)}; expected {','.join(columns)}"))
        return
    index = {name: i for i, name in enumerate(names)}
    last_line = reader.line_num
    try:
        for fields in reader:
            line, last_line = last_line + 1, reader.line_num
            if not fields or all(not f.strip() for f in fields):
                continue
            if len(fields) != len(names):
                errors.append(RowError(line, f"row: expected {len(names)} fields, found {len(fields)}"))
                continue
            yield line, {c: fields[index[c]].strip() for c in columns}
    except csv.Error as exc:
        errors.append(RowError(reader.line_num, f"row: not valid CSV ({exc})"))


def _check(errors: list[RowError], line: int, column: str, fn: Callable[[], object]) -> object:
    try:
        return fn()
    except DomainError as exc:
        errors.append(RowError(line, f"{column}: {exc.message}"))
    except ValueError as exc:
        errors.append(RowError(line, f"{column}: {exc}"))
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
    try:
        return UserType(value.lower())
    except ValueError:
        raise ValueError(f"{value!r} is not one of residential, other") from None


def _audit_import(tx, *, now, user, terminal_id, action, path, report) -> None:
    append_audit(
        tx, at=now, terminal_id=terminal_id, user_id=user.user_id if user else None,
        action=action, target=f"file:{path.name}",
        detail={"rows": report.rows, "inserted": report.inserted, "updated": report.updated},
    )


def import_customers(
    store: CounterStore,
    path: Path,
    *,
    now: datetime,
    account_length: int = DEFAULT_ACCOUNT_LENGTH,
    user: User | None = None,
    terminal_id: str = "import",
) -> ImportReport:
    """Customers `account_no,name,address,phone,user_type,area`; existing accounts are updated."""
    if user is not None:
        require(user, Action.IMPORT_DATA)
    path = Path(path)
    errors: list[RowError] = []
    customers: list[Customer] = []
    first_line: dict[str, int] = {}
    for line, row in _read_rows(path, CUSTOMER_COLUMNS, errors):
        n = len(errors)
        acc = _check(errors, line, "account_no",
                     lambda r=row: validate_account_no(r["account_no"], length=account_length))
        name = _check(errors, line, "name", lambda r=row: _text(r["name"], MAX_NAME, what="name"))
        address = _check(errors, line, "address",
                         lambda r=row: _text(r["address"], MAX_ADDRESS, what="address"))
        phone = _check(errors, line, "phone", lambda r=row: _phone(r["phone"]))
        user_type = _check(errors, line, "user_type", lambda r=row: _user_type(r["user_type"]))
        area = _check(errors, line, "area",
                      lambda r=row: _text(r["area"], MAX_AREA, required=False, what="area"))
        if acc is not None:
            if acc in first_line:
                errors.append(RowError(
                    line, f"account_no: {acc} appears twice (first on line {first_line[acc]})"))
            else:
                first_line[acc] = line
        if len(errors) == n:
            customers.append(Customer(account_no=acc, name=name, address=address, phone=phone,
                                      user_type=user_type, area=area))
    if errors:
        raise ImportRefused(path, errors)
    with store.write() as tx:
        inserted, updated = tx.customers.upsert_customers(customers, now=now)
        report = ImportReport(path=path, rows=len(customers), inserted=inserted, updated=updated)
        _audit_import(tx, now=now, user=user, terminal_id=terminal_id,
                      action="import.customers", path=path, report=report)
    return report


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


def import_bills(
    store: CounterStore,
    path: Path,
    *,
    now: datetime,
    user: User | None = None,
    terminal_id: str = "import",
) -> ImportReport:
    """Bills `account_no,period,kwh,amount,due_date` (amount in yuan) for accounts in the store."""
    if user is not None:
        require(user, Action.IMPORT_DATA)
    path = Path(path)
    errors: list[RowError] = []
    parsed: list[tuple[int, NewBill]] = []
    first_line: dict[tuple[str, str], int] = {}
    for line, row in _read_rows(path, BILL_COLUMNS, errors):
        n = len(errors)
        acc = row["account_no"]
        if not acc:
            errors.append(RowError(line, "account_no: is empty"))
        period = _check(errors, line, "period", lambda r=row: _period(r["period"]))
        kwh = _check(errors, line, "kwh", lambda r=row: _kwh(r["kwh"]))
        amount = _check(errors, line, "amount",
                        lambda r=row: parse_yuan(r["amount"], max_fen=BILL_MAX_FEN))
        due = _check(errors, line, "due_date", lambda r=row: _due_date(r["due_date"]))
        if acc and period is not None:
            key = (acc, period)
            if key in first_line:
                errors.append(RowError(line, f"period: a second bill for {acc} {period} "
                                             f"(first on line {first_line[key]})"))
            else:
                first_line[key] = line
        if len(errors) == n:
            parsed.append((line, NewBill(account_no=acc, period=period, kwh=kwh,
                                         amount_fen=amount, due_date=due)))
    if errors:  # refuse before taking the write lock
        raise ImportRefused(path, errors)
    with store.write() as tx:
        known = tx.customers.existing_accounts(b.account_no for _, b in parsed)
        billed = tx.bills.existing_bill_keys((b.account_no, b.period) for _, b in parsed)
        for line, b in parsed:
            if b.account_no not in known:
                errors.append(RowError(line, f"account_no: no customer {b.account_no} in the store"))
            elif (b.account_no, b.period) in billed:
                errors.append(RowError(line, f"period: {b.account_no} already has a bill for "
                                             f"{b.period}"))
        if errors:
            raise ImportRefused(path, errors)
        inserted = tx.bills.insert_bills([b for _, b in parsed])
        report = ImportReport(path=path, rows=len(parsed), inserted=inserted)
        _audit_import(tx, now=now, user=user, terminal_id=terminal_id,
                      action="import.bills", path=path, report=report)
    return report
