"""ESC/POS command bytes used by the renderer, the drawer and the status query (Epson ESC/POS spec)."""

from __future__ import annotations

ESC, GS, FS, DLE = b"\x1b", b"\x1d", b"\x1c", b"\x10"
LF = b"\n"

INIT = ESC + b"@"
# International character set USA: many Chinese models boot in set 15 (China), where some
# ASCII codes print other signs; with it set, ASCII prints as ASCII.
CHARSET_USA = ESC + b"R\x00"
# FS & / FS . : enter and leave Chinese (double-byte) mode. In it, bytes 0x81–0xFE start a
# two-byte (GBK) or four-byte (GB18030) character; which of the two the printer expects is
# set in its firmware (DIP switch or utility), hence the per-printer `printer.encoding`.
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."


def align(n: int) -> bytes:
    """ESC a n: 0 left, 1 centre, 2 right (takes effect at the start of a line)."""
    return ESC + b"a" + bytes([n])


def bold(on: bool) -> bytes:
    return ESC + b"E" + bytes([1 if on else 0])


def char_size(width_mul: int, height_mul: int) -> bytes:
    """GS ! n: high nibble width multiplier − 1, low nibble height multiplier − 1."""
    return GS + b"!" + bytes([((width_mul - 1) << 4) | (height_mul - 1)])


def chinese_size(double_width: bool, double_height: bool) -> bytes:
    """FS ! n: Chinese-mode character size; most Chinese firmware also honours GS !."""
    return FS + b"!" + bytes([(0x04 if double_width else 0) | (0x08 if double_height else 0)])


def feed_lines(n: int) -> bytes:
    return ESC + b"d" + bytes([n])


# GS V 1: partial cut, the form every cutter model accepts (function B, GS V 66 n, is not
# implemented on some 58 mm firmware). Feed first so the last line passes the cutter.
CUT_PARTIAL = GS + b"V\x01"
CUT_FEED_LINES = 4


def qr_code(payload: bytes, *, module: int = 6, ecc: str = "M") -> bytes:
    """GS ( k: QR model 2, module size, error level, store data, print (fn 165/167/169/180/181)."""
    if not 1 <= module <= 16:
        raise ValueError("QR module size is 1–16 dots")
    level = {"L": 48, "M": 49, "Q": 50, "H": 51}[ecc]
    store_len = len(payload) + 3
    if store_len > 0xFFFF:
        raise ValueError("QR payload too long")
    return b"".join(
        (
            GS + b"(k\x04\x00\x31\x41\x32\x00",  # model 2
            GS + b"(k\x03\x00\x31\x43" + bytes([module]),
            GS + b"(k\x03\x00\x31\x45" + bytes([level]),
            GS + b"(k" + store_len.to_bytes(2, "little") + b"\x31\x50\x30" + payload,
            GS + b"(k\x03\x00\x31\x51\x30",  # print the stored symbol
        )
    )


# Drawer kick: ESC p m t1 t2 — m 0 is connector pin 2, m 1 is pin 5; on t1×2 ms, off t2×2 ms.
DRAWER_ON_UNITS, DRAWER_OFF_UNITS = 25, 250  # 50 ms on, 500 ms off: what common drawers need
_PIN_TO_M = {2: 0, 5: 1}


def drawer_pulse(pin: int) -> bytes:
    if pin not in _PIN_TO_M:
        raise ValueError(f"drawer pin must be 2 or 5, not {pin!r}")
    return ESC + b"p" + bytes([_PIN_TO_M[pin], DRAWER_ON_UNITS, DRAWER_OFF_UNITS])


def drawer_pulse_realtime(pin: int) -> bytes:
    """DLE DC4 1 m t: real-time pulse, executed even while the printer is offline (paper out),
    when the buffered ESC p would wait. t is in 100 ms units (1–8)."""
    if pin not in _PIN_TO_M:
        raise ValueError(f"drawer pin must be 2 or 5, not {pin!r}")
    return DLE + b"\x14\x01" + bytes([_PIN_TO_M[pin], 1])


def status_query(n: int) -> bytes:
    """DLE EOT n: real-time status (1 printer, 2 offline cause, 3 error cause, 4 paper sensor)."""
    if n not in (1, 2, 3, 4):
        raise ValueError("DLE EOT n is 1–4")
    return DLE + b"\x04" + bytes([n])
