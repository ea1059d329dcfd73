"""Browsing the audit trail (VIEW_AUDIT): newest first, filtered by user, action and time."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from hall_domain.audit import AuditEntry
from hall_domain.money import format_fen
from hall_domain.security import Action, User, require

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
        rows = tx.audit.audit_rows(user_id=(filters.user_id or "").strip() or None,
                                   action=(filters.action or "").strip() or None,
                                   since=filters.since, until=filters.until, limit=limit)
    return [AuditEntry(seq=r[0], at=datetime.fromisoformat(r[1]), terminal_id=r[2], user_id=r[3],
                       action=r[4], target=r[5], outcome=r[6], detail=r[7], prev_hash=r[8],
                       hash=r[9]) for r in rows]


# --- entries as sentences ----------------------------------------------------------------------
# The words live with whoever shows them (ui/audit_text.py through Qt's catalogue, the command
# line through cli_text): this part only turns an entry into the values its sentence needs.

Translate = Callable[[str], str]


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def _value(key: str, value: object, translate: Translate) -> str:
    if value is None or value == "":
        return "-"
    if key.endswith("_fen") and isinstance(value, int) and not isinstance(value, bool):
        return format_fen(value)
    if isinstance(value, list | tuple):
        return "、".join(_value(key, v, translate) for v in value) if value else "-"
    if isinstance(value, str) and key in _TRANSLATED_KEYS:
        return translate(value)
    return str(value)


# Detail keys whose values are codes with a name in the user's language (roles, tenders,
# the action an approval was for, why a card payment is refused offline).
_TRANSLATED_KEYS = frozenset({"role", "from", "to", "tenders", "action", "reasons", "code"})


def audit_params(entry: AuditEntry, translate: Translate = str) -> dict[str, str]:
    """What a sentence about `entry` may name: its target (`shift`, `account`, `user`,
    `payment`, `target`), every detail field (`*_fen` as money, `amount` for `amount_fen` and so
    on), the user and the outcome, each as text."""
    params: dict[str, str] = {"user_id": entry.user_id or "-", "terminal": entry.terminal_id,
                              "outcome": translate(entry.outcome), "target": entry.target}
    kind, _, ident = entry.target.partition(":")
    if ident:
        params[kind] = ident
        params["target_kind"], params["target_id"] = translate(kind), ident
    try:
        detail = json.loads(entry.detail) if entry.detail else {}
    except ValueError:
        detail = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == "pin" or isinstance(value, dict):  # not for a sentence (counts by note)
                continue
            text = _value(key, value, translate)
            params[key] = text
            if key.endswith("_fen"):
                params.setdefault(key[: -len("_fen")], text)
    return params


def audit_sentence(entry: AuditEntry, templates: Mapping[str, str],
                   translate: Translate = str) -> str:
    """`entry` as one sentence: the template for "action:outcome", else for the action, else for
    its family ("drawer"), filled with audit_params; an action nobody wrote words for yet is
    shown by its code and target rather than lost."""
    template = (templates.get(f"{entry.action}:{entry.outcome}") or templates.get(entry.action)
                or templates.get(entry.action.split(".", 1)[0]))
    params = _Params(audit_params(entry, translate))
    if template is None:
        return f"{entry.action} {entry.target}".strip()
    return template.format_map(params)
