"""English left where a Chinese user reads: words of Latin letters that are not proper names,
abbreviations of the trade, units, keys, or ids from the data."""

from __future__ import annotations

import re

ALLOWED = {
    # abbreviations and names used as they are in Chinese text
    "ESC", "POS", "USB", "PIN", "UUID", "QR", "ID", "TCP", "COM", "RRN", "CUPS", "Windows", "URI",
    "URL", "IP", "TLS", "HTTPS", "CA", "VID", "PID", "GBK", "GB18030", "UTF", "CSV", "STX", "ETX", "BCC", "LF", "CR",
    "ESC/POS", "PDF", "SMS", "IT", "DLE", "EOT",
    # units
    "kWh", "mm", "h", "s",
    # keys
    "Ctrl", "Enter", "Esc", "Tab", "Shift", "Alt", "Del",
    # X and Z reports (X 报表), the language menu's own entry
    "X", "Z", "English",
}
# ids in the data: terminals T01, halls H001, areas TQ-0521, F-keys F12, hex of a payment UUID,
# card auth codes and references (A1B2C3)
_ID = re.compile(r"^(?:(?=[A-Z0-9]*\d)[A-Z0-9]{4,}|[A-Z]{1,3}(?:-?\d+)+|F\d{1,2}|[0-9a-f]{6,})$")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)*")


# Not words: keyboard mnemonics (是(&Y)), key combinations (Ctrl+P), device paths (/dev/ttyUSB0),
# UUIDs and hex digests, file names (bills.csv), addresses (tcp://192.168.1.50:9100).
_NOT_WORDS = re.compile(r"\b[a-z][a-z0-9+]*://\S*|\b[\w-]+\.(?:csv|pdf|xlsx|txt|bin|toml|db)\b|\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b|\b(?=[0-9a-f]*\d)[0-9a-f]{6,}\b|\(&[A-Za-z0-9]\)|&(?=[A-Za-z])|\b(?:Ctrl|Alt|Shift)\+\w+|(?<![\w/])/[\w./-]+")


def english_words(text: str) -> list[str]:
    """The English words in `text` a Chinese user should not see."""
    text = _NOT_WORDS.sub(" ", text)
    return [w for w in _WORD.findall(text) if w not in ALLOWED and not _ID.match(w)
            and not all(part in ALLOWED for part in w.split("/"))]
