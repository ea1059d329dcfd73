"""Browsing the audit trail (VIEW_AUDIT): newest first, filtered by user, action and time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.audit import AuditEntry
from counter_app.domain.security import Action, User, require

from .ports import CounterStore

MAX_ROWS = 5000


@dataclass(frozen=True, slots=True)
class AuditFilter:
    user_id: str | None = None
    action: str | None = None  # "payment" matches payment.take, payment.void ...
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 1000


def list_audit(store: CounterStore, *, user: User, filters: AuditFilter = AuditFilter()
               ) -> list[AuditEntry]:
    require(user, Action.VIEW_AUDIT)
    limit = max(1, min(int(filters.limit), MAX_ROWS))
    with store.read() as tx:
        rows = tx.approvals().audit_rows(user_id=(filters.user_id or "").strip() or None,
                                         action=(filters.action or "").strip() or None,
                                         since=filters.since, until=filters.until, limit=limit)
    return [AuditEntry(seq=r[0], at=datetime.fromisoformat(r[1]), terminal_id=r[2], user_id=r[3],
                       action=r[4], target=r[5], outcome=r[6], detail=r[7], prev_hash=r[8],
                       hash=r[9]) for r in rows]
