"""The arrears list and the recovery report for people: a text table, CSV, XLSX (openpyxl) and
PDF (reportlab, with an embedded CJK TrueType font).

Both reports become a list of `Section`s (title, column headings, rows of cells), and each
format writes sections; amounts stay integer fen until a writer shows them as yuan (XLSX gets
exact `Decimal` yuan, never a float).
"""

from __future__ import annotations

import csv
import os
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from hall_domain.money import fen_to_plain, format_fen


class Money(int):
    """An amount in fen inside a section's row (so writers can show it as yuan)."""


@dataclass
class Section:
    title: str
    headings: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""

    def numeric(self, col: int) -> bool:
        return any((isinstance(r[col], int) and not isinstance(r[col], bool))
                   or (isinstance(r[col], str) and r[col].endswith("%")) for r in self.rows)


USER_TYPE = {"residential": "居民", "other": "非居民"}
CUSTOMER_CLASS = {"residential": "居民", "non_residential": "非居民", "important": "重要用户"}
PHONE_STATUS = {"ok": "有效", "unverified": "待核实", "vacant": "空号", "invalid": "无效",
                "none": "无", "unknown": "未知"}


def _yes(v) -> str:
    return "是" if v else ""


def _obj(v) -> str:
    if not v:
        return ""
    if isinstance(v, dict):
        return "；".join(f"{k}={x}" for k, x in v.items() if x not in (None, ""))
    return str(v)


def arrears_sections(report: dict, *, by_hall: bool = False) -> list[Section]:
    accounts = Section("欠费明细 Arrears by account", [
        "户号", "户名", "用户类型", "台区", "电话", "电话状态", "最早到期日", "逾期天数", "账龄",
        "欠费笔数", "欠费本金", "违约金", "合计", "当年欠费", "往年欠费", "催费级别", "暂停催费",
        "承诺/分期", "屡欠户"])
    for a in report["accounts"]:
        accounts.rows.append([
            a["account_no"], a["name"], USER_TYPE.get(a["user_type"], a["user_type"]), a["area"],
            a["phone"] or "", PHONE_STATUS.get(a["phone_status"], a["phone_status"]),
            a["oldest_due_date"], a["overdue_days"], a["bucket"], a["bills"],
            Money(a["principal_fen"]), Money(a["late_fee_fen"]), Money(a["total_fen"]),
            Money(a["current_year_fen"]), Money(a["prior_year_fen"]), a["dunning_level"],
            _obj(a["lock"]), _obj(a["promise"]), _yes(a["repeat_defaulter"])])
    t = report["totals"]
    out = [accounts]

    def totals(title: str, key: str, label: str, rows: list[dict], names=None) -> Section:
        s = Section(title, [label, "户数", "欠费本金", "违约金", "合计"])
        for r in rows:
            name = (names or {}).get(r[key], r[key])
            s.rows.append([name, r["accounts"], Money(r["principal_fen"]),
                           Money(r["late_fee_fen"]), Money(r["total_fen"])])
        a = t["all"]
        s.rows.append(["合计", a["accounts"], Money(a["principal_fen"]), Money(a["late_fee_fen"]),
                       Money(a["total_fen"])])
        return s

    out.append(totals("按账龄 By overdue days", "bucket", "逾期天数", t["by_bucket"]))
    out.append(totals("按台区 By area", "area", "台区", t["by_area"]))
    out.append(totals("按用户类型 By user type", "user_type", "用户类型", t["by_user_type"],
                      USER_TYPE))
    if by_hall and t.get("by_hall"):
        out.append(totals("按营业厅 By hall", "hall_id", "营业厅", t["by_hall"]))
    years = Section("当年与往年欠费 Current and prior years", ["", "金额"],
                    note="往年欠费的违约金率不同（非居民跨年度部分每日千分之三）。")
    years.rows += [["当年欠费", Money(t["current_year_fen"])],
                   ["往年欠费", Money(t["prior_year_fen"])]]
    out.append(years)
    return out


def recovery_sections(report: dict) -> list[Section]:
    heads = ["已收", "应收", "未收", "回收率"]

    def rows(title: str, key: str, label: str, items: list[dict], names=None) -> Section:
        s = Section(title, [label, *heads])
        for r in items:
            s.rows.append([(names or {}).get(r[key], r[key]), Money(r["collected_fen"]),
                           Money(r["billed_fen"]), Money(r["outstanding_fen"]),
                           f"{r['rate'] * 100:.2f}%"])
        return s

    a = report["all"]
    out = [rows("按月 Monthly trend", "period", "电费月份", report["periods"])]
    out[0].rows.append(["合计", Money(a["collected_fen"]), Money(a["billed_fen"]),
                        Money(a["outstanding_fen"]), f"{a['rate'] * 100:.2f}%"])
    if report.get("by_hall"):
        out.append(rows("按营业厅 By hall", "hall_id", "营业厅", report["by_hall"]))
    out.append(rows("按台区 By area", "area", "台区", report["by_area"]))
    out.append(rows("按用户类型 By user type", "user_type", "用户类型", report["by_user_type"],
                    USER_TYPE))
    top = Section("欠费大户 Top debtors", ["户号", "户名", "台区", "欠费笔数", "欠费金额"],
                  note="欠费金额：所选月份未付的本金与已核定未付的违约金。")
    for d in report["top_debtors"]:
        top.rows.append([d["account_no"], d["name"], d["area"], d["bills"], Money(d["total_fen"])])
    out.append(top)
    return out


# --- text -------------------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell_text(v, *, symbol: str = "") -> str:
    if isinstance(v, Money):
        return format_fen(int(v), symbol=symbol)
    return "" if v is None else str(v)


def text_table(section: Section, *, columns: list[int] | None = None) -> str:
    cols = columns if columns is not None else list(range(len(section.headings)))
    cells = [[section.headings[c] for c in cols]] + [
        [_cell_text(r[c]) for c in cols] for r in section.rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(cols))]
    right = [section.numeric(c) for c in cols]
    lines = [section.title]
    for n, row in enumerate(cells):
        parts = []
        for i, text in enumerate(row):
            pad = " " * (widths[i] - _width(text))
            parts.append(pad + text if right[i] and n else text + pad)
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    if section.note:
        lines.append(section.note)
    return "\n".join(lines)


# The arrears list is wide: the text view keeps what fits a terminal.
ARREARS_TEXT_COLUMNS = [0, 1, 2, 3, 7, 8, 9, 10, 11, 12, 15]


def text_report(title: str, sections: list[Section], *, first_columns: list[int] | None = None
                ) -> str:
    parts = [title]
    for i, s in enumerate(sections):
        parts.append(text_table(s, columns=first_columns if i == 0 else None))
    return "\n\n".join(parts) + "\n"


# --- CSV / XLSX -------------------------------------------------------------------------------

def write_csv(path: Path, sections: list[Section]) -> None:
    """UTF-8 with a BOM (Excel opens it as UTF-8); sections one after another, each under its
    title; amounts as plain yuan (1234.50)."""
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        for i, s in enumerate(sections):
            if i:
                w.writerow([])
                w.writerow([s.title])
            w.writerow(s.headings)
            for r in s.rows:
                w.writerow([fen_to_plain(int(v)) if isinstance(v, Money) else
                            ("" if v is None else v) for v in r])
    os.replace(tmp, path)


def write_xlsx(path: Path, title: str, sections: list[Section]) -> None:
    """One sheet per section; yuan as exact decimals with a 0.00 format, headings frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8EEF5")
    from openpyxl.cell import WriteOnlyCell

    for i, s in enumerate(sections):
        ws = wb.create_sheet(title=s.title.split(" ")[0][:31] or f"S{i}")
        ws.freeze_panes = "A3"
        widths = [max(_width(h), 6) + 2 for h in s.headings]
        for r in s.rows[:200]:
            for c, v in enumerate(r):
                widths[c] = min(40, max(widths[c], _width(_cell_text(v)) + 2))
        for c, wdt in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = wdt
        head = WriteOnlyCell(ws, value=f"{title} — {s.title}")
        head.font = bold
        ws.append([head])
        cells = []
        for h in s.headings:
            cell = WriteOnlyCell(ws, value=h)
            cell.font, cell.fill = bold, fill
            cells.append(cell)
        ws.append(cells)
        for r in s.rows:
            row = []
            for v in r:
                if isinstance(v, Money):
                    cell = WriteOnlyCell(ws, value=Decimal(int(v)).scaleb(-2))
                    cell.number_format = "#,##0.00"
                    row.append(cell)
                else:
                    row.append(v)
            ws.append(row)
        if s.note:
            ws.append([])
            ws.append([s.note])
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    os.replace(tmp, path)


# --- PDF --------------------------------------------------------------------------------------

class NoCjkFont(RuntimeError):
    pass


def cjk_font() -> str:
    """An embeddable CJK TrueType font's name (services.pdf_font); NoCjkFont when none."""
    from .pdf_font import embedded_cjk_font

    name = embedded_cjk_font()
    if name is None:
        raise NoCjkFont("no CJK TrueType font found for the PDF (install fonts-wqy-zenhei, "
                        "or set HALL_LEDGER_PDF_FONT to a .ttf/.ttc file)")
    return name


PDF_MAX_ROWS = 5000  # a longer list belongs in a spreadsheet


def write_pdf(path: Path, title: str, subtitle: str, sections: list[Section]) -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    font = cjk_font()
    h1 = ParagraphStyle("h1", fontName=font, fontSize=15, leading=20, alignment=TA_CENTER)
    sub = ParagraphStyle("sub", fontName=font, fontSize=9.5, leading=13, alignment=TA_CENTER)
    # no keepWithNext: it would push a heading and its whole long table to the next page
    h2 = ParagraphStyle("h2", fontName=font, fontSize=11, leading=15, spaceBefore=8,
                        spaceAfter=3)
    small = ParagraphStyle("small", fontName=font, fontSize=8, leading=10)
    story = [Paragraph(escape(title), h1), Paragraph(escape(subtitle), sub), Spacer(1, 4 * mm)]
    page_w = landscape(A4)[0] - 24 * mm
    for s in sections:
        rows = s.rows
        note = s.note
        if len(rows) > PDF_MAX_ROWS:
            note = (f"只列出前 {PDF_MAX_ROWS} 行，共 {len(rows)} 行；全部请导出 xlsx。 " + note).strip()
            rows = rows[:PDF_MAX_ROWS]
        cells = [s.headings] + [[_cell_text(v) for v in r] for r in rows]
        size = 6.5 if len(s.headings) > 10 else 9
        weights = [max(_width(str(c)) for c in col) + 1 for col in zip(*cells, strict=True)]
        total = sum(weights)
        widths = [page_w * w / total for w in weights]
        t = LongTable(cells, colWidths=widths, repeatRows=1)
        style = [("FONT", (0, 0), (-1, -1), font, size),
                 ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                 ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                 ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                 ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
        for c in range(len(s.headings)):
            if s.numeric(c):
                style.append(("ALIGN", (c, 1), (c, -1), "RIGHT"))
        if len(cells) > 2:
            style.append(("ROWBACKGROUNDS", (0, 1), (-1, -1),
                          [colors.white, colors.HexColor("#f7f9fb")]))
        t.setStyle(TableStyle(style))
        story += [Paragraph(escape(s.title), h2), t]
        if note:
            story.append(Paragraph(escape(note), small))

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawString(doc.leftMargin, 8 * mm, f"{title}  {subtitle}")
        canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, 8 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    tmp = path.with_name(path.name + ".part")
    doc = SimpleDocTemplate(str(tmp), pagesize=landscape(A4), leftMargin=12 * mm,
                            rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=14 * mm,
                            title=title, author="counter-ledger")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    os.replace(tmp, path)


def write_out(path: Path, title: str, subtitle: str, sections: list[Section]) -> None:
    """By the file's suffix: .csv, .xlsx or .pdf (ValueError for another)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(path, sections)
    elif suffix == ".xlsx":
        write_xlsx(path, title, sections)
    elif suffix == ".pdf":
        write_pdf(path, title, subtitle, sections)
    else:
        raise ValueError(f"--out must end in .csv, .xlsx or .pdf: {path}")
