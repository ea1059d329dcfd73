"""What every part of the counter window has: the window and its context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from ..main_window import MainWindow


class WindowPart(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window

    @property
    def ctx(self):
        return self.w.ctx
