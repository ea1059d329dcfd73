"""Languages: resource folder lookup, translator install/switch, and the application font."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

LANGUAGES: tuple[str, ...] = ("zh_CN", "en")  # the choices of the ui.language setting
CATALOG = "hall_counter"
# Fonts with full simplified-Chinese coverage, best first (Linux, Windows, macOS).
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei UI", "Microsoft YaHei",
    "PingFang SC", "WenQuanYi Micro Hei",
)

_installed: QTranslator | None = None
_current = "en"


def resources_dir() -> Path:
    """`resources/` next to the package, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def qm_path(language: str) -> Path:
    return translations_dir() / f"{CATALOG}_{language}.qm"


def current_language() -> str:
    return _current


def install_language(language: str) -> bool:
    """Make `language` current; widgets get a LanguageChange event and retranslate.

    Source strings are English, so English works without its catalogue (which exists so
    the wording can be edited without touching code); any other language without a
    loadable .qm falls back to English and returns False.
    """
    global _installed, _current
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a Q(Core)Application")
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    _current = "en"
    translator = QTranslator(app)
    if translator.load(str(qm_path(language))):
        app.installTranslator(translator)
        _installed = translator
    elif language != "en":
        return False
    _current = language
    QLocale.setDefault(QLocale(language))
    return True


def apply_font(app: QApplication, point_size: int) -> QFont:
    """Base font for the whole window: a CJK family when one is installed, large enough."""
    font = QFont(app.font())
    available = set(QFontDatabase.families())
    families = [f for f in CJK_FAMILIES if f in available]
    if families:
        font.setFamilies(families)
    font.setPointSize(point_size)
    app.setFont(font)
    return font
