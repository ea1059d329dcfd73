"""X and Z reports as data: what a shift took, by tender, with drawer movements and the close;
the slips they print on the receipt printer; the `shift_report` item sent to the ledger."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import Protocol

from hall_domain.money import format_fen
from hall_domain.receipts import Slip, SlipLine, signed_fen
from hall_domain.shift_totals import (
    close_figures,
    over_short_text,  # noqa: F401 (the reports' name)
    shift_totals,
)
from hall_domain.shifts import DENOMINATIONS_FEN, Shift

from .ports import CloseRecord, CloseState, CounterTx, ShiftReport  # noqa: F401

SHIFT_REPORT = "shift_report"


# The cash control's transaction is the store's: shifts (with their close records) and the
# cash figures (`cash`) are repositories of every CounterTx.
CashTx = CounterTx


class CashStore(Protocol):
    def write(self) -> AbstractContextManager[CashTx]: ...
    def read(self) -> AbstractContextManager[CashTx]: ...


def read_report(tx: CashTx, shift: Shift, *, kind: str, now: datetime) -> ShiftReport:
    payments = tuple(tx.cash.shift_payment_lines(shift.shift_id))
    movements = tuple(tx.cash.cash_movements(shift.shift_id))
    refunds = tuple(tx.cash.shift_refund_lines(shift.shift_id))
    totals = shift_totals(opening_float_fen=shift.opening_float.total_fen, payments=payments,
                          movements=movements, refunds=refunds)
    close = tx.shifts.get_shift_close(shift.shift_id)
    figures = None
    if close is not None and close.counted is not None and kind == "Z":
        figures = close_figures(totals, counted=close.counted,
                                bank_settlement_fen=close.bank_settlement_fen or 0)
    until = shift.closed_at or now
    return ShiftReport(
        kind=kind, shift=shift, generated_at=now, totals=totals, payments=payments,
        movements=movements, reprints=tx.cash.reprint_count(shift.shift_id),
        drawer_openings=tx.cash.drawer_openings(shift.terminal_id, since=shift.opened_at, until=until),
        unsent_payments=tx.cash.unsent_payment_count(shift.shift_id), close=close, figures=figures,
        refunds=refunds, names={u.user_id: u.name for u in tx.users.list_users()},
    )


def ledger_payload(report: ShiftReport) -> dict:
    """The `shift_report` item (docs/ledger-api.md): the Z figures as the counter counted them."""
    t, close = report.totals, report.close
    assert close is not None and close.closed_at is not None and report.figures is not None
    return {
        "shift_id": report.shift.shift_id, "terminal_id": report.shift.terminal_id,
        "opened_by": report.shift.opened_by, "closed_by": close.closed_by,
        "opened_at": report.shift.opened_at.isoformat(), "closed_at": close.closed_at.isoformat(),
        "business_date": report.business_date.isoformat(),
        "payment_count": t.payment_count, "payment_total_fen": t.payment_total_fen,
        "cash_fen": t.cash.amount_fen, "card_fen": t.card.amount_fen, "void_count": t.void_count,
        "first_receipt_number": t.first_receipt_number, "last_receipt_number": t.last_receipt_number,
        "opening_float_fen": t.opening_float_fen,
        "counted_cash_fen": report.figures.cash.counted_fen,
        "over_short_fen": report.figures.cash.over_short_fen,
        "denominations": close.counted.as_dict() if close.counted else None,
    }


def report_slip(report: ShiftReport) -> Slip:
    """The X or Z report as a slip for the receipt printer (domain.receipts.slip_receipt)."""
    t, s = report.totals, report.shift
    title = "X 报表（班中）" if report.kind == "X" else "Z 报表（交班）"
    lines = [
        SlipLine("终端 / 班次", f"{s.terminal_id} / {s.shift_id}"),
        SlipLine("开班", f"{report.who(s.opened_by)} {s.opened_at:%Y-%m-%d %H:%M}"),
        SlipLine("打印时间", f"{report.generated_at:%Y-%m-%d %H:%M}"),
        SlipLine("收费笔数", str(t.payment_count)),
        SlipLine("收费合计", format_fen(t.payment_total_fen), bold=True),
        SlipLine(f"现金 {t.cash.count} 笔", format_fen(t.cash.amount_fen)),
        SlipLine(f"银行卡 {t.card.count} 笔", format_fen(t.card.amount_fen)),
        SlipLine(f"作废 {t.void_count} 笔", format_fen(t.void_total_fen)),
        SlipLine("补打次数", str(report.reprints)),
        SlipLine("钱箱打开", str(report.drawer_openings)),
        SlipLine("备用金", format_fen(t.opening_float_fen)),
        SlipLine("现金收入", format_fen(t.cash_tendered_fen)),
        SlipLine("找零", format_fen(t.change_fen + t.change_rounding_fen)),
        *([SlipLine("找零舍入（留存）", signed_fen(t.change_rounding_fen))]
          if report.has_rounding else []),
        SlipLine("存入", format_fen(t.cash_in_fen)),
        SlipLine("取出", format_fen(t.cash_out_fen)),
        SlipLine(f"退预存 {t.refund_count} 笔", format_fen(t.refund_fen)),
    ]
    if report.kind == "X":
        lines.append(SlipLine("应有现金", format_fen(t.expected_cash_fen), bold=True))
        lines.append(SlipLine("未上传笔数", str(report.unsent_payments)))
    elif report.figures is not None and report.close is not None:
        f, c = report.figures, report.close
        lines += [
            SlipLine("应有现金", format_fen(f.cash.expected_fen)),
            SlipLine("实点现金", format_fen(f.cash.counted_fen), bold=True),
            SlipLine("现金长短款", over_short_text(f.cash.over_short_fen), bold=True),
            SlipLine("银行卡应有", format_fen(f.card.expected_fen)),
            SlipLine("POS 结算", format_fen(f.card.counted_fen)),
            SlipLine("银行卡差额", over_short_text(f.card.over_short_fen), bold=True),
            SlipLine("点钞明细", bold=True),
        ]
        lines += [SlipLine(f"  {d / 100:g} 元 × {n}", format_fen(d * n))
                  for d in DENOMINATIONS_FEN if (n := f.counted.counts.get(d, 0))]
        lines += [SlipLine("点钞", report.who(c.counted_by)),
                  SlipLine("复核", report.who(c.signed_off_by)),
                  SlipLine("交班", f"{report.who(c.closed_by)} {c.closed_at:%H:%M}"
                           if c.closed_at else "")]
        if c.override_reason:
            lines.append(SlipLine("未上传放行", f"{report.who(c.override_by)}: {c.override_reason}"))
    return Slip(title=title, lines=tuple(lines))
