"""Fonts, styles and table helpers shared by the PDF reports.

Chinese text uses the Adobe CID font STSong-Light (reportlab ships its metrics; every PDF
reader carries or substitutes the Adobe-GB1 collection), so nothing has to be embedded and
the file stays small. Amounts are right-aligned in a fixed-width-digit font (Courier-free:
the CID font's half-width digits are proportional enough to align right).
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from counter_app.resources import resource_path
from hall_domain.money import format_fen

CID_FONT = "STSong-Light"
TTF_NAME = "HallCJK"
_RESOURCES = resource_path("fonts")
TTF_CANDIDATES = (
    *(sorted(_RESOURCES.glob("*.tt[fc]")) if _RESOURCES.is_dir() else ()),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("C:/Windows/Fonts/simhei.ttf"),
    Path("C:/Windows/Fonts/simsun.ttc"),
)
_font: str | None = None


def register_fonts() -> str:
    """The name of the font to use for all text (registered once per process)."""
    global _font
    if _font is None:
        env = os.environ.get("HALL_COUNTER_PDF_FONT", "")
        candidates = (Path(env),) if env and env != "cid" else () if env == "cid" else TTF_CANDIDATES
        for path in candidates:
            if path.is_file():
                try:
                    pdfmetrics.registerFont(TTFont(TTF_NAME, str(path), subfontIndex=0))
                except Exception:  # noqa: BLE001 - a font reportlab cannot read: try the next
                    continue
                _font = TTF_NAME
                break
        else:
            pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
            _font = CID_FONT
    return _font


def styles() -> dict[str, ParagraphStyle]:
    font = register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", fontName=font, fontSize=11, leading=15,
                                   alignment=TA_CENTER),
        "h2": ParagraphStyle("h2", fontName=font, fontSize=11.5, leading=16, spaceBefore=6,
                             spaceAfter=3, keepWithNext=1),
        "body": ParagraphStyle("body", fontName=font, fontSize=9.5, leading=13),
        "small": ParagraphStyle("small", fontName=font, fontSize=8, leading=10),
    }


def money(fen: int | None) -> str:
    return "" if fen is None else format_fen(fen)


def grid(rows: list[list[str]], widths: list[float], *, right: tuple[int, ...] = (),
         header: bool = True, font_size: float = 9, bold_last: bool = False,
         long: bool = False, zebra: bool = False) -> Table:
    """A ruled table; columns in `right` are right-aligned (amounts, counts)."""
    font = register_fonts()
    cls = _long_table() if long else Table
    t = cls(rows, colWidths=[w * mm for w in widths], repeatRows=1 if header else 0)
    style = [
        ("FONT", (0, 0), (-1, -1), font, font_size),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for col in right:
        style.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                  ("ALIGN", (0, 0), (-1, 0), "CENTER")]
    if bold_last:
        style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f3f3")))
    if zebra and len(rows) > 2:
        style.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f7f9fb")]))
    t.setStyle(TableStyle(style))
    return t


def _long_table():
    from reportlab.platypus import LongTable

    return LongTable


def signature_block(labels: list[str], st: dict[str, ParagraphStyle]) -> Table:
    """Signature lines: label, a line to sign on, and a date line, side by side."""
    font = register_fonts()
    cells = [[f"{label}：", "", "日期：", ""] for label in labels]
    t = Table(cells, colWidths=[30 * mm, 70 * mm, 16 * mm, 44 * mm],
              rowHeights=[13 * mm] * len(labels))
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, 10),
        ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
        ("LINEBELOW", (3, 0), (3, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
    ]))
    return t


def para(text: str, style: ParagraphStyle) -> Paragraph:
    from xml.sax.saxutils import escape

    return Paragraph(escape(text), style)


def gap(h: float = 3) -> Spacer:
    return Spacer(1, h * mm)


def page_footer(title: str):
    """onPage callback: title and page number at the foot of every page."""
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(register_fonts(), 8)
        canvas.drawString(doc.leftMargin, 10 * mm, title)
        canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, 10 * mm, f"第 {doc.page} 页")
        canvas.restoreState()
    return draw
