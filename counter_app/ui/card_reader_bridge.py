"""Qt face of the card reader: its thread's events re-emitted as signals on the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)

ReaderFactory = Callable[..., Any]  # (settings, on_event, **options) -> a card reader thread
DISCONNECTED = "disconnected"  # adapters.card_reader.ReaderState values, as strings


class CardReaderBridge(QObject):
    """Owns a CardReader; every signal is emitted on the thread this object lives in.

    cardRead(account_no)   a card was read (already debounced)
    stateChanged(state)    "not_configured" | "connecting" | "connected" | "disconnected"
    bytesReceived(bytes)   raw bytes as read (setup screen's live view)
    frameDecoded(event)    every FrameDecoded / FrameRejected, before debouncing
    """

    cardRead = Signal(str)
    stateChanged = Signal(str)
    bytesReceived = Signal(object)
    frameDecoded = Signal(object)
    # (generation, kind, value) from the reader thread; queued so the slot runs on our thread.
    _reader_event = Signal(int, str, object)

    def __init__(
        self,
        settings: Any = None,
        *,
        parent: QObject | None = None,
        reader_factory: ReaderFactory | None = None,
        driver: Any = None,
        **reader_options: Any,
    ) -> None:
        super().__init__(parent)
        # `driver`: devices.CardReaderDriver as bootstrap hands it over (CounterApp.card_readers)
        if driver is None:
            from counter_app.devices import CardReaderDriver

            driver = CardReaderDriver()
        self._settings = settings if settings is not None else driver.settings()
        self._factory = reader_factory or driver.reader
        self._options = reader_options  # e.g. clock, backoff (tests)
        self._reader: Any = None
        self._generation = 0
        self._state = DISCONNECTED
        self._reader_event.connect(self._on_reader_event, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @classmethod
    def from_config(cls, config: Any, *, parent: QObject | None = None,
                    driver: Any = None) -> CardReaderBridge:
        if driver is None:
            from counter_app.devices import CardReaderDriver

            driver = CardReaderDriver()
        return cls(driver.settings_from_config(config), parent=parent, driver=driver)

    @property
    def settings(self):
        return self._settings

    @property
    def state(self) -> str:
        return self._state

    @property
    def last_error(self) -> str | None:
        """Why the port could not be opened or was lost (for the status bar's tooltip)."""
        return self._reader.last_error if self._reader is not None else None

    def start(self, settings: Any = None) -> None:
        """(Re)start reading, with new settings if given. Returns at once."""
        self.stop()
        if settings is not None:
            self._settings = settings
        self._generation += 1
        generation = self._generation
        reader: Any = None

        def post(kind: str, value: Any) -> None:
            try:
                self._reader_event.emit(generation, kind, value)
            except RuntimeError:  # this bridge was deleted with the thread still running
                if reader is not None:
                    reader.stop(timeout=0)

        reader = self._factory(
            self._settings,
            on_card=lambda v: post("card", v),
            on_state=lambda v: post("state", v),
            on_bytes=lambda v: post("bytes", v),
            on_frame=lambda v: post("frame", v),
            **self._options,
        )
        self._reader = reader
        reader.start()

    def stop(self) -> None:
        """Stop without waiting for the thread (it closes the port itself within a read timeout)."""
        if self._reader is not None:
            self._reader.stop(timeout=0)
            self._reader = None
            self._generation += 1  # drop whatever the old thread still posts
            self._set_state(DISCONNECTED)

    @Slot()
    def shutdown(self) -> None:
        """Stop and wait briefly for the thread (application exit)."""
        reader = self._reader
        self.stop()
        if reader is not None:
            reader.stop(timeout=1.0)

    @Slot(int, str, object)
    def _on_reader_event(self, generation: int, kind: str, value: Any) -> None:
        if generation != self._generation:
            return
        if kind == "card":
            self.cardRead.emit(value)
        elif kind == "state":
            self._set_state(value)
        elif kind == "bytes":
            self.bytesReceived.emit(value)
        elif kind == "frame":
            self.frameDecoded.emit(value)

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit(state)
