"""tools/screenshots.py still drives the window to each screen, and every character shown has a
glyph in the window's font (no tofu boxes)."""

from __future__ import annotations

import importlib.util

import pytest
from PySide6.QtGui import QFontDatabase, QFontMetrics, QImage
from PySide6.QtWidgets import QApplication

from counter_app.ui.i18n import CJK_FAMILIES
from tests.helpers.paths import REPO
from tests.helpers.ui import open_customer, pick, sign_in_to_counter, visible_texts

pytestmark = pytest.mark.gui

TOOL = REPO / "tools" / "screenshots.py"
NAMES = ("login.png", "counter-arrears.png", "payment-confirmation.png", "receipt-preview.png",
         "print-queue.png", "locked.png", "blind-close.png")


def cjk_font_installed() -> bool:
    return bool(set(QFontDatabase.families()) & set(CJK_FAMILIES))


def load_tool():
    spec = importlib.util.spec_from_file_location("screenshots_tool", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_screenshot_tool_makes_every_screen(qapp, tmp_path):
    paths = load_tool().make_screenshots(tmp_path, customers=300, seed=1)
    assert [p.name for p in paths] == list(NAMES)
    for path in paths:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1366, 768)
        # Not blank: many distinct colours across a sample of pixels.
        colours = {image.pixel(x, y) for x in range(0, 1366, 37) for y in range(0, 768, 23)}
        assert len(colours) > 20, path.name


def test_every_character_on_screen_has_a_glyph(qtbot, window, demo_customers):
    if not cjk_font_installed():
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, pick(demo_customers, min_open=2).account_no)
    metrics = QFontMetrics(QApplication.font())
    assert QApplication.font().family() in CJK_FAMILIES
    shown = "".join(visible_texts(window))
    missing = sorted({ch for ch in shown if not ch.isspace() and not metrics.inFontUcs4(ord(ch))})
    assert missing == []
