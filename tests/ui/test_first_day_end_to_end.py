"""A counter's first day, end to end: the setup wizard (with the setup code the ledger printed)
against a ledger on uvicorn 127.0.0.1, a cashier added from the command line, a cash payment
taken in the window and relayed to the ledger, a backup, and a restore into a fresh folder where
the payment is found again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from sqlalchemy import select

from counter_app.adapters.storage import open_store
from counter_app.bootstrap import STORE_FILE_NAME, bootstrap
from counter_app.config import Config
from counter_app.services.payments import last_payment
from counter_app.ui.setup_wizard import SetupWizard
from hall_domain.money import fen_to_plain
from hall_domain.setup_code import SetupCode
from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine
from hall_ledger.store.models import Payment as LedgerPayment
from tests.helpers.ledger import seed_halls
from tests.helpers.ui import open_customer, sign_in_to_counter, type_into

ACCOUNT = "3301000002"  # a customer of hall H001 with an open bill (tests/helpers/ledger.py)


def counter_app(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COUNTER_APP_LANG": "en", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "counter_app", *args], capture_output=True,
                            text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def ledger(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    migrate.upgrade(engine)
    token = seed_halls(engine)["H001"].tokens["T01"]
    server = ThreadedServer(create_app(engine)).start()
    try:
        yield engine, server.url, token
    finally:
        server.stop()
        engine.dispose()


def _walk_the_wizard(qtbot, data_dir: Path, url: str, token: str) -> None:
    wizard = SetupWizard(Config({"ui.language": "zh_CN"}), data_dir, data_dir / "config.toml")
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    type_into(qtbot, wizard.hall.setup_code, SetupCode(url, "H001", "T01", token).text(),
              enter=True)  # as the hall's scanner types it, Enter at the end
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.ledger)
    qtbot.waitUntil(lambda: wizard.ledger.checked_ok, timeout=20_000)
    wizard.next()
    for field, text in ((wizard.admin.admin_id, "9001"), (wizard.admin.admin_name, "王工"),
                        (wizard.admin.pin, "7391"), (wizard.admin.pin_again, "7391")):
        type_into(qtbot, field, text)
    wizard.next()
    assert wizard.currentPage() is wizard.devices
    wizard.next()
    qtbot.mouseClick(wizard.finish.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.finish.isComplete, timeout=60_000)
    assert "4 customers" in wizard.finish.log.text()  # the hall's reference data came down
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: not wizard.isVisible())


def test_setup_payment_backup_and_restore_into_a_fresh_folder(qtbot, make_window, ledger,
                                                             tmp_path):
    engine, url, token = ledger
    data_dir = tmp_path / "counter"
    _walk_the_wizard(qtbot, data_dir, url, token)

    # the administrator adds a cashier (the technician's script would do the same)
    counter_app("--data-dir", str(data_dir), "user", "add", "--id", "1001", "--name", "李收费",
                "--role", "cashier", "--pin", "2580", "--admin", "9001", "--admin-pin", "7391")

    ctx = bootstrap(config=Config.load(data_dir / "config.toml"), data_dir=data_dir)
    link = ctx.start_ledger_link()
    try:
        window = make_window(ctx, ledger_link=link)
        sign_in_to_counter(qtbot, window, "1001", "2580")
        open_customer(qtbot, window, ACCOUNT)
        page = window.counter
        total = page.quote.total_due_fen
        type_into(qtbot, page.payment.cash_tendered, fen_to_plain(total), enter=True)
        qtbot.waitUntil(page.has_dialog)
        qtbot.keyClick(page._dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.receipt_dialog is not None
                        and window.receipt_dialog.isVisible())
        paid = last_payment(ctx.store, terminal_id="T01")
        assert paid is not None and paid.amount_fen == total

        def at_ledger():
            with engine.connect() as conn:
                return conn.execute(select(LedgerPayment.amount_fen).where(
                    LedgerPayment.payment_uuid == paid.payment_uuid)).scalar_one_or_none()

        qtbot.waitUntil(lambda: at_ledger() == total, timeout=30_000)  # relayed exactly

        made = counter_app("--data-dir", str(data_dir), "backup", "now").stdout
    finally:
        if link is not None:
            link.stop()
        window.close()
        ctx.close()
    backup = next(Path(word) for word in made.split() if word.endswith(".db")
                  and Path(word).exists())

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    counter_app("--data-dir", str(fresh), "backup", "restore", str(backup))
    store = open_store(fresh / STORE_FILE_NAME, create=False)
    try:
        again = last_payment(store, terminal_id="T01")
    finally:
        store.close()
    assert again is not None
    assert (again.payment_uuid, again.amount_fen, again.account_no) == (
        paid.payment_uuid, total, ACCOUNT)
    counter_app("--data-dir", str(fresh), "audit", "verify")  # the chain came along whole
