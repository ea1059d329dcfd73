"""Bills on SQLite (services.ports.Bills): open bills per account, import, updates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from counter_app.services.ports import NewBill
from hall_domain.accounts import Bill, BillStatus

from .errors import StoreError
from .rows import BILL_COLS, OPEN_STATUSES, SqliteRepo, bill_of, chunks, iso


class SqliteBills(SqliteRepo):
    """The bills table, in one open transaction."""

    __slots__ = ()

    def open_bills(self, account_no: str) -> list[Bill]:
        rows = self._q(
            f"SELECT {BILL_COLS} FROM bills WHERE account_no = ? AND status IN (?, ?) "
            "ORDER BY period, due_date, id",
            (account_no, *OPEN_STATUSES),
        )
        return [bill_of(r) for r in rows]

    def open_bills_for(self, account_nos: Sequence[str]) -> dict[str, list[Bill]]:
        out: dict[str, list[Bill]] = {acc: [] for acc in account_nos}
        for part in chunks(list(out)):
            marks = ",".join("?" * len(part))
            for row in self._q(
                f"SELECT {BILL_COLS} FROM bills WHERE account_no IN ({marks}) "
                "AND status IN (?, ?) ORDER BY period, due_date, id",
                (*part, *OPEN_STATUSES),
            ):
                out[row[1]].append(bill_of(row))
        return out

    def existing_bill_keys(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        wanted = set(keys)
        by_account: dict[str, set[str]] = {}
        for acc, period in wanted:
            by_account.setdefault(acc, set()).add(period)
        out: set[tuple[str, str]] = set()
        for part in chunks(list(by_account)):
            marks = ",".join("?" * len(part))
            for acc, period in self._q(
                f"SELECT account_no, period FROM bills WHERE account_no IN ({marks})", part
            ):
                if period in by_account[acc]:
                    out.add((acc, period))
        return out

    def insert_bills(self, bills: Sequence[NewBill]) -> int:
        self._check_writable()
        self._raw.executemany(
            "INSERT INTO bills (account_no, period, kwh, amount_fen, due_date, status) "
            "VALUES (?, ?, ?, ?, ?, 'open')",
            [(b.account_no, b.period, b.kwh, b.amount_fen, b.due_date.isoformat()) for b in bills],
        )
        return len(bills)

    def update_bill(self, bill: Bill) -> None:
        cur = self._w(
            "UPDATE bills SET principal_paid_fen = ?, late_fee_assessed_fen = ?, "
            "late_fee_paid_fen = ?, fee_accrued_through = ?, late_fee_waived = ?, status = ? "
            "WHERE id = ?",
            (
                bill.principal_paid_fen,
                bill.late_fee_assessed_fen,
                bill.late_fee_paid_fen,
                iso(bill.fee_accrued_through),
                int(bill.late_fee_waived),
                BillStatus(bill.status).value,
                bill.bill_id,
            ),
        )
        if cur.rowcount != 1:
            raise StoreError(f"No bill {bill.bill_id} to update.", code="store.no_row")

    def count_open_bills(self) -> int:
        return self._one("SELECT count(*) FROM bills WHERE status IN (?, ?)", OPEN_STATUSES)[0]
