"""Run a service call that may need a second person: on ApprovalRequired show the approval
dialog (non-modal to the event loop, so tests and timers keep running) and retry with it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from counter_app.services.approvals import Approval, ApprovalRequired
from hall_domain.security import User

from .approval_dialog import ApprovalDialog
from .worker import Op


class ApprovalFlow:
    """`ApprovalFlow(owner, ...).run(work)`: `work(approval)` runs on the store thread.

    The first call goes without an approval; when the service raises `approval.required`,
    `owner.approval_dialog` asks the approver (their own id and PIN) and the call is made
    again with the approval. Cancelling reports `cancelled()`; other errors `failed(exc)`.
    """

    def __init__(self, owner: QWidget, *, store, initiator: User, terminal_id: str,
                 clock: Callable[[], datetime], succeeded: Callable[[Any], None],
                 failed: Callable[[Exception], None], cancelled: Callable[[], None],
                 prompt: str = "", reason: str = "") -> None:
        self._owner, self._store, self._initiator = owner, store, initiator
        self._terminal_id, self._clock = terminal_id, clock
        self._succeeded, self._failed, self._cancelled = succeeded, failed, cancelled
        self._prompt, self._reason = prompt, reason
        self._work: Callable[[Approval | None], Any] | None = None

    def run(self, work: Callable[[Approval | None], Any], approval: Approval | None = None) -> None:
        self._work = work
        Op(self._owner, lambda: work(approval)).success(self._succeeded) \
            .failure(self._on_failure).run_in_background()

    def _on_failure(self, exc: Exception) -> None:
        if not (isinstance(exc, ApprovalRequired) and exc.code == "approval.required"):
            self._failed(exc)
            return
        dialog = ApprovalDialog(self._owner, store=self._store, action=exc.params["action"],
                                initiator=self._initiator, target=exc.params["target"],
                                terminal_id=self._terminal_id, clock=self._clock,
                                prompt=self._prompt, reason=self._reason)
        dialog.setObjectName("approval_dialog")
        self._owner.approval_dialog = dialog  # type: ignore[attr-defined]  (tests drive it)
        dialog.finished.connect(lambda result: self._on_dialog_finished(dialog, result))
        dialog.open()

    def _on_dialog_finished(self, dialog: ApprovalDialog, result: int) -> None:
        approval = dialog.approval
        dialog.deleteLater()
        self._owner.approval_dialog = None  # type: ignore[attr-defined]
        if result == QDialog.DialogCode.Accepted and approval is not None and self._work:
            self.run(self._work, approval)
        else:
            self._cancelled()
