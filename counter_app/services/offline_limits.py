"""Offline limits: after too long offline or too many queued payments, card payments stop.

Cash is still taken (the drawer holds it, the receipt is durable); a card payment is money
the bank moves on the counter's word, so the risk of an unsynced counter is bounded. The
payment flow calls `check_offline_limits(...)` before a payment with a card tender. When a
limit is first passed the supervisor is alerted: an audit entry and the status flag
`sync.offline_alert` (cleared, with another audit entry, when the counter is back within
limits).

"Offline" is measured from the last answer the ledger gave the relay (`sync.last_success`);
before any, from the oldest payment still queued. A counter with nothing queued and no
answer yet is not offline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from hall_domain.errors import PaymentError

from .audit_service import append_audit
from .sync import META_LAST_SUCCESS, PAYMENT, SyncStore

META_ALERT = "sync.offline_alert"  # JSON {"since": ..., "reasons": [...]} while alerted
CODE_CARD_REFUSED = "payment.offline_card_refused"


@dataclass(frozen=True, slots=True)
class OfflineState:
    queued_payments: int
    offline_since: datetime | None
    hours_offline: float
    over_hours: bool
    over_queued: bool

    @property
    def cards_refused(self) -> bool:
        return self.over_hours or self.over_queued

    @property
    def reasons(self) -> list[str]:
        return [r for r, on in (("hours", self.over_hours), ("queued", self.over_queued)) if on]


def offline_state(store: SyncStore, *, now: datetime, max_hours: int,
                  max_queued: int) -> OfflineState:
    with store.read() as tx:
        return _state(tx, now, max_hours, max_queued)


def _state(tx, now: datetime, max_hours: int, max_queued: int) -> OfflineState:
    queued, oldest = tx.outbox.pending_outbox_stats(PAYMENT)
    last = tx.meta.get_meta(META_LAST_SUCCESS)
    since = datetime.fromisoformat(last) if last else oldest
    if since is not None and queued == 0 and not last:
        since = None
    hours = 0.0 if since is None else max(0.0, (now - since) / timedelta(hours=1))
    return OfflineState(queued_payments=queued, offline_since=since, hours_offline=hours,
                        over_hours=since is not None and hours >= max_hours,
                        over_queued=queued >= max_queued)


def check_offline_limits(store: SyncStore, *, now: datetime, max_hours: int, max_queued: int,
                         card: bool, terminal_id: str, user_id: str | None = None
                         ) -> OfflineState:
    """Raise PaymentError(code 'payment.offline_card_refused') for a card payment past a
    limit; record the supervisor alert on the first crossing (and clear it once back)."""
    state = offline_state(store, now=now, max_hours=max_hours, max_queued=max_queued)
    alerted = _alerted(store)
    if state.cards_refused != alerted:
        update_alert(store, now=now, max_hours=max_hours, max_queued=max_queued,
                     terminal_id=terminal_id, user_id=user_id)
    if card and state.cards_refused:
        why = []
        if state.over_hours:
            why.append(f"offline for {state.hours_offline:.0f} h (limit {max_hours} h)")
        if state.over_queued:
            why.append(f"{state.queued_payments} payments waiting to sync (limit {max_queued})")
        raise PaymentError(
            "Card payments are stopped until the counter syncs with the ledger: "
            + " and ".join(why) + ". Take cash, or call the supervisor.",
            code=CODE_CARD_REFUSED, hours_offline=round(state.hours_offline, 1),
            queued=state.queued_payments, max_hours=max_hours, max_queued=max_queued)
    return state


def _alerted(store: SyncStore) -> bool:
    with store.read() as tx:
        return bool(tx.meta.get_meta(META_ALERT))


def update_alert(store: SyncStore, *, now: datetime, max_hours: int, max_queued: int,
                 terminal_id: str, user_id: str | None = None) -> bool:
    """Set or clear the supervisor alert to match the limits (audited); True while alerted.

    The relay thread calls this after each cycle, so the alert clears once synced."""
    with store.write() as tx:
        state = _state(tx, now, max_hours, max_queued)
        alerted = bool(tx.meta.get_meta(META_ALERT))
        if state.cards_refused and not alerted:
            detail = {"since": state.offline_since.isoformat() if state.offline_since else None,
                      "reasons": state.reasons, "queued": state.queued_payments,
                      "hours_offline": round(state.hours_offline, 1)}
            tx.meta.set_meta(META_ALERT, json.dumps(detail, sort_keys=True))
            append_audit(tx, at=now, terminal_id=terminal_id, user_id=user_id,
                         action="sync.offline_limit", target=f"terminal:{terminal_id}",
                         outcome="alert", detail=detail)
        elif not state.cards_refused and alerted:
            tx.meta.set_meta(META_ALERT, "")
            append_audit(tx, at=now, terminal_id=terminal_id, user_id=user_id,
                         action="sync.offline_cleared", target=f"terminal:{terminal_id}",
                         detail={"queued": state.queued_payments})
        return state.cards_refused


def offline_alert(store: SyncStore) -> dict | None:
    """The supervisor alert while it stands (since, reasons, queued), else None."""
    with store.read() as tx:
        value = tx.meta.get_meta(META_ALERT)
    return json.loads(value) if value else None
