"""Idle auto-lock: any key or mouse activity in the application restarts a single-shot timer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent

_ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
})


class IdleWatcher(QObject):
    """Emits `idle` after `timeout_ms` without input while armed; install on the QApplication."""

    idle = Signal()
    # F12 pressed in any window while armed, also one a modal dialog blocks the counter
    # window's own shortcut in (a supervisor's message box or approval): lock anyway.
    lockKeyPressed = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.idle)
        self._armed = False

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def arm(self) -> None:
        self._armed = True
        self._timer.start()

    def disarm(self) -> None:
        self._armed = False
        self._timer.stop()

    def poke(self) -> None:
        """Count as activity (e.g. a card read)."""
        if self._armed:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if self._armed and event.type() in _ACTIVITY:
            self._timer.start()
            if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                    and event.key() == Qt.Key.Key_F12 and not event.isAutoRepeat()):
                self.lockKeyPressed.emit()
                return True
        return False
