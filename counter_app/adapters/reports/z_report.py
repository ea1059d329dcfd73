"""The Z report (交班报告) of a closed shift as a PDF: tenders, drawer, denominations, card
settlement, drawer movements, voids, every payment, over/short and the signature lines."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate

from counter_app.services.ports import ShiftReport
from hall_domain.shift_totals import over_short_text
from hall_domain.shifts import DENOMINATIONS_FEN

from .common import gap, grid, money, page_footer, para, signature_block, styles

_KIND = {"in": "存入", "out": "取出"}


def _dt(value) -> str:
    return "" if value is None else f"{value:%Y-%m-%d %H:%M}"


def z_report_story(report: ShiftReport, *, hall_name: str, names: dict[str, str] | None = None):
    st = styles()
    names = {**report.names, **(names or {})}

    def who(user_id: str | None) -> str:
        if not user_id:
            return ""
        return f"{names[user_id]}（{user_id}）" if user_id in names else user_id

    def short(user_id: str | None) -> str:
        """Table columns: the id, then the name."""
        if not user_id:
            return ""
        return f"{user_id} {names[user_id]}" if user_id in names else user_id

    s, t, close, f = report.shift, report.totals, report.close, report.figures
    title = "Z 报表（交班报告）" if report.kind == "Z" else "X 报表（班中报告）"
    story = [para(hall_name, st["title"]), para(title, st["subtitle"]), gap(4)]
    story.append(grid([
        ["终端", s.terminal_id, "班次", str(s.shift_id)],
        ["开班", f"{who(s.opened_by)} {_dt(s.opened_at)}", "交班",
         f"{who(close.closed_by) if close else ''} {_dt(close.closed_at) if close else ''}"],
        ["营业日期", report.business_date.isoformat(), "打印时间", _dt(report.generated_at)],
        ["收据号", f"{t.first_receipt_number or '-'} 至 {t.last_receipt_number or '-'}",
         "补打 / 开钱箱", f"{report.reprints} 次 / {report.drawer_openings} 次"],
    ], [22, 63, 25, 63], header=False))

    story += [para("一、收费汇总（按支付方式）", st["h2"]), grid([
        ["支付方式", "笔数", "金额"],
        ["现金", str(t.cash.count), money(t.cash.amount_fen)],
        ["银行卡", str(t.card.count), money(t.card.amount_fen)],
        ["合计（笔数为收费笔数）", str(t.payment_count), money(t.payment_total_fen)],
        ["作废（不计入合计）", str(t.void_count), money(t.void_total_fen)],
    ], [83, 35, 55], right=(1, 2))]

    cash_rows = [
        ["项目", "金额"],
        ["开班备用金", money(t.opening_float_fen)],
        ["现金实收（含找零前）", money(t.cash_tendered_fen)],
        ["找零（应找）", money(-(t.change_fen + t.change_rounding_fen))],
        ["找零舍入留存（应找减实找）", money(t.change_rounding_fen)],
        ["存入", money(t.cash_in_fen)],
        ["取出", money(-t.cash_out_fen)],
        [f"退预存（{t.refund_count} 笔）", money(-t.refund_fen)],
        ["应有现金", money(t.expected_cash_fen)],
    ]
    if f is not None:
        cash_rows += [["实点现金", money(f.cash.counted_fen)],
                      ["现金长短款", over_short_text(f.cash.over_short_fen)]]
    story += [para("二、钱箱现金与长短款", st["h2"]), grid(cash_rows, [118, 55], right=(1,))]

    if f is not None:
        story += [para("三、银行卡核对（POS 结算单）", st["h2"]), grid([
            ["项目", "金额"],
            ["系统银行卡合计", money(f.card.expected_fen)],
            ["POS 机结算总额（手工录入）", money(f.card.counted_fen)],
            ["差额", over_short_text(f.card.over_short_fen)],
        ], [118, 55], right=(1,))]
        denom_rows = [["面额", "张 / 枚", "金额"]]
        for d in DENOMINATIONS_FEN:
            n = f.counted.counts.get(d, 0)
            denom_rows.append([f"{d / 100:g} 元", str(n), money(d * n)])
        denom_rows.append(["合计", str(sum(f.counted.counts.values())), money(f.counted.total_fen)])
        story += [para("四、点钞明细（盲点）", st["h2"]),
                  grid(denom_rows, [58, 50, 65], right=(1, 2), bold_last=True)]

    move_rows = [["时间", "类型", "金额", "原因", "经办", "审批"]]
    for m in report.movements:
        move_rows.append([f"{m.created_at:%H:%M}", _KIND[m.kind.value], money(m.amount_fen),
                          m.reason, short(m.created_by), short(m.approved_by)])
    if len(move_rows) == 1:
        move_rows.append(["", "无", "", "", "", ""])
    story += [para("五、钱箱存取记录", st["h2"]),
              grid(move_rows, [16, 12, 26, 57, 31, 31], right=(2,))]

    voids = [p for p in report.payments if p.voided]
    void_rows = [["收据号", "时间", "户号", "收费员", "金额"]]
    void_rows += [[p.receipt_no, f"{p.taken_at:%H:%M}", p.account_no, short(p.cashier_id),
                   money(p.amount_fen)] for p in voids] or [["无", "", "", "", ""]]
    story += [para("六、作废收据", st["h2"]), grid(void_rows, [36, 18, 36, 43, 40], right=(4,))]

    pay_rows = [["收据号", "时间", "户号", "收费员", "现金", "银行卡", "合计", "状态"]]
    for p in report.payments:
        pay_rows.append([p.receipt_no, f"{p.taken_at:%H:%M:%S}", p.account_no, short(p.cashier_id),
                         money(p.cash_fen) if p.cash_fen else "", money(p.card_fen) if p.card_fen else "",
                         money(p.amount_fen), "作废" if p.voided else ""])
    story += [para(f"七、收费明细（{len(report.payments)} 笔）", st["h2"]),
              grid(pay_rows, [26, 16, 23, 28, 24, 24, 24, 8], right=(4, 5, 6), font_size=8,
                   long=True, zebra=True)]

    if close is not None and close.override_reason:
        story += [gap(3), para(f"未上传即交班：{close.unsent_at_sign_off} 笔收费尚未送达中心账务，"
                               f"值班长 {who(close.override_by)} 放行，原因：{close.override_reason}",
                               st["body"])]
    signatures = [gap(8), signature_block(["收费员（点钞）", "值班长（复核）", "交接人"], st)]
    if close is not None:
        signatures += [gap(3)]
        signatures.append(para(f"点钞：{who(close.counted_by)}　复核：{who(close.signed_off_by)}　"
                               f"交班：{who(close.closed_by)}", st["small"]))
    story.append(KeepTogether(signatures))  # never split the signature lines over two pages
    return story


def z_report_pdf(report: ShiftReport, *, hall_name: str, out: Path | None = None,
                 names: dict[str, str] | None = None) -> bytes:
    """Build the PDF; write it to `out` when given; return its bytes."""
    buf = BytesIO()
    label = f"{hall_name}  {report.shift.terminal_id} 班次 {report.shift.shift_id}  {report.kind} 报表"
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=15 * mm, bottomMargin=18 * mm, title=label,
                            author="Hall Counter")
    footer = page_footer(label)
    doc.build(z_report_story(report, hall_name=hall_name, names=names), onFirstPage=footer,
              onLaterPages=footer)
    data = buf.getvalue()
    if out is not None:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(out)
    return data
