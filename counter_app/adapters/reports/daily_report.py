"""The daily hall report (营业日报) as a PDF, from the ledger's figures (LedgerClient.hall_day):
every shift of the day, totals by cashier and by tender, over/short the counters reported."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from hall_domain.shift_totals import over_short_text

from .common import gap, grid, money, page_footer, para, signature_block, styles

TENDER_NAMES = {"cash": "现金", "card": "银行卡"}
CHANNEL_NAMES = {"counter": "柜台", "bank": "银行代收", "online": "网上"}


def hall_day_pdf(data: dict[str, Any], *, hall_name: str, out: Path | None = None,
                 names: dict[str, str] | None = None) -> bytes:
    """`names`: user id → name (the counter's users), shown beside the cashier ids."""
    st = styles()
    names = names or {}

    def who(user_id: str | None) -> str:
        if not user_id or user_id == "-":
            return "-"
        first = user_id.split(" ", 1)[0]  # "1001 等 2 人": several cashiers on one shift
        return f"{user_id.replace(first, f'{first} {names[first]}', 1)}" if first in names else user_id

    story = [para(hall_name, st["title"]),
             para(f"营业日报　{data['date']}（{data['hall_id']}，数据来自中心账务）", st["subtitle"]),
             gap(4)]
    rows = [["终端", "班次", "渠道", "收费员", "笔数", "现金", "银行卡", "合计", "作废", "长短款"]]
    for s in data["shifts"]:
        os_fen = s["over_short_fen"]
        rows.append([s["terminal_id"], str(s["shift_id"] or "-"),
                     CHANNEL_NAMES.get(s["channel"], s["channel"]), who(s["cashier_id"]),
                     str(s["count"]), money(s["cash_fen"]), money(s["card_fen"]),
                     money(s["amount_fen"]), str(s["void_count"]),
                     "未交班" if os_fen is None else over_short_text(os_fen)])
    t = data["total"]
    rows.append(["合计", "", "", "", str(t["count"]),
                 money(sum(s["cash_fen"] for s in data["shifts"])),
                 money(sum(s["card_fen"] for s in data["shifts"])), money(t["amount_fen"]),
                 str(t["void_count"]), ""])
    story += [para("一、各班次", st["h2"]),
              grid(rows, [11, 9, 13, 28, 10, 21, 21, 22, 9, 26], right=(4, 5, 6, 7, 8),
                   font_size=8, bold_last=True, long=True)]
    rows = [["收费员", "笔数", "现金", "银行卡", "合计", "作废"]]
    rows += [[who(c["cashier_id"]), str(c["count"]), money(c.get("cash", 0)), money(c.get("card", 0)),
              money(c["amount_fen"]), str(c["void_count"])] for c in data["cashiers"]]
    story += [para("二、按收费员", st["h2"]),
              grid(rows, [35, 18, 32, 32, 35, 20], right=(1, 2, 3, 4, 5))]
    rows = [["支付方式", "笔数", "金额"]]
    rows += [[TENDER_NAMES.get(x["kind"], x["kind"]), str(x["count"]), money(x["amount_fen"])]
             for x in data["tenders"]]
    story += [para("三、按支付方式", st["h2"]), grid(rows, [70, 40, 62], right=(1, 2)),
              gap(10), signature_block(["制表", "值班长", "财务"], st)]
    buf = BytesIO()
    label = f"{hall_name} 营业日报 {data['date']}"
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=18 * mm, title=label,
                            author="Hall Counter")
    footer = page_footer(label)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    pdf = buf.getvalue()
    if out is not None:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_bytes(pdf)
    return pdf
