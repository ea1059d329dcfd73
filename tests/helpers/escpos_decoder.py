"""Turn captured ESC/POS bytes back into what the printer would do: lines, cuts, QR codes, pulses.

It models a Chinese-mode thermal printer closely enough to catch what would misprint: a byte
>= 0x80 outside Chinese mode, a four-byte GB18030 code sent to a GBK printer, an invalid
two-byte code, a control byte in text, a line wider than the paper, an unknown command.
Each of these is recorded in `errors`; tests assert there are none.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

ALIGN_NAMES = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}


@dataclass(frozen=True)
class Line:
    text: str
    align: str
    width_mul: int
    height_mul: int
    bold: bool
    columns: int  # as printed: single-byte 1, multi-byte 2, times the width multiplier
    eaw_columns: int  # by Unicode East Asian Width (W/F = 2), times the width multiplier


@dataclass(frozen=True)
class QR:
    payload: str
    module: int
    ecc: str


@dataclass(frozen=True)
class Pulse:
    pin: int
    on_ms: int
    off_ms: int
    realtime: bool


@dataclass
class Decoded:
    events: list[tuple[str, object]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [v for k, v in self.events if k == "line"]  # type: ignore[misc]

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]

    @property
    def cuts(self) -> list[str]:
        return [v for k, v in self.events if k == "cut"]  # type: ignore[misc]

    @property
    def qr_codes(self) -> list[QR]:
        return [v for k, v in self.events if k == "qr"]  # type: ignore[misc]

    @property
    def pulses(self) -> list[Pulse]:
        return [v for k, v in self.events if k == "pulse"]  # type: ignore[misc]

    @property
    def status_queries(self) -> list[int]:
        return [v for k, v in self.events if k == "status"]  # type: ignore[misc]

    def kinds(self) -> list[str]:
        return [k for k, _ in self.events]

    def index_of(self, fragment: str) -> int:
        """Position among printed lines of the first line containing `fragment`."""
        for i, text in enumerate(self.texts):
            if fragment in text:
                return i
        raise AssertionError(f"{fragment!r} not printed; lines: {self.texts}")

    def as_paper(self, columns: int) -> str:
        """A picture of the paper in plain text: alignment applied, wide lines marked."""
        rows = []
        edge = "+" + "-" * columns + "+"
        rows.append(edge)
        for kind, value in self.events:
            if kind == "line":
                line: Line = value  # type: ignore[assignment]
                shown = line.text
                if line.width_mul == 2:  # double width: each character followed by its blank
                    shown = "".join(c + " " * _cols(c) for c in line.text).rstrip()
                pad = columns - _cols(shown)
                left = {"left": 0, "center": pad // 2, "right": pad}.get(line.align, 0) if pad > 0 else 0
                body = " " * left + shown
                rows.append("|" + body + " " * max(0, columns - _cols(body)) + "|")
            elif kind == "qr":
                rows.append(f"[QR {value.payload}]")  # type: ignore[union-attr]
            elif kind == "cut":
                rows.append("~" * (columns + 2) + f" cut ({value})")
            elif kind == "pulse":
                rows.append(f"[drawer pulse pin {value.pin}]")  # type: ignore[union-attr]
        rows.append(edge)
        return "\n".join(rows)


def _cols(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


class _State:
    def __init__(self) -> None:
        self.chinese = False
        self.reset()

    def reset(self) -> None:
        # ESC @ resets modes but, on Chinese firmware, not the Chinese-mode switch.
        self.align = 0
        self.width_mul = self.height_mul = 1
        self.cn_double_w = self.cn_double_h = False
        self.bold = False
        self.charset = 0


def decode(data: bytes, *, encoding: str, columns: int | None = None) -> Decoded:
    """Decode `data` as printed by a printer set to `encoding` with `columns` per line."""
    out = Decoded()
    st = _State()
    chars: list[tuple[str, int]] = []  # (char, printed columns)
    qr_store = {"payload": b"", "module": 3, "ecc": "L"}
    i, n = 0, len(data)

    def err(msg: str) -> None:
        out.errors.append(f"at byte {i}: {msg}")

    def flush() -> None:
        text = "".join(c for c, _ in chars)
        cols = sum(w for _, w in chars) * st.width_mul
        eaw = _cols(text) * st.width_mul
        if columns is not None and cols > columns:
            err(f"line of {cols} columns exceeds {columns}: {text!r}")
        if any(w == 2 for _, w in chars) and (st.width_mul == 2) != st.cn_double_w:
            err(f"ASCII and Chinese sizes differ on line {text!r}")
        out.events.append(
            ("line", Line(text, ALIGN_NAMES.get(st.align, "?"), st.width_mul, st.height_mul, st.bold, cols, eaw))
        )
        chars.clear()

    def need(k: int) -> bool:
        if i + k > n:
            err(f"command truncated: {data[i:]!r}")
            return False
        return True

    while i < n:
        b = data[i]
        if b == 0x0A:
            flush()
            i += 1
        elif b == 0x0D:
            i += 1
        elif b == 0x1B:
            if not need(2):
                break
            c = data[i + 1]
            if c == 0x40:
                st.reset()
                i += 2
            elif c in b"RaEdt!-M3":
                if not need(3):
                    break
                arg = data[i + 2]
                if c == ord("R"):
                    st.charset = arg
                elif c == ord("a"):
                    if arg not in ALIGN_NAMES:
                        err(f"bad ESC a {arg}")
                    if chars:
                        err("ESC a in the middle of a line has no effect")
                    st.align = arg
                elif c == ord("E"):
                    st.bold = bool(arg & 1)
                elif c == ord("d"):
                    if chars:
                        flush()
                    out.events.append(("feed", arg))
                elif c == ord("!"):
                    st.width_mul = 2 if arg & 0x20 else 1
                    st.height_mul = 2 if arg & 0x10 else 1
                i += 3
            elif c == ord("p"):
                if not need(5):
                    break
                m, t1, t2 = data[i + 2 : i + 5]
                out.events.append(("pulse", Pulse({0: 2, 48: 2, 1: 5, 49: 5}.get(m, -1), t1 * 2, t2 * 2, False)))
                i += 5
            else:
                err(f"unknown command ESC {bytes([c])!r}")
                i += 2
        elif b == 0x1D:
            if not need(2):
                break
            c = data[i + 1]
            if c == ord("!"):
                if not need(3):
                    break
                arg = data[i + 2]
                st.width_mul, st.height_mul = (arg >> 4) + 1, (arg & 0x0F) + 1
                i += 3
            elif c == ord("V"):
                if not need(3):
                    break
                m = data[i + 2]
                if chars:
                    err("cut with an unfinished line (GS V works only at the start of a line)")
                if m in (0, 48):
                    out.events.append(("cut", "full"))
                    i += 3
                elif m in (1, 49):
                    out.events.append(("cut", "partial"))
                    i += 3
                elif m in (65, 66):
                    out.events.append(("cut", "full" if m == 65 else "partial"))
                    i += 4
                else:
                    err(f"bad GS V {m}")
                    i += 3
            elif c == ord("(") and i + 2 < n and data[i + 2] == ord("k"):
                if not need(5):
                    break
                length = data[i + 3] | (data[i + 4] << 8)
                if not need(5 + length):
                    break
                body = data[i + 5 : i + 5 + length]
                if len(body) >= 2 and body[0] == 0x31:
                    fn = body[1]
                    if fn == 0x43:
                        qr_store["module"] = body[2]
                    elif fn == 0x45:
                        qr_store["ecc"] = {48: "L", 49: "M", 50: "Q", 51: "H"}.get(body[2], "?")
                    elif fn == 0x50:
                        qr_store["payload"] = bytes(body[3:])
                    elif fn == 0x51:
                        try:
                            payload = qr_store["payload"].decode("utf-8")  # type: ignore[union-attr]
                        except UnicodeDecodeError:
                            err("QR payload is not UTF-8")
                            payload = ""
                        out.events.append(("qr", QR(payload, qr_store["module"], qr_store["ecc"])))  # type: ignore[arg-type]
                i += 5 + length
            else:
                err(f"unknown command GS {bytes([c])!r}")
                i += 2
        elif b == 0x1C:
            if not need(2):
                break
            c = data[i + 1]
            if c == ord("&"):
                st.chinese = True
                i += 2
            elif c == ord("."):
                st.chinese = False
                i += 2
            elif c == ord("!"):
                if not need(3):
                    break
                st.cn_double_w = bool(data[i + 2] & 0x04)
                st.cn_double_h = bool(data[i + 2] & 0x08)
                i += 3
            else:
                err(f"unknown command FS {bytes([c])!r}")
                i += 2
        elif b == 0x10:
            if not need(3):
                break
            c = data[i + 1]
            if c == 0x04:
                out.events.append(("status", data[i + 2]))
                i += 3
            elif c == 0x14 and need(5) and data[i + 2] == 1:
                m, t = data[i + 3], data[i + 4]
                out.events.append(("pulse", Pulse({0: 2, 1: 5}.get(m, -1), t * 100, t * 100, True)))
                i += 5
            else:
                err(f"unknown command DLE {bytes([c])!r}")
                i += 2
        elif b < 0x20 or b == 0x7F:
            err(f"control byte {b:#04x} in text")
            i += 1
        elif b < 0x80:
            if st.charset != 0:
                err(f"ASCII printed with international character set {st.charset}")
            chars.append((chr(b), 1))
            i += 1
        elif not st.chinese:
            err(f"byte {b:#04x} outside Chinese mode prints as a code-page symbol")
            chars.append(("\ufffd", 1))
            i += 1
        else:
            size = _multibyte_len(data, i, encoding)
            if size == 0:
                err(f"invalid {encoding} sequence {data[i:i + 4]!r}")
                chars.append(("\ufffd", 1))
                i += 1
                continue
            try:
                ch = data[i : i + size].decode(encoding)
            except UnicodeDecodeError:
                err(f"undecodable {encoding} bytes {data[i:i + size]!r}")
                ch = "\ufffd"
            chars.append((ch, 2))
            i += size
    if chars:
        err(f"text left without a line feed: {''.join(c for c, _ in chars)!r}")
        flush()
    return out


def _multibyte_len(data: bytes, i: int, encoding: str) -> int:
    lead = data[i]
    if not 0x81 <= lead <= 0xFE or i + 1 >= len(data):
        return 0
    second = data[i + 1]
    if 0x30 <= second <= 0x39:
        if encoding != "gb18030" or i + 3 >= len(data):
            return 0  # a GBK printer has no four-byte codes: it would print two wrong glyphs
        if 0x81 <= data[i + 2] <= 0xFE and 0x30 <= data[i + 3] <= 0x39:
            return 4
        return 0
    if 0x40 <= second <= 0xFE and second != 0x7F:
        return 2
    return 0
