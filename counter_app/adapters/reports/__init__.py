"""PDF reports with reportlab: Z report, deposit slip (解款单), daily hall report."""

from .daily_report import hall_day_pdf
from .deposit_slip import deposit_slip_pdf
from .z_report import z_report_pdf

__all__ = ["deposit_slip_pdf", "hall_day_pdf", "z_report_pdf"]
