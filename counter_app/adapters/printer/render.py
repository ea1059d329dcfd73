"""Render a receipt (domain blocks) to ESC/POS bytes for 58 mm (32 columns) or 80 mm (48 columns)."""

from __future__ import annotations

from dataclasses import dataclass

from hall_domain.receipts import Align, Block, Feed, Field, QRCode, Receipt, Rule, Size, Text

from . import escpos
from .profiles import FULL, Features
from .text import Encoding, Glyph, check_encoding, glyphs, to_bytes, to_text, width, wrap

# Font A is 12 dots wide: 384 dots / 12 = 32 columns on 58 mm, 576 / 12 = 48 on 80 mm.
COLUMNS = {58: 32, 80: 48}
DOTS = {58: 384, 80: 576}
QR_MODULE = {58: 6, 80: 8}
_ALIGN = {Align.LEFT: 0, Align.CENTER: 1, Align.RIGHT: 2}
_SIZE = {Size.NORMAL: (1, 1), Size.TALL: (1, 2), Size.LARGE: (2, 2)}


@dataclass(frozen=True, slots=True)
class Rendered:
    data: bytes
    replaced: tuple[str, ...]  # characters that could not be printed and became 〓
    lines: int


def columns_for(width_mm: int) -> int:
    if width_mm not in COLUMNS:
        raise ValueError(f"paper width must be 58 or 80 mm, not {width_mm!r}")
    return COLUMNS[width_mm]


class _Writer:
    """Emits mode commands only when the mode changes, then encoded lines."""

    def __init__(self, encoding: Encoding, columns: int) -> None:
        self.encoding = encoding
        self.columns = columns
        self.out: list[bytes] = [escpos.INIT, escpos.CHARSET_USA, escpos.CHINESE_ON]
        self.align, self.size, self.bold = 0, (1, 1), False
        self.replaced: list[str] = []
        self.lines = 0

    def mode(self, align: int = 0, size: tuple[int, int] = (1, 1), bold: bool = False) -> None:
        if align != self.align:
            self.out.append(escpos.align(align))
            self.align = align
        if size != self.size:
            self.out.append(escpos.char_size(*size))
            self.out.append(escpos.chinese_size(size[0] == 2, size[1] == 2))
            self.size = size
        if bold != self.bold:
            self.out.append(escpos.bold(bold))
            self.bold = bold

    def glyphs(self, text: str) -> list[Glyph]:
        gs = glyphs(text, self.encoding)
        self.replaced.extend(g.replaced for g in gs if g.replaced)
        return gs

    def line(self, gs: list[Glyph]) -> None:
        self.out.append(to_bytes(gs) + escpos.LF)
        self.lines += 1


def _text(w: _Writer, block: Text) -> None:
    wmul, hmul = _SIZE[block.size]
    w.mode(_ALIGN[block.align], (wmul, hmul), block.bold)
    for line in wrap(w.glyphs(block.text), w.columns // wmul, indent=block.indent):
        w.line(line)


def _field(w: _Writer, block: Field) -> None:
    w.mode(0, (1, 1), block.bold)
    label, value = w.glyphs(block.label), w.glyphs(block.value)
    space = w.columns - width(label) - width(value)
    if space >= 1:
        w.line(label + w.glyphs(" " * space) + value)
        return
    # Too long for one line: the label wrapped, then the value wrapped and flush right.
    for line in wrap(label, w.columns):
        w.line(line)
    for line in wrap(value, w.columns):
        w.line(w.glyphs(" " * (w.columns - width(line))) + line)


def _rule(w: _Writer, block: Rule) -> None:
    w.mode()
    gs = w.glyphs(block.char or "-")[:1] or w.glyphs("-")
    w.line(gs * (w.columns // gs[0].columns))


def _qr(w: _Writer, block: QRCode, features: Features, module: int) -> None:
    payload = block.payload.encode("utf-8")  # byte mode; phones read UTF-8
    if features.qr_code:
        w.mode(1)
        w.out.append(escpos.qr_code(payload, module=module))
        w.out.append(escpos.LF)
    else:
        # No QR on this model (python-escpos profile): print what the code would carry.
        w.mode(1)
        for line in wrap(w.glyphs(block.payload), w.columns):
            w.line(line)


def render(
    receipt: Receipt,
    *,
    width_mm: int,
    encoding: str,
    features: Features = FULL,
    cut: bool = True,
) -> Rendered:
    """Bytes for the whole job: init, Chinese mode, the blocks, feed and cut, leave Chinese mode."""
    w = _Writer(check_encoding(encoding), columns_for(width_mm))
    for block in receipt.blocks:
        _block(w, block, features, QR_MODULE[width_mm])
    w.mode()
    w.out.append(escpos.feed_lines(escpos.CUT_FEED_LINES))
    if cut and features.cutter:
        w.out.append(escpos.CUT_PARTIAL)
    w.out.append(escpos.CHINESE_OFF)
    return Rendered(data=b"".join(w.out), replaced=tuple(w.replaced), lines=w.lines)


def _block(w: _Writer, block: Block, features: Features, module: int) -> None:
    if isinstance(block, Text):
        _text(w, block)
    elif isinstance(block, Field):
        _field(w, block)
    elif isinstance(block, Rule):
        _rule(w, block)
    elif isinstance(block, QRCode):
        _qr(w, block, features, module)
    elif isinstance(block, Feed):
        w.mode()
        w.out.append(escpos.feed_lines(max(1, min(block.lines, 10))))
    else:  # pragma: no cover - a new block type must be taught to the renderer
        raise TypeError(f"cannot render {type(block).__name__}")


def render_text(receipt: Receipt, *, width_mm: int, encoding: str = "gb18030") -> str:
    """The receipt as plain text, wrapped and encoded-checked as render() lays it on paper
    (the counter's on-screen preview). Double width cannot be shown: such lines keep the
    paper's wrapping and are centred as they look on screen; a QR code shows as [QR]."""
    enc = check_encoding(encoding)
    cols = columns_for(width_mm)
    out: list[str] = []

    def put(line: list[Glyph], align: Align) -> None:
        room = cols - width(line)
        pad = {Align.LEFT: 0, Align.CENTER: room // 2, Align.RIGHT: room}[align]
        out.append(" " * max(0, pad) + to_text(line))

    for block in receipt.blocks:
        if isinstance(block, Text):
            wmul = _SIZE[block.size][0]
            for line in wrap(glyphs(block.text, enc), cols // wmul, indent=block.indent):
                put(line, block.align)
        elif isinstance(block, Field):
            label, value = glyphs(block.label, enc), glyphs(block.value, enc)
            space = cols - width(label) - width(value)
            if space >= 1:
                out.append(to_text(label) + " " * space + to_text(value))
            else:
                out.extend(to_text(line) for line in wrap(label, cols))
                for line in wrap(value, cols):
                    put(line, Align.RIGHT)
        elif isinstance(block, Rule):
            gs = glyphs(block.char or "-", enc)[:1] or glyphs("-", enc)
            out.append(to_text(gs * (cols // gs[0].columns)))
        elif isinstance(block, QRCode):
            put(glyphs("[QR]", enc), Align.CENTER)
        elif isinstance(block, Feed):
            out.extend([""] * max(1, min(block.lines, 3)))
    return "\n".join(out)
