"""The recovery rate (电费回收率): collected ÷ billed per billing period, per hall, area and user
type, the monthly trend, and the top debtors — "which areas and which customers hold the money".

Billed is the amount of the bills of a billing period (YYYY-MM); collected is the principal paid
on those bills so far, from any channel (counter, bank, online, opening balances), net of voids.
Late fees are not in either side: the rate is about the electricity charges themselves (late
fees are in the arrears list). Everything is grouped by the database (one GROUP BY over the
bills of the periods, one for the top debtors), so the report costs two queries whatever the
number of accounts.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from hall_domain.accounts import BillStatus, parse_period
from hall_domain.arrears import recovery_rate

from ..store.models import Bill, Customer

MAX_MONTHS = 120


def months_between(first: str, last: str) -> list[str]:
    """['2026-01', ..., '2026-04'] for ('2026-01', '2026-04'); ValueError when reversed."""
    y, m = parse_period(first)
    y2, m2 = parse_period(last)
    if (y2, m2) < (y, m):
        raise ValueError(f"the period range ends before it starts: {first} … {last}")
    out = []
    while (y, m) <= (y2, m2):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        if len(out) > MAX_MONTHS:
            raise ValueError(f"at most {MAX_MONTHS} months in one recovery report")
    return out


def _row(key: str, value: str, billed: int, collected: int) -> dict:
    return {key: value, "billed_fen": billed, "collected_fen": collected,
            "outstanding_fen": billed - collected, "rate": recovery_rate(collected, billed)}


def recovery_report(conn: Connection, *, first: str, last: str, hall_id: str | None = None,
                    area: str | None = None, top: int = 20) -> dict:
    """`{"from", "to", "periods", "by_hall", "by_area", "by_user_type", "top_debtors", "all"}`.

    `periods` lists every month of the range (an empty month has rate 0); the others are
    sorted by what is still outstanding, largest first."""
    periods = months_between(first, last)
    where = [Bill.period >= periods[0], Bill.period <= periods[-1]]
    if hall_id is not None:
        where.append(Customer.hall_id == hall_id)
    if area is not None:
        where.append(Customer.area == area)
    rows = conn.execute(
        select(Bill.period, Customer.hall_id, Customer.area, Customer.user_type,
               func.sum(Bill.amount_fen), func.sum(Bill.principal_paid_fen))
        .join(Customer, Customer.account_no == Bill.account_no)
        .where(*where)
        .group_by(Bill.period, Customer.hall_id, Customer.area, Customer.user_type)
    ).all()
    by: dict[str, dict[str, list[int]]] = {k: {} for k in ("period", "hall_id", "area",
                                                           "user_type")}
    for period, hall, area_, user_type, billed, collected in rows:
        for key, value in (("period", period), ("hall_id", hall), ("area", area_),
                           ("user_type", user_type)):
            sums = by[key].setdefault(value, [0, 0])
            sums[0] += int(billed or 0)
            sums[1] += int(collected or 0)

    def grouped(key: str) -> list[dict]:
        out = [_row(key, k, b, c) for k, (b, c) in by[key].items()]
        return sorted(out, key=lambda r: (-r["outstanding_fen"], r[key]))

    outstanding = (Bill.amount_fen - Bill.principal_paid_fen
                   + Bill.late_fee_assessed_fen - Bill.late_fee_paid_fen)
    debtors = conn.execute(
        select(Customer.account_no, Customer.name, Customer.area, Customer.hall_id,
               Customer.user_type, func.sum(outstanding).label("owed"), func.count())
        .join(Customer, Customer.account_no == Bill.account_no)
        .where(*where, Bill.status != BillStatus.PAID.value)
        .group_by(Customer.account_no, Customer.name, Customer.area, Customer.hall_id,
                  Customer.user_type)
        .order_by(func.sum(outstanding).desc(), Customer.account_no)
        .limit(top)
    ).all()
    billed_all = sum(b for b, _ in by["period"].values())
    collected_all = sum(c for _, c in by["period"].values())
    return {
        "from": periods[0], "to": periods[-1],
        "all": _row("scope", hall_id or "all", billed_all, collected_all),
        "periods": [_row("period", p, *by["period"].get(p, [0, 0])) for p in periods],
        "by_hall": grouped("hall_id"),
        "by_area": grouped("area"),
        "by_user_type": grouped("user_type"),
        "top_debtors": [{"account_no": r.account_no, "name": r.name, "area": r.area,
                         "hall_id": r.hall_id, "user_type": r.user_type,
                         "total_fen": int(r.owed), "bills": int(r[6])} for r in debtors],
    }
