"""The blind close in the dialog: no expected figure anywhere before the count is stored;
figures after it; supervisor sign-off with their own PIN; override when payments are queued."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QLabel, QLineEdit

from counter_app.services import cash_control as cc
from counter_app.services.shifts import current_shift
from counter_app.ui.shift_close_dialog import ShiftCloseDialog
from counter_app.ui.worker import pending, store_pool
from hall_domain.money import fen_to_plain, format_fen
from tests.helpers.cash_fixtures import (
    SUP_PIN,
    T0,
    TERMINAL,
    drop_outbox,
    make_counter,
    pay,
    start_shift,
)

pytestmark = pytest.mark.gui
AT = T0 + timedelta(hours=9)


def all_texts(root) -> list[str]:
    """Every string any widget of the dialog holds, shown or not."""
    out = [root.windowTitle()]
    for w in root.findChildren(QLabel):
        out += [w.text(), w.toolTip()]
    for w in root.findChildren(QLineEdit):
        out += [w.text(), w.placeholderText()]
    for w in root.findChildren(QAbstractButton):
        out.append(w.text())
    for w in root.findChildren(QAbstractSpinBox):
        out.append(w.text())
    return [t for t in out if t]


@pytest.fixture
def counter(tmp_path):
    c = make_counter(tmp_path / "counter.db")
    yield c
    store_pool().waitForDone(10_000)
    c.close()


@pytest.fixture
def day(counter):
    shift = start_shift(counter)
    pay(counter, 1, cash=16637, tendered=20000)   # expected cash ¥260.00 + ¥166.37 = ¥426.37
    pay(counter, 2, card=31408)
    return shift


@pytest.fixture
def dialogs(qapp):
    made: list[ShiftCloseDialog] = []
    yield made
    store_pool().waitForDone(10_000)
    for dlg in made:  # closed and deleted here, while the store is still open
        dlg.close()
        dlg.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()


def make_dialog(qtbot, dialogs, counter, user=None):
    dlg = ShiftCloseDialog(store=counter.cash, terminal_id=TERMINAL, user=user or counter.cashier,
                           clock=lambda: AT, hall_id="H001")
    dialogs.append(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.submit.isEnabled(), timeout=5000)
    return dlg


def count_drawer(qtbot, dlg, counts: dict[int, int], settlement: str) -> None:
    for denom, n in counts.items():
        dlg.spins[denom].setValue(n)
    qtbot.keyClicks(dlg.settlement, settlement)


def test_expected_amount_hidden_until_the_count_is_entered(qtbot, dialogs, counter, day):
    dlg = make_dialog(qtbot, dialogs, counter)
    secrets = [format_fen(42637), fen_to_plain(42637), "426.37", "42637", format_fen(31408),
               "314.08", "短款", "长款"]

    def leaked() -> list[str]:
        return [t for t in all_texts(dlg) for s in secrets if s in t]

    assert leaked() == []
    count_drawer(qtbot, dlg, {10000: 4, 1000: 2, 100: 6}, "314.00")  # ¥426.00, POS ¥314.00
    assert leaked() == []
    assert dlg.figures is None and dlg.pages.currentIndex() == 0
    qtbot.mouseClick(dlg.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.pages.currentIndex() == 1, timeout=5000)
    f = dlg.figure_labels
    assert f["cash_expected"].text() == "¥426.37"
    assert f["cash_counted"].text() == "¥426.00"
    assert f["cash_over_short"].text() == "短款 ¥0.37"
    assert f["card_over_short"].text() == "短款 ¥0.08"
    assert any("¥426.37" in t for t in all_texts(dlg))


def test_queued_payments_need_an_override_then_close(qtbot, dialogs, counter, day):
    dlg = make_dialog(qtbot, dialogs, counter)
    count_drawer(qtbot, dlg, {10000: 4, 1000: 2, 100: 6}, "314.08")
    qtbot.mouseClick(dlg.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.pages.currentIndex() == 1, timeout=5000)
    # A wrong PIN first: refused, nothing signed.
    qtbot.keyClicks(dlg.supervisor_id, "2001")
    qtbot.keyClicks(dlg.supervisor_pin, "0000")
    qtbot.mouseClick(dlg.sign_off, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.error.text() != "" and dlg.sign_off.isEnabled(), timeout=5000)
    assert dlg.report is None and dlg.supervisor_pin.text() == ""
    # The right PIN: both payments are still queued, so the override field appears.
    qtbot.keyClicks(dlg.supervisor_pin, SUP_PIN)
    qtbot.mouseClick(dlg.sign_off, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.override.isVisibleTo(dlg) and dlg.sign_off.isEnabled(), timeout=5000)
    assert "2" in dlg.error.text()
    assert current_shift(counter.store, terminal_id=TERMINAL) is not None
    qtbot.keyClicks(dlg.supervisor_pin, SUP_PIN)
    dlg.override.setText("网络中断，次日补传")  # QTest types ASCII only
    with qtbot.waitSignal(dlg.shiftClosed, timeout=5000) as blocker:
        qtbot.mouseClick(dlg.sign_off, Qt.MouseButton.LeftButton)
    z = blocker.args[0]
    assert z.kind == "Z" and z.close.override_reason == "网络中断，次日补传"
    assert z.close.counted_by == "1001" and z.close.signed_off_by == "2001"
    assert dlg.pages.currentIndex() == 2
    assert current_shift(counter.store, terminal_id=TERMINAL) is None
    assert pending() == 0 or store_pool().waitForDone(5000)


def test_the_counter_cannot_sign_their_own_count(qtbot, dialogs, counter, day):
    drop_outbox(counter)
    dlg = make_dialog(qtbot, dialogs, counter, user=counter.supervisor)  # a supervisor at the counter
    count_drawer(qtbot, dlg, {10000: 4, 1000: 2, 100: 6}, "314.08")
    qtbot.mouseClick(dlg.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.pages.currentIndex() == 1, timeout=5000)
    qtbot.keyClicks(dlg.supervisor_id, "2001")
    qtbot.keyClicks(dlg.supervisor_pin, SUP_PIN)
    qtbot.mouseClick(dlg.sign_off, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.error.text() != "" and dlg.sign_off.isEnabled(), timeout=5000)
    assert dlg.report is None
    dlg.supervisor_id.setText("2002")
    qtbot.keyClicks(dlg.supervisor_pin, SUP_PIN)
    with qtbot.waitSignal(dlg.shiftClosed, timeout=5000):
        qtbot.mouseClick(dlg.sign_off, Qt.MouseButton.LeftButton)
    assert cc.report_sent(counter.cash, shift_id=day.shift_id) is False


def test_cash_out_dialog_needs_a_supervisor(qtbot, counter, day):
    from counter_app.ui.cash_movement_dialog import CashMovementDialog
    from hall_domain.shift_totals import MovementKind

    dlg = CashMovementDialog(kind=MovementKind.CASH_OUT, store=counter.cash, terminal_id=TERMINAL,
                             user=counter.cashier, clock=lambda: AT)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.amount, "200")
    dlg.reason.setText("中途解款")
    qtbot.keyClicks(dlg.approver_id, "1001")  # the cashier themself
    qtbot.keyClicks(dlg.approver_pin, "2468")
    dlg.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dlg.confirm is not None and dlg.confirm.isVisible())
    assert "¥200.00" in dlg.confirm.text() and "中途解款" in dlg.confirm.text()
    qtbot.keyClick(dlg.confirm, Qt.Key.Key_Return)  # yes
    qtbot.waitUntil(lambda: dlg.error.text() != "" and dlg.buttons.isEnabled(), timeout=5000)
    assert dlg.movement is None and dlg.approver_pin.text() == ""
    dlg.approver_id.setText("2001")
    qtbot.keyClicks(dlg.approver_pin, SUP_PIN)
    dlg.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dlg.confirm is not None and dlg.confirm.isVisible())
    with qtbot.waitSignal(dlg.movementRecorded, timeout=5000) as blocker:
        qtbot.keyClick(dlg.confirm, Qt.Key.Key_Return)
    m = blocker.args[0]
    assert dlg.done_text.isVisibleTo(dlg) and "¥200.00" in dlg.done_text.text()
    assert "2001" in dlg.done_text.text() and not dlg.buttons.isVisibleTo(dlg)
    assert (m.amount_fen, m.approved_by, m.created_by, m.reason) == (20000, "2001", "1001", "中途解款")
    x = cc.x_report(counter.cash, shift_id=day.shift_id, user=counter.cashier, now=AT)
    assert x.totals.cash_out_fen == 20000


class StubLedger:
    """The ledger's reconciliation answer for one day: receipt 2 missing, 3 extra."""

    def __init__(self) -> None:
        self.asked: list = []

    def reconciliation(self, day):
        self.asked.append(day)
        return {"shifts": [{"shift_id": 1, "count": 2, "amount_fen": 16637 + 500, "void_count": 0,
                            "by_tender": {"cash": {"count": 2, "amount_fen": 17137}},
                            "first_receipt": 1, "last_receipt": 3,
                            "matches_counter_report": None}],
                "receipts": {"first": 1, "last": 3, "count": 2, "gaps": [[2, 2]], "duplicates": []}}


def test_reconciliation_view_lists_missing_and_extra(qtbot, counter, day):
    from datetime import date

    from counter_app.ui.reconciliation_view import ReconciliationView

    ledger = StubLedger()
    view = ReconciliationView(store=counter.cash, ledger=ledger, terminal_id=TERMINAL,
                              user=counter.supervisor, today=date(2026, 3, 20))
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.reconciled, timeout=5000):
        qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    assert ledger.asked == [date(2026, 3, 20)]
    rows = [[view.diffs.item(r, c).text() for c in range(5)] for r in range(view.diffs.rowCount())]
    assert rows[0][0] == "Missing at the ledger" and rows[0][2] == "T01-00000002"
    assert rows[0][3] == "¥314.08" and "still in the outbox" in rows[0][4]
    assert rows[1][0] == "Extra at the ledger" and rows[1][2] == "T01-00000003"
    assert view.shifts.item(0, 5).text() == "NO"
    assert "2 difference(s)" in view.status.text()


def test_shift_reports_view_saves_z_pdf_and_slips(qtbot, counter, day, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from counter_app.ui.shift_reports_view import ShiftReportsView

    drop_outbox(counter)
    cc.begin_close(counter.cash, terminal_id=TERMINAL, user=counter.cashier, now=AT)
    from hall_domain.shifts import DenominationCount

    cc.submit_blind_count(counter.cash, shift_id=day.shift_id, user=counter.cashier,
                          counted=DenominationCount({10000: 4, 1000: 2, 100: 6}),
                          bank_settlement_fen=31408, now=AT)
    cc.supervisor_sign_off(counter.cash, shift_id=day.shift_id, supervisor_id="2001", pin=SUP_PIN,
                           now=AT)
    cc.close_shift(counter.cash, shift_id=day.shift_id, user=counter.supervisor, now=AT,
                   hall_id="H001")
    view = ShiftReportsView(store=counter.cash, terminal_id=TERMINAL, user=counter.supervisor,
                            hall_name="城东供电营业厅", hall_address="城东区人民路88号",
                            reports_dir=tmp_path / "reports", clock=lambda: AT)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.selected_shift_id() == day.shift_id, timeout=5000)
    assert view.table.item(0, 3).text() == "closed"
    assert view.windowTitle() == "Shift reports"
    qtbot.mouseClick(view.z_button, Qt.MouseButton.LeftButton)
    # Asked where to save it (Qt's own dialog), suggested in the reports folder.
    qtbot.waitUntil(lambda: view.file_dialog is not None and view.file_dialog.isVisible())
    chooser = view.file_dialog
    assert chooser.directory().absolutePath() == str(tmp_path / "reports")
    chosen = tmp_path / "elsewhere"
    chosen.mkdir()
    with qtbot.waitSignal(view.fileSaved, timeout=10_000) as saved:
        chooser.selectFile(str(chosen / "班次Z.pdf"))
        chooser.accept()
    pdf = saved.args[0]
    assert pdf == chosen / "班次Z.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert view.open_button.isEnabled()
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(pdf)]
    with qtbot.waitSignal(view.printSlip, timeout=5000) as slip:
        qtbot.mouseClick(view.z_slip_button, Qt.MouseButton.LeftButton)
    texts = slip.args[0].texts()
    assert "Z 报表（交班）" in texts and "短款 ¥0.37" in texts and "值班长王（2001）" in texts
    qtbot.mouseClick(view.deposit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.file_dialog is not None and view.file_dialog.isVisible())
    with qtbot.waitSignal(view.fileSaved, timeout=10_000) as saved:
        view.file_dialog.accept()  # the suggested name
    assert saved.args[0].name == f"deposit-{TERMINAL}-{day.shift_id}.pdf"
    # Esc closes the window.
    view.activateWindow()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Escape)
    assert not view.isVisible()
    # A cashier gets no Z report.
    cashier_view = ShiftReportsView(store=counter.cash, terminal_id=TERMINAL, user=counter.cashier,
                                    hall_name="城东供电营业厅", hall_address="-",
                                    reports_dir=tmp_path / "c", clock=lambda: AT)
    qtbot.addWidget(cashier_view)
    qtbot.waitUntil(lambda: cashier_view.selected_shift_id() == day.shift_id, timeout=5000)
    qtbot.mouseClick(cashier_view.z_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cashier_view.status.text() != "", timeout=5000)
    assert cashier_view.file_dialog is None  # refused before asking for a file
    assert not (tmp_path / "c").exists()


def test_every_legal_tender_is_counted_and_a_perfect_count_balances(qtbot, dialogs, counter,
                                                                      day):
    """¥33.63 change went out to the fen: only the 分 coins let the count balance exactly."""
    from counter_app.ui.shift_dialog import denomination_text
    from hall_domain.shifts import DENOMINATIONS_FEN

    dlg = make_dialog(qtbot, dialogs, counter)
    shown = [w.text() for w in dlg.findChildren(QLabel)]
    for d in DENOMINATIONS_FEN:
        assert denomination_text(d) in shown and dlg.spins[d].isVisibleTo(dlg)
    assert {"¥0.05", "¥0.02", "¥0.01"} <= set(shown)
    assert dlg.sizeHint().height() <= 700  # eleven rows still fit a 768-pixel screen
    # The wrapped intro (it arrives after the dialog is sized) is not squeezed off the top.
    qtbot.waitUntil(lambda: dlg.height() >= dlg.layout().totalHeightForWidth(dlg.width()),
                    timeout=3000)
    # ¥426.37 = 4×¥100 + 2×¥10 + ¥5 + ¥1 + 3×¥0.1 + ¥0.05 + ¥0.02
    count_drawer(qtbot, dlg, {10000: 4, 1000: 2, 500: 1, 100: 1, 10: 3, 5: 1, 2: 1}, "314.08")
    assert dlg.counted_total.text().endswith("¥426.37")
    qtbot.mouseClick(dlg.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.pages.currentIndex() == 1, timeout=5000)
    assert dlg.figure_labels["cash_over_short"].text() == "平 ¥0.00"
    assert dlg.figure_labels["card_over_short"].text() == "平 ¥0.00"


def test_enter_in_the_pin_field_signs_off(qtbot, dialogs, counter, day):
    """The supervisor types id, Enter, PIN, Enter: signed off and closed, without the mouse."""
    drop_outbox(counter)
    dlg = make_dialog(qtbot, dialogs, counter)
    count_drawer(qtbot, dlg, {10000: 4, 1000: 2, 100: 6}, "314.08")
    qtbot.mouseClick(dlg.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.pages.currentIndex() == 1, timeout=5000)
    qtbot.keyClicks(dlg.supervisor_id, "2001")
    qtbot.keyClick(dlg.supervisor_id, Qt.Key.Key_Return)
    assert dlg.supervisor_pin.hasFocus() or dlg.focusWidget() is dlg.supervisor_pin
    qtbot.keyClicks(dlg.supervisor_pin, SUP_PIN)
    with qtbot.waitSignal(dlg.shiftClosed, timeout=5000) as blocker:
        qtbot.keyClick(dlg.supervisor_pin, Qt.Key.Key_Return)
    assert blocker.args[0].close.signed_off_by == "2001"
    assert current_shift(counter.store, terminal_id=TERMINAL) is None
