"""The parts of the counter window (ui/main_window.py), one per concern. The window builds
the frame (pages, menus, keys, status bar) and delegates to them:

| module | part |
|---|---|
| `session` | sign-in, store integrity, opening a shift, lock / switch cashier, idle lock |
| `counter` | the counter page's wiring: card reads, after a payment, the ledger's state |
| `receipts` | receipt on screen and printed, F9 reprint, Ctrl+P print queue, Ctrl+D drawer |
| `devices` | printer and card-reader setup (technicians) |
| `dunning` | the account's dunning state (催费状态) beside its bills; what a payment cancelled |
| `supervisor` | the 班次 and 管理 menus (shifts, reports, audit, users, reconciliation) |

Each part is a QObject child of the window; what several parts share (the signed-in user,
the open shift, the last message box) stays on the window, where tests read it too.
Background work goes through ui/operations.
"""

from .base import WindowPart

__all__ = ["WindowPart"]
