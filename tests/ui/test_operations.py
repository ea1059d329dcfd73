"""ui/operations: each operation runs its work on the store thread and reports back through
the Op's success/failure callbacks on the GUI thread (sign-in, shift, look-up, payment, F9)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QThread

from counter_app.ui.operations import counter as counter_ops
from counter_app.ui.operations import receipts as receipt_ops
from counter_app.ui.operations import session as session_ops
from counter_app.ui.payment_panel import PaymentDraft, TenderMode
from hall_domain.shifts import DenominationCount
from hall_domain.tenders import CashTender
from tests.helpers.ui import pick


class Outcome:
    """What an Op reported, and on which thread."""

    def __init__(self) -> None:
        self.result: Any = None
        self.error: Exception | None = None
        self.done = False
        self.on_gui_thread = False

    def ok(self, result) -> None:
        self.result, self.done = result, True
        self.on_gui_thread = QThread.currentThread() is QCoreApplication.instance().thread()

    def failed(self, exc: Exception) -> None:
        self.error, self.done = exc, True


def run(qtbot, op) -> Outcome:
    out = Outcome()
    op.success(out.ok).failure(out.failed).run_in_background()
    qtbot.waitUntil(lambda: out.done, timeout=10_000)
    return out


def test_sign_in_reports_the_user_on_the_gui_thread(qtbot, ctx):
    parent = QObject()
    out = run(qtbot, session_ops.sign_in(parent, ctx.store, user_id="1001", pin="1111",
                                         now=ctx.clock(), terminal_id=ctx.terminal_id))
    assert out.error is None and out.result.user_id == "1001"
    assert out.on_gui_thread


def test_a_wrong_pin_is_reported_as_a_failure(qtbot, ctx):
    out = run(qtbot, session_ops.sign_in(QObject(), ctx.store, user_id="1001", pin="0000",
                                         now=ctx.clock(), terminal_id=ctx.terminal_id))
    assert out.result is None and getattr(out.error, "code", "").startswith("auth.")


def test_a_failed_integrity_check_refuses_the_sign_in_queued_behind_it(qtbot, ctx):
    class BrokenStore:
        def check_integrity(self) -> None:
            raise RuntimeError("database disk image is malformed")

    seen: list[Exception] = []
    parent = QObject()
    check = Outcome()
    session_ops.check_integrity(parent, BrokenStore(), failed=seen.append) \
        .success(check.ok).failure(check.failed).run_in_background()
    # Started right after the check, before it reported back: the same store thread runs it
    # second, and the check's error (left by `failed` on that thread) refuses it.
    out = run(qtbot, session_ops.sign_in(parent, ctx.store, user_id="1001", pin="1111",
                                         now=ctx.clock(), terminal_id=ctx.terminal_id,
                                         refused_by=lambda: seen[0] if seen else None))
    assert isinstance(check.error, RuntimeError)
    assert out.error is check.error and out.result is None


def test_search_open_account_and_a_payment_then_f9_finds_it(qtbot, ctx, demo_customers):
    parent, now = QObject(), ctx.clock()
    customer = pick(demo_customers, min_open=1)
    user = run(qtbot, session_ops.sign_in(parent, ctx.store, user_id="1001", pin="1111",
                                          now=now, terminal_id=ctx.terminal_id)).result
    shift = run(qtbot, session_ops.current_shift(parent, ctx.store,
                                                 terminal_id=ctx.terminal_id)).result
    if shift is None:
        shift = run(qtbot, session_ops.open_shift(
            parent, ctx.store, terminal_id=ctx.terminal_id, user=user,
            opening_float=DenominationCount({10000: 5}), now=now)).result
    assert shift is not None

    found = run(qtbot, counter_ops.search(parent, ctx, customer.account_no, on=now.date())).result
    assert [c.account_no for c in found.customers] == [customer.account_no]
    quote = run(qtbot, counter_ops.open_account(parent, ctx, customer.account_no,
                                                on=now.date())).result
    assert quote.customer.account_no == customer.account_no and quote.total_due_fen > 0

    due = quote.total_due_fen
    draft = PaymentDraft(amount_fen=due, tenders=(CashTender(due, due + 500),),
                         mode=TenderMode.CASH)
    taken = run(qtbot, counter_ops.commit_payment(
        parent, ctx, user=user, account_no=customer.account_no, draft=draft, now=now)).result
    payment, job_id, receipt = taken.payment, taken.job_id, taken.receipt
    assert payment.amount_fen == due and payment.change_fen == 500 and job_id > 0
    assert receipt.receipt_no == payment.receipt_no

    last, last_customer = run(qtbot, receipt_ops.last_receipt(
        parent, ctx.store, terminal_id=ctx.terminal_id, account_length=ctx.account_length)).result
    assert last.payment_uuid == payment.payment_uuid
    assert last_customer.account_no == customer.account_no


def test_a_refused_payment_is_reported_and_nothing_is_stored(qtbot, ctx, demo_customers):
    parent, now = QObject(), ctx.clock()
    customer = pick(demo_customers, min_open=1)
    user = run(qtbot, session_ops.sign_in(parent, ctx.store, user_id="1001", pin="1111",
                                          now=now, terminal_id=ctx.terminal_id)).result
    before = run(qtbot, receipt_ops.last_receipt(
        parent, ctx.store, terminal_id=ctx.terminal_id, account_length=ctx.account_length)).result
    # Not enough cash handed over for the amount: the service refuses it.
    draft = PaymentDraft(amount_fen=1000, tenders=(CashTender(1000, 500),), mode=TenderMode.CASH)
    out = run(qtbot, counter_ops.commit_payment(parent, ctx, user=user,
                                                account_no=customer.account_no, draft=draft,
                                                now=now))
    assert out.result is None and out.error is not None
    after = run(qtbot, receipt_ops.last_receipt(
        parent, ctx.store, terminal_id=ctx.terminal_id, account_length=ctx.account_length)).result
    assert after == before


@pytest.mark.parametrize("module", [session_ops, counter_ops, receipt_ops])
def test_operations_hand_back_an_op_not_yet_started(module, ctx):
    """The caller adds the callbacks, then starts it (nothing runs before)."""
    from counter_app.ui.worker import Op, pending

    before = pending()
    op = {session_ops: lambda: session_ops.list_users(None, ctx.store),
          counter_ops: lambda: counter_ops.open_account(None, ctx, "0", on=ctx.clock().date()),
          receipt_ops: lambda: receipt_ops.last_receipt(None, ctx.store, terminal_id="T01",
                                                        account_length=10)}[module]()
    assert isinstance(op, Op) and pending() == before


class FakePrinter:
    def __init__(self, state: str = "online") -> None:
        self.state, self.sent = state, []

    def status(self):
        class Status:
            pass

        s = Status()
        s.state, s.detail = self.state, f"printer is {self.state}"
        return s

    def deliver(self, data: bytes):
        self.sent.append(data)
        return len(data)


def test_printer_status_poll_says_offline_when_unreachable_and_the_state_otherwise(qtbot):
    from counter_app.ui.operations import devices

    def unreachable(uri: str):
        raise ValueError(f"bad printer URI {uri}")

    down = run(qtbot, devices.poll_status(QObject(), unreachable, "tcp://x", (ValueError,)))
    assert down.error is None and down.result == ("offline", "bad printer URI tcp://x")
    up = run(qtbot, devices.poll_status(QObject(), lambda _uri: FakePrinter("paper_out"),
                                        "tcp://y", (ValueError,)))
    assert up.result == ("paper_out", "printer is paper_out")
    other = run(qtbot, devices.poll_status(QObject(), lambda _uri: 1 / 0, "tcp://z", (ValueError,)))
    assert isinstance(other.error, ZeroDivisionError)  # only the named errors mean "offline"


def test_test_page_is_laid_out_and_sent_off_the_gui_thread(qtbot):
    from counter_app.ui.operations import devices

    printer, threads = FakePrinter(), []

    def page() -> bytes:
        threads.append(QThread.currentThread() is QCoreApplication.instance().thread())
        return b"\x1b@test"

    out = run(qtbot, devices.print_test_page(QObject(), printer, page))
    assert out.result == 6 and printer.sent == [b"\x1b@test"] and threads == [False]
