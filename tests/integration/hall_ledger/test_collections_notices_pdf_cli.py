"""Notices as PDF (text checked with pdftotext, one page per notice, the CJK font embedded)
and the counter-ledger notices / stop-supply / reconnections commands."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from hall_ledger.cli import main
from hall_ledger.services import notices, notices_pdf
from hall_ledger.services.imports import import_bills, import_customers

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")

MORE = """account_no,name,address,phone,user_type,area
3301000010,钱七,城东区人民路10号,13800000010,residential,东1
3301000011,孙八,城东区人民路3号,13800000011,residential,东1
"""
MORE_BILLS = """account_no,period,kwh,amount,due_date
3301000010,2026-02,100,66.00,2026-03-15
3301000011,2026-02,100,77.00,2026-03-15
"""


def pdf_text(path, *args) -> str:
    return subprocess.run(["pdftotext", "-layout", *args, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines()
                    if line.startswith("Pages:")))


def test_stop_warning_pdf_says_what_the_law_asks(engine, halls, tmp_path):
    with engine.begin() as c:
        n = notices.issue_notice(c, "H001", "3301000003", "stop_warning", date(2026, 4, 20), "t")
    out = tmp_path / "td.pdf"
    out.write_bytes(notices_pdf.render([n]))
    text = pdf_text(out)
    assert pages(out) == 1
    for expected in ("停电通知书", "H001-TD-2026-000001", "3301000003", "王五商行",
                     "城东区解放路9号", "2026-02", "1,000.00", "2026-04-27", "中止供电",
                     "营业厅柜台", "银行代收", "网上缴费", "银行代扣", "《供电营业规则》",
                     "第七十七条", "送达回执"):
        assert expected in text, expected
    # non-residential: 2‰ a day; 36 days on 2026-04-20, 43 on the deadline 2026-04-27
    assert "72.00" in text and "86.00" in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    if notices_pdf.font_name() == notices_pdf.TTF_NAME:
        assert any(line.split()[-5:-3] == ["yes", "yes"] for line in fonts.splitlines()[2:]
                   if "TrueType" in line), fonts


def test_cli_issue_batch_in_walking_order_deliver_and_stop_supply(engine, db_url, halls,
                                                                  tmp_path, capsys):
    assert import_customers(engine, MORE, hall_id="H001").ok
    assert import_bills(engine, MORE_BILLS, hall_id="H001").ok
    db = ["--db", db_url]
    for account in ("3301000010", "3301000002", "3301000011", "3301000001", "3301000004"):
        assert main(["notices", "issue", *db, "--account", account, "--kind", "reminder",
                     "--as-of", "2026-04-20", "--actor", "3001"]) == 0
    out = tmp_path / "east1.pdf"
    assert main(["notices", "batch", *db, "--kind", "reminder", "--area", "东1",
                 "--out", str(out)]) == 0
    assert pages(out) == 5
    order = [pdf_text(out, "-f", str(i), "-l", str(i)) for i in range(1, 6)]
    addresses = [next(a for a in ("人民路10号", "人民路1号", "人民路2号", "人民路3号",
                                  "人民路4号") if a in page) for page in order]
    assert addresses == ["人民路1号", "人民路2号", "人民路3号", "人民路4号", "人民路10号"]
    capsys.readouterr()
    assert main(["notices", "list", *db, "--area", "东1", "--json"]) == 0
    assert '"status": "pending"' in capsys.readouterr().out
    assert main(["notices", "deliver", *db, "H001-CF-2026-000001", "--actor", "3001",
                 "--method", "in_person", "--signed-by", "钱七", "--at",
                 "2026-04-21T10:00"]) == 0
    single = tmp_path / "one.pdf"
    assert main(["notices", "pdf", *db, "H001-CF-2026-000001", "--out", str(single)]) == 0
    assert "钱七" in pdf_text(single)
    capsys.readouterr()
    # no stop-warning delivered: the request is refused, and the gates are printed
    assert main(["stop-supply", "request", *db, "--account", "3301000010", "--planned-at",
                 "2099-05-01T10:00", "--actor", "2001"]) == 1
    err = capsys.readouterr().err
    assert "collections.stop_supply.gates" in err and "[NO] notice_window" in err
    assert main(["stop-supply", "list", *db]) == 0
    assert "0 request(s)" in capsys.readouterr().out
    assert main(["reconnections", "list", *db, "--open"]) == 0
    assert "0 task(s)" in capsys.readouterr().out
    assert main(["notices", "settings", *db, "--window", "2-5", "--actor", "9001"]) == 0
    assert '"notice_window_min_days": 2' in capsys.readouterr().out
