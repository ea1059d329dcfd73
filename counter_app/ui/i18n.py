"""Languages: resource folder lookup, translator install/switch, and the application font."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication

from counter_app.resources import resource_path

LANGUAGES: tuple[str, ...] = ("zh_CN", "en")  # the choices of the ui.language setting
CATALOG = "hall_counter"
# Fonts with full simplified-Chinese coverage, best first (Linux, Windows, macOS).
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei UI", "Microsoft YaHei",
    "PingFang SC", "WenQuanYi Micro Hei",
)

_installed: QTranslator | None = None
_qt_installed: QTranslator | None = None
_current = "en"
log = logging.getLogger(__name__)


def resources_dir() -> Path:
    """The package's `resources/` folder (installed with it; see counter_app.resources)."""
    return resource_path()


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
    _install_qt_catalogue(app, language)
    translator = QTranslator(app)
    if translator.load(str(qm_path(language))):
        app.installTranslator(translator)
        _installed = translator
    elif language != "en":
        _show_product_name(app)
        return False
    _current = language
    QLocale.setDefault(QLocale(language))
    _show_product_name(app)
    return True


# Texts of Qt's own dialogs that Qt's zh_CN catalogue leaves untranslated; our catalogue (loaded
# after Qt's, so asked first) carries them in Qt's contexts.
QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)


def qt_catalogue_dir() -> Path:
    """Qt's own translations (qtbase_*.qm) shipped with PySide6."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def _install_qt_catalogue(app: QCoreApplication, language: str) -> None:
    """Qt's own texts (OK, Cancel, Close, Yes/No, the file and message dialogs) in `language`.

    English needs none; a missing catalogue leaves Qt's English (logged, not fatal)."""
    global _qt_installed
    if _qt_installed is not None:
        app.removeTranslator(_qt_installed)
        _qt_installed = None
    if language == "en":
        return
    translator = QTranslator(app)
    folder = qt_catalogue_dir()
    if translator.load(QLocale(language), "qtbase", "_", str(folder)):
        app.installTranslator(translator)
        _qt_installed = translator
    else:
        log.warning("Qt's own %s catalogue (qtbase_%s.qm) not found in %s", language, language,
                    folder)


def product_name() -> str:
    return QCoreApplication.translate("Product", "Hall Counter")


def _show_product_name(app: QCoreApplication) -> None:
    """The name the window system appends to every window title («… — 营业厅柜台收费»)."""
    if isinstance(app, QGuiApplication):
        app.setApplicationDisplayName(product_name())


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
