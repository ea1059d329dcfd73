"""The arrears list (欠费清单) from the ledger's customers and bills, and its report.

`account_arrears` streams one `AccountArrears` per account with overdue unpaid bills, in
account order, from ONE query (bills joined to their customers, sorted by account, read with a
server-side cursor): no round trip per account, memory bounded by one account's bills. Each
account's bills go through `hall_domain.arrears.arrears_of`, which quotes them with
`hall_domain.allocation.quote` — the very code the counter's `lookup --on` uses — with the
ledger's `LateFeeRuleSet`, so the two never disagree on a late fee.

`arrears_report` adds the filters the supervisor needs (bucket, user type, dunning level),
the other areas' columns (dunning level, lock, promise, repeat flag, phone status) through the
`extra_columns` hook, the totals over the whole filter, and a page of rows (cursor on
account_no).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from hall_domain.accounts import Bill as DomainBill
from hall_domain.accounts import BillStatus, UserType
from hall_domain.accounts import Customer as DomainCustomer
from hall_domain.arrears import (
    DEFAULT_BUCKETS,
    AccountArrears,
    ArrearsTotals,
    BucketEdges,
    arrears_of,
)
from hall_domain.collections import customer_class
from hall_domain.late_fees import LateFeeRuleSet

from ..store.db import among
from ..store.models import Bill, Customer

# (conn, hall_id, account_nos, as_of) -> {account_no: {column: value}}
ExtraColumns = Callable[[Connection, "str | None", list[str], date], dict[str, dict]]

# What the other areas' columns say until their providers are wired in.
EXTRA_DEFAULTS: dict[str, Any] = {
    "dunning_level": 0, "level_name": None, "lock": None, "promise": None,
    "repeat_defaulter": False, "phone_status": "unknown", "phone_verified_on": None,
    "phone_source": None,
}

STREAM_ROWS = 5000  # rows fetched per round trip from the server-side cursor
SORT_MEMORY = "64MB"  # PostgreSQL work_mem for the arrears query's sort
ACCOUNTS_PER_QUERY = 10_000  # an explicit account list is read in chunks of this many

_COLUMNS = (
    Customer.account_no, Customer.hall_id, Customer.name, Customer.address, Customer.phone,
    Customer.user_type, Customer.area, Customer.credit_fen, Customer.customer_class,
    Bill.bill_id, Bill.period, Bill.kwh, Bill.amount_fen, Bill.due_date, Bill.principal_paid_fen,
    Bill.late_fee_assessed_fen, Bill.late_fee_paid_fen, Bill.fee_accrued_through,
    Bill.late_fee_waived, Bill.status, Bill.closed_by,
)


_STATUS = {s.value: s for s in BillStatus}
_USER_TYPE = {u.value: u for u in UserType}


def _customer(r) -> DomainCustomer:
    """The domain Customer of a row of _COLUMNS (by position)."""
    return DomainCustomer(r[0], r[2], r[3], r[4], _USER_TYPE[r[5]], r[6], r[7])


def _bill(r) -> DomainBill:
    """The domain Bill of a row of _COLUMNS (by position: this runs once per open bill)."""
    return DomainBill(r[9], r[0], r[10], r[11], r[12], r[13], r[14], r[15], r[16], r[17], r[18],
                      _STATUS[r[19]])


def _query(as_of: date, hall_id: str | None, area: str | None, user_type: str | None,
           accounts: list[str] | None, after: str | None, conn: Connection):
    # The bills that can make arrears on `as_of`: open, and due before the date (or carrying a
    # fee assessed earlier). An open bill not yet due carries no fee on the date, so leaving it
    # out changes neither the quote's fees nor its minimum rule.
    where = [
        Bill.status != BillStatus.PAID.value,
        or_(Bill.due_date < as_of, Bill.late_fee_assessed_fen > Bill.late_fee_paid_fen),
    ]
    if hall_id is not None:
        where.append(Customer.hall_id == hall_id)
    if area is not None:
        where.append(Customer.area == area)
    if user_type is not None:
        where.append(Customer.user_type == user_type)
    if accounts is not None:
        where.append(among(conn, Bill.account_no, accounts))
    if after is not None:
        where.append(Bill.account_no > after)
    # Ordered by account only (grouping needs no more): quote() orders each account's bills.
    return (select(*_COLUMNS).join(Customer, Customer.account_no == Bill.account_no)
            .where(and_(*where)).order_by(Bill.account_no))


def account_arrears(
    conn: Connection,
    *,
    as_of: date,
    hall_id: str | None = None,
    area: str | None = None,
    accounts: Iterable[str] | None = None,
    rules: LateFeeRuleSet | None = None,
    buckets: BucketEdges = DEFAULT_BUCKETS,
    user_type: str | None = None,
    after: str | None = None,
) -> Iterator[AccountArrears]:
    """Every account with overdue unpaid bills on `as_of` (of one hall, one area, or the given
    accounts), in account_no order. `after`: only accounts after that number.

    The bills' state is the ledger's current one; overdue days and late fees are counted to
    `as_of` (the date the counter's `lookup --on` would quote)."""
    rules = rules or LateFeeRuleSet()
    chunks: list[list[str] | None]
    if accounts is None:
        chunks = [None]
    else:
        wanted = sorted(set(accounts))
        chunks = [wanted[i:i + ACCOUNTS_PER_QUERY]
                  for i in range(0, len(wanted), ACCOUNTS_PER_QUERY)]
    if conn.dialect.name == "postgresql":
        # the sort by account in memory rather than in temporary files (this transaction only)
        conn.exec_driver_sql(f"SET LOCAL work_mem = '{SORT_MEMORY}'")
    streaming = conn.execution_options(stream_results=True, yield_per=STREAM_ROWS)
    for chunk in chunks:
        rows = streaming.execute(_query(as_of, hall_id, area, user_type, chunk, after, conn))
        for _account, group in groupby(rows, key=lambda r: r.account_no):
            group = list(group)
            first = group[0]
            a = arrears_of(_customer(first), [_bill(r) for r in group], as_of,
                           rules, hall_id=first.hall_id,
                           customer_class=customer_class(first.user_type, first.customer_class),
                           buckets=buckets)
            if a is not None:
                yield a


def default_extra_columns(conn: Connection, hall_id: str | None, account_nos: list[str],
                          as_of: date) -> dict[str, dict]:
    """No provider wired: every account gets EXTRA_DEFAULTS."""
    return {}


def combine_extra_columns(*providers: ExtraColumns) -> ExtraColumns:
    """One hook from several (dunning's, phones'...): their columns merged per account."""
    def merged(conn, hall_id, account_nos, as_of):
        out: dict[str, dict] = {}
        for provide in providers:
            for account_no, cols in provide(conn, hall_id, account_nos, as_of).items():
                out.setdefault(account_no, {}).update(cols)
        return out
    return merged


EXTRA_BATCH = 2000  # accounts per call of the extra-columns hook


def arrears_rows(
    conn: Connection,
    arrears: Iterable[AccountArrears],
    *,
    as_of: date,
    hall_id: str | None,
    extra_columns: ExtraColumns | None = None,
) -> Iterator[dict]:
    """Each account's JSON row with the other areas' columns merged in (asked in batches)."""
    provide = extra_columns or default_extra_columns
    batch: list[AccountArrears] = []

    def flush() -> Iterator[dict]:
        extra = provide(conn, hall_id, [a.account_no for a in batch], as_of) if batch else {}
        for a in batch:
            yield {**a.as_row(), **EXTRA_DEFAULTS, **extra.get(a.account_no, {})}
        batch.clear()

    for a in arrears:
        batch.append(a)
        if len(batch) >= EXTRA_BATCH:
            yield from flush()
    yield from flush()


def filtered_rows(
    conn: Connection,
    totals: ArrearsTotals,
    *,
    as_of: date,
    hall_id: str | None = None,
    area: str | None = None,
    bucket: str | None = None,
    user_type: str | None = None,
    level: int | None = None,
    rules: LateFeeRuleSet | None = None,
    extra_columns: ExtraColumns | None = None,
) -> Iterator[dict]:
    """The rows of the filtered arrears list, streamed, each added to `totals` (whose bucket
    edges are the list's); `totals` is complete once the stream is exhausted."""
    rules = rules or LateFeeRuleSet()
    rules.rule_for(as_of)  # ValueError when no late-fee rule is in force on the date
    buckets = totals.buckets
    if bucket is not None and bucket not in buckets.labels:
        raise ValueError(f"unknown bucket {bucket!r}; buckets: {', '.join(buckets.labels)}")

    def rows() -> Iterator[dict]:
        stream = account_arrears(conn, as_of=as_of, hall_id=hall_id, area=area, rules=rules,
                                 buckets=buckets, user_type=user_type)
        if bucket is not None:
            stream = (a for a in stream if a.bucket == bucket)
        for row in arrears_rows(conn, stream, as_of=as_of, hall_id=hall_id,
                                extra_columns=extra_columns):
            if level is not None and row["dunning_level"] != level:
                continue
            totals.add_row(row)
            yield row

    return rows()  # the checks above run now, not at the first next()


def arrears_report(
    conn: Connection,
    *,
    as_of: date,
    hall_id: str | None = None,
    area: str | None = None,
    bucket: str | None = None,
    user_type: str | None = None,
    level: int | None = None,
    limit: int | None = None,
    cursor: str | None = None,
    rules: LateFeeRuleSet | None = None,
    buckets: BucketEdges = DEFAULT_BUCKETS,
    extra_columns: ExtraColumns | None = None,
) -> dict:
    """`{"as_of", "accounts", "totals", "next_cursor"}`: the filtered arrears list.

    Totals are over the whole filter; `accounts` is the page after `cursor` (an account_no),
    at most `limit` rows (None: all), `next_cursor` the last account of a full page."""
    totals = ArrearsTotals(buckets)
    page: list[dict] = []
    more = False
    for row in filtered_rows(conn, totals, as_of=as_of, hall_id=hall_id, area=area,
                             bucket=bucket, user_type=user_type, level=level, rules=rules,
                             extra_columns=extra_columns):
        if cursor is not None and row["account_no"] <= cursor:
            continue
        if limit is None or len(page) < limit:
            page.append(row)
        else:
            more = True
    return {"as_of": as_of.isoformat(), "accounts": page, "totals": totals.as_dict(),
            "next_cursor": page[-1]["account_no"] if more and page else None}
