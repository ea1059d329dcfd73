"""对账报告: PDF (read back with pdftotext, rendered with pdftoppm) and XLSX (openpyxl) of a
hall's day, and the two-person sign-off (marketing + finance), recorded."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from hall_ledger.cli import main
from hall_ledger.services.recon_report import (
    SignoffError,
    figures_digest,
    report_data,
    sign_off,
)
from hall_ledger.services.reconcile import reconcile
from hall_ledger.store.models import CollectionAction, ReconSignoff
from tests.integration.hall_ledger.test_reconcile_matching import NOW, D, day  # noqa: F401 - the fixture

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils (pdftotext) not installed")


@needs_poppler
def test_pdf_and_xlsx_read_back(engine, db_url, day, tmp_path):  # noqa: F811
    reconcile(engine, D, None, now=NOW)
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    assert main(["recon-report", "--db", db_url, "--date", D.isoformat(), "--hall", "H001",
                 "--pdf", str(pdf), "--xlsx", str(xlsx), "--now", NOW.isoformat()]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "对账报告" in text and "2026-03-20" in text and "H001" in text
    assert "wechat" in text and "渠道有账本无" in text and "结算短款" in text
    assert "¥1.00" in text  # the settlement short by ¥1.00
    assert "（未签）" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    cjk = [ln.split() for ln in fonts.splitlines()[2:] if "Helvetica" not in ln]
    assert cjk and all(f[-5] == "yes" for f in cjk)  # the CJK font is embedded
    wb = load_workbook(xlsx)
    ws = wb["对账报告"]
    assert ws["A1"].value == "对账报告 2026-03-20"
    head = [c.value for c in ws[4]]
    [row] = [[c.value for c in r] for r in ws.iter_rows(min_row=5) if r[0].value == "wechat"]
    figures = dict(zip(head, row, strict=True))
    data = report_data(engine, D, "H001", now=NOW)
    [ch] = data["channels"]
    assert figures["channel_sum_fen"] == ch["channel_file"]["sum_fen"]
    assert figures["ledger_count"] == ch["ledger"]["count"] == 5  # H001's own WeChat payments
    assert figures["matched_count"] == 5 and figures["fees_fen"] == 108
    ex = {r[0].value: [c.value for c in r] for r in wb["异常 exceptions"].iter_rows(min_row=2)}
    assert ex["channel_only"][2:4] == [2, 9234]
    assert ex["amount_differs"][2] == 0  # H002's, not in H001's report


def test_pages_render(engine, day, tmp_path):  # noqa: F811
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not installed")
    from hall_ledger.services.recon_report import write_pdf

    reconcile(engine, D, None, now=NOW)
    pdf = tmp_path / "r.pdf"
    write_pdf(report_data(engine, D, "H001", now=NOW), pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages and pages[0].stat().st_size > 5000


def test_two_person_sign_off_recorded(engine, day):  # noqa: F811
    reconcile(engine, D, None, now=NOW)
    first = sign_off(engine, D, "H001", "marketing", "m01", now=NOW)
    assert first["report_sha256"] == figures_digest(report_data(engine, D, "H001", now=NOW))
    with pytest.raises(SignoffError) as same:
        sign_off(engine, D, "H001", "finance", "m01", now=NOW)
    assert same.value.code == "recon.same_person"
    with pytest.raises(SignoffError) as twice:
        sign_off(engine, D, "H001", "marketing", "m02", now=NOW)
    assert twice.value.code == "recon.already_signed"
    sign_off(engine, D, "H001", "finance", "f01", now=NOW)
    data = report_data(engine, D, "H001", now=NOW)
    assert [(s["role"], s["person"]) for s in data["signoffs"]] == [
        ("finance", "f01"), ("marketing", "m01")]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ReconSignoff)).scalar() == 2
        assert conn.execute(select(func.count()).select_from(CollectionAction).where(
            CollectionAction.action == "recon.report_signed")).scalar() == 2
