"""`counter-ledger arrears` and `counter-ledger recovery` on SQLite and PostgreSQL: the text
table, --json, and the CSV / XLSX / PDF files read back (the PDF through pdftotext)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from hall_ledger.cli import main

AS_OF = "2026-04-04"


@pytest.fixture
def db(db_url, engine, halls) -> tuple[str, str]:
    return ("--db", db_url)


def _json(capsys, *argv) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_arrears_json_text_and_filters(db, capsys):
    body = _json(capsys, "arrears", *db, "--as-of", AS_OF, "--json")
    assert set(body) == {"as_of", "accounts", "totals"}
    accounts = [a["account_no"] for a in body["accounts"]]
    assert accounts == ["3301000001", "3301000002", "3301000003", "3301000004", "4401000001"]
    assert {h["hall_id"] for h in body["totals"]["by_hall"]} == {"H001", "H002"}
    one = _json(capsys, "arrears", *db, "--as-of", AS_OF, "--hall", "H001", "--area", "东2",
                "--json")
    assert [a["account_no"] for a in one["accounts"]] == ["3301000003"]
    custom = _json(capsys, "arrears", *db, "--as-of", AS_OF, "--buckets", "20,40", "--json")
    assert [b["bucket"] for b in custom["totals"]["by_bucket"]] == ["1-20", "21-40", ">40"]
    assert main(["arrears", *db, "--as-of", AS_OF, "--hall", "H001"]) == 0
    text = capsys.readouterr().out
    assert "欠费清单 Arrears as of 2026-04-04" in text and "3301000003" in text
    assert "4401000001" not in text
    total = body["totals"]["all"]["total_fen"]
    h1 = sum(a["total_fen"] for a in body["accounts"] if a["hall_id"] == "H001")
    assert f"{h1 // 100:,}.{h1 % 100:02d}" in text and total > h1
    assert "31-60" in text and "东1" in text


def test_arrears_refusals(db, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    assert main(["arrears", *db, "--as-of", AS_OF, "--out", str(out / "a.txt")]) == 1
    assert "--out must end in .csv, .xlsx or .pdf" in capsys.readouterr().err
    assert main(["arrears", *db, "--as-of", "1990-01-01"]) == 1
    assert "no late-fee rule" in capsys.readouterr().err
    assert main(["arrears", *db, "--bucket", "1-31"]) == 1
    assert "unknown bucket" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["arrears", *db, "--buckets", "60,30"])
    assert "must rise" in capsys.readouterr().err
    assert not list(out.iterdir())


def test_arrears_csv_and_xlsx_read_back(db, tmp_path, capsys):
    body = _json(capsys, "arrears", *db, "--as-of", AS_OF, "--json")
    by_account = {a["account_no"]: a for a in body["accounts"]}
    assert main(["arrears", *db, "--as-of", AS_OF, "--out", str(tmp_path / "a.csv")]) == 0
    with (tmp_path / "a.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    assert head[:3] == ["户号", "户名", "用户类型"]
    for r in rows[1:6]:
        a = by_account[r[0]]
        assert Decimal(r[head.index("合计")]) * 100 == a["total_fen"]
        assert Decimal(r[head.index("违约金")]) * 100 == a["late_fee_fen"]
        assert int(r[head.index("逾期天数")]) == a["overdue_days"]
    assert ["按账龄 By overdue days"] in rows
    assert main(["arrears", *db, "--as-of", AS_OF, "--out", str(tmp_path / "a.xlsx")]) == 0
    wb = load_workbook(tmp_path / "a.xlsx")
    assert wb.sheetnames[:2] == ["欠费明细", "按账龄"]
    ws = wb["欠费明细"]
    table = list(ws.iter_rows(min_row=2, values_only=True))
    head = list(table[0])
    got = {r[0]: r for r in table[1:] if r[0]}
    assert set(got) == set(by_account)
    for acc, r in got.items():
        assert Decimal(str(r[head.index("合计")])) * 100 == by_account[acc]["total_fen"]
    assert ws.cell(row=3, column=head.index("合计") + 1).number_format == "#,##0.00"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) missing")
def test_arrears_and_recovery_pdf_text(db, tmp_path, capsys):
    body = _json(capsys, "arrears", *db, "--as-of", AS_OF, "--json")
    assert main(["arrears", *db, "--as-of", AS_OF, "--out", str(tmp_path / "a.pdf")]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "a.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "欠费清单 Arrears as of 2026-04-04" in text
    # (赵𠮷: the 𠮷 of CJK extension B is not in the embeddable wqy font; docs say so)
    assert "王五商行" in text and "赵" in text
    for a in body["accounts"]:
        assert a["account_no"] in text
        t = a["total_fen"]
        assert f"{t // 100:,}.{t % 100:02d}" in text
    fonts = subprocess.run(["pdffonts", str(tmp_path / "a.pdf")], capture_output=True,
                           text=True, check=True).stdout
    cjk = [ln for ln in fonts.splitlines() if "ZenHei" in ln or "Hei" in ln or "Song" in ln]
    assert cjk and all(ln.split()[-5] == "yes" for ln in cjk), fonts  # "emb" column: embedded
    assert main(["recovery", *db, "--from", "2026-01", "--to", "2026-02",
                 "--out", str(tmp_path / "r.pdf")]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "电费回收率" in text and "2026-02" in text and "欠费大户" in text


def test_recovery_json_and_text(db, capsys):
    body = _json(capsys, "recovery", *db, "--from", "2026-01", "--to", "2026-02", "--json")
    assert [p["period"] for p in body["periods"]] == ["2026-01", "2026-02"]
    assert body["periods"][1]["billed_fen"] == 5000 + 8000 + 100000 + 3000 + 6000
    assert {h["hall_id"] for h in body["by_hall"]} == {"H001", "H002"}
    assert body["top_debtors"][0]["account_no"] == "3301000003"
    h2 = _json(capsys, "recovery", *db, "--from", "2026-01", "--to", "2026-02", "--hall", "H002",
               "--json")
    assert h2["all"]["billed_fen"] == 6000
    assert main(["recovery", *db, "--from", "2026-01", "--to", "2026-02"]) == 0
    text = capsys.readouterr().out
    assert "按月 Monthly trend" in text and "0.00%" in text
    assert main(["recovery", *db, "--from", "2026-03", "--to", "2026-01"]) == 1
    assert "ends before it starts" in capsys.readouterr().err
