"""Printer and card-reader setup from the 设备 menu (technicians and admins)."""

from __future__ import annotations

from hall_domain.security import Action, can

from .base import WindowPart


class DevicesPart(WindowPart):
    def may_configure(self) -> bool:
        user = self.w.user
        return user is not None and can(user.role, Action.CONFIGURE_DEVICES)

    def open_printer_setup(self) -> None:
        if not self.may_configure():
            return
        from ..printer_setup import PrinterSetupDialog

        w = self.w
        dialog = PrinterSetupDialog(self.ctx.config, driver=self.ctx.printers, parent=w)
        dialog.settingsSaved.connect(self._on_printer_settings_saved)
        w.setup_dialog = w.session.track(dialog)
        dialog.open()

    def _on_printer_settings_saved(self) -> None:
        self.w.print_desk.poll_status(force=True)
        self.w.print_desk.refresh_queue()

    def open_ledger_connect(self) -> None:
        """The wizard's ledger page for a counter already set up (a new token, a moved ledger)."""
        if not self.may_configure():
            return
        from ..ledger_connect_dialog import LedgerConnectDialog

        w = self.w
        dialog = LedgerConnectDialog(self.ctx.config, parent=w)
        w.setup_dialog = w.session.track(dialog)
        dialog.open()

    def open_card_reader_setup(self) -> None:
        """The setup screen tests the port itself: the counter's reader stops meanwhile."""
        if not self.may_configure():
            return
        from ..card_reader_setup import CardReaderSetupDialog

        w = self.w
        if w.card_reader is not None:
            w.card_reader.stop()
        dialog = CardReaderSetupDialog(self.ctx.config, driver=self.ctx.card_readers, parent=w)
        dialog.finished.connect(lambda _r: self.restart_card_reader())
        w.setup_dialog = w.session.track(dialog)
        dialog.open()

    def restart_card_reader(self) -> None:
        w, cfg = self.w, self.ctx.config
        if not cfg["card_reader.port"]:
            if w.card_reader is not None:
                w.card_reader.stop()
            w.status.on_card_reader_state("not_configured")
            return
        readers = self.ctx.card_readers  # the driver bootstrap hands over
        if w.card_reader is None:
            from ..app import connect_card_reader
            from ..card_reader_bridge import CardReaderBridge

            connect_card_reader(w, CardReaderBridge.from_config(cfg, parent=w, driver=readers))
        w.card_reader.start(readers.settings_from_config(cfg))
