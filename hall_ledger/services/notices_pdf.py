"""Notices as PDF (reportlab): A4, one notice per page, a CJK TrueType font embedded (subset).

The font is the first of $HALL_LEDGER_PDF_FONT and the usual system CJK TrueType fonts that
reportlab can read (WenQuanYi, Droid Sans Fallback, SimHei/SimSun on Windows). The ledger does
not import the counter (tools/check_layers.py), so it finds its own font; without any, it falls
back to the Adobe CID font STSong-Light, which is not embedded (every PDF reader substitutes it).
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from . import pdf_font
from .notices import _yuan

TTF_NAME = pdf_font.TTF_NAME


def font_name() -> str:
    return pdf_font.cjk_font()


def _styles() -> dict[str, ParagraphStyle]:
    f = font_name()
    return {
        "title": ParagraphStyle("t", fontName=f, fontSize=20, leading=28, alignment=TA_CENTER),
        "no": ParagraphStyle("n", fontName=f, fontSize=9, leading=12, alignment=TA_CENTER),
        "body": ParagraphStyle("b", fontName=f, fontSize=10.5, leading=16),
        "strong": ParagraphStyle("s", fontName=f, fontSize=12, leading=18),
        "small": ParagraphStyle("m", fontName=f, fontSize=8.5, leading=12),
    }


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(rows: list[list[str]], widths: list[float], *, right: tuple[int, ...] = ()) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1)
    style = [("FONTNAME", (0, 0), (-1, -1), font_name()), ("FONTSIZE", (0, 0), (-1, -1), 9.5),
             ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    style += [("ALIGN", (c, 1), (c, -1), "RIGHT") for c in right]
    t.setStyle(TableStyle(style))
    return t


def _page(n: dict[str, Any], s: dict[str, ParagraphStyle]) -> list:
    out: list = [Paragraph(_esc(n["hall_name"]), s["no"]), Paragraph(n["title"], s["title"]),
                 Paragraph(f"编号：{n['notice_no']}", s["no"]), Spacer(1, 5 * mm)]
    info = [["户号", n["account_no"], "户名", n["name"]],
            ["地址", n["address"], "台区", n["area"]]]
    t = Table([[Paragraph(_esc(c), s["body"]) for c in row] for row in info],
              colWidths=[16 * mm, 78 * mm, 16 * mm, 60 * mm])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                           ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eeeeee")),
                           ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#eeeeee"))]))
    out += [t, Spacer(1, 4 * mm)]
    lead = ("截至{d}，您户尚有以下电费未缴清。请于 {dl} 前缴清电费及违约金。" if n["kind"] == "reminder"
            else "截至{d}，您户拖欠电费，经通知催交仍未缴清。请于 {dl} 前缴清；逾期未缴，"
                 "本单位将依法自 {dl} 起对您户中止供电。")
    out.append(Paragraph(_esc(f"尊敬的 {n['name']}：") , s["strong"]))
    out.append(Paragraph(_esc(lead.format(d=n["issued_on"], dl=n.get("planned_stop_on",
                                                                     n["deadline"]))), s["body"]))
    out.append(Spacer(1, 3 * mm))
    rows = [["欠费月份", "到期日", "逾期天数", "欠费本金（元）", f"违约金（元）\n截至{n['issued_on']}",
             f"违约金（元）\n截至{n['deadline']}"]]
    for p in n["periods"]:
        rows.append([p["period"], p["due_date"], str(p["days_overdue"]),
                     _yuan(p["principal_fen"]), _yuan(p["late_fee_fen"]),
                     _yuan(p["late_fee_deadline_fen"])])
    rows.append(["合计", "", "", _yuan(n["principal_fen"]), _yuan(n["late_fee_fen"]),
                 _yuan(n["late_fee_deadline_fen"])])
    out += [_table(rows, [22 * mm, 26 * mm, 18 * mm, 32 * mm, 36 * mm, 36 * mm],
                   right=(2, 3, 4, 5)), Spacer(1, 3 * mm)]
    out.append(Paragraph(_esc(
        f"应缴合计：截至{n['issued_on']} {_yuan(n['total_fen'])} 元；"
        f"截至{n['deadline']} {_yuan(n['total_deadline_fen'])} 元"
        f"（违约金按{n['late_fee_rate']}计收，缴费越早违约金越少）。"), s["strong"]))
    out += [Spacer(1, 3 * mm), Paragraph("缴费方式：", s["body"])]
    out += [Paragraph(_esc(f"· {w}"), s["body"]) for w in n["pay_ways"]]
    out += [Spacer(1, 3 * mm), Paragraph("依据：" + _esc(n["legal"]["title"]), s["small"])]
    out += [Paragraph(_esc(f"{a['article']}：{a['text']}"), s["small"])
            for a in n["legal"]["articles"]]
    contact = n["hall_name"] + (f"　联系电话：{n['hall_phone']}" if n.get("hall_phone") else "")
    out += [Spacer(1, 4 * mm), Paragraph(_esc(contact), s["body"]),
            Paragraph(f"开具日期：{n['issued_on']}", s["body"]), Spacer(1, 8 * mm)]
    receipt = Table([[Paragraph("送达回执", s["strong"]), "", "", ""],
                     [Paragraph("编号", s["body"]), Paragraph(n["notice_no"], s["body"]),
                      Paragraph("户号", s["body"]), Paragraph(n["account_no"], s["body"])],
                     [Paragraph("送达方式", s["body"]),
                      Paragraph("□当面签收 □邮寄 □留置 □拒收", s["body"]),
                      Paragraph("送达人", s["body"]), ""],
                     [Paragraph("签收人", s["body"]), "", Paragraph("日期", s["body"]), ""]],
                    colWidths=[22 * mm, 78 * mm, 20 * mm, 50 * mm], rowHeights=[None, 9 * mm,
                                                                                 9 * mm, 12 * mm])
    receipt.setStyle(TableStyle([("GRID", (0, 1), (-1, -1), 0.5, colors.black),
                                 ("SPAN", (0, 0), (-1, 0)), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                 ("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.grey, None, (2, 2))]))
    out.append(receipt)
    return out


def render(notices: list[dict[str, Any]]) -> bytes:
    """One A4 page per notice, in the order given (a batch: walking order)."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=16 * mm, bottomMargin=14 * mm,
                            title="电费通知", author="Hall Counter ledger")
    s = _styles()
    story: list = []
    for i, n in enumerate(notices):
        if i:
            story.append(PageBreak())
        story += _page(n, s)
    doc.build(story)
    return buf.getvalue()
