"""Sign-in, the store's integrity check, opening a shift, lock / switch cashier, idle lock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QApplication

from hall_domain.security import Action, User, can
from hall_domain.shifts import DenominationCount, Shift

from ..error_text import error_message
from ..idle import IdleWatcher
from ..operations import session as ops
from ..rows import UserRow
from ..shift_dialog import OpenShiftDialog
from .base import WindowPart

if TYPE_CHECKING:
    from ..main_window import MainWindow

INTEGRITY_CHECKING, INTEGRITY_OK, INTEGRITY_FAILED = "checking", "ok", "failed"


class SessionPart(WindowPart):
    """Who is signed in: the window's `user`, `shift`, `may_use_shift` and `last_user_id`
    are set here, and its `session` (ui/session.py) begun and ended."""

    def __init__(self, window: MainWindow, *, idle_lock_ms: int) -> None:
        super().__init__(window)
        self.integrity = INTEGRITY_OK
        self.integrity_error: Exception | None = None
        self.shift_dialog: OpenShiftDialog | None = None
        self.idle = IdleWatcher(idle_lock_ms, window)
        self.idle.idle.connect(self.on_idle_idle)
        self.idle.lockKeyPressed.connect(lambda: self.lock(reason="manual"))
        app = QApplication.instance()
        if app is not None:  # sees every key and mouse event; removed when `idle` is deleted
            app.installEventFilter(self.idle)
        window.login.loginRequested.connect(self.on_login_login_requested)

    # --- the sign-in page ----------------------------------------------------------------
    def show_login(self) -> None:
        w = self.w
        w.pages.setCurrentWidget(w.login)
        for a in w.counter_actions:
            a.setEnabled(False)
        w.menu_devices.menuAction().setVisible(False)
        w.supervisor_menus.refresh()
        w.login.reset(user_id=w.last_user_id)
        if self.integrity != INTEGRITY_OK:
            w.login.set_integrity(self.integrity, self.integrity_text())

    def load_demo_users(self) -> None:
        from counter_app.demo.users import DEMO_USERS
        pins = {u.user_id: u.pin for u in DEMO_USERS}
        ops.list_users(self.w, self.ctx.store) \
            .success(lambda users: self.w.login.set_users([
                UserRow(u.user_id, u.name, u.role.value, pins.get(u.user_id, ""))
                for u in users if u.active])) \
            .run_in_background()

    # --- integrity of the store (deferred from open: seconds on a large store) ---------------
    def check_integrity(self) -> None:
        self.integrity = INTEGRITY_CHECKING
        self.w.login.set_integrity(self.integrity, self.integrity_text())

        def failed(exc: Exception) -> None:  # store thread
            self.integrity_error = exc  # read by a sign-in queued behind this check

        ops.check_integrity(self.w, self.ctx.store, failed=failed) \
            .success(lambda _r: self._on_integrity(None)) \
            .failure(self._on_integrity).run_in_background()

    def _on_integrity(self, error: Exception | None) -> None:
        self.integrity = INTEGRITY_OK if error is None else INTEGRITY_FAILED
        self.w.login.set_integrity(self.integrity, self.integrity_text())

    def integrity_text(self) -> str:
        if self.integrity == INTEGRITY_CHECKING:
            return self.tr("Checking the data…")
        if self.integrity == INTEGRITY_FAILED and self.integrity_error is not None:
            return self.tr("Sign-in is not possible: {reason}").format(
                reason=error_message(self.integrity_error))
        return ""

    # --- sign-in and shift ---------------------------------------------------------------
    @Slot(str, str)
    def on_login_login_requested(self, user_id: str, pin: str) -> None:
        login = self.w.login
        if self.integrity == INTEGRITY_FAILED:
            login.set_integrity(self.integrity, self.integrity_text())
            return
        ctx = self.ctx
        ops.sign_in(self.w, ctx.store, user_id=user_id, pin=pin, now=ctx.clock(),
                    terminal_id=ctx.terminal_id, refused_by=lambda: self.integrity_error) \
            .success(self._on_signed_in) \
            .failure(lambda e: login.show_error(error_message(e))) \
            .run_in_background()

    def _on_signed_in(self, user: User) -> None:
        ops.current_shift(self.w, self.ctx.store, terminal_id=self.ctx.terminal_id) \
            .success(lambda shift: self._on_shift_known(user, shift)) \
            .failure(lambda e: self.w.login.show_error(error_message(e))) \
            .run_in_background()

    def _on_shift_known(self, user: User, shift: Shift | None) -> None:
        w = self.w
        if shift is None and can(user.role, Action.OPEN_SHIFT):
            # A supervisor may go on without a shift: reports, approvals, arrears screens.
            dialog = OpenShiftDialog(user_name=user.name, terminal_id=self.ctx.terminal_id,
                                     may_skip=can(user.role, Action.Z_REPORT), parent=w)
            dialog.floatCounted.connect(lambda counts: self._open_shift(dialog, user, counts))
            dialog.withoutShift.connect(lambda: self.enter_counter(user, None))
            dialog.rejected.connect(lambda: w.login.reset(user_id=user.user_id))
            self.shift_dialog = dialog
            dialog.open()
            return
        if shift is not None and not self._may_continue(user, shift):
            self.enter_counter(user, shift, may_use_shift=False)
            w.counter.message.setText(self.tr(
                "Shift #{id} was opened by {opener}. This hall hands a shift over with a count: "
                "close it (Shift ▸ Close shift…), then open your own. Look-up only until "
                "then.").format(id=shift.shift_id, opener=shift.opened_by))
            return
        self.enter_counter(user, shift)

    def _may_continue(self, user: User, shift: Shift) -> bool:
        """Another cashier's open shift: continued only where the hall allows it."""
        return shift.opened_by == user.user_id or self.ctx.config["shift.others_may_continue"]

    def _open_shift(self, dialog: OpenShiftDialog, user: User, counts: DenominationCount) -> None:
        ctx = self.ctx
        ops.open_shift(dialog, ctx.store, terminal_id=ctx.terminal_id, user=user,
                       opening_float=counts, now=ctx.clock()) \
            .success(lambda shift: (dialog.accept(), self.enter_counter(user, shift))) \
            .failure(lambda e: dialog.show_error(error_message(e))) \
            .run_in_background()

    def enter_counter(self, user: User, shift: Shift | None, *, may_use_shift: bool = True) -> None:
        w = self.w
        w.user, w.shift = user, shift
        w.may_use_shift = may_use_shift and shift is not None
        w.session.begin(user)
        w.last_user_id = user.user_id
        w.login.set_locked("")
        w.counter.set_user(user, shift_open=w.may_use_shift)
        w.counter.reset()
        w.status.set_session(user=user, shift=shift)
        w.pages.setCurrentWidget(w.counter)
        for a in w.counter_actions:
            a.setEnabled(True)
        w.menu_devices.menuAction().setVisible(can(user.role, Action.CONFIGURE_DEVICES))
        w.supervisor_menus.refresh()
        self.idle.arm()
        w.counter.focus_search()
        if shift is None and can(user.role, Action.TAKE_PAYMENT):
            w.counter.message.setText(self.tr("No shift is open: look-up only."))
        w.signedIn.emit(user)

    # --- lock ----------------------------------------------------------------------------
    def lock_text(self) -> str:
        shift = self.w.shift
        if shift is None:
            return self.tr("Counter locked.")
        if self.ctx.config["shift.others_may_continue"]:
            return self.tr("Counter locked. Shift #{id} stays open; any cashier may sign in to "
                           "continue it.").format(id=shift.shift_id)
        return self.tr("Counter locked. Shift #{id} stays open; its cashier signs in to "
                       "continue it, anyone else hands it over with a count.").format(
                           id=shift.shift_id)

    def lock(self, *, reason: str = "manual") -> None:
        """Back to sign-in; the open shift stays open. Waits while a payment is being saved."""
        w = self.w
        if w.pages.currentWidget() is w.login:
            return
        if w.counter.busy:
            QTimer.singleShot(500, lambda: self.lock(reason=reason))
            return
        w.counter.close_dialog()
        # Every window of the session goes (supervisor views, dialogs, message boxes), and
        # nothing started under this user may run or deliver any more.
        w.session.end(owner=w)
        self.idle.disarm()
        w.counter.reset()
        w.counter.set_user(None, shift_open=False)
        w.user = None
        w.status.set_session(user=None, shift=w.shift)
        w.login.set_locked(self.lock_text())
        self.show_login()
        w.locked.emit()

    def on_idle_idle(self) -> None:
        self.lock(reason="idle")
