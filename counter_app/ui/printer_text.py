"""Printer problems and states in the user's language (context "PrinterText").

The printer adapters report in English for the log and the command line (adapters/printer); a
cashier reads a sentence that says what to do. A failure is kept as the adapter's text with the
print job, so it is recognised here by the adapter's wording; anything not recognised gets a
general sentence (the adapter's text stays in the log and the tooltip).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "PrinterText"

# (pattern on the adapter's message, sentence with the pattern's named groups)
_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"cannot connect to printer at (?P<where>\S+?): connection refused"),
     QT_TRANSLATE_NOOP("PrinterText", "The printer at {where} refused the connection: it is off, or the address or port is wrong.")),
    (re.compile(r"cannot connect to printer at (?P<where>\S+?): timed out"),
     QT_TRANSLATE_NOOP("PrinterText", "The printer at {where} did not answer: it is off or the network cable is out.")),
    (re.compile(r"cannot connect to printer at (?P<where>\S+?):"),
     QT_TRANSLATE_NOOP("PrinterText", "Cannot connect to the printer at {where}: check that it is on and on the network.")),
    (re.compile(r"printer (?P<where>\S+) (?:dropped|reset) the connection"),
     QT_TRANSLATE_NOOP("PrinterText", "The printer at {where} broke off while printing: part of the receipt may have come out.")),
    (re.compile(r"cannot open serial port (?P<where>\S+?):"),
     QT_TRANSLATE_NOOP("PrinterText", "Cannot open the serial port {where}: check the printer cable and the port setting.")),
    (re.compile(r"(?:writing to (?P<where>\S+) failed|only \d+ of \d+ bytes went to (?P<where2>\S+)|serial port (?P<where3>\S+) failed)"),
     QT_TRANSLATE_NOOP("PrinterText", "Sending to the printer on {where} failed: the receipt may be incomplete.")),
    (re.compile(r"no USB printer (?P<where>[0-9a-fA-F:]+)"),
     QT_TRANSLATE_NOOP("PrinterText", "The USB printer {where} is not connected: check its cable and power.")),
    (re.compile(r"cannot open (?P<where>/\S+?):"),
     QT_TRANSLATE_NOOP("PrinterText", "Cannot open the printer device {where}: check the cable and power.")),
    (re.compile(r"writing (?P<where>/\S+) failed"),
     QT_TRANSLATE_NOOP("PrinterText", "Sending to the printer device {where} failed: the receipt may be incomplete.")),
    (re.compile(r"`lp` not found"),
     QT_TRANSLATE_NOOP("PrinterText", "The print system (CUPS) is not installed on this computer; call the technician.")),
    (re.compile(r"(?:lp failed for queue|CUPS refused the job for) (?P<where>\S+?):"),
     QT_TRANSLATE_NOOP("PrinterText", "The print queue {where} refused the receipt; call the technician.")),
    (re.compile(r"win32://|Windows printer|Windows spooler|spooler took"),
     QT_TRANSLATE_NOOP("PrinterText", "The Windows printer did not take the receipt; call the technician.")),
    (re.compile(r"printer not ready: .*(?:缺纸|paper out)"),
     QT_TRANSLATE_NOOP("PrinterText", "The printer is out of paper: load a roll.")),
    (re.compile(r"printer not ready: .*(?:机盖打开|cover open)"),
     QT_TRANSLATE_NOOP("PrinterText", "The printer cover is open: close it.")),
    (re.compile(r"printer not ready"),
     QT_TRANSLATE_NOOP("PrinterText", "The printer is offline: check its lights, paper and cover.")),
]
_UNKNOWN_ERROR = QT_TRANSLATE_NOOP("PrinterText", "The printer did not take the receipt.")

# By the printer driver's state values (adapters.printer.PrinterState is a StrEnum of these).
_STATES = {
    "online": QT_TRANSLATE_NOOP("PrinterText", "Online"),
    "paper_near_end": QT_TRANSLATE_NOOP("PrinterText", "Paper nearly out"),
    "paper_out": QT_TRANSLATE_NOOP("PrinterText", "Out of paper"),
    "offline": QT_TRANSLATE_NOOP("PrinterText", "Offline"),
    "unknown": QT_TRANSLATE_NOOP("PrinterText", "Status unknown"),
}
# The details interpret() gives (adapters/printer/status.py).
_DETAILS = {
    "cover open 机盖打开": QT_TRANSLATE_NOOP("PrinterText", "cover open"),
    "error 故障": QT_TRANSLATE_NOOP("PrinterText", "printer fault"),
    "feed button 走纸键": QT_TRANSLATE_NOOP("PrinterText", "feed button held"),
    "paper sensor not read": QT_TRANSLATE_NOOP("PrinterText", "paper sensor not read"),
    "no answer to DLE EOT 1": QT_TRANSLATE_NOOP("PrinterText", "no status answer"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def printer_error_text(error: str) -> str:
    """A sentence for the printer adapter's failure message `error`."""
    for pattern, sentence in _ERRORS:
        match = pattern.search(error or "")
        if match:
            groups = {k: v for k, v in match.groupdict().items() if v}
            where = groups.get("where") or groups.get("where2") or groups.get("where3") or ""
            return _tr(sentence).format(where=where)
    return _tr(_UNKNOWN_ERROR)


def printer_status_text(status) -> str:
    """The printer's state (and what is wrong), e.g. 「离线（机盖打开）」; `status`: the driver's
    PrinterStatus (its `state` value and `detail`)."""
    text = _tr(_STATES[str(status.state)])
    if status.detail:
        parts = [_tr(_DETAILS[p]) if p in _DETAILS else p for p in status.detail.split(", ")]
        text = _tr(QT_TRANSLATE_NOOP("PrinterText", "{state} ({detail})")).format(
            state=text, detail=_tr(QT_TRANSLATE_NOOP("PrinterText", ", ")).join(parts))
    return text
