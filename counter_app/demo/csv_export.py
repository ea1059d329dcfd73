"""Demo customers and bills written in the import formats, to test import with realistic files."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from hall_domain.money import fen_to_plain
from hall_domain.sample_population import DemoCustomer

CUSTOMER_COLUMNS = ("account_no", "name", "address", "phone", "user_type", "area")
BILL_COLUMNS = ("account_no", "period", "kwh", "amount", "due_date")


def write_customers_csv(
    path: str | Path, customers: Iterable[DemoCustomer], *, encoding: str = "utf-8"
) -> int:
    """Write `account_no,name,address,phone,user_type,area`; a missing phone is empty.

    UTF-8 is the default because names such as 𠮷 have no GBK code; pass
    encoding="utf-8-sig" for the BOM that Excel on Windows wants. Returns the rows written.
    """
    n = 0
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(CUSTOMER_COLUMNS)
        for c in customers:
            w.writerow((c.account_no, c.name, c.address, c.phone or "", c.user_type.value, c.area))
            n += 1
    return n


def write_bills_csv(
    path: str | Path,
    customers: Iterable[DemoCustomer],
    *,
    open_only: bool = True,
    encoding: str = "utf-8",
) -> int:
    """Write `account_no,period,kwh,amount,due_date`, amount in yuan (`123.45`).

    The import format has no payment columns, so by default only bills not fully paid are
    written (a partly paid bill with its full amount); open_only=False writes every bill.
    Returns the rows written.
    """
    n = 0
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(BILL_COLUMNS)
        for c in customers:
            for b in c.bills:
                if open_only and not b.is_open:
                    continue
                w.writerow(
                    (c.account_no, b.period, b.kwh, fen_to_plain(b.amount_fen), b.due_date.isoformat())
                )
                n += 1
    return n
