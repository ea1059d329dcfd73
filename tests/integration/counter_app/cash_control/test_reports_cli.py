"""`counter-app report z|x|daily` as real processes: PDFs read back with pdftotext and rendered
with pdftoppm; the X slip's ESC/POS bytes decoded as the printer would print them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from counter_app.adapters.printer import render
from counter_app.services import cash_control as cc
from counter_app.services.shift_reports import report_slip
from hall_domain.receipts import ReceiptContext, slip_receipt
from hall_domain.shifts import DenominationCount
from tests.helpers.cash_fixtures import (
    SUP_PIN,
    T0,
    TERMINAL,
    drop_outbox,
    make_counter,
    pay,
    start_shift,
)
from tests.helpers.escpos_decoder import decode

AT = T0 + timedelta(hours=9)
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
                                   reason="poppler-utils not installed")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """counter-app, signed in as the supervisor through the environment (like a script would)."""
    signed_in = {**os.environ, "COUNTER_APP_USER": "2001", "COUNTER_APP_PIN": SUP_PIN}
    return subprocess.run([sys.executable, "-m", "counter_app", *args], capture_output=True,
                          text=True, timeout=120, env={**signed_in, **(env or {})})


def pdf_text(path: Path) -> str:
    r = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def render_png(pdf: Path, out_prefix: Path) -> list[Path]:
    r = subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(out_prefix)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "Error" not in r.stderr, r.stderr
    return sorted(out_prefix.parent.glob(out_prefix.name + "*.png"))


def ink_fraction(png: Path) -> float:
    """Share of non-white pixels (a page of missing glyphs is nearly blank)."""
    from PIL import Image  # reportlab's own dependency

    with Image.open(png) as img:
        gray = img.convert("L")
        histogram = gray.histogram()
    return sum(histogram[:200]) / sum(histogram)


@pytest.fixture
def closed_day(tmp_path):
    data = tmp_path / "data"
    c = make_counter(data / "counter.db")
    shift = start_shift(c)
    for i in range(1, 13):
        pay(c, i, card=10000 + i) if i % 4 == 0 else pay(c, i, cash=10000 + i, tendered=20000)
    cc.cash_in(c.cash, terminal_id=TERMINAL, user=c.cashier, amount_fen=5000, reason="补零钱",
               now=T0 + timedelta(hours=1))
    cc.cash_out(c.cash, terminal_id=TERMINAL, user=c.cashier, amount_fen=50000,
                reason="中途解款入保险柜", approver_id="2001", approver_pin=SUP_PIN,
                now=T0 + timedelta(hours=2))
    with c.store.write() as tx:
        tx.raw.execute("UPDATE payments SET status = 'void' WHERE receipt_number = 5")
    yield c, shift, data
    c.close()


def greedy(fen: int) -> DenominationCount:
    counts = {}
    for d in (10000, 5000, 2000, 1000, 500, 100, 50, 10):
        counts[d], fen = divmod(fen, d)
    assert fen == 0
    return DenominationCount(counts)


def close_it(c, shift, counted: DenominationCount, settlement: int):
    cc.begin_close(c.cash, terminal_id=TERMINAL, user=c.cashier, now=AT)
    cc.submit_blind_count(c.cash, shift_id=shift.shift_id, user=c.cashier, counted=counted,
                          bank_settlement_fen=settlement, now=AT)
    cc.supervisor_sign_off(c.cash, shift_id=shift.shift_id, supervisor_id="2001", pin=SUP_PIN,
                           now=AT, override_reason="网络中断，次日补传")
    return cc.close_shift(c.cash, shift_id=shift.shift_id, user=c.supervisor, now=AT, hall_id="H001")


def test_x_report_slip_decodes(closed_day):
    c, shift, data = closed_day
    x = cc.x_report(c.cash, shift_id=shift.shift_id, user=c.cashier, now=AT)
    ctx = ReceiptContext(hall_name="城东供电营业厅", hall_address="城东区人民路88号", cashier_name="收费员甲")
    for width, enc, cols in ((80, "gb18030", 48), (58, "gbk", 32)):
        job = render(slip_receipt(report_slip(x), ctx), width_mm=width, encoding=enc)
        d = decode(job.data, encoding=enc, columns=cols)
        assert d.errors == []
        texts = [t.replace("￥", "¥") for t in d.texts]  # GBK prints the full-width yen sign
        text = "\n".join(texts)
        assert "X 报表（班中）" in text and "城东供电营业厅" in text
        assert any("收费合计" in t and "¥1,100.73" in t for t in texts), texts
        assert any("应有现金" in t and "¥610.49" in t for t in texts), texts
        assert any("作废 1 笔" in t and "¥100.05" in t for t in texts)
        assert d.cuts
    # The command line prints the same slip and writes the bytes.
    r = run("report", "x", "--shift", str(shift.shift_id), "--data-dir", str(data),
            "--escpos", str(data / "x.bin"))
    assert r.returncode == 0, r.stderr
    assert "应有现金" in r.stdout and "¥610.49" in r.stdout
    d = decode((data / "x.bin").read_bytes(), encoding="gb18030", columns=48)
    assert d.errors == [] and "X 报表（班中）" in d.texts


def test_blind_count_blocks_reports_on_the_command_line(closed_day):
    c, shift, data = closed_day
    cc.begin_close(c.cash, terminal_id=TERMINAL, user=c.cashier, now=AT)
    r = run("report", "x", "--shift", str(shift.shift_id), "--data-dir", str(data))
    assert r.returncode == 1 and "blind count" in r.stderr and "¥" not in r.stdout


@needs_poppler
def test_z_report_and_deposit_slip_pdf(closed_day, tmp_path):
    c, shift, data = closed_day
    x = cc.x_report(c.cash, shift_id=shift.shift_id, user=c.cashier, now=AT)
    expected = x.totals.expected_cash_fen  # ¥610.49
    assert expected == 61049
    counted = greedy(61049 - 49 - 50)  # ¥609.50 in the drawer: ¥0.99 short
    z = close_it(c, shift, counted, settlement=x.totals.card.amount_fen + 100)
    assert z.figures.cash.over_short_fen == -99 and z.figures.card.over_short_fen == 100
    r = run("report", "z", "--shift", str(shift.shift_id), "--data-dir", str(data),
            "--deposit-slip", str(tmp_path / "dep.pdf"))
    assert r.returncode == 0, r.stderr
    out = data / "reports" / f"Z-{TERMINAL}-{shift.shift_id}.pdf"
    assert out.is_file() and out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    for needle in ("城东供电营业厅", "Z 报表（交班报告）", "收费汇总", "点钞明细", "钱箱存取记录",
                   "作废收据", "收费明细（12 笔）", "短款 ¥0.99", "长款 ¥1.00", "中途解款入保险柜",
                   "收费员（点钞）", "值班长（复核）", "网络中断，次日补传", "T01-00000012",
                   "收费员甲（1001）"):
        assert needle in text, needle
    assert f"¥{expected / 100:,.2f}" in text
    pages = render_png(out, tmp_path / "z")
    assert pages and all(ink_fraction(p) > 0.01 for p in pages)
    dep = pdf_text(tmp_path / "dep.pdf")
    assert "现金解款单" in dep and "人民币" in dep and "缴款人" in dep
    # ¥609.50 counted; of the ¥260.00 float, coins and small notes first, ¥209.50 fits
    # (0.5 + 4 × 1 + 5 + 2 × 100): four ¥100 notes go to the bank.
    assert "¥609.50" in dep and "人民币肆佰元整" in dep and "¥400.00" in dep and "¥209.50" in dep
    assert render_png(tmp_path / "dep.pdf", tmp_path / "dep")


def test_z_of_open_shift_is_refused(closed_day, tmp_path):
    c, shift, data = closed_day
    r = run("report", "z", "--shift", str(shift.shift_id), "--data-dir", str(data),
            "--out", str(tmp_path / "z.pdf"))
    assert r.returncode == 1 and "not closed" in r.stderr
    assert not (tmp_path / "z.pdf").exists()


@needs_poppler
def test_daily_hall_report_from_ledger(closed_day, ledger, tmp_path):
    engine, client = ledger
    c, shift, data = closed_day
    from test_reconciliation_ledger import post, wire

    with c.store.read() as tx:
        uuids = [r[0] for r in tx.raw.execute(
            "SELECT payment_uuid FROM payments WHERE status = 'ok' ORDER BY receipt_number")]
    from counter_app.services.payments import get_payment

    post(client, [wire(c, get_payment(c.store, u)) for u in uuids])
    drop_outbox(c)
    x = cc.x_report(c.cash, shift_id=shift.shift_id, user=c.cashier, now=AT)
    close_it(c, shift, greedy(x.totals.expected_cash_fen // 10000 * 10000), x.totals.card.amount_fen)
    with c.store.read() as tx:
        [item] = tx.outbox.due_outbox(now=AT, limit=5)
    assert client.post_items("shift_report", [(item.item_key, item.payload_json)])[0].acknowledged
    # The report reads the hall's day through the ledger's API (GET /v1/reports/hall-day) with
    # a token of the hall: here a second counter of H001, so the figures are the whole hall's.
    from hall_ledger.services.terminals import add_terminal

    token = add_terminal(engine, hall_id="H001", terminal_id="T02")
    r = run("report", "daily", "--ledger-url", client.base_url, "--date",
            "2026-03-20", "--hall", "H001", "--out", str(tmp_path / "daily.pdf"),
            "--data-dir", str(data), env={"COUNTER_LEDGER_TOKEN": token})
    assert r.returncode == 0, r.stderr
    text = pdf_text(tmp_path / "daily.pdf")
    (tmp_path / "daily.txt").write_text(text, encoding="utf-8")  # compared with the old report
    other_hall = run("report", "daily", "--ledger-url", client.base_url,
                     "--date", "2026-03-20", "--hall", "H002", "--out",
                     str(tmp_path / "other.pdf"), "--data-dir", str(data),
                     env={"COUNTER_LEDGER_TOKEN": token, "COUNTER_APP_LANG": "en"})
    assert other_hall.returncode == 1 and "of hall H001, not H002" in other_hall.stderr
    assert not (tmp_path / "other.pdf").exists()
    assert "营业日报" in text and "2026-03-20" in text and "按收费员" in text
    assert "1001 收费员甲" in text and "现金" in text and "银行卡" in text  # name beside id
    assert "¥1,100.73" in text  # the 11 live payments of the shift
    short = x.totals.expected_cash_fen % 10000
    assert f"短款 ¥{short / 100:,.2f}" in text
    assert render_png(tmp_path / "daily.pdf", tmp_path / "daily")
    assert str(uuid.UUID(item.item_key))
