"""The CJK font of the ledger's PDFs (notices, arrears lists, 对账报告), registered once.

The ledger does not import the counter (tools/check_layers.py), so it finds its own font:
an embeddable TrueType file (reportlab embeds the glyphs used; the Noto CJK files are
CFF-based OpenType, which it cannot), HALL_LEDGER_PDF_FONT naming another file."""

from __future__ import annotations

import os
from pathlib import Path

FONT_ENV = "HALL_LEDGER_PDF_FONT"
TTF_NAME = "LedgerCJK"
CID_FONT = "STSong-Light"  # reportlab's built-in CID font: not embedded, the reader supplies it
CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
    Path("C:/Windows/Fonts/simhei.ttf"),
    Path("C:/Windows/Fonts/simsun.ttc"),
    Path("/System/Library/Fonts/STHeiti Medium.ttc"),
)
_embedded: str | None = None
_looked = False


def embedded_cjk_font() -> str | None:
    """The registered TrueType font's name, or None when no candidate can be read."""
    global _embedded, _looked
    if not _looked:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        env = os.environ.get(FONT_ENV, "")
        for path in ((Path(env),) if env else CANDIDATES):
            if path.is_file():
                try:
                    pdfmetrics.registerFont(TTFont(TTF_NAME, str(path), subfontIndex=0))
                except Exception:  # noqa: BLE001 - a font reportlab cannot read: try the next
                    continue
                _embedded = TTF_NAME
                break
        _looked = True
    return _embedded


def cjk_font() -> str:
    """The embedded font, else the built-in CID font (still Chinese, not embedded)."""
    name = embedded_cjk_font()
    if name is not None:
        return name
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT
