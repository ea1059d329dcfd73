"""对账报告: the day's reconciliation per channel (channel vs ledger vs bank counts and sums,
matched, exceptions by type and age, fees), as data, PDF (reportlab, an embedded CJK font) and
XLSX (openpyxl); signed off by a marketing and a finance person (two people, recorded)."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from hall_domain.money import format_fen
from hall_domain.recon_matching import EXCEPTION_KINDS

from ..store.models import ReconException, ReconSignoff
from .collections_audit import record_action
from .reconcile import channels_of_day, summary

ROLES = ("marketing", "finance")
AGE_BUCKETS = ((0, 0, "T"), (1, 2, "T+1–2"), (3, 10**6, ">T+2"))
KIND_ZH = {
    "channel_only": "渠道有账本无(挂账)", "ledger_only": "账本有渠道无",
    "amount_differs": "金额不符", "duplicate_across_channels": "跨渠道重复缴费(转预存)",
    "reversal_unmatched": "冲正未匹配", "settlement_short": "结算短款",
}
class SignoffError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def report_data(engine: Engine, day: date, hall_id: str, *, now: datetime) -> dict[str, Any]:
    """The report's figures for one hall (exceptions of no hall, "*", shown with every hall)."""
    with engine.connect() as conn:
        channels = channels_of_day(conn, day)
        data = summary(conn, day, channels, now, hall_id=hall_id)
        ages: dict[str, dict[str, int]] = {k: {b[2]: 0 for b in AGE_BUCKETS}
                                           for k in EXCEPTION_KINDS}
        for r in conn.execute(select(ReconException).where(
                ReconException.recon_date == day, ReconException.status != "resolved",
                ReconException.hall_id.in_((hall_id, "*")))):
            age = (now.date() - r.recon_date).days
            for lo, hi, label in AGE_BUCKETS:
                if lo <= age <= hi:
                    ages[r.kind][label] += 1
        data["open_by_age"] = ages
        data["signoffs"] = [
            {"role": s.role, "person": s.person, "signed_at": s.signed_at.isoformat(),
             "report_sha256": s.report_sha256}
            for s in conn.execute(select(ReconSignoff).where(
                ReconSignoff.hall_id == hall_id, ReconSignoff.recon_date == day)
                .order_by(ReconSignoff.role))]
    return data


def figures_digest(data: dict[str, Any]) -> str:
    """SHA-256 of the figures signed (not the sign-offs themselves)."""
    body = {k: v for k, v in data.items() if k not in ("signoffs", "open_by_age")}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def sign_off(engine: Engine, day: date, hall_id: str, role: str, person: str, *,
             now: datetime) -> dict[str, Any]:
    """One of the two signatures; the other role must be someone else. Recorded."""
    if role not in ROLES:
        raise SignoffError("recon.signoff_role", f"role must be one of {', '.join(ROLES)}")
    person = (person or "").strip()
    if not person or len(person) > 32:
        raise SignoffError("recon.actor_required", "the person's id (1-32 characters) is needed")
    digest = figures_digest(report_data(engine, day, hall_id, now=now))
    with engine.begin() as conn:
        rows = {s.role: s for s in conn.execute(select(ReconSignoff).where(
            ReconSignoff.hall_id == hall_id, ReconSignoff.recon_date == day))}
        if role in rows:
            raise SignoffError("recon.already_signed",
                               f"{role} already signed by {rows[role].person}")
        if any(s.person == person for s in rows.values()):
            raise SignoffError("recon.same_person", "marketing and finance must be two people")
        conn.execute(ReconSignoff.__table__.insert().values(
            hall_id=hall_id, recon_date=day, role=role, person=person, signed_at=now,
            report_sha256=digest))
        record_action(conn, hall_id=hall_id, terminal_id=None, actor=person,
                      action="recon.report_signed", subject=f"recon-report:{day.isoformat()}",
                      detail={"role": role, "report_sha256": digest}, at=now)
    return {"role": role, "person": person, "report_sha256": digest}


def _y(fen: int | None) -> str:
    return "—" if fen is None else format_fen(fen)


def table_rows(data: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    head = ["渠道 channel", "渠道笔数", "渠道金额", "账本笔数", "账本金额", "银行笔数", "银行金额",
            "应结算", "已匹配笔数", "已匹配金额", "手续费"]
    rows = []
    for c in data["channels"]:
        bank = c["bank"] or {}
        rows.append([c["channel"], str(c["channel_file"]["count"]),
                     _y(c["channel_file"]["sum_fen"]), str(c["ledger"]["count"]),
                     _y(c["ledger"]["sum_fen"]), str(bank.get("count", "—")),
                     _y(bank.get("sum_fen")), _y(c["settlement_expected_fen"]),
                     str(c["matched"]["count"]), _y(c["matched"]["sum_fen"]),
                     _y(c["fees_fen"])])
    return head, rows


def exception_rows(data: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    labels = [b[2] for b in AGE_BUCKETS]
    head = ["异常类型 exception", "笔数", "金额", "未解决", *[f"未解决 {x}" for x in labels]]
    rows = []
    for k in EXCEPTION_KINDS:
        x = data["exceptions"][k]
        rows.append([f"{KIND_ZH[k]} {k}", str(x["count"]), _y(x["sum_fen"]), str(x["open"]),
                     *[str(data["open_by_age"][k][b]) for b in labels]])
    return head, rows


def signoff_lines(data: dict[str, Any]) -> list[str]:
    by_role = {s["role"]: s for s in data["signoffs"]}
    out = []
    for role, zh in (("marketing", "营销签字"), ("finance", "财务签字")):
        s = by_role.get(role)
        out.append(f"{zh} {role}: " + (f"{s['person']}  {s['signed_at']}" if s else "（未签）"))
    return out


def write_pdf(data: dict[str, Any], out: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from .pdf_font import cjk_font

    font = cjk_font()
    title = ParagraphStyle("t", fontName=font, fontSize=16, leading=20)
    body = ParagraphStyle("b", fontName=font, fontSize=9, leading=12)
    doc = SimpleDocTemplate(str(out), pagesize=landscape(A4), leftMargin=12 * mm,
                            rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
                            title=f"对账报告 {data['date']}")

    def table(head: list[str], rows: list[list[str]]) -> Table:
        t = Table([head, *rows], repeatRows=1)
        t.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ]))
        return t

    m = data["matched"]
    story = [
        Paragraph(f"对账报告 Daily reconciliation — {data['date']} — 营业厅 {data['hall_id']}",
                  title), Spacer(1, 4 * mm),
        Paragraph(f"已匹配 matched: {m['count']} 笔, {_y(m['sum_fen'])}", body),
        Spacer(1, 3 * mm), table(*table_rows(data)), Spacer(1, 5 * mm),
        table(*exception_rows(data)), Spacer(1, 6 * mm),
        *[Paragraph(line, body) for line in signoff_lines(data)],
        Paragraph(f"figures SHA-256 {figures_digest(data)}", body),
    ]
    doc.build(story)


def write_xlsx(data: dict[str, Any], out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "对账报告"
    ws.append([f"对账报告 {data['date']}", f"营业厅 {data['hall_id']}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["已匹配笔数", data["matched"]["count"], "已匹配金额(分)", data["matched"]["sum_fen"]])
    ws.append([])
    # numbers as integer fen so finance can add them up exactly
    ws.append(["channel", "channel_count", "channel_sum_fen", "ledger_count", "ledger_sum_fen",
               "bank_count", "bank_sum_fen", "settlement_expected_fen", "matched_count",
               "matched_sum_fen", "fees_fen"])
    for c in data["channels"]:
        bank = c["bank"] or {}
        ws.append([c["channel"], c["channel_file"]["count"], c["channel_file"]["sum_fen"],
                   c["ledger"]["count"], c["ledger"]["sum_fen"], bank.get("count"),
                   bank.get("sum_fen"), c["settlement_expected_fen"], c["matched"]["count"],
                   c["matched"]["sum_fen"], c["fees_fen"]])
    ex = wb.create_sheet("异常 exceptions")
    labels = [b[2] for b in AGE_BUCKETS]
    ex.append(["kind", "类型", "count", "sum_fen", "open", *[f"open {x}" for x in labels]])
    for k in EXCEPTION_KINDS:
        x = data["exceptions"][k]
        ex.append([k, KIND_ZH[k], x["count"], x["sum_fen"], x["open"],
                   *[data["open_by_age"][k][b] for b in labels]])
    so = wb.create_sheet("签字 sign-off")
    so.append(["role", "person", "signed_at", "report_sha256"])
    for s in data["signoffs"]:
        so.append([s["role"], s["person"], s["signed_at"], s["report_sha256"]])
    wb.save(out)
