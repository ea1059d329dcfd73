"""Screenshots of the counter window for the README:
python tools/screenshots.py [OUT_DIR] [--language zh_CN|en]

Builds a demo store in a temporary folder, drives the window offscreen at a counter screen's
1366x768 like a cashier (sign in, open the shift, open a customer in arrears, confirm a cash
payment, a printer fault, the blind count at shift close, the lock) and saves:
login.png, counter-arrears.png, payment-confirmation.png, receipt-preview.png,
print-queue.png, blind-close.png and locked.png
(default OUT_DIR: docs/screenshots, and docs/screenshots/en for English). Needs a CJK font
(fonts-noto-cjk) or Chinese shows as boxes.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

NOW = datetime(2026, 3, 20, 10, 30, 0)
SIZE = (1366, 768)  # the counter screens in the halls


def _wait(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def _settle() -> None:
    for _ in range(20):
        QApplication.processEvents()
        time.sleep(0.01)


def _with_dialog(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window with the dialog drawn centred over a dimmed copy, as the cashier sees it."""
    shot = window.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 70))
    pane = dialog.grab()
    top_left = QPoint((shot.width() - pane.width()) // 2, (shot.height() - pane.height()) // 2)
    painter.fillRect(pane.rect().translated(top_left + QPoint(4, 4)), QColor(0, 0, 0, 60))
    painter.drawPixmap(top_left, pane)
    painter.setPen(QColor("#1f4e79"))
    painter.drawRect(pane.rect().translated(top_left).adjusted(0, 0, -1, -1))
    painter.end()
    return shot


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _arrears_customer(customers):
    """A residential customer several months behind, without a mobile number on file."""
    from hall_domain.accounts import UserType

    for c in customers:
        if len(c.open_bills) >= 3 and not c.phone and c.user_type == UserType.RESIDENTIAL:
            return c
    return max(customers, key=lambda c: len(c.open_bills))


def make_screenshots(out_dir: Path, *, customers: int = 2000, seed: int = 20261127,
                     language: str = "zh_CN") -> list[Path]:
    from counter_app.bootstrap import STORE_FILE_NAME, bootstrap
    from counter_app.config import Config
    from counter_app.demo import build_demo_store, generate_customers
    from counter_app.ui.app import build_window, make_application, prepare
    from counter_app.ui.worker import wait_for_background

    out_dir.mkdir(parents=True, exist_ok=True)
    app = make_application([])
    saved: list[Path] = []

    def save(pixmap: QPixmap, name: str) -> None:
        path = out_dir / name
        if not pixmap.save(str(path)):
            raise OSError(f"could not write {path}")
        saved.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        build_demo_store(data_dir / STORE_FILE_NAME, customers=customers, seed=seed)
        ctx = bootstrap(config=Config({"ui.language": language}), data_dir=data_dir,
                        demo=True, clock=lambda: NOW)
        try:
            prepare(app, ctx)
            window = build_window(ctx, idle_lock_ms=3_600_000)
            window.resize(*SIZE)
            window.show()
            _wait(lambda: window.login.users.rowCount() > 0
                  and window.status.ledger_status is not None)
            window.login.user_id.setText("1001")
            window.login.focus()
            _settle()
            save(window.grab(), "login.png")

            window.login.pin.setText("1111")
            window.login.on_submit()
            _wait(lambda: window._shift_dialog is not None and window._shift_dialog.isVisible())
            window._shift_dialog.set_counts({10000: 5, 5000: 4, 2000: 5, 1000: 10, 500: 10,
                                             100: 20, 50: 10, 10: 20})
            window._shift_dialog.on_buttons_accepted()
            window._shift_dialog.confirm_open()  # the float is confirmed on screen
            _wait(lambda: window.pages.currentWidget() is window.counter)

            customer = _arrears_customer(list(generate_customers(customers, seed=seed)))
            page = window.counter
            page.search.set_text(customer.account_no)
            page.search.on_field_return_pressed()
            _wait(lambda: page.quote is not None)
            total = page.quote.total_due_fen
            tendered = (total // 10_000 + 1) * 10_000
            page.payment.cash_tendered.setText(f"{tendered // 100}")
            page.payment.on_field_text_edited("")
            _settle()
            save(window.grab(), "counter-arrears.png")

            page.payment.on_field_return_pressed()
            _wait(page.has_dialog)
            _settle()
            save(_with_dialog(window, page._dialog), "payment-confirmation.png")

            page._dialog.accept()
            _wait(lambda: window.receipt_dialog is not None and window.receipt_dialog.isVisible())
            _settle()
            save(_with_dialog(window, window.receipt_dialog), "receipt-preview.png")
            window.receipt_dialog.accept()

            # The printer goes away (nothing listens on its port): F9 queues a marked copy,
            # which fails and waits in the print queue (Ctrl+P) with the status bar saying so.
            ctx.config.set("printer.uri", f"tcp://127.0.0.1:{_closed_port()}")
            shown = window.receipt_dialog
            window.reprint_last_receipt()
            _wait(lambda: window.receipt_dialog is not shown and window.receipt_dialog.isVisible()
                  and window.print_desk.unprinted)
            window.receipt_dialog.accept()
            window.show_print_queue()
            _wait(lambda: window.print_queue_dialog.table.rowCount() == 1
                  and window.print_desk.state == "offline")
            window.print_queue_dialog.other_uri.setText("tcp://192.168.1.51:9100")
            _settle()
            save(_with_dialog(window, window.print_queue_dialog), "print-queue.png")
            window.print_queue_dialog.accept()

            # Shift close: the supervisor's blind count, before any expected figure is shown.
            window.lock(reason="manual")
            _wait(lambda: window.pages.currentWidget() is window.login)
            _settle()
            save(window.grab(), "locked.png")
            window.login.user_id.setText("2001")
            window.login.pin.setText("2222")
            window.login.on_submit()
            _wait(lambda: window.pages.currentWidget() is window.counter)
            window.supervisor_menus.open_close_shift()
            close = window.supervisor_menus.dialogs["close_shift"]
            _wait(lambda: close.isVisible() and close.shift_id is not None)
            for denom, n in {10000: 7, 5000: 4, 2000: 5, 1000: 10, 500: 10, 100: 20, 50: 10,
                             10: 20, 5: 3, 2: 4, 1: 6}.items():
                close.spins[denom].setValue(n)
            _settle()
            save(_with_dialog(window, close), "blind-close.png")
            close.reject()
            window.close()
            wait_for_background()
            _settle()
        finally:
            ctx.close()
    return saved


def main(argv: list[str]) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="tools/screenshots.py")
    p.add_argument("out", nargs="?", type=Path)
    p.add_argument("--language", default="zh_CN", choices=("zh_CN", "en"))
    args = p.parse_args(argv[1:])
    default = REPO / "docs" / "screenshots"
    out = args.out or (default if args.language == "zh_CN" else default / args.language)
    for path in make_screenshots(out, language=args.language):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
