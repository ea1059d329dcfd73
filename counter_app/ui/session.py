"""Who is signed in at the counter window, as a generation number every action checks.

`CounterSession.begin(user)` starts a session and `end()` finishes it (lock, idle lock,
sign-out, switching cashier). Each start and end moves the generation on, so a
`SessionToken` taken while a user was signed in goes stale the moment the counter locks:

- every window and dialog the session opened is `track`ed and closed by `end()`;
- background operations (`worker.Op`) started by a tracked widget, or by any widget inside
  one, carry its token: the work refuses to start and the result is not delivered once the
  token is stale (so even a callback already queued on the store thread does nothing);
- code that acts for the user outside a tracked widget takes `token()` itself and checks
  `alive` (or passes it to `Op.guarded_by`).
"""

from __future__ import annotations

import logging
import threading

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from hall_domain.errors import PermissionDenied
from hall_domain.security import User

log = logging.getLogger(__name__)

_TOKEN_ATTRIBUTE = "_counter_session_token"


class SessionEnded(PermissionDenied):
    """The user who started this action is no longer signed in (the counter was locked)."""

    code = "session.ended"


class SessionToken:
    """One signed-in session; `alive` until the counter locks or another user signs in."""

    __slots__ = ("_session", "generation", "user")

    def __init__(self, session: CounterSession, generation: int, user: User | None) -> None:
        self._session, self.generation, self.user = session, generation, user

    @property
    def alive(self) -> bool:
        return self.user is not None and self._session.generation == self.generation

    def check(self) -> None:
        """Raise SessionEnded when stale (safe on any thread: it reads one int)."""
        if not self.alive:
            raise SessionEnded("The counter was locked: this action was not carried out.")

    def __repr__(self) -> str:
        return f"SessionToken({self.generation}, {self.user.user_id if self.user else None}, alive={self.alive})"


def token_of(obj: QObject | None) -> SessionToken | None:
    """The token of the nearest tracked widget at or above `obj` (None outside a session)."""
    while obj is not None:
        if not shiboken6.isValid(obj):
            return None
        token = getattr(obj, _TOKEN_ATTRIBUTE, None)
        if isinstance(token, SessionToken):
            return token
        obj = obj.parent()
    return None


class CounterSession(QObject):
    """Owned by the counter window. `ended` is emitted after the windows were closed."""

    started = Signal()
    ended = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self.generation = 0
        self.user: User | None = None
        self._current = SessionToken(self, 0, None)
        self._tracked: list[QWidget] = []

    # --- state ---------------------------------------------------------------------------
    def token(self) -> SessionToken:
        return self._current

    @property
    def active(self) -> bool:
        return self.user is not None

    def begin(self, user: User) -> SessionToken:
        if self.user is not None:
            self.end()
        with self._lock:
            self.generation += 1
            self.user = user
            self._current = SessionToken(self, self.generation, user)
        self.started.emit()
        return self._current

    def end(self, *, owner: QWidget | None = None) -> None:
        """Stale every token, then close every window the session opened.

        With `owner` (the counter window) also every other window whose parent chain leads
        to it (message boxes, approval dialogs opened from a dialog, ...).
        """
        with self._lock:
            self.generation += 1
            self.user = None
            self._current = SessionToken(self, self.generation, None)
        for widget in self.open_windows(owner):
            close_window(widget)
        self._tracked = [w for w in self._tracked if shiboken6.isValid(w) and w.isVisible()]
        self.ended.emit()

    # --- windows -------------------------------------------------------------------------
    def track(self, widget: QWidget, token: SessionToken | None = None) -> QWidget:
        """Bind `widget` (and whatever it starts) to the current session; closed by end()."""
        token = token or self._current
        setattr(widget, _TOKEN_ATTRIBUTE, token)
        if not token.alive:  # opened after the lock (a late callback): never shown
            close_window(widget)
        self._tracked = [w for w in self._tracked if shiboken6.isValid(w)]
        self._tracked.append(widget)
        return widget

    def open_windows(self, owner: QWidget | None = None) -> list[QWidget]:
        """Visible windows of the session: tracked ones and those owned by `owner`."""
        found: list[QWidget] = []
        for w in self._tracked:
            if shiboken6.isValid(w) and w.isVisible() and w not in found:
                found.append(w)
        if owner is not None and QApplication.instance() is not None:
            for w in QApplication.topLevelWidgets():
                if (w is owner or not w.isVisible() or not w.isWindow() or w in found
                        or not _owned_by(w, owner)):
                    continue
                found.append(w)
        # Innermost first: a message box over a dialog goes before the dialog.
        found.sort(key=_depth, reverse=True)
        return found


def _owned_by(widget: QWidget, owner: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if parent is owner:
            return True
        parent = parent.parentWidget()
    return False


def _depth(widget: QWidget) -> int:
    n, parent = 0, widget.parentWidget()
    while parent is not None:
        n, parent = n + 1, parent.parentWidget()
    return n


def close_window(widget: QWidget) -> None:
    """Reject a dialog (ends a nested exec too), close any other window."""
    if not shiboken6.isValid(widget):
        return
    try:
        if isinstance(widget, QDialog):
            widget.reject()
            widget.hide()  # a dialog whose reject() was overridden still goes
        else:
            widget.close()
            widget.hide()
    except RuntimeError:  # deleted meanwhile
        log.debug("window already gone", exc_info=True)


def approval_policy_of(widget: QObject | None):
    """The hall's approval policy (services.approvals.ApprovalPolicy) of the counter window
    `widget` belongs to; the strict default outside one."""
    from counter_app.services.approvals import STRICT

    obj = widget
    while obj is not None:
        policy = getattr(obj, "approval_policy", None)
        if policy is not None:
            return policy
        obj = obj.parent()
    return STRICT


def approval_policy_from_config(config):
    from counter_app.services.approvals import ApprovalPolicy

    return ApprovalPolicy(second_approver_id=config["approvals.second_approver"],
                          admin_override=config["approvals.admin_override"])
