"""Look of the counter: one style sheet keyed by object names, sizes relative to the base font."""

from __future__ import annotations


def style_sheet(base_pt: int) -> str:
    small = max(8, base_pt - 2)
    big = round(base_pt * 1.6)
    huge = round(base_pt * 2.6)
    return f"""
QLabel#sectionTitle {{ font-weight: bold; color: #1f4e79; }}
QLabel#totalDue, QLabel#amountBig {{ font-size: {big}pt; font-weight: bold; color: #a31515; }}
QLabel#changeBig {{ font-size: {huge}pt; font-weight: bold; color: #0b6e2e; }}
QLabel#errorText {{ color: #b00020; font-weight: bold; }}
QLabel#infoText {{ color: #555555; }}
QLabel#phoneWarning {{ color: #8a5300; font-weight: bold; }}
QLabel#lockTitle, QLabel#loginTitle {{ font-size: {big}pt; font-weight: bold; color: #1f4e79; }}
QLabel#reprintMark {{ font-size: {big}pt; font-weight: bold; color: #b00020; }}
QLabel#statusOnline {{ color: #0b6e2e; }}
QLabel#statusOffline {{ color: #b00020; }}
QStatusBar QLabel {{ font-size: {small}pt; padding: 0 6px; border-right: 1px solid #c8c8c8; }}
QLineEdit {{ padding: 4px; }}
QLineEdit#searchField, QLineEdit#amountField, QLineEdit#tenderedField {{ font-size: {big}pt; }}
QPushButton {{ padding: 5px 12px; }}
QPushButton#confirmButton {{ font-weight: bold; }}
QTableView {{ gridline-color: #d0d0d0; }}
QPlainTextEdit#receiptText {{ background: #fffef5; }}
"""
