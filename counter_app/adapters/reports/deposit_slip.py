"""The deposit slip (解款单): the shift's cash going to the bank, by denomination, with the
amount in capital numerals, for the cashier, the supervisor and the bank clerk to sign."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from counter_app.services.ports import ShiftReport
from hall_domain.chinese_numerals import amount_in_words_rmb
from hall_domain.errors import ShiftError
from hall_domain.shift_totals import deposit_breakdown
from hall_domain.shifts import DENOMINATIONS_FEN

from .common import gap, grid, money, para, signature_block, styles


def deposit_slip_pdf(report: ShiftReport, *, hall_name: str, keep_float_fen: int | None = None,
                     out: Path | None = None) -> bytes:
    """Deposit the counted cash less the float kept for the next shift (default: this
    shift's opening float, kept in small notes and coins)."""
    if report.figures is None or report.close is None:
        raise ShiftError("A deposit slip needs the shift's counted cash (close the shift first).",
                         code="shift.not_counted")
    keep = report.totals.opening_float_fen if keep_float_fen is None else keep_float_fen
    deposit = deposit_breakdown(report.figures.counted, keep_float_fen=keep)
    st = styles()
    s, close = report.shift, report.close
    rows = [["券别", "张 / 枚", "金额"]]
    for d in DENOMINATIONS_FEN:
        n = deposit.counts.get(d, 0)
        if n:
            rows.append([f"{d / 100:g} 元", str(n), money(d * n)])
    rows.append(["合计", str(sum(deposit.counts.values())), money(deposit.total_fen)])
    story = [
        para(f"{hall_name} 现金解款单", st["title"]), gap(2),
        grid([
            ["缴款单位", hall_name, "日期", report.business_date.isoformat()],
            ["款项来源", f"电费收入（终端 {s.terminal_id} 班次 {s.shift_id}）", "缴款人",
             close.counted_by or ""],
            ["金额（大写）", amount_in_words_rmb(deposit.total_fen), "金额（小写）",
             money(deposit.total_fen)],
            ["实点现金", money(report.figures.cash.counted_fen), "留存备用金",
             money(report.figures.cash.counted_fen - deposit.total_fen)],
        ], [24, 80, 24, 50], header=False, font_size=9.5),
        gap(3), grid(rows, [60, 50, 68], right=(1, 2), bold_last=True), gap(4),
        signature_block(["缴款人", "复核人", "银行经办"], st),
    ]
    buf = BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A5), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=10 * mm, bottomMargin=10 * mm,
                            title=f"解款单 {s.terminal_id}-{s.shift_id}", author="Hall Counter")
    doc.build(story)
    data = buf.getvalue()
    if out is not None:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_bytes(data)
    return data
