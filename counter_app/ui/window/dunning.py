"""The cashier's view of an account's dunning state (催费状态), beside its bills: fetched from the
ledger when an account is shown (looked up or its card read), in the background; and after a
payment, once the ledger has it, fetched again and compared, so the cashier can tell the
customer what the payment cancelled (a stop-supply request, a reconnection task opened)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut

from counter_app.services.collections import payment_at_ledger, state_change
from counter_app.services.ports import DunningState, Synced
from counter_app.services.print_jobs import queue_slip
from hall_domain.receipts import ReceiptContext

from ..collections_view import collections_pool, notice_receipt
from ..error_text import error_message
from ..worker import Op
from .base import WindowPart

if TYPE_CHECKING:
    from ..main_window import MainWindow

POLL_MS = 1000
POLL_TRIES = 120  # two minutes: then the cashier looks the account up again when they want


class DunningPart(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.service = self.ctx.collections()
        self.states: dict[str, Synced[DunningState]] = {}  # last fetched per account
        self.last_change_text = ""  # what the cashier was told after the last payment (tests)
        self._watch: dict[str, tuple[str, DunningState | None, int]] = {}  # uuid -> account, before, tries
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        window.counter.customerShown.connect(self.on_customer_shown)
        window.counter.paymentTaken.connect(self.on_payment_taken)
        window.counter.customer.noticePrintRequested.connect(self.print_notice)
        QShortcut(QKeySequence("Ctrl+Shift+N"), window, activated=self.print_notice)
        self.printed_jobs: list[int] = []  # print jobs of notices queued here (tests)

    def _user(self):
        return self.w.user

    def on_customer_shown(self, account_no: str) -> None:
        panel = self.w.counter.customer
        if not self.service.connected or self._user() is None:
            panel.show_dunning(None, offline_at=None, unavailable=not self.service.connected)
            return
        panel.show_dunning_loading()
        self.fetch(account_no)

    def fetch(self, account_no: str, then=None) -> None:
        svc, user, day = self.service, self._user(), self.ctx.clock().date()
        Op(self.w, lambda: svc.account_state(user, account_no, as_of=day)) \
            .success(lambda synced: self._on_state(account_no, synced, then)) \
            .failure(lambda _exc: self._on_state_failed(account_no)) \
            .run_in_background(collections_pool())

    def _on_state(self, account_no: str, synced: Synced[DunningState], then) -> None:
        self.states[account_no] = synced
        panel = self.w.counter.customer
        if panel.customer is not None and panel.customer.account_no == account_no:
            panel.show_dunning(synced.value,
                               offline_at=synced.synced_at if synced.offline else None)
        if then is not None:
            then(synced)

    def _on_state_failed(self, account_no: str) -> None:
        panel = self.w.counter.customer
        if panel.customer is not None and panel.customer.account_no == account_no:
            panel.show_dunning(None, offline_at=None, unavailable=True)

    # --- a copy of the notice for the customer at the counter -------------------------------
    def print_notice(self) -> None:
        """The account's notice in force, as the ledger words it (`print_lines`), on the
        receipt printer: a durable print job like every slip, then printed."""
        w, panel, user = self.w, self.w.counter.customer, self._user()
        notice = panel.notice_to_print()
        if notice is None or user is None or w.pages.currentWidget() is not w.counter:
            return
        number = str(notice.get("notice_no") or notice.get("number") or "")
        cfg, svc, store = self.ctx.config, self.service, self.ctx.store
        rctx = ReceiptContext(hall_name=cfg["terminal.hall_name"],
                              hall_address=cfg["terminal.hall_address"], cashier_name=user.name,
                              footer=cfg["printer.footer"])
        uri, now = cfg["printer.uri"], self.ctx.clock()

        def work() -> int:
            receipt = notice_receipt(svc.notice(user, number), rctx)
            return queue_slip(store, receipt, printer_uri=uri, now=now)

        def queued(job_id: int) -> None:
            self.printed_jobs.append(job_id)
            w.print_desk.print_job(job_id)
            w.counter.message.setText(self.tr("Notice {number} sent to the receipt printer.")
                                      .format(number=number))

        w.counter.message.setText(self.tr("Fetching notice {number}…").format(number=number))
        Op(w, work).success(queued) \
            .failure(lambda exc: w.counter.message.setText(error_message(exc))) \
            .run_in_background(collections_pool())

    # --- after a payment --------------------------------------------------------------------
    def on_payment_taken(self, payment, customer) -> None:
        if not self.service.connected:
            return
        before = self.states.get(payment.account_no)
        self._watch[payment.payment_uuid] = (payment.account_no,
                                             before.value if before else None, 0)
        self._timer.start()

    def _poll(self) -> None:
        if not self._watch:
            self._timer.stop()
            return
        store = self.ctx.store
        for uuid, (account_no, before, tries) in list(self._watch.items()):
            if tries >= POLL_TRIES:
                del self._watch[uuid]
                continue
            self._watch[uuid] = (account_no, before, tries + 1)
            Op(self.w, lambda uuid=uuid: payment_at_ledger(store, uuid)) \
                .success(lambda there, uuid=uuid: self._on_checked(uuid, there)) \
                .run_in_background(collections_pool())

    def _on_checked(self, uuid: str, there: bool) -> None:
        if not there or uuid not in self._watch:
            return
        account_no, before, _tries = self._watch.pop(uuid)
        self.fetch(account_no, then=lambda synced: self._tell(account_no, before, synced))

    def _tell(self, account_no: str, before: DunningState | None,
              synced: Synced[DunningState]) -> None:
        if synced.offline:
            return
        change = state_change(before, synced.value)
        parts = []
        if change.cancelled_stop_supply:
            parts.append(self.tr("This payment cancelled the stop-supply request of account "
                                 "{account}.").format(account=account_no))
        if change.reconnection:
            deadline = str(change.reconnection.get("due_at") or change.reconnection.get(
                "deadline") or "").replace("T", " ")[:16]
            parts.append(self.tr("A reconnection task was opened for account {account}: supply "
                                 "back by {deadline}.").format(account=account_no,
                                                               deadline=deadline))
        if change.promise_kept:
            parts.append(self.tr("The promise to pay of account {account} is kept.").format(
                account=account_no))
        if change.level_after == 0 and change.level_before > 0:
            parts.append(self.tr("Account {account} is out of dunning.").format(
                account=account_no))
        if not parts:
            return
        self.last_change_text = " ".join(parts)
        self.w.counter.message.setText(self.last_change_text)
        self.w.status.showMessage(self.last_change_text, 60_000)
