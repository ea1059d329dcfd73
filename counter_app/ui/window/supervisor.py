"""The 班次 (shift, cash, reports, reconciliation) and 管理 (voids, refunds, waivers, audit,
users) menus, shown per permission of whoever is signed in (ui/supervisor_menu.py)."""

from __future__ import annotations

from ..supervisor_menu import SupervisorMenus, install_supervisor_menus
from .base import WindowPart


class SupervisorPart(WindowPart):
    def install(self) -> SupervisorMenus:
        """Adds the menus to the window (before its language menu); call after the menus."""
        w = self.w
        menus = install_supervisor_menus(
            w, self.ctx, current_user=lambda: w.user, current_shift=lambda: w.shift,
            on_print_receipt=w.print_desk.print_job, session=w.session,
            may_use_shift=lambda: w.may_use_shift)
        menus.shiftClosed.connect(self.on_supervisor_menus_shift_closed)
        menus.accountChanged.connect(self.on_supervisor_menus_account_changed)
        return menus

    def on_supervisor_menus_shift_closed(self, _report) -> None:
        w = self.w
        w.shift = None
        if w.user is not None:
            w.counter.set_user(w.user, shift_open=False)
            w.status.set_session(user=w.user, shift=None)
            w.counter.message.setText(self.tr("No shift is open: look-up only."))
        w.supervisor_menus.refresh()
        w.backups_part.on_shift_closed()  # the day's takings on the second disk at once

    def on_supervisor_menus_account_changed(self, account_no: str) -> None:
        w = self.w
        if w.pages.currentWidget() is w.counter and account_no:
            w.counter_part.open_card_account(account_no)  # show the bills as they are now
