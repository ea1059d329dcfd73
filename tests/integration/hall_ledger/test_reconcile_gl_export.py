"""`counter-ledger gl export`: the day's entries by hall and account, debits = credits to the
fen, and the same figures derived independently from the journal with SQL aggregates."""

from __future__ import annotations

import csv
from collections import defaultdict

from sqlalchemy import func, select

from hall_ledger.cli import main
from hall_ledger.services.channels import ingest_channel_payments
from hall_ledger.services.gl_export import gl_rows, unbalanced_halls
from hall_ledger.services.ingest import ingest_payments
from hall_ledger.services.items import ingest_items
from hall_ledger.services.terminals import Principal
from hall_ledger.store.db import utcnow
from hall_ledger.store.models import JournalEntry, Payment, PaymentTender
from tests.helpers.ledger import card, payment

H1_T01 = Principal("H001", "T01", "counter")
H2_T01 = Principal("H002", "T01", "counter")


def _day_of_business(engine):
    """Payments, a channel payment, a card payment, a void and a refund, all on today."""
    today = utcnow().date()
    d = today.isoformat()
    cash = payment("3301000002", amount_fen=8000, business_date=d, receipt_number=1)
    # ¥120.00 + ¥50.00 of 3301000001 and ¥10.00 of credit, by card
    two = payment("3301000001", amount_fen=18000, business_date=d, receipt_number=2,
                  tenders=[card(18000)], allocations=[
                      {"bill_id": 1, "period": "2026-01", "late_fee_fen": 150,
                       "principal_fen": 12000, "late_fee_assessed_fen": 150},
                      {"bill_id": 2, "period": "2026-02", "late_fee_fen": 0,
                       "principal_fen": 5000, "late_fee_assessed_fen": 0}], credit_fen=850)
    voided = payment("3301000003", amount_fen=30000, business_date=d, receipt_number=3,
                     allocations=[{"bill_id": 4, "period": "2026-02", "late_fee_fen": 0,
                                   "principal_fen": 30000, "late_fee_assessed_fen": 0}])
    other_hall = payment("4401000001", amount_fen=6000, business_date=d, receipt_number=1)
    for principal, items in ((H1_T01, [cash, two, voided]), (H2_T01, [other_hall])):
        answers = ingest_payments(engine, principal, items)
        assert all(a["status"] in (200, 201) for a in answers), answers
    [ch] = ingest_channel_payments(engine, Principal("H001", "WECHAT", "online"), [{
        "payment_uuid": "5b0e0d3c-0000-4000-8000-000000000001", "account_no": "3301000004",
        "amount_fen": 4000, "paid_at": f"{d}T09:00:00", "reference": "4200000001"}])
    assert ch["status"] == 201, ch
    [v] = ingest_items(engine, H1_T01, "void", [{"item_key": "void-1", "payload": {
        "payment_uuid": voided["payment_uuid"], "terminal_id": "T01",
        "account_no": "3301000003", "receipt_number": 3, "shift_id": 1, "cashier_id": "1001",
        "approved_by": "2001", "reason": "收错户号", "voided_at": f"{d}T10:20:00",
        "business_date": d}}])
    assert v["status"] in (200, 201), v
    [r] = ingest_items(engine, H1_T01, "refund", [{"item_key": "6c0e0d3c-0000-4000-8000-000000000f01", "payload": {
        "refund_id": "6c0e0d3c-0000-4000-8000-000000000f01", "payment_uuid": two["payment_uuid"], "terminal_id": "T01",
        "account_no": "3301000001", "amount_fen": 500, "receipt_number": 7, "shift_id": 1,
        "cashier_id": "1001", "approved_by": "2001", "reason": "退预存",
        "refunded_at": f"{d}T11:00:00", "business_date": d}}])
    assert r["status"] in (200, 201), r
    return today


def independent_net(engine, day) -> dict[tuple[str, str], int]:
    """debit − credit per (hall, account), from SQL aggregates over the journal and tenders."""
    net: dict[tuple[str, str], int] = defaultdict(int)
    j, p, t = JournalEntry, Payment, PaymentTender
    todays = select(p.payment_uuid).where(p.business_date == day)
    with engine.connect() as conn:
        for hall, kind, term, amount in conn.execute(
                select(p.hall_id, t.kind, p.terminal_id, func.sum(t.amount_fen))
                .join(t, t.payment_uuid == p.payment_uuid).where(p.business_date == day)
                .group_by(p.hall_id, t.kind, p.terminal_id)):
            account = "cash" if kind == "cash" else (
                f"bank:{term.lower()}" if kind in ("bank", "online") else f"bank:{kind}")
            net[(hall, account)] += int(amount)
        for hall, principal, fee, credit in conn.execute(
                select(j.hall_id, func.sum(j.principal_fen), func.sum(j.late_fee_fen),
                       func.sum(j.credit_fen))
                .where(j.kind.in_(("payment", "bill_payment")), j.ref.in_(todays))
                .group_by(j.hall_id)):
            net[(hall, "receivable")] -= int(principal)
            net[(hall, "late_fee_income")] -= int(fee)
            net[(hall, "prepaid_credit")] -= int(credit)
        # today's voids: everything the payment booked comes back out of its (cash) tender
        for hall, principal, fee, credit in conn.execute(
                select(j.hall_id, func.sum(j.principal_fen), func.sum(j.late_fee_fen),
                       func.sum(j.credit_fen)).where(j.kind == "reversal").group_by(j.hall_id)):
            net[(hall, "receivable")] -= int(principal)
            net[(hall, "late_fee_income")] -= int(fee)
            net[(hall, "prepaid_credit")] -= int(credit)
            net[(hall, "cash")] += int(principal) + int(fee) + int(credit)
        for hall, amount, credit in conn.execute(
                select(j.hall_id, func.sum(j.amount_fen), func.sum(j.credit_fen))
                .where(j.kind == "refund").group_by(j.hall_id)):
            net[(hall, "prepaid_credit")] -= int(credit)
            net[(hall, "suspense")] += int(amount) + int(credit)
            net[(hall, "cash")] -= int(amount)
    return {k: v for k, v in net.items() if v}


def test_gl_export_balances_by_hall_and_agrees_with_the_journal(engine, halls):
    day = _day_of_business(engine)
    rows = gl_rows(engine, day)
    assert unbalanced_halls(rows) == {}
    assert {r["hall_id"] for r in rows} == {"H001", "H002"}
    mine = defaultdict(int)
    for r in rows:
        mine[(r["hall_id"], r["account"])] += r["debit_fen"] - r["credit_fen"]
    assert {k: v for k, v in mine.items() if v} == independent_net(engine, day)
    # the figures themselves, worked by hand: H001 took ¥80 cash + ¥180 card + ¥40 WeChat
    # (+¥300 cash voided), refunded ¥5.00 of credit in cash
    assert mine[("H001", "cash")] == 8000 - 500
    assert mine[("H001", "bank:card")] == 18000
    assert mine[("H001", "bank:wechat")] == 4000
    # the card payment's ¥1.50 late fee and the WeChat payment's own (the ledger assesses it)
    assert mine[("H001", "late_fee_income")] < -150
    assert mine[("H002", "cash")] == 6000
    by_hall = defaultdict(lambda: [0, 0])
    for r in rows:
        by_hall[r["hall_id"]][0] += r["debit_fen"]
        by_hall[r["hall_id"]][1] += r["credit_fen"]
    assert by_hall["H002"] == [6000, 6000]


def test_gl_export_command_writes_a_csv_finance_can_read(engine, db_url, halls, tmp_path, capsys):
    day = _day_of_business(engine)
    out = tmp_path / "gl.csv"
    assert main(["gl", "export", "--db", db_url, "--date", day.isoformat(),
                 "--out", str(out)]) == 0
    assert "debits = credits" in capsys.readouterr().out
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sum(int(r["debit_fen"]) for r in rows) == sum(int(r["credit_fen"]) for r in rows) > 0
    cash = next(r for r in rows if r["hall_id"] == "H002" and r["account"] == "cash")
    assert (cash["account_code"], cash["account_name"], cash["debit"]) == (
        "1001", "库存现金", "60.00")
    assert any(r["account_name"] == "银行存款-wechat" for r in rows)


def test_a_day_without_business_exports_no_lines(engine, halls, db_url, tmp_path):
    out = tmp_path / "gl.csv"
    assert main(["gl", "export", "--db", db_url, "--date", "2001-01-01", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8-sig").strip().splitlines() == [
        "date,hall_id,account,account_code,account_name,debit_fen,credit_fen,debit,credit"]
