"""The Qt half of the self-test: the platform plugin starts and the translations load."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from . import i18n
from .error_text import message_for_code


def check_platform() -> str:
    """Start (or reuse) a QGuiApplication; its platform plugin's name (xcb, offscreen, windows)."""
    app = QGuiApplication.instance() or QGuiApplication(["hall-counter-selftest"])
    name = app.platformName()
    if not name:
        raise RuntimeError("no Qt platform plugin loaded")
    return name


def check_translations() -> str:
    """Load the Chinese catalogue and translate one of the window's words through it."""
    if not i18n.install_language("zh_CN"):
        raise RuntimeError(f"cannot load {i18n.qm_path('zh_CN')}")
    try:
        text = message_for_code("store.busy")
        if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
            raise RuntimeError("the Chinese catalogue loaded but translated nothing")
        return f"{i18n.qm_path('zh_CN').name}: {text}"
    finally:
        i18n.install_language("en")
