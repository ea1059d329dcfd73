"""What a Chinese customer or supervisor takes away carries no English: the receipt and the X
slip as decoded printer bytes, the Z report and the deposit slip as pdftotext reads them.

The 作废 VOID / 重打 REPRINT banners of voided and reprinted receipts are deliberately bilingual
anti-fraud marks and are not checked here."""

from __future__ import annotations

import pytest
from test_reports_cli import AT, close_it, closed_day, greedy, needs_poppler, pdf_text, run  # noqa: F401

from counter_app.adapters.printer import render
from counter_app.adapters.printer.samples import sample_receipt
from counter_app.services import cash_control as cc
from counter_app.services.shift_reports import report_slip
from hall_domain.receipts import ReceiptContext, slip_receipt
from tests.helpers.english import english_words
from tests.helpers.escpos_decoder import decode

CTX = ReceiptContext(hall_name="城东供电营业厅", hall_address="城东区人民路88号", cashier_name="收费员甲")


def english_lines(texts) -> dict[str, list[str]]:
    return {t: words for t in texts if (words := english_words(t))}


@pytest.mark.parametrize(("width", "encoding", "columns"), [(80, "gb18030", 48), (58, "gbk", 32)])
def test_receipt_and_x_slip_bytes_carry_no_english(closed_day, width, encoding, columns):  # noqa: F811
    c, shift, _data = closed_day
    receipt = decode(render(sample_receipt(), width_mm=width, encoding=encoding).data,
                     encoding=encoding, columns=columns)
    assert receipt.errors == [] and english_lines(receipt.texts) == {}
    cc.cash_in(c.cash, terminal_id="T01", user=c.cashier, amount_fen=100, reason="补零钱", now=AT)
    x = cc.x_report(c.cash, shift_id=shift.shift_id, user=c.cashier, now=AT)
    slip = decode(render(slip_receipt(report_slip(x), CTX), width_mm=width, encoding=encoding).data,
                  encoding=encoding, columns=columns)
    assert slip.errors == [] and english_lines(slip.texts) == {}
    assert any("存入" in t for t in slip.texts) and any("取出" in t for t in slip.texts)


@needs_poppler
def test_z_report_and_deposit_slip_pdfs_carry_no_english(closed_day, tmp_path):  # noqa: F811
    c, shift, data = closed_day
    x = cc.x_report(c.cash, shift_id=shift.shift_id, user=c.cashier, now=AT)
    close_it(c, shift, greedy(x.totals.expected_cash_fen // 10 * 10), x.totals.card.amount_fen)
    out, dep = tmp_path / "z.pdf", tmp_path / "dep.pdf"
    r = run("report", "z", "--shift", str(shift.shift_id), "--data-dir", str(data), "--out",
            str(out), "--deposit-slip", str(dep))
    assert r.returncode == 0, r.stderr
    z_text = pdf_text(out)
    assert "存入" in z_text and "取出" in z_text
    assert english_lines(z_text.splitlines()) == {}
    assert english_lines(pdf_text(dep).splitlines()) == {}
