"""GUI entry point: `run_gui(app, argv)` (app: bootstrap.CounterApp) builds the application and shows the counter window."""

from __future__ import annotations

import gc
import logging
import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from . import i18n
from .main_window import MainWindow
from .style import style_sheet
from .worker import wait_for_background

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused when one exists, as under pytest-qt)."""
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationName("hall-counter")
    app.setApplicationDisplayName(i18n.product_name())  # in the chosen language after prepare()
    app.setStyle("Fusion")
    icon = i18n.resources_dir() / "icons" / "hall-counter.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def prepare(app: QApplication, ctx) -> None:
    """Language, font and style sheet from the settings."""
    prepare_for(app, ctx.config)


def prepare_for(app: QApplication, config) -> None:
    """Language, font and style sheet from `config`."""
    language = config["ui.language"]
    if not i18n.install_language(language):
        log.warning("no translation catalogue for %s (%s); showing English", language,
                    i18n.qm_path(language))
    point_size = config["ui.font_point_size"]
    i18n.apply_font(app, point_size)
    app.setStyleSheet(style_sheet(point_size))


def build_window(app, *, ledger_link=None, card_reader=None, **kwargs) -> MainWindow:
    """The counter window on `app` (bootstrap.CounterApp), with the ledger link (relay and
    status, or None) and the card reader (a CardReaderBridge; by default one from the
    configuration, over `app.card_readers`)."""
    window = MainWindow(app, ledger_link=ledger_link, **kwargs)
    bridge = card_reader
    if bridge is None and app.config["card_reader.port"]:
        from .card_reader_bridge import CardReaderBridge

        bridge = CardReaderBridge.from_config(app.config, parent=window, driver=app.card_readers)
        connect_card_reader(window, bridge)
        bridge.start()  # opens the port on the reader's own thread
    elif bridge is not None:
        connect_card_reader(window, bridge)
    return window


def connect_card_reader(window: MainWindow, bridge) -> None:
    """`bridge` has signals cardRead(str) and stateChanged(str) (ui/card_reader_bridge.py)."""
    window.card_reader = bridge  # stopped and restarted around the technician's setup screen
    bridge.cardRead.connect(window.on_card_read)
    bridge.stateChanged.connect(window.status.on_card_reader_state)


def run_first_setup(config, data_dir, config_path, argv: list[str], *, printers=None,
                    card_readers=None) -> bool:
    """The first-run wizard for a counter with no store yet; True once it is set up.
    `printers` / `card_readers`: the device drivers its find-and-test screens use."""
    from .setup_wizard import run_first_setup as run_wizard

    app = make_application(argv)
    prepare_for(app, config)
    return run_wizard(config, data_dir, config_path, printers=printers,
                      card_readers=card_readers)


def run_gui(ctx, argv: list[str]) -> int:
    """Show the counter window on `ctx` until it is closed; the exit code of the event loop."""
    app = make_application(argv)
    prepare(app, ctx)
    link = start_ledger(ctx)
    window = build_window(ctx, ledger_link=link)
    screen = window.screen()
    if screen is not None:  # the whole screen also where no window manager maximises
        window.setGeometry(screen.availableGeometry())
    window.showMaximized()  # the counter's whole screen; fits 1280×720 and up
    # Everything made so far lives as long as the window: keep it out of the cyclic GC's
    # full collections, whose pauses would otherwise stall the GUI thread now and then.
    gc.freeze()
    code = app.exec()
    # A payment confirmed just before closing must reach the disk before we exit.
    if not wait_for_background(30_000):
        log.error("background work still running at exit")
    if link is not None:
        link.stop()  # after the last payment is on disk; queued items go on the next start
    return code


def start_ledger(app):
    """The relay thread and status source (and the demo's embedded ledger) through
    `app.start_ledger_link()`; None when it cannot start."""
    try:
        return app.start_ledger_link()
    except Exception:  # a bad URL or store problem must not keep the counter from opening
        log.exception("could not start the ledger relay; the counter works offline")
        return None
