"""CSV import of customers and bills: every row checked, a bad file refused whole, one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hall_domain import csv_import
from hall_domain.accounts import DEFAULT_ACCOUNT_LENGTH
from hall_domain.csv_import import BILL_COLUMNS, BILL_MAX_FEN, CUSTOMER_COLUMNS
from hall_domain.errors import DomainError
from hall_domain.security import Action, User, require

from .audit_service import append_audit
from .ports import CounterStore, NewBill

__all__ = ["BILL_COLUMNS", "BILL_MAX_FEN", "CUSTOMER_COLUMNS", "ImportRefused", "ImportReport",
           "RowError", "import_bills", "import_customers"]


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


def _read_text(path: Path, errors: list[RowError]) -> str | None:
    """The file's text (UTF-8, a byte-order mark dropped); a problem goes to `errors`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        errors.append(RowError(1, f"file: cannot read {path}: {exc.strerror or exc}"))
        return None
    text, problem = csv_import.decode(data)
    if problem is not None:
        errors.append(RowError(problem.line, problem.reason))
    return text


def _row_errors(problems: list[csv_import.Problem]) -> list[RowError]:
    return [RowError(p.line, p.reason) for p in problems]


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
    text = _read_text(path, errors)
    problems: list[csv_import.Problem] = []
    customers = [c for _, c in csv_import.parse_customers(
        text, account_length=account_length, problems=problems)] if text is not None else []
    errors += _row_errors(problems)
    if errors:
        raise ImportRefused(path, errors)
    with store.write() as tx:
        inserted, updated = tx.customers.upsert_customers(customers, now=now)
        report = ImportReport(path=path, rows=len(customers), inserted=inserted, updated=updated)
        _audit_import(tx, now=now, user=user, terminal_id=terminal_id,
                      action="import.customers", path=path, report=report)
    return report


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
    text = _read_text(path, errors)
    problems: list[csv_import.Problem] = []
    rows = csv_import.parse_bills(text, problems=problems) if text is not None else []
    errors += _row_errors(problems)
    parsed = [(line, NewBill(account_no=b.account_no, period=b.period, kwh=b.kwh,
                             amount_fen=b.amount_fen, due_date=b.due_date)) for line, b in rows]
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
