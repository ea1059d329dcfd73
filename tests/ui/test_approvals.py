"""The approval dialog: the approver's own id and PIN, off the GUI thread; refusals shown."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from counter_app.ui.approval_dialog import ApprovalDialog
from hall_domain.security import Action
from tests.helpers.cash_fixtures import SUP_PIN, T0, make_counter
from tests.helpers.ui import drain

pytestmark = pytest.mark.gui


@pytest.fixture
def counter(tmp_path):
    c = make_counter(tmp_path / "counter.db")
    yield c
    drain()
    c.close()


def dialog(qtbot, c, initiator):
    d = ApprovalDialog(None, store=c.store, action=Action.VOID_PAYMENT, initiator=initiator,
                       target="payment:x", terminal_id="T01", clock=lambda: T0)
    qtbot.addWidget(d)
    d.show()
    return d


def test_supervisor_approves_on_the_cashiers_screen(qtbot, counter):
    d = dialog(qtbot, counter, counter.cashier)
    d.approver_id.setText("2001")
    d.pin.setText(SUP_PIN)
    with qtbot.waitSignal(d.finished, timeout=10_000):
        d.buttons.accepted.emit()
    assert d.result() == QDialog.DialogCode.Accepted
    assert d.approval.approver_id == "2001" and d.approval.initiator_id == "1001"
    assert d.pin.text() == ""


@pytest.mark.parametrize(("approver", "pin"), [("2001", SUP_PIN), ("2002", "0000")])
def test_self_approval_and_wrong_pin_are_shown_and_the_dialog_stays(qtbot, counter, approver, pin):
    d = dialog(qtbot, counter, counter.supervisor)  # 2001 asks
    d.approver_id.setText(approver)
    d.pin.setText(pin)
    d.buttons.accepted.emit()
    qtbot.waitUntil(lambda: d.error.text() != "" and d.buttons.isEnabled(), timeout=10_000)
    assert d.isVisible() and d.approval is None
