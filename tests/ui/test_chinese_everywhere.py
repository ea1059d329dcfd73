"""A Chinese counter shows no English a cashier or supervisor must read: Qt's own buttons,
the window title's product name, printer failures, the supervisor windows and the audit trail
(sentences, not `shift.open` and `{...}`)."""

from __future__ import annotations

import json
import re

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox

from counter_app.adapters.printer.status import PrinterState, PrinterStatus
from counter_app.ui import i18n
from counter_app.ui.audit_text import sentence
from counter_app.ui.printer_text import printer_error_text, printer_status_text
from hall_domain.audit import AuditEntry
from tests.helpers.english import english_words
from tests.helpers.paths import REPO
from tests.helpers.ui import drain, open_customer, pick, sign_in, sign_in_to_counter, visible_texts

CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\b")  # shift.open, approval.grant


def english_left(root) -> dict[str, list[str]]:
    return {t: words for t in visible_texts(root) if t and (words := english_words(t))}


def test_qt_own_buttons_and_dialogs_are_chinese(qapp):
    assert i18n.install_language("zh_CN")
    box = QMessageBox(QMessageBox.Icon.Question, "标题", "正文")
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
                           | QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                           | QMessageBox.StandardButton.Close)
    texts = [b.text() for b in box.buttons()]
    assert all(not english_words(t) for t in texts), texts
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "取消"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    assert buttons.button(QDialogButtonBox.StandardButton.Close).text() == "关闭"
    files = QFileDialog(None, "保存")
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    files.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    assert english_left(files) == {}, english_left(files)
    box.deleteLater(), buttons.deleteLater(), files.deleteLater()
    i18n.install_language("en")  # and back: Qt's own words in English again
    assert QDialogButtonBox(QDialogButtonBox.StandardButton.Close).button(
        QDialogButtonBox.StandardButton.Close).text() == "Close"


def test_window_title_names_the_product_in_the_language(qtbot, window):
    shown = window.windowTitle() + " — " + QGuiApplication.applicationDisplayName()
    assert QGuiApplication.applicationDisplayName() == "营业厅柜台收费"
    assert english_words(shown) == [], shown  # no « — Hall Counter»
    window.act_languages["en"].trigger()
    try:
        qtbot.waitUntil(lambda: QGuiApplication.applicationDisplayName() == "Hall Counter")
    finally:
        window.act_languages["zh_CN"].trigger()
    qtbot.waitUntil(lambda: QGuiApplication.applicationDisplayName() == "营业厅柜台收费")


def test_printer_failures_and_states_are_chinese_sentences(qapp):
    assert i18n.install_language("zh_CN")
    adapter_messages = [  # what adapters/printer raises (str(exc) is kept with the job)
        "cannot connect to printer at 127.0.0.1:9100: connection refused (printer off, or wrong "
        "address or port)",
        "cannot connect to printer at 10.0.0.5:9100: timed out (printer off or unreachable)",
        "printer 10.0.0.5:9100 dropped the connection: connection reset by the printer",
        "cannot open serial port /dev/ttyUSB0: [Errno 2] No such file or directory",
        "only 10 of 300 bytes went to /dev/ttyUSB0",
        "cannot open /dev/usb/lp0: Permission denied",
        "no USB printer 0416:5011 connected",
        "printer not ready: 缺纸 paper out",
        "printer not ready: 离线 offline (cover open 机盖打开)",
        "something nobody foresaw",
    ]
    for message in adapter_messages:
        text = printer_error_text(message)
        assert english_words(text) == [], (message, text)
    assert "拒绝连接" in printer_error_text(adapter_messages[0])
    assert "127.0.0.1:9100" in printer_error_text(adapter_messages[0])
    assert printer_error_text(adapter_messages[7]) == "打印机缺纸：请装入纸卷。"
    for state in PrinterState:
        assert english_words(printer_status_text(PrinterStatus(state, "cover open 机盖打开"))) == []
    assert printer_status_text(PrinterStatus(PrinterState.ONLINE)) == "在线"


def test_receipt_preview_says_why_it_was_not_printed_in_chinese(qtbot, make_ctx, make_window,
                                                                 demo_customers, tmp_path):
    from tests.helpers.fake_printer import refused_port

    ctx = make_ctx()
    ctx.config.set("printer.uri", f"tcp://127.0.0.1:{refused_port()}")
    window = make_window(ctx)
    sign_in_to_counter(qtbot, window)
    open_customer(qtbot, window, pick(demo_customers, min_open=1).account_no)
    from PySide6.QtCore import Qt

    qtbot.keyClick(window.counter.payment.cash_tendered, Qt.Key.Key_Return)
    qtbot.waitUntil(window.counter.has_dialog)
    qtbot.keyClick(window.counter._dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.receipt_dialog is not None
                    and "未打印" in window.receipt_dialog.print_state.text(), timeout=10_000)
    text = window.receipt_dialog.print_state.text()
    assert "拒绝连接" in text and english_words(text) == [], text
    assert "connection refused" in window.receipt_dialog.print_state.toolTip()


def entry(seq, action, target, outcome="ok", detail=None, user="2001") -> AuditEntry:
    from datetime import datetime

    return AuditEntry(seq=seq, at=datetime(2026, 3, 20, 9, 30), terminal_id="T01", user_id=user,
                      action=action, target=target, outcome=outcome,
                      detail=json.dumps(detail or {}, ensure_ascii=False))


def test_every_audit_action_reads_as_a_chinese_sentence(qapp):
    assert i18n.install_language("zh_CN")
    entries = [
        entry(1, "auth.login", "user:1001"),
        entry(2, "auth.login", "user:1001", "wrong_pin"),
        entry(3, "shift.open", "shift:7", detail={"float": {"10000": 2}, "float_fen": 20000}),
        entry(4, "payment.take", "payment:9f1c2a77-3b1e-4c55-9d1a-0a5f3e2b7c11", detail={
            "account_no": "3100000001", "amount_fen": 12345, "receipt_no": "T01-000012",
            "credit_fen": 0, "tenders": ["cash", "card"]}),
        entry(5, "approval.grant", "payment:9f1c2a77-3b1e-4c55-9d1a-0a5f3e2b7c11", detail={
            "action": "void_payment", "approver_id": "2001", "approval_id": 3, "reason": "收错户号"}),
        entry(6, "approval.refused", "payment:9f1c2a77-3b1e-4c55-9d1a-0a5f3e2b7c11", "wrong_pin",
              {"action": "void_payment", "approver_id": "2001"}),
        entry(7, "payment.void", "payment:9f1c2a77-3b1e-4c55-9d1a-0a5f3e2b7c11", detail={
            "receipt_no": "T01-000012", "amount_fen": 12345, "approved_by": "2001",
            "reason": "收错户号", "void_id": 1}),
        entry(8, "drawer.cash_out", "shift:7", detail={"amount_fen": 50000, "reason": "解款",
                                                       "approved_by": "2001"}),
        entry(9, "drawer.open", "payment:9f1c2a77-3b1e-4c55-9d1a-0a5f3e2b7c11", "failed", {"pin": 2, "error": "打印机离线"}),
        entry(10, "shift.count", "shift:7", detail={"counted_fen": 61049,
                                                    "over_short_cash_fen": -7}),
        entry(11, "shift.close", "shift:7", detail={"payment_total_fen": 110073,
                                                    "over_short_fen": -7}),
        entry(12, "user.set_role", "user:1002", detail={"from": "cashier", "to": "supervisor"}),
        entry(13, "sync.offline_limit", "terminal:T01", "alert",
              {"queued": 4, "hours_offline": 25.0, "reasons": ["hours"]}),
        entry(14, "sync.refused", "payment:9f1c2a77-3b1e-4c55-9d1a-0a5f3e2b7c11", "review", {"code": "payment.uuid_conflict"}),
        entry(15, "import.bills", "file:bills.csv", detail={"rows": 3, "inserted": 2,
                                                            "updated": 1}),
    ]
    for e in entries:
        text = sentence(e)
        assert "{" not in text and "?" not in text, (e.action, text)
        assert english_words(text) == [], (e.action, text)
        assert e.action not in text, (e.action, text)
    assert sentence(entries[3]) == "户号 3100000001 缴费 ¥123.45，收据 T01-000012（现金、银行卡）"
    assert sentence(entries[4]) == "2001 批准：作废收费（收错户号）"
    assert sentence(entries[11]) == "用户 1002 的角色由收费员改为值班长"
    # An action without words yet is still shown, by its code, never dropped.
    assert sentence(entry(16, "future.thing", "x:1")) == "future.thing x:1"
    i18n.install_language("en")
    assert sentence(entries[2]) == "Shift 7 opened with a float of ¥200.00"


def test_supervisor_windows_show_no_english(qtbot, window, ctx):
    """Every window the shift and admin menus open for a supervisor, and the print queue."""
    sign_in_to_counter(qtbot, window, "2001", "2222")  # a supervisor, shift open
    menus = window.supervisor_menus
    menus.refresh()
    checked = []
    for e in menus.shift_entries + menus.admin_entries:
        if not (e.action.isVisible() and e.action.isEnabled()) or e.action is menus.act_x_report:
            continue  # the X report prints a slip: checked as bytes in test_chinese_documents
        before = dict(menus.dialogs)
        e.action.trigger()
        qtbot.waitUntil(lambda before=before: any(menus.dialogs.get(k) is not w
                                                  for k, w in menus.dialogs.items()
                                                  if k not in before or before[k] is not w)
                        or len(menus.dialogs) > len(before))
        key = next(k for k, w in menus.dialogs.items() if before.get(k) is not w)
        view = menus.dialogs[key]
        drain()
        QApplication.processEvents()
        assert english_left(view) == {}, (key, english_left(view))
        checked.append(key)
        if key == "audit":  # rows: sentences, not codes or JSON
            qtbot.waitUntil(lambda view=view: view.model.rowCount() > 0)
            for row in range(view.model.rowCount()):
                cells = [view.model.index(row, c).data() or "" for c in range(4, 7)]
                assert not any(CODE.search(c) for c in cells), cells
                assert not any("{" in c for c in cells), cells
                assert all(english_words(c) == [] for c in cells), cells
            families = [view.action_filter.itemText(i) for i in range(view.action_filter.count())]
            assert all(english_words(f) == [] for f in families), families
        view.close()
        drain()
    assert {"audit", "shift_reports"} <= set(checked), checked
    window.act_print_queue.trigger()
    qtbot.waitUntil(lambda: window.print_queue_dialog is not None
                    and window.print_queue_dialog.isVisible())
    assert english_left(window.print_queue_dialog) == {}
    window.print_queue_dialog.close()


def test_technician_and_admin_windows_show_no_english(qtbot, make_ctx, make_window):
    window = make_window(make_ctx())
    sign_in(qtbot, window, "3001", "3333")  # the technician: device setup
    qtbot.waitUntil(lambda: window.user is not None)
    for action in (window.act_printer_setup, window.act_reader_setup):
        action.trigger()
        qtbot.waitUntil(lambda: window.setup_dialog is not None and window.setup_dialog.isVisible())
        drain()
        QApplication.processEvents()
        assert english_left(window.setup_dialog) == {}, english_left(window.setup_dialog)
        window.setup_dialog.reject()
        drain()


def test_admin_windows_show_no_english(qtbot, make_ctx, make_window):
    window = make_window(make_ctx())
    sign_in(qtbot, window, "9001", "9999")  # the administrator: users and the audit trail
    qtbot.waitUntil(lambda: window.user is not None)
    menus = window.supervisor_menus
    menus.refresh()
    for action, key in ((menus.act_users, "users"), (menus.act_audit, "audit")):
        assert action.isVisible() and action.isEnabled()
        action.trigger()
        qtbot.waitUntil(lambda key=key: key in menus.dialogs)
        drain()
        QApplication.processEvents()
        assert english_left(menus.dialogs[key]) == {}, (key, english_left(menus.dialogs[key]))
        menus.dialogs[key].close()
        drain()


def test_cli_catalogue_is_current():
    """The command line's copy of the window's words (no Qt there) matches the catalogue."""
    import importlib.util

    tool = REPO / "tools" / "cli_catalogue.py"
    spec = importlib.util.spec_from_file_location("cli_catalogue", tool)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.OUT.read_text(encoding="utf-8") == module.build(), \
        "run tools/cli_catalogue.py (resources/translations/README.md)"
    zh = json.loads(module.OUT.read_text(encoding="utf-8"))["zh_CN"]
    assert zh["errors"]["tender.cash_short"] == "实收现金 {tendered_fen} 少于应收 {amount_fen}。"
    assert zh["audit_sentences"]["shift.open"] == "开班 {shift}，备用金 {float}"
