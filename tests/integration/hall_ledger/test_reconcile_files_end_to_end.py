"""From the files to the figures: `channel import` (bank-pipe with a reversal of a reversal and a
line on the day boundary; WeChat with a refund; a camt.053 statement), the ledger's own channel
bookings, then `reconcile` through the command line."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from bench.channel_fixtures import Txn, camt053, wechat
from hall_ledger.cli import main
from hall_ledger.services.channels import ingest_channel_payments
from hall_ledger.services.terminals import Principal

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "channel_files"


def book(engine, terminal: str, kind: str, items: list[tuple]) -> None:
    answers = ingest_channel_payments(engine, Principal("H001", terminal, kind), [
        {"payment_uuid": f"22222222-0000-4000-8000-{n:012d}", "account_no": a,
         "amount_fen": f, "paid_at": at, "reference": r}
        for n, (a, f, at, r) in enumerate(items, start=len(terminal))])
    assert all(x["status"] == 201 for x in answers), answers


def run(db_url, capsys, *argv) -> dict:
    assert main([*argv, "--db", db_url]) == 0
    return json.loads(capsys.readouterr().out)


def test_bank_pipe_file_reconciled_three_ways(engine, db_url, halls, capsys, tmp_path):
    # the file: B0001 ¥100, B0002 ¥80 reversed by B0003 and reinstated by B0004; B0005 on 11-30
    assert main(["channel", "import", "--db", db_url, "--channel", "icbc", "--format",
                 "bank-pipe", str(FIXTURES / "bank_pipe_boundaries_crlf.txt")]) == 0
    book(engine, "ICBC", "bank", [
        ("3301000001", 10000, "2026-12-01T10:00:00", "B0001"),  # by the bank's id
        ("3301000002", 8000, "2026-12-01T11:00:00", "BRANCH-7"),  # by 户号 + amount
        ("3301000003", 8000, "2026-12-01T00:00:05", "LATE-5"),  # the day after its line
    ])
    statement = tmp_path / "stmt.xml"
    statement.write_bytes(camt053([(date(2026, 12, 2), 18000, "SETTLE/icbc/20261201")]))
    assert main(["channel", "import", "--db", db_url, "--channel", "bank-acct", "--format",
                 "camt053", str(statement)]) == 0
    capsys.readouterr()
    day = run(db_url, capsys, "reconcile", "--date", "2026-12-01", "--channel", "icbc",
              "--json", "--now", "2026-12-02T09:00:00")
    assert day["matched"] == {"count": 2, "sum_fen": 18000}
    assert {k: v["count"] for k, v in day["exceptions"].items() if v["count"]} == {
        "ledger_only": 1}  # the 00:00:05 payment belongs to the 11-30 line: not yet matched
    [ch] = day["channels"]
    assert ch["bank"] == {"count": 1, "sum_fen": 18000} == {
        "count": 1, "sum_fen": ch["settlement_expected_fen"]}
    before = run(db_url, capsys, "reconcile", "--date", "2026-11-30", "--channel", "icbc",
                 "--json", "--now", "2026-12-02T09:00:00")
    assert before["matched"] == {"count": 1, "sum_fen": 8000}
    again = run(db_url, capsys, "reconcile", "--date", "2026-12-01", "--channel", "icbc",
                "--json", "--now", "2026-12-02T09:00:00")
    assert again["exceptions"]["ledger_only"] == {"count": 1, "sum_fen": 8000, "open": 0}


def test_wechat_refund_and_fees_settled_short(engine, db_url, halls, capsys, tmp_path):
    t = datetime(2026, 12, 1, 10, 0)
    bill = tmp_path / "wx.csv"
    bill.write_text(wechat([
        Txn(t, "4200000001", "3301000001", 12000, order_ref="22222222-0000-4000-8000-000000000006",
            fee_fen=72),
        Txn(t, "4200000002", "3301000002", 8000, order_ref="ORD-X", fee_fen=48),
        Txn(datetime(2026, 12, 1, 23, 59, 59), "5030000001", "3301000002", 8000, kind="refund",
            order_ref="ORD-X", original_txn_id="4200000002", fee_fen=-48)], bom=True),
        encoding="utf-8")
    assert main(["channel", "import", "--db", db_url, "--channel", "wechat", "--format",
                 "wechat", str(bill)]) == 0
    book(engine, "WECHAT", "online", [("3301000001", 12000, "2026-12-01T10:00:00", "4200000001")])
    stmt = tmp_path / "s.xml"
    stmt.write_bytes(camt053([(date(2026, 12, 2), 11900, "SETTLE/wechat/20261201")]))
    assert main(["channel", "import", "--db", db_url, "--channel", "bank-acct", "--format",
                 "camt053", str(stmt)]) == 0
    capsys.readouterr()
    day = run(db_url, capsys, "reconcile", "--date", "2026-12-01", "--json",
              "--now", "2026-12-02T09:00:00")
    assert day["matched"]["count"] == 1
    found = {k: (v["count"], v["sum_fen"]) for k, v in day["exceptions"].items() if v["count"]}
    # net ¥120.00 − fees ¥0.72 = ¥119.28 expected, ¥119.00 credited
    assert found == {"settlement_short": (1, 28)}
