"""Receipts printed from durable jobs on a TCP printer (127.0.0.1), the drawer, the print queue
with retry and another printer, F9 reprints and their limit, printer state in the status bar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.adapters.storage.print_jobs_repo import SqlitePrintJobStore
from counter_app.config import Config
from counter_app.services.payments import last_payment
from counter_app.services.print_jobs import JobState
from hall_domain.money import format_fen
from tests.helpers.escpos_decoder import decode
from tests.helpers.fake_printer import FakePrinter, refused_port
from tests.helpers.ui import drain, open_customer, pick, press, sign_in_to_counter, type_into

pytestmark = pytest.mark.gui

CARD = ("123456789012", "A1B2C3", "622848******1234")


@pytest.fixture
def printer():
    with FakePrinter("online") as fp:
        yield fp


def printer_ctx(make_ctx, uri: str, **settings):
    return make_ctx(Config({"printer.uri": uri, **settings}))


def printed(fp: FakePrinter):
    return decode(fp.received, encoding="gb18030")


def jobs_of(ctx, payment_uuid: str):
    with SqlitePrintJobStore(ctx.store).read() as jobs:
        return jobs.print_jobs_for(payment_uuid)


def pay(qtbot, window, account_no: str, *, card: bool = False):
    """Open the customer, pay the total (cash exact, or card), confirm; the payment."""
    open_customer(qtbot, window, account_no)
    page = window.counter
    if card:
        press(qtbot, window, Qt.Key.Key_F6)
        type_into(qtbot, page.payment.card_reference, CARD[0])
        type_into(qtbot, page.payment.card_auth, CARD[1])
        type_into(qtbot, page.payment.card_masked, CARD[2], enter=True)
    else:
        qtbot.keyClick(page.payment.cash_tendered, Qt.Key.Key_Return)
    qtbot.waitUntil(page.has_dialog)
    before = window.receipt_dialog
    qtbot.keyClick(page._dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.receipt_dialog is not before
                    and window.receipt_dialog is not None and window.receipt_dialog.isVisible())
    return last_payment(window.ctx.store, terminal_id=window.ctx.terminal_id)


def close_receipt(qtbot, window):
    dialog = window.receipt_dialog
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def wait_job_state(qtbot, ctx, payment_uuid: str, state: JobState, *, index: int = 0):
    qtbot.waitUntil(lambda: len(jobs_of(ctx, payment_uuid)) > index
                    and jobs_of(ctx, payment_uuid)[index].state == state, timeout=10_000)


def test_cash_payment_prints_the_receipt_and_opens_the_drawer(qtbot, make_ctx, make_window,
                                                              printer, demo_customers):
    ctx = printer_ctx(make_ctx, printer.uri)
    window = make_window(ctx)
    sign_in_to_counter(qtbot, window)
    payment = pay(qtbot, window, pick(demo_customers, min_open=1).account_no)
    wait_job_state(qtbot, ctx, payment.payment_uuid, JobState.PRINTED)
    drain()
    d = printed(printer)
    text = "\n".join(d.texts).replace("￥", "¥")
    assert payment.receipt_no in text and payment.account_no in text
    assert format_fen(payment.amount_fen) in text
    assert "重打" not in text
    assert len(d.cuts) == 1 and len(d.pulses) == 1  # one receipt, one drawer kick
    assert [q.payload for q in d.qr_codes] == [f"HCR:{payment.receipt_no}:{payment.payment_uuid}"]
    qtbot.waitUntil(lambda: window.receipt_dialog.print_state.text() == "已打印。")
    qtbot.waitUntil(lambda: "在线" in window.status.printer.text())


def test_card_payment_prints_but_does_not_open_the_drawer(qtbot, make_ctx, make_window, printer,
                                                          demo_customers):
    ctx = printer_ctx(make_ctx, printer.uri)
    window = make_window(ctx)
    sign_in_to_counter(qtbot, window)
    payment = pay(qtbot, window, pick(demo_customers, min_open=1).account_no, card=True)
    wait_job_state(qtbot, ctx, payment.payment_uuid, JobState.PRINTED)
    drain()
    d = printed(printer)
    assert any(CARD[2] in t for t in d.texts)
    assert d.pulses == []


def test_paper_out_keeps_the_payment_and_retry_prints_it_unmarked(qtbot, make_ctx, make_window,
                                                                  demo_customers):
    with FakePrinter("paper_out") as fp:
        ctx = printer_ctx(make_ctx, fp.uri)
        window = make_window(ctx)
        sign_in_to_counter(qtbot, window)
        payment = pay(qtbot, window, pick(demo_customers, min_open=1).account_no)
        assert payment is not None  # committed whatever the printer does
        wait_job_state(qtbot, ctx, payment.payment_uuid, JobState.FAILED)
        qtbot.waitUntil(lambda: "未打印" in window.receipt_dialog.print_state.text())
        qtbot.waitUntil(lambda: window.status.printer.text() == "打印机：缺纸 · 1 张待打印")
        assert "收据号" not in "\n".join(printed(fp).texts)
        close_receipt(qtbot, window)

        fp.mode = "online"  # paper refilled
        window.act_print_queue.trigger()
        dialog = window.print_queue_dialog
        qtbot.waitUntil(lambda: dialog.isVisible() and dialog.table.rowCount() == 1)
        assert dialog.table.item(0, 0).text() == payment.receipt_no
        dialog.retry_button.click()
        wait_job_state(qtbot, ctx, payment.payment_uuid, JobState.PRINTED)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 0)
        qtbot.waitUntil(lambda: window.status.printer.text() == "打印机：在线")
        drain()
        texts = printed(fp).texts
        assert any(payment.receipt_no in t for t in texts)
        assert not any("重打" in t for t in texts)  # the first copy on paper is the original
        dialog.accept()


def test_send_to_another_printer(qtbot, make_ctx, make_window, printer, demo_customers):
    ctx = printer_ctx(make_ctx, f"tcp://127.0.0.1:{refused_port()}")
    window = make_window(ctx)
    sign_in_to_counter(qtbot, window)
    payment = pay(qtbot, window, pick(demo_customers, min_open=1).account_no)
    wait_job_state(qtbot, ctx, payment.payment_uuid, JobState.FAILED)
    qtbot.waitUntil(lambda: "离线" in window.status.printer.text())
    close_receipt(qtbot, window)
    window.act_print_queue.trigger()
    dialog = window.print_queue_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    type_into(qtbot, dialog.other_uri, "not a uri")
    dialog.send_button.click()
    assert "不是有效的打印机地址" in dialog.message.text()
    type_into(qtbot, dialog.other_uri, printer.uri)
    dialog.send_button.click()
    wait_job_state(qtbot, ctx, payment.payment_uuid, JobState.PRINTED)
    drain()
    assert jobs_of(ctx, payment.payment_uuid)[0].printer_uri == printer.uri
    texts = printed(printer).texts
    assert any(payment.receipt_no in t for t in texts) and not any("重打" in t for t in texts)
    dialog.accept()


def test_f9_reprints_marked_and_the_limit_needs_a_supervisor(qtbot, make_ctx, make_window, printer,
                                                             demo_customers):
    ctx = printer_ctx(make_ctx, printer.uri, **{"printer.reprint_limit": 1})
    window = make_window(ctx)
    sign_in_to_counter(qtbot, window)
    payment = pay(qtbot, window, pick(demo_customers, min_open=1).account_no)
    wait_job_state(qtbot, ctx, payment.payment_uuid, JobState.PRINTED)
    close_receipt(qtbot, window)
    first = window.receipt_dialog

    press(qtbot, window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: window.receipt_dialog is not first and window.receipt_dialog.isVisible())
    assert window.receipt_dialog.reprint and "重打" in window.receipt_dialog.receipt_text
    wait_job_state(qtbot, ctx, payment.payment_uuid, JobState.PRINTED, index=1)
    drain()
    marks = [t for t in printed(printer).texts if "重打" in t]
    assert marks == ["** 重打 REPRINT 第1次 **"]
    close_receipt(qtbot, window)

    press(qtbot, window, Qt.Key.Key_F9)  # past the limit of 1: a supervisor must approve
    qtbot.waitUntil(lambda: getattr(window, "approval_dialog", None) is not None
                    and window.approval_dialog.isVisible())
    dialog = window.approval_dialog
    assert "值班长" in dialog.prompt.text()
    dialog.reject()  # the cashier gives up: nothing is printed
    drain()
    assert len(jobs_of(ctx, payment.payment_uuid)) == 2  # no third job

    press(qtbot, window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: window.approval_dialog is not dialog
                    and window.approval_dialog.isVisible())
    dialog = window.approval_dialog
    dialog.approver_id.setText("1001")  # the cashier cannot approve their own request
    dialog.pin.setText("1111")
    dialog.on_buttons_accepted()
    qtbot.waitUntil(lambda: bool(dialog.error.text()))
    assert dialog.isVisible() and dialog.approval is None
    dialog.approver_id.setText("2001")
    dialog.pin.setText("2222")
    dialog.on_buttons_accepted()
    qtbot.waitUntil(lambda: len(jobs_of(ctx, payment.payment_uuid)) == 3)
    wait_job_state(qtbot, ctx, payment.payment_uuid, JobState.PRINTED, index=2)
    drain()
    marks = [t for t in printed(printer).texts if "重打" in t]
    assert marks == ["** 重打 REPRINT 第1次 **", "** 重打 REPRINT 第2次 **"]


def test_no_printer_shows_the_receipt_on_screen_and_reprints_marked(qtbot, window, ctx,
                                                                    demo_customers):
    sign_in_to_counter(qtbot, window)
    payment = pay(qtbot, window, pick(demo_customers, min_open=1).account_no)
    assert "屏幕预览" in window.status.printer.text()
    wait_job_state(qtbot, ctx, payment.payment_uuid, JobState.PRINTED)  # shown = printed
    assert not window.receipt_dialog.print_state.isVisible()
    assert payment.receipt_no in window.receipt_dialog.receipt_text


def test_drawer_without_a_sale_needs_a_supervisor_and_a_reason(qtbot, make_ctx, make_window,
                                                                printer):
    ctx = printer_ctx(make_ctx, printer.uri)
    window = make_window(ctx)
    sign_in_to_counter(qtbot, window)
    window.act_drawer.trigger()
    qtbot.waitUntil(lambda: getattr(window, "approval_dialog", None) is not None
                    and window.approval_dialog.isVisible())
    dialog = window.approval_dialog
    dialog.reason.setText("")
    dialog.approver_id.setText("2001")
    dialog.pin.setText("2222")
    dialog.on_buttons_accepted()  # no reason: refused on the spot
    assert dialog.isVisible() and dialog.error.text()
    dialog.reason.setText("顾客换零钱")
    dialog.approver_id.setText("2001")
    dialog.pin.setText("2222")
    dialog.on_buttons_accepted()
    qtbot.waitUntil(lambda: "钱箱" in window.counter.message.text(), timeout=10_000)
    drain()
    assert len(printed(printer).pulses) == 1
    with ctx.store.read() as tx:
        entries = [e for e in tx.audit.audit_entries(limit=1000) if e.action == "drawer.open_no_sale"]
    assert len(entries) == 1 and "2001" in entries[0].detail and "顾客换零钱" in entries[0].detail
