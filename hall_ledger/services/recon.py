"""Reconciliation (对账): a terminal's counts and sums per shift and day, and receipt gaps;
the daily report across halls, terminals, tenders and channels."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Engine, case, func, select, text

from ..store.db import consistent_reader
from ..store.models import Item, Payment, PaymentTender
from .refunds import unreadable_refunds_sql, used_receipts_sql
from .terminals import Principal

MAX_GAPS = 1000


def _live():
    return case((Payment.voided, 0), else_=1)


def reconciliation(engine: Engine, principal: Principal, day: date) -> dict[str, Any]:
    hall, terminal = principal.hall_id, principal.terminal_id
    mine = (Payment.hall_id == hall) & (Payment.terminal_id == terminal)
    with consistent_reader(engine).begin() as conn:
        live = _live()
        shifts = conn.execute(
            select(Payment.shift_id, func.sum(live), func.sum(Payment.amount_fen * live),
                   func.sum(1 - live), func.sum(Payment.credit_fen * live),
                   func.sum(case((Payment.review, 1), else_=0)),
                   func.min(Payment.receipt_number), func.max(Payment.receipt_number))
            .where(mine, Payment.business_date == day)
            .group_by(Payment.shift_id).order_by(Payment.shift_id)
        ).all()
        tenders = conn.execute(
            select(Payment.shift_id, PaymentTender.kind, func.count(),
                   func.sum(PaymentTender.amount_fen))
            .join(Payment, Payment.payment_uuid == PaymentTender.payment_uuid)
            .where(mine, Payment.business_date == day, Payment.voided.is_(False))
            .group_by(Payment.shift_id, PaymentTender.kind)
        ).all()
        reports = {}
        for row in conn.execute(
            select(Item.payload_json).where(Item.kind == "shift_report", Item.hall_id == hall,
                                            Item.terminal_id == terminal)
        ):
            payload = json.loads(row.payload_json)
            reports[payload["shift_id"]] = payload
        receipts = receipt_check(conn, hall, terminal)
    by_shift_tender: dict[Any, dict[str, dict[str, int]]] = defaultdict(dict)
    for shift_id, kind, count, amount in tenders:
        by_shift_tender[shift_id][kind] = {"count": int(count), "amount_fen": int(amount)}
    day_totals = {"count": 0, "amount_fen": 0, "void_count": 0, "credit_fen": 0,
                  "review_count": 0, "by_tender": defaultdict(lambda: {"count": 0, "amount_fen": 0})}
    out_shifts = []
    for shift_id, count, amount, voids, credit, review, first, last in shifts:
        figures = {"count": int(count), "amount_fen": int(amount or 0), "void_count": int(voids),
                   "credit_fen": int(credit or 0), "review_count": int(review)}
        for key, value in figures.items():
            day_totals[key] += value
        kinds = by_shift_tender.get(shift_id, {})
        for kind, f in kinds.items():
            day_totals["by_tender"][kind]["count"] += f["count"]
            day_totals["by_tender"][kind]["amount_fen"] += f["amount_fen"]
        report = reports.get(shift_id)
        out_shifts.append({
            "shift_id": shift_id, **figures, "by_tender": kinds,
            "first_receipt": first, "last_receipt": last,
            "counter_report": _report_figures(report),
            "matches_counter_report": None if report is None else _matches(report, figures, kinds),
        })
    day_totals["by_tender"] = dict(day_totals["by_tender"])
    return {"hall_id": hall, "terminal_id": terminal, "business_date": day.isoformat(),
            "day": day_totals, "shifts": out_shifts, "receipts": receipts}


def _report_figures(report: dict | None) -> dict | None:
    if report is None:
        return None
    keys = ("payment_count", "payment_total_fen", "cash_fen", "card_fen", "void_count",
            "first_receipt_number", "last_receipt_number")
    return {k: report.get(k) for k in keys}


def _matches(report: dict, figures: dict, kinds: dict) -> bool:
    return (report["payment_count"] == figures["count"]
            and report["payment_total_fen"] == figures["amount_fen"]
            and report["void_count"] == figures["void_count"]
            and report["cash_fen"] == kinds.get("cash", {}).get("amount_fen", 0)
            and report["card_fen"] == kinds.get("card", {}).get("amount_fen", 0))


def receipt_check(conn, hall_id: str, terminal_id: str) -> dict[str, Any]:
    """First, last and count of the terminal's receipt numbers (payments and refunds), the
    gaps and the duplicates.

    Numbers after the last one the ledger holds are not known to be missing: the counter
    may still be sending them; compare `last` with the counter's own last number.
    `unreadable` counts refunds whose stored receipt number is not 1 to 18 digits (recorded
    before the wire bounded it): they are left out rather than failing the whole answer.
    """
    params = {"h": hall_id, "t": terminal_id}
    dialect = conn.dialect.name
    used = used_receipts_sql(dialect)  # payments' and refunds' numbers
    first, last, count, distinct = conn.execute(text(
        "SELECT MIN(receipt_number), MAX(receipt_number), COUNT(receipt_number),"
        f" COUNT(DISTINCT receipt_number) FROM {used}"), params).one()
    gaps = conn.execute(text(
        "SELECT prev + 1, receipt_number - 1 FROM ("
        "  SELECT receipt_number, LAG(receipt_number) OVER (ORDER BY receipt_number) AS prev"
        f"  FROM (SELECT DISTINCT receipt_number FROM {used}) AS r"
        ") AS w WHERE receipt_number - prev > 1 ORDER BY receipt_number LIMIT :n"),
        {**params, "n": MAX_GAPS}).all()
    duplicates = conn.execute(text(
        f"SELECT receipt_number FROM {used}"
        " GROUP BY receipt_number HAVING COUNT(*) > 1"
        " ORDER BY receipt_number LIMIT :n"), {**params, "n": MAX_GAPS}).scalars().all()
    unreadable = conn.execute(text(unreadable_refunds_sql(dialect)), params).scalar_one()
    missing = (int(last) - int(first) + 1 - int(distinct)) if count else 0
    return {"first": first, "last": last, "count": int(count), "missing_count": missing,
            "gaps": [[int(a), int(b)] for a, b in gaps], "duplicates": [int(d) for d in duplicates],
            "unreadable": int(unreadable)}


def daily_report(engine: Engine, day: date) -> dict[str, Any]:
    """Counts and sums of the day's payments (by business date) per hall, terminal, tender
    kind and channel; voided payments are counted apart and left out of the sums."""
    live = _live()
    figures = (func.sum(live), func.sum(Payment.amount_fen * live), func.sum(1 - live))
    with consistent_reader(engine).begin() as conn:
        def grouped(*columns):
            return conn.execute(
                select(*columns, *figures).where(Payment.business_date == day)
                .group_by(*columns).order_by(*columns)
            ).all()

        total = conn.execute(select(*figures).where(Payment.business_date == day)).one()
        halls = grouped(Payment.hall_id)
        terminals = grouped(Payment.hall_id, Payment.terminal_id, Payment.channel)
        channels = grouped(Payment.channel)
        tenders = conn.execute(
            select(PaymentTender.kind, func.count(), func.sum(PaymentTender.amount_fen))
            .join(Payment, Payment.payment_uuid == PaymentTender.payment_uuid)
            .where(Payment.business_date == day, Payment.voided.is_(False))
            .group_by(PaymentTender.kind).order_by(PaymentTender.kind)
        ).all()
        review = conn.execute(
            select(func.count(), func.coalesce(func.sum(Payment.credit_fen), 0))
            .where(Payment.business_date == day, Payment.review.is_(True))
        ).one()

    def fig(count, amount, voids) -> dict[str, int]:
        return {"count": int(count or 0), "amount_fen": int(amount or 0),
                "void_count": int(voids or 0)}

    return {
        "date": day.isoformat(),
        "total": fig(*total),
        "halls": [{"hall_id": r[0], **fig(*r[1:])} for r in halls],
        "terminals": [{"hall_id": r[0], "terminal_id": r[1], "channel": r[2], **fig(*r[3:])}
                      for r in terminals],
        "tenders": [{"kind": k, "count": int(c), "amount_fen": int(a)} for k, c, a in tenders],
        "channels": [{"channel": r[0], **fig(*r[1:])} for r in channels],
        "review": {"count": int(review[0]), "credit_fen": int(review[1])},
    }


def payment_lines(engine: Engine, principal: Principal, day: date) -> list[dict[str, Any]]:
    """This terminal's payments of the business date, one line each, so a counter can name
    the very receipt whose amount differs (not just the shift whose sum does)."""
    mine = ((Payment.hall_id == principal.hall_id)
            & (Payment.terminal_id == principal.terminal_id))
    with consistent_reader(engine).begin() as conn:
        rows = conn.execute(
            select(Payment.receipt_number, Payment.payment_uuid, Payment.amount_fen,
                   Payment.shift_id, Payment.voided)
            .where(mine, Payment.business_date == day)
            .order_by(Payment.receipt_number)
        ).all()
    return [{"receipt_number": r.receipt_number, "payment_uuid": r.payment_uuid,
             "amount_fen": r.amount_fen, "shift_id": r.shift_id, "voided": bool(r.voided)}
            for r in rows]
