"""The day's figures of one hall (what the counter's daily hall report shows, served as
GET /v1/reports/hall-day): every shift with its cashier and tenders, totals by cashier and by
tender, the counters' own shift reports beside the ledger's sums."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Engine, case, func, select

from ..store.db import consistent_reader
from ..store.models import Item, Payment, PaymentTender


def hall_day(engine: Engine, day: date, *, hall_id: str) -> dict[str, Any]:
    live = case((Payment.voided, 0), else_=1)
    where = (Payment.hall_id == hall_id, Payment.business_date == day)
    with consistent_reader(engine).begin() as conn:
        shifts = conn.execute(
            select(Payment.terminal_id, Payment.shift_id, Payment.channel,
                   func.min(Payment.cashier_id), func.count(func.distinct(Payment.cashier_id)),
                   func.sum(live), func.sum(Payment.amount_fen * live), func.sum(1 - live),
                   func.min(Payment.taken_at), func.max(Payment.taken_at))
            .where(*where).group_by(Payment.terminal_id, Payment.shift_id, Payment.channel)
            .order_by(Payment.terminal_id, Payment.shift_id)
        ).all()
        tenders = conn.execute(
            select(Payment.terminal_id, Payment.shift_id, Payment.cashier_id, PaymentTender.kind,
                   func.count(), func.sum(PaymentTender.amount_fen))
            .join(Payment, Payment.payment_uuid == PaymentTender.payment_uuid)
            .where(*where, Payment.voided.is_(False))
            .group_by(Payment.terminal_id, Payment.shift_id, Payment.cashier_id, PaymentTender.kind)
        ).all()
        cashiers = conn.execute(
            select(Payment.cashier_id, func.sum(live), func.sum(Payment.amount_fen * live),
                   func.sum(1 - live))
            .where(*where).group_by(Payment.cashier_id).order_by(Payment.cashier_id)
        ).all()
        reports = [json.loads(r[0]) for r in conn.execute(
            select(Item.payload_json).where(Item.kind == "shift_report", Item.hall_id == hall_id))]
    by_shift: dict[tuple, dict[str, int]] = defaultdict(lambda: {"cash": 0, "card": 0})
    by_tender: dict[str, dict[str, int]] = defaultdict(lambda: {"count": 0, "amount_fen": 0})
    by_cashier_tender: dict[str, dict[str, int]] = defaultdict(lambda: {"cash": 0, "card": 0})
    for terminal, shift_id, cashier, kind, count, amount in tenders:
        by_shift[(terminal, shift_id)][kind] = by_shift[(terminal, shift_id)].get(kind, 0) + int(amount)
        by_tender[kind]["count"] += int(count)
        by_tender[kind]["amount_fen"] += int(amount)
        by_cashier_tender[cashier or "-"][kind] = by_cashier_tender[cashier or "-"].get(kind, 0) + int(amount)
    counter_reports = {(r["terminal_id"], r["shift_id"]): r for r in reports
                       if r.get("business_date") == day.isoformat()}
    out_shifts = []
    for terminal, shift_id, channel, cashier, n_cashiers, count, amount, voids, first, last in shifts:
        report = counter_reports.get((terminal, shift_id))
        out_shifts.append({
            "terminal_id": terminal, "shift_id": shift_id, "channel": channel,
            "cashier_id": cashier if n_cashiers == 1 else f"{cashier} 等 {n_cashiers} 人",
            "count": int(count), "amount_fen": int(amount or 0), "void_count": int(voids),
            "cash_fen": by_shift[(terminal, shift_id)]["cash"],
            "card_fen": by_shift[(terminal, shift_id)]["card"],
            "first_at": first, "last_at": last,
            "over_short_fen": None if report is None else report.get("over_short_fen"),
            "reported_total_fen": None if report is None else report.get("payment_total_fen"),
        })
    return {
        "hall_id": hall_id, "date": day.isoformat(), "shifts": out_shifts,
        "cashiers": [{"cashier_id": c or "-", "count": int(n), "amount_fen": int(a or 0),
                      "void_count": int(v), **by_cashier_tender[c or "-"]}
                     for c, n, a, v in cashiers],
        "tenders": [{"kind": k, **v} for k, v in sorted(by_tender.items())],
        "total": {"count": sum(s["count"] for s in out_shifts),
                  "amount_fen": sum(s["amount_fen"] for s in out_shifts),
                  "void_count": sum(s["void_count"] for s in out_shifts)},
    }
