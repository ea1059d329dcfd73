"""The ledger's record of collections actions: every change a person makes (or the ledger makes
on its own, actor "system") is written in the same transaction as the change itself."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from ..store.db import utcnow
from ..store.models import CollectionAction
from .terminals import Principal

SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class ActionRecord:
    seq: int
    recorded_at: datetime
    hall_id: str
    terminal_id: str | None
    actor: str
    action: str
    subject: str
    detail: dict[str, Any]


def record_action(conn: Connection, *, hall_id: str, terminal_id: str | None, actor: str,
                  action: str, subject: str, detail: dict[str, Any] | None = None,
                  at: datetime | None = None) -> int:
    """Append one action inside the caller's transaction; returns its sequence number."""
    row = conn.execute(insert(CollectionAction).values(
        recorded_at=at or utcnow(), hall_id=hall_id, terminal_id=terminal_id, actor=actor,
        action=action, subject=subject,
        detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
    ).returning(CollectionAction.seq)).scalar_one()
    return int(row)


def record_for(conn: Connection, principal: Principal, actor: str, action: str, subject: str,
               detail: dict[str, Any] | None = None, at: datetime | None = None) -> int:
    """record_action for a request: the hall and terminal are the caller's token's."""
    return record_action(conn, hall_id=principal.hall_id, terminal_id=principal.terminal_id,
                         actor=actor, action=action, subject=subject, detail=detail, at=at)


def actions_for(conn: Connection, hall_id: str, subject: str | None = None,
                limit: int = 500) -> list[ActionRecord]:
    """A hall's actions, newest first; only those on `subject` when given."""
    t = CollectionAction.__table__
    q = select(t).where(t.c.hall_id == hall_id)
    if subject is not None:
        q = q.where(t.c.subject == subject)
    q = q.order_by(t.c.seq.desc()).limit(limit)
    return [ActionRecord(r.seq, r.recorded_at, r.hall_id, r.terminal_id, r.actor, r.action,
                         r.subject, json.loads(r.detail or "{}"))
            for r in conn.execute(q)]
