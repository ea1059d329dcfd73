"""The supervisor's 催费 workspace and the cashier's dunning-state line, in a running window
against a REAL ledger (uvicorn on 127.0.0.1, SQLite): the arrears list and its export, the
aging and recovery charts, notices (PDF, delivery), stop-supply requests with their gates,
approved by a second supervisor and cancelled with a reason, reconnection tasks closed; every
action attributed to the signed-in person at the ledger and in the counter's audit chain; the
last answers shown offline and said so; and the cashier told what a payment cancelled."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from counter_app.config import Config
from counter_app.ledger_link import start_ledger_link
from hall_domain.security import Role, User, hash_pin
from hall_ledger.app import create_app
from hall_ledger.server import ThreadedServer
from hall_ledger.services import notices, stop_supply
from hall_ledger.services.channels import channel_principal, ingest_channel_payments
from hall_ledger.services.imports import import_bills, import_customers
from hall_ledger.services.sms import templates as sms_templates
from hall_ledger.store import migrate
from hall_ledger.store.db import make_engine
from hall_ledger.store.models import CollectionAction
from tests.helpers.ledger import seed_halls
from tests.helpers.ui import open_customer, sign_in, sign_in_to_counter

pytestmark = pytest.mark.gui

H = "H001"
STOPPED = "3301000003"  # a stopped customer who paid at the bank: a reconnection task


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def make_ready(conn, account: str, now: datetime) -> dict:
    """A reminder and a stop-supply notice delivered a minute ago; a request raised by 2001."""
    for kind in ("reminder", "stop_warning"):
        n = notices.issue_notice(conn, H, account, kind, now.date(), "test")
        notices.record_delivery(conn, H, n["notice_no"], actor="3001", terminal_id=None,
                                method="in_person", signed_by="户主",
                                delivered_at=now - timedelta(minutes=1), now=now)
    return stop_supply.request_stop(conn, H, account, now + timedelta(days=4), actor="2001",
                                    terminal_id=None, now=now)


@pytest.fixture
def ledger(tmp_path, demo_customers):
    """H001 as seeded, plus one demo customer of the counter's store (with its open bills)
    who has a stop-supply request pending; 3301000001 has one too; 3301000003 was stopped and
    has paid at the bank, so a reconnection task is open."""
    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    migrate.upgrade(engine)
    halls = seed_halls(engine)
    demo = next(c for c in demo_customers
                if len(c.open_bills) >= 3 and all(b.paid_fen == 0 for b in c.open_bills)
                and not c.credit_fen and c.user_type.value == "residential")
    assert import_customers(engine, "account_no,name,address,phone,user_type,area\n"
                            f"{demo.account_no},{demo.name},{demo.address},{demo.phone or ''},"
                            f"{demo.user_type.value},{demo.area}\n", hall_id=H).ok
    assert import_bills(engine, "account_no,period,kwh,amount,due_date\n" + "".join(
        f"{demo.account_no},{b.period},{b.kwh},{b.amount_fen // 100}.{b.amount_fen % 100:02d},"
        f"{b.due_date.isoformat()}\n" for b in demo.open_bills), hall_id=H).ok
    now = _now()
    with engine.begin() as conn:
        first = make_ready(conn, "3301000001", now)
        make_ready(conn, demo.account_no, now)
        r = make_ready(conn, STOPPED, now - timedelta(days=5))
        kw = {"terminal_id": None}
        stop_supply.approve(conn, H, r["id"], actor="2002", now=now - timedelta(days=4), **kw)
        planned = datetime.fromisoformat(r["planned_at"])
        stop_supply.renotified(conn, H, r["id"], actor="2002", now=planned - timedelta(minutes=60),
                               **kw)
        stop_supply.stopped(conn, H, r["id"], actor="5001", now=planned, **kw)
        pending = notices.issue_notice(conn, H, "3301000002", "reminder", now.date(), "test")
        template = sms_templates.draft_template(
            conn, H, name="缴费提醒", text="${name}您好，您的电费${amount}元已到期，请及时缴纳。",
            signature="国网供电", actor="2002", now=now)
    bank = channel_principal(engine, STOPPED, "bank")
    [paid] = ingest_channel_payments(engine, bank, [{
        "payment_uuid": str(uuid.uuid4()), "account_no": STOPPED, "amount_fen": 500_000,
        "paid_at": now.isoformat(), "reference": "B0001"}])
    assert paid["status"] in (200, 201), paid
    server = ThreadedServer(create_app(engine)).start()
    try:
        yield {"url": server.url, "token": halls[H].tokens["T01"], "engine": engine,
               "server": server, "demo": demo, "first_request": first["id"],
               "pending_notice": pending["notice_no"], "template": template["template_id"]}
    finally:
        server.stop()
        engine.dispose()


def second_supervisor(ctx) -> None:
    with ctx.store.write() as tx:
        tx.users.insert_user(User("2002", "王值班", Role.SUPERVISOR, hash_pin("2468")))


def open_workspace(qtbot, window):
    menus = window.supervisor_menus
    qtbot.waitUntil(lambda: menus.act_collections.isVisible() and menus.act_collections.isEnabled())
    assert menus.act_collections in menus.menu_admin.actions()
    menus.menu_admin.aboutToShow.emit()
    menus.act_collections.trigger()
    view = menus.dialogs["collections"]
    qtbot.waitUntil(view.isVisible)
    return view


def said(qtbot, view, words: str) -> None:
    """Wait for the workspace's status line to say `words` (or an error, which fails)."""
    qtbot.waitUntil(lambda: words in view.status.text()
                    or "b00020" in view.status.styleSheet(), timeout=15_000)
    assert words in view.status.text(), view.status.text()


def ledger_actions(engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return [(r.action, r.actor) for r in conn.execute(
            select(CollectionAction).order_by(CollectionAction.seq))]


def counter_audit(ctx) -> list[tuple[str, str, str]]:
    with ctx.store.read() as tx:
        return [(e.action, e.user_id, e.outcome)
                for e in tx.audit.audit_entries(after_seq=0, limit=10_000)
                if e.action.startswith("collections.")]


def test_a_cashier_has_no_collections_entry(qtbot, make_ctx, make_window, ledger):
    ctx = make_ctx(Config({"ledger.url": ledger["url"], "ledger.token": ledger["token"]}),
                   demo=False)
    window = make_window(ctx)
    sign_in_to_counter(qtbot, window, "1001", "1111")
    menus = window.supervisor_menus
    menus.refresh()
    assert not menus.act_collections.isVisible()


def test_workspace_against_a_real_ledger(qtbot, make_ctx, make_window, ledger, tmp_path):
    ctx = make_ctx(Config({"ledger.url": ledger["url"], "ledger.token": ledger["token"]}),
                   demo=False)
    second_supervisor(ctx)
    window = make_window(ctx)
    sign_in(qtbot, window, "2001", "2222")  # the workspace needs no open shift
    qtbot.waitUntil(lambda: window._shift_dialog is not None and window._shift_dialog.isVisible())
    qtbot.mouseClick(window._shift_dialog.skip_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.counter)
    assert window.shift is None
    view = open_workspace(qtbot, window)
    assert view.windowTitle() == "催费管理"

    # 欠费清单: the ledger's rows as of the counter's day, totals over the whole filter.
    arrears = view.pages["arrears"]
    qtbot.waitUntil(lambda: arrears.table.rowCount() > 0, timeout=15_000)
    page = arrears.page
    accounts = {line.account_no: line for line in page.accounts}
    assert {"3301000001", "3301000002", ledger["demo"].account_no} <= set(accounts)
    assert STOPPED not in accounts  # paid at the bank
    assert accounts["3301000001"].bucket == "31-60"  # due 2026-02-15, as of 2026-03-20
    assert page.total.accounts == len(page.accounts)
    assert "户" in arrears.totals.text()
    out = tmp_path / "export" / "arrears.csv"
    arrears.export_to(out)
    said(qtbot, view, "已写入")
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 1 + len(page.accounts) and rows[0].startswith("户号")

    # 账龄与回收率: two charts with the ledger's figures.
    view.tabs.setCurrentIndex(1)
    charts = view.pages["charts"]
    qtbot.waitUntil(lambda: charts.recovery is not None, timeout=15_000)
    assert charts.aging.labels == [b.key for b in page.by_bucket]
    assert sum(charts.aging.values) == page.total.total_fen
    billed = [p for p in charts.recovery.periods if p.billed_fen > 0]
    assert len(charts.trend.values) == len(billed) >= 1  # months with nothing billed left out
    assert len(charts.recovery.periods) >= 12
    assert not charts.aging.render_image(600, 300).isNull()

    # 停电申请: the gates with their basis; approval by a second supervisor's PIN.
    view.tabs.setCurrentWidget(view.pages["stop"])
    stop = view.pages["stop"]
    qtbot.waitUntil(lambda: stop.table.rowCount() >= 2, timeout=15_000)
    row = next(i for i, r in enumerate(stop.table.rows) if r["id"] == ledger["first_request"])
    stop.table.selectRow(row)
    assert stop.gates.rowCount() >= 3
    assert all(stop.gates.item(i, 0).text().startswith("✓") for i in range(3))
    assert stop.gates.item(0, 2).text()  # the legal basis, from the ledger's data
    stop.approve()
    qtbot.waitUntil(lambda: getattr(view, "approval_dialog", None) is not None, timeout=15_000)
    dialog = view.approval_dialog
    dialog.approver_id.setText("2002")
    dialog.pin.setText("2468")
    dialog.on_buttons_accepted()
    said(qtbot, view, "已批准")
    assert ("stop_supply.approved", "2002") in ledger_actions(ledger["engine"])

    # ... and cancelled with a reason, by the signed-in supervisor.
    qtbot.waitUntil(lambda: any(r["id"] == ledger["first_request"] and r["status"] == "approved"
                                for r in stop.table.rows), timeout=15_000)
    stop.table.selectRow(next(i for i, r in enumerate(stop.table.rows)
                              if r["id"] == ledger["first_request"]))
    stop.cancel()
    view.prompt.setTextValue("客户已承诺月底前缴清")
    view.prompt.accept()
    said(qtbot, view, "已撤销")
    assert ("stop_supply.cancelled", "2001") in ledger_actions(ledger["engine"])

    # 复电任务: the stopped customer who paid; closed by the supervisor.
    view.tabs.setCurrentWidget(view.pages["reconnections"])
    rec = view.pages["reconnections"]
    qtbot.waitUntil(lambda: rec.table.rowCount() == 1, timeout=15_000)
    assert rec.table.rows[0]["account_no"] == STOPPED
    rec.table.selectRow(0)
    rec.close_task()
    qtbot.waitUntil(lambda: rec.table.rowCount() == 0, timeout=15_000)
    assert ("reconnection.closed", "2001") in ledger_actions(ledger["engine"])

    # 通知单: the PDF, and a delivery recorded.
    view.tabs.setCurrentWidget(view.pages["notices"])
    nt = view.pages["notices"]
    qtbot.waitUntil(lambda: nt.table.rowCount() >= 1, timeout=15_000)
    [row] = [i for i, r in enumerate(nt.table.rows)
             if r["notice_no"] == ledger["pending_notice"]]
    nt.table.selectRow(row)
    opened = []
    view.open_file = opened.append
    nt.open_pdf()
    qtbot.waitUntil(lambda: bool(opened), timeout=15_000)
    assert opened[0].read_bytes().startswith(b"%PDF")
    nt.record_delivery()
    nt.delivery_dialog.signed_by.setText("李四")
    # The counter's clock is the tests' fixed day; the ledger issued the notice today.
    nt.delivery_dialog.at.setDateTime(QDateTime.currentDateTime())
    nt.delivery_dialog.accept()
    said(qtbot, view, "已登记")
    with ledger["engine"].connect() as conn:
        got = notices.get_notice(conn, H, ledger["pending_notice"])
    assert got["status"] == "delivered" and got["deliveries"][0]["delivered_by"] == "2001"

    # Every action in the counter's own audit chain, attributed to the signed-in person.
    assert counter_audit(ctx) == [
        ("collections.stop_approve", "2001", "ok"), ("collections.stop_cancel", "2001", "ok"),
        ("collections.reconnection_close", "2001", "ok"),
        ("collections.notice_delivery", "2001", "ok")]
    with ctx.store.read() as tx:
        [approve] = [e for e in tx.audit.audit_entries(after_seq=0, limit=10_000)
                     if e.action == "collections.stop_approve"]
    assert json.loads(approve.detail)["approver_id"] == "2002"

    # Offline: the last answers, and the banner says when they were synced.
    ledger["server"].stop()
    view.tabs.setCurrentWidget(view.pages["arrears"])
    arrears.refresh()
    qtbot.waitUntil(view.banner.isVisible, timeout=15_000)
    assert view.banner.text().startswith("离线，显示") and "同步的数据" in view.banner.text()
    assert arrears.table.rowCount() == len(page.accounts)


def test_the_cashier_sees_the_dunning_state_and_what_the_payment_cancelled(
        qtbot, make_ctx, make_window, ledger, request):
    ctx = make_ctx(Config({"ledger.url": ledger["url"], "ledger.token": ledger["token"]}),
                   demo=False)
    link = start_ledger_link(ctx, idle_seconds=1)  # the relay sends the payment
    request.addfinalizer(link.stop)
    window = make_window(ctx, ledger_link=link)
    sign_in_to_counter(qtbot, window, "1001", "1111")
    demo = ledger["demo"]
    open_customer(qtbot, window, demo.account_no)
    panel = window.counter.customer
    qtbot.waitUntil(lambda: panel.dunning_state is not None, timeout=15_000)
    assert panel.dunning_state.stop_supply_status == "requested"
    assert panel.dunning.text().startswith("停电申请待批")  # first: the line may be cut
    assert "停电通知书" in panel.dunning_text()

    # A copy of the stop-supply notice for the customer at the counter, on the receipt printer.
    assert panel.notice_button.isVisible()
    notice = panel.notice_to_print()
    assert notice["kind"] == "stop_warning"
    part = window.dunning_part
    qtbot.mouseClick(panel.notice_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(part.printed_jobs), timeout=15_000)
    con = sqlite3.connect(f"file:{ctx.store_path}?mode=ro", uri=True)
    try:
        [payload] = con.execute("SELECT payload FROM print_jobs WHERE id = ?",
                                (part.printed_jobs[0],)).fetchone()
    finally:
        con.close()
    text = bytes(payload).decode("utf-8")
    assert notice["notice_no"] in text and "停电通知书" in text and "缴费方式" in text

    # The cashier takes the whole amount; the relay sends it; the ledger cancels the request.
    qtbot.keyClick(window.counter.payment.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(window.counter.has_dialog)
    qtbot.keyClick(window.counter._dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.receipt_dialog is not None and window.receipt_dialog.isVisible())
    qtbot.keyClick(window.receipt_dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(part.last_change_text), timeout=30_000)
    assert "本次缴费已撤销" in part.last_change_text and demo.account_no in part.last_change_text
    assert part.last_change_text in window.counter.message.text()


def test_offline_the_cashier_sees_the_last_synced_state(qtbot, make_ctx, make_window, ledger):
    ctx = make_ctx(Config({"ledger.url": ledger["url"], "ledger.token": ledger["token"]}),
                   demo=False)
    window = make_window(ctx)
    sign_in_to_counter(qtbot, window, "1001", "1111")
    demo = ledger["demo"]
    open_customer(qtbot, window, demo.account_no)
    panel = window.counter.customer
    qtbot.waitUntil(lambda: panel.dunning_state is not None, timeout=15_000)
    ledger["server"].stop()
    open_customer(qtbot, window, demo.account_no)  # looked up again: the ledger is gone
    qtbot.waitUntil(lambda: "离线" in panel.dunning_text(), timeout=15_000)
    assert panel.dunning_text().startswith("停电申请待批")


def test_runs_and_sms_tabs_against_a_real_ledger(qtbot, make_ctx, make_window, ledger):
    ctx = make_ctx(Config({"ledger.url": ledger["url"], "ledger.token": ledger["token"]}),
                   demo=False)
    window = make_window(ctx)
    sign_in_to_counter(qtbot, window, "2001", "2222")
    view = open_workspace(qtbot, window)

    # 催费批次: a proposal as of the counter's day, a line raised / blocked, executed, reversed.
    view.tabs.setCurrentWidget(view.pages["runs"])
    runs = view.pages["runs"]
    runs.create()
    said(qtbot, view, "已生成批次")
    qtbot.waitUntil(lambda: runs.run is not None and runs.lines.rowCount() > 0, timeout=15_000)
    run_id = str(runs.run["run_id"])
    assert runs.run["status"] == "proposal" and runs.execute_button.isEnabled()
    row = next(i for i, x in enumerate(runs.lines.rows) if x["account_no"] == "3301000001")
    runs.lines.selectRow(row)
    runs.toggle_block()
    qtbot.waitUntil(lambda: any(x["account_no"] == "3301000001" and x["blocked"]
                                for x in runs.lines.rows), timeout=15_000)
    runs.execute()
    view.prompt.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: runs.run is not None and runs.run["status"] == "executed",
                    timeout=15_000)
    assert not runs.execute_button.isEnabled() and runs.reverse_button.isEnabled()
    runs.reverse()
    view.prompt.setTextValue("金额有误，重新生成")
    view.prompt.accept()
    qtbot.waitUntil(lambda: runs.run["status"] == "reversed", timeout=15_000)
    assert runs.run["reversed_by"] == "2001"
    assert [a for a in counter_audit(ctx) if a[0].startswith("collections.run")] == [
        ("collections.run_create", "2001", "ok"), ("collections.run_line", "2001", "ok"),
        ("collections.run_execute", "2001", "ok"), ("collections.run_reverse", "2001", "ok")]
    assert run_id in {str(r["run_id"]) for r in runs.runs.rows}

    # 短信: a template drafted by another supervisor, approved here; one's own needs another.
    view.tabs.setCurrentWidget(view.pages["sms"])
    sms = view.pages["sms"]
    qtbot.waitUntil(lambda: sms.templates.rowCount() == 1, timeout=15_000)
    sms.templates.selectRow(0)
    sms.approve()
    said(qtbot, view, "已批准")
    qtbot.waitUntil(lambda: sms.templates.rows[0]["status"] == "approved", timeout=15_000)
    assert sms.templates.rows[0]["approved_by"] == "2001"
    sms.draft()
    sms.draft_dialog.name_edit.setText("月末提醒")
    sms.draft_dialog.text_edit.setPlainText("${name}您好，您有${months}期电费未缴，请及时缴纳。")
    sms.draft_dialog.accept()
    said(qtbot, view, "模板已起草")
    qtbot.waitUntil(lambda: sms.templates.rowCount() == 2, timeout=15_000)
    mine = next(i for i, r in enumerate(sms.templates.rows) if r["status"] == "draft")
    sms.templates.selectRow(mine)
    sms.approve()  # drafted by 2001: the ledger wants another person
    qtbot.waitUntil(lambda: "b00020" in view.status.styleSheet(), timeout=15_000)
    assert "另一人审批" in view.status.text()  # the ledger's code, in the counter's words
    assert counter_audit(ctx)[-1] == ("collections.sms_approve", "2001", "refused")
