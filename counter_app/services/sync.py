"""Outbox relay: send queued items to the central ledger in batches, exactly-once in effect.

The relay talks to the store through SyncStore and to the ledger through LedgerPort (the
adapter wraps the httpx client and turns its errors into the three below). Rules:

- An item leaves the outbox only with the ledger's answer, in the transaction that stores
  the answer (`ledger_answers`); a refused item (422) goes to the review list with its answer.
- Timeout, reset, 5xx, 429, a garbled answer: the outcome is unknown. The items stay and are
  resent later with the same UUID and the same bytes; the ledger answers a repeat with its
  original answer. The wait is capped exponential backoff with full jitter, at least the
  ledger's Retry-After.
- Order per account: only the earliest pending item of an account is sendable, so an
  account's later item is never sent before its earlier one was answered. A refused item
  leaves the pending set (review list), so it does not block the account's later items: the
  ledger books those against its own bills and flags any double payment for review.
- One relay per store at a time is the caller's job (adapters.storage.sync_repo.RelayLock).
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from hall_domain.errors import DomainError
from hall_domain.inputs import check_free_text, has_card_number
from hall_domain.outbox_seal import wire_payload  # noqa: F401 (re-exported)
from hall_domain.security import Action, User, require
from hall_domain.tenders import CardTender

from .audit_service import append_audit
from .outbox_seal import SEAL_CODE, seal_problem
from .ports import (  # noqa: F401 (re-exported)
    AuthRefused,
    CounterTx,
    LedgerAnswer,
    LedgerSendError,
    OutboxItem,
    OutcomeUnknown,
    RequestRefused,
)

PAYMENT = "payment"
META_LAST_SUCCESS = "sync.last_success"
META_LAST_ATTEMPT = "sync.last_attempt"
META_LAST_ERROR = "sync.last_error"
MAX_CLOCK_SKEW = timedelta(minutes=5)


# --- the ledger port ---------------------------------------------------------------------------


# LedgerSendError, OutcomeUnknown, RequestRefused, AuthRefused: services.ports (the ledger
# client adapter raises them too); imported above and re-exported here under their old names.


class ItemAnswer(Protocol):
    key: str
    status: int
    outcome: str
    result: dict[str, Any] | None
    error_code: str | None
    error_message: str | None

    @property
    def acknowledged(self) -> bool: ...
    @property
    def refused(self) -> bool: ...


class LedgerPort(Protocol):
    """What the relay needs from the ledger (adapters.relay_thread.ClientLedger)."""

    # `digests`: each item's SHA-256 as sealed in the audit chain, sent alongside for the
    # ledger to check what arrived (outbox_seal).
    def post_payments(self, batch: Sequence[str], *,
                      digests: Sequence[str] | None = None) -> list[ItemAnswer]: ...
    def post_items(self, kind: str, batch: Sequence[tuple[str, str]], *,
                   digests: Sequence[str] | None = None) -> list[ItemAnswer]: ...
    def server_time(self) -> datetime: ...  # aware UTC, from the health endpoint


# --- the store port ----------------------------------------------------------------------------


# The relay's transaction is the store's: the outbox, the ledger answers (`answers`), the
# reference rows and the audit log are repositories of every CounterTx.
SyncTx = CounterTx


class SyncStore(Protocol):
    def write(self) -> AbstractContextManager[SyncTx]: ...
    def read(self) -> AbstractContextManager[SyncTx]: ...


# --- policy and reports ------------------------------------------------------------------------


@dataclass
class RelayPolicy:
    batch_size: int = 200  # the ledger takes at most 500
    base_delay: float = 1.0  # seconds; doubles per failed attempt of an item
    max_delay: float = 300.0
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempts: int, retry_after: float | None = None) -> float:
        """Full jitter: uniform in [0, min(cap, base * 2**attempts)], at least Retry-After."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** min(attempts, 30)))
        wait = self.rng.uniform(0.0, ceiling)
        return max(wait, retry_after or 0.0)


@dataclass
class PassReport:
    sent: int = 0
    recorded: int = 0
    duplicates: int = 0
    refused: int = 0
    flagged: int = 0  # acknowledged but flagged for review by the ledger (credit, ...)
    tampered: list[str] = field(default_factory=list)  # items parked: not as sealed
    batches: int = 0
    error: str | None = None  # why the pass stopped early
    auth_failed: bool = False
    retry_after: float | None = None

    def add(self, other: PassReport) -> None:
        for name in ("sent", "recorded", "duplicates", "refused", "flagged", "batches"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.tampered.extend(other.tampered)
        self.error, self.auth_failed = other.error, other.auth_failed
        self.retry_after = other.retry_after


class ClockSkewError(DomainError):
    code = "sync.clock_skew"


def check_clock(ledger: LedgerPort, *, now: datetime,
                max_skew: timedelta = MAX_CLOCK_SKEW) -> timedelta:
    """Ledger time minus ours; ClockSkewError when more than `max_skew` apart.

    `now` is the counter's clock (naive local time, as everywhere in the counter).
    """
    ours = now.astimezone(UTC) if now.tzinfo is None else now
    skew = ledger.server_time() - ours
    if abs(skew) > max_skew:
        minutes = skew.total_seconds() / 60
        raise ClockSkewError(
            f"This counter's clock is {abs(minutes):.0f} minutes "
            f"{'behind' if minutes > 0 else 'ahead of'} the ledger's; set the clock (at most "
            f"{max_skew.total_seconds() / 60:.0f} minutes apart is allowed).",
            skew_seconds=round(skew.total_seconds()))
    return skew


# --- the relay ---------------------------------------------------------------------------------


def relay_pass(store: SyncStore, ledger: LedgerPort, *, clock: Callable[[], datetime],
               policy: RelayPolicy | None = None, ignore_schedule: bool = False,
               max_batches: int | None = None) -> PassReport:
    """Send due items batch by batch until none is sendable or a request fails.

    `ignore_schedule` sends items whose backoff has not run out (the `sync now` command).
    The caller holds the store's relay lock.
    """
    policy = policy or RelayPolicy()
    report = PassReport()
    while max_batches is None or report.batches < max_batches:
        now = clock()
        with store.read() as tx:
            items = tx.outbox.sendable_outbox(now=None if ignore_schedule else now,
                                       limit=policy.batch_size)
        if not items:
            break
        one = _send_batch(store, ledger, items, clock=clock, policy=policy)
        report.add(one)
        if one.error:
            break
    return report


def _send_batch(store: SyncStore, ledger: LedgerPort, items: list[OutboxItem], *,
                clock: Callable[[], datetime], policy: RelayPolicy) -> PassReport:
    report = PassReport(batches=1)
    by_kind: dict[str, list[tuple[OutboxItem, str]]] = {}
    bad: list[tuple[OutboxItem, str, str]] = []
    with store.read() as tx:
        seals = tx.audit.outbox_seals([i.audit_seq for i in items if i.audit_seq is not None])
    for item in items:
        try:
            wire = wire_payload(item.kind, item.payload_json)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            bad.append((item, "counter.bad_payload", f"counter.bad_payload: {exc}"))
            continue
        entry, next_prev = seals.get(item.audit_seq, (None, None))
        problem = seal_problem(item, entry, next_prev, wire)
        if problem is not None:  # never sent: parked for a person to look at
            bad.append((item, SEAL_CODE, f"{SEAL_CODE}: {problem}; not sent"))
            report.tampered.append(problem)
            continue
        by_kind.setdefault(item.kind, []).append((item, wire))
    if bad:
        with store.write() as tx:
            for item, code, error in bad:
                tx.outbox.outbox_to_review(item.id, error=error[:500])
                _audit(tx, clock(), item, "sync.refused", {"code": code, "message": error[:300]})
        report.refused += len(bad)
    for kind, group in by_kind.items():
        digests = [hashlib.sha256(w.encode("utf-8")).hexdigest() for _, w in group]
        try:
            if kind == PAYMENT:
                answers = ledger.post_payments([wire for _, wire in group], digests=digests)
            else:
                answers = ledger.post_items(kind, [(i.item_key, w) for i, w in group],
                                            digests=digests)
        except LedgerSendError as exc:
            _retry_later(store, [i for i, _ in group], exc, clock(), policy)
            report.error = f"{type(exc).__name__}: {exc}"
            report.auth_failed = isinstance(exc, AuthRefused)
            report.retry_after = exc.retry_after
            return report
        report.sent += len(group)
        _store_answers(store, [i for i, _ in group], answers, clock(), policy, report)
    return report


def _retry_later(store: SyncStore, items: list[OutboxItem], exc: LedgerSendError,
                 now: datetime, policy: RelayPolicy) -> None:
    error = f"{type(exc).__name__}: {exc}"[:500]
    with store.write() as tx:
        for item in items:
            wait = policy.delay(item.attempts, exc.retry_after)
            if isinstance(exc, RequestRefused):  # a cause to fix, not a hiccup: try rarely
                wait = max(wait, policy.max_delay)
            tx.outbox.retry_outbox_later(item.id, error=error,
                                  next_attempt_at=now + timedelta(seconds=wait))
        tx.meta.set_meta(META_LAST_ATTEMPT, now.isoformat())
        tx.meta.set_meta(META_LAST_ERROR, error)


def _store_answers(store: SyncStore, items: list[OutboxItem], answers: Sequence[ItemAnswer],
                   now: datetime, policy: RelayPolicy, report: PassReport) -> None:
    with store.write() as tx:
        for item, answer in zip(items, answers, strict=True):
            result = answer.result or {}
            if answer.acknowledged:
                stored = LedgerAnswer(
                    kind=item.kind, item_key=item.item_key, account_no=item.account_no,
                    status=answer.status, outcome=answer.outcome, answered_at=now,
                    review=bool(result.get("review")),
                    review_reasons=tuple(result.get("review_reasons") or ()),
                    credit_fen=result.get("credit_fen"),
                    reallocated=bool(result.get("reallocated")), result=answer.result)
                tx.answers.save_ledger_answer(stored)
                tx.outbox.delete_outbox(item.id)
                report.recorded += answer.status == 201
                report.duplicates += answer.status == 200
                if stored.review:
                    report.flagged += 1
                    _audit(tx, now, item, "sync.ledger_review",
                           {"reasons": list(stored.review_reasons),
                            "credit_fen": stored.credit_fen})
            elif answer.refused:
                tx.answers.save_ledger_answer(LedgerAnswer(
                    kind=item.kind, item_key=item.item_key, account_no=item.account_no,
                    status=answer.status, outcome=answer.outcome, answered_at=now, review=True,
                    error_code=answer.error_code, error_message=answer.error_message))
                tx.outbox.outbox_to_review(item.id, error=f"{answer.error_code}: "
                                                   f"{answer.error_message}"[:500])
                report.refused += 1
                _audit(tx, now, item, "sync.refused",
                       {"code": answer.error_code, "message": answer.error_message})
            else:  # an answer this relay does not know: treat as unknown, resend later
                tx.outbox.retry_outbox_later(item.id, error=f"unexpected status {answer.status}",
                                      next_attempt_at=now + timedelta(
                                          seconds=policy.delay(item.attempts)))
        tx.meta.set_meta(META_LAST_SUCCESS, now.isoformat())
        tx.meta.set_meta(META_LAST_ATTEMPT, now.isoformat())
        tx.meta.set_meta(META_LAST_ERROR, "")


def _audit(tx: SyncTx, now: datetime, item: OutboxItem, action: str, detail: dict) -> None:
    try:
        terminal_id = str(json.loads(item.payload_json).get("terminal_id") or "?")
    except (ValueError, AttributeError):
        terminal_id = "?"
    append_audit(tx, at=now, terminal_id=terminal_id, user_id=None, action=action,
                 target=f"{item.kind}:{item.item_key}", outcome="review", detail=detail)


def drain(store: SyncStore, ledger: LedgerPort, *, clock: Callable[[], datetime],
          sleep: Callable[[float], None], policy: RelayPolicy | None = None,
          timeout: float = 60.0, monotonic: Callable[[], float] | None = None) -> PassReport:
    """Relay passes until nothing is pending (review items aside) or `timeout` seconds pass,
    sleeping until the next item is due. For `sync run`-style loops and tests."""
    mono = monotonic or time.monotonic
    policy = policy or RelayPolicy()
    total = PassReport()
    deadline = mono() + timeout
    while True:
        total.add(relay_pass(store, ledger, clock=clock, policy=policy))
        with store.read() as tx:
            due = tx.outbox.next_outbox_due()
        left = deadline - mono()
        if due is None or left <= 0:
            return total
        wait = (due - clock()).total_seconds() if due != datetime.min else 0.0
        sleep(min(max(wait, 0.01), left))


# --- status ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SyncStatus:
    pending: int  # outbox items not yet answered
    pending_payments: int
    review_items: int  # refused by the ledger (or unsendable): on the review list
    review_payments: int  # acknowledged but flagged by the ledger (credit, reallocated)
    oldest_pending: datetime | None
    next_due: datetime | None
    last_success: datetime | None
    last_attempt: datetime | None
    last_error: str

    def as_json(self) -> dict[str, Any]:
        def shown(v: Any) -> Any:
            if v == datetime.min:
                return "now"
            return v.isoformat() if isinstance(v, datetime) else v

        return {k: shown(getattr(self, k)) for k in self.__slots__}


def _meta_time(tx: SyncTx, key: str) -> datetime | None:
    value = tx.meta.get_meta(key)
    return datetime.fromisoformat(value) if value else None


def sync_status(store: SyncStore) -> SyncStatus:
    with store.read() as tx:
        counts = tx.outbox.outbox_counts()
        payments, oldest = tx.outbox.pending_outbox_stats(PAYMENT)
        return SyncStatus(
            pending=counts.get("pending", 0), pending_payments=payments,
            review_items=counts.get("review", 0), review_payments=tx.answers.count_review_answers(),
            oldest_pending=oldest, next_due=tx.outbox.next_outbox_due(),
            last_success=_meta_time(tx, META_LAST_SUCCESS),
            last_attempt=_meta_time(tx, META_LAST_ATTEMPT),
            last_error=tx.meta.get_meta(META_LAST_ERROR) or "")


def ledger_answer(store: SyncStore, payment_uuid: str) -> LedgerAnswer | None:
    """The ledger's booking of a payment once synced (allocation, credit, review reasons)."""
    with store.read() as tx:
        return tx.answers.get_ledger_answer(PAYMENT, payment_uuid)


def review_list(store: SyncStore, *, limit: int = 100) -> tuple[list[OutboxItem],
                                                                  list[LedgerAnswer]]:
    """For the supervisor: items the ledger refused, and payments it flagged for review."""
    with store.read() as tx:
        return tx.outbox.review_outbox(limit=limit), tx.answers.answers_for_review(limit=limit)


# --- correcting a refused item -----------------------------------------------------------------


class SyncReviewError(DomainError):
    code = "sync.review"


@dataclass(frozen=True, slots=True)
class Correction:
    payment_uuid: str
    tender_index: int
    old_reference: str  # as shown in the audit entry (masked if it could be a card number)
    new_reference: str
    corrected_by: str
    audit_seq: int


def _shown_reference(reference: str) -> str:
    if has_card_number(reference) or sum(c.isdigit() for c in reference) >= 13:
        return reference[:4] + "*" * max(len(reference) - 8, 0) + reference[-4:]
    return reference


def correct_card_reference(store: SyncStore, *, payment_uuid: str, reference: str, reason: str,
                           user: User, now: datetime, terminal_id: str,
                           tender_index: int | None = None) -> Correction:
    """A supervisor corrects the card reference of a payment the ledger refused (it is on the
    review list), and puts it back in the queue under the same UUID.

    The amount, tenders and allocations stay as taken; only the reference changes, in the
    payment's tender row and in the queued payload, in one transaction with an audit entry
    (who, old and new reference, why, the ledger's refusal). The new reference must pass the
    same rule the ledger applies (CardTender.validate), so it cannot be refused again for it.
    """
    require(user, Action.CORRECT_SYNC_ITEM)
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise SyncReviewError("Give a reason (1–200 characters).", code="sync.review_reason")
    check_free_text(reason, "reason")
    reference = (reference or "").strip()
    with store.write() as tx:
        item = tx.outbox.get_outbox_item(PAYMENT, payment_uuid)
        if item is None or item.state != "review":
            raise SyncReviewError(
                f"Payment {payment_uuid} is not on the review list.",
                code="sync.review_not_listed", payment_uuid=payment_uuid)
        payload = json.loads(item.payload_json)
        cards = [i for i, t in enumerate(payload.get("tenders") or []) if t.get("kind") == "card"]
        if tender_index is None:
            if len(cards) != 1:
                raise SyncReviewError(
                    f"Payment {payment_uuid} has {len(cards)} card parts: say which one "
                    f"(tender {', '.join(str(i) for i in cards) or '-'}).",
                    code="sync.review_which_tender", count=len(cards))
            tender_index = cards[0]
        if tender_index not in cards:
            raise SyncReviewError(f"Tender {tender_index} of payment {payment_uuid} is not a "
                                  "card part.", code="sync.review_not_card")
        tender = payload["tenders"][tender_index]
        CardTender(tender["amount_fen"], reference, tender.get("auth_code"),
                   tender.get("masked_card")).validate()
        old = str(tender.get("reference") or "")
        if old == reference:
            raise SyncReviewError("The new reference is the same as the old one.",
                                  code="sync.review_unchanged")
        tender["reference"] = reference
        payload_json = json.dumps(payload, ensure_ascii=False)
        tx.payments.set_card_reference(payment_uuid, tender_index, reference)
        tx.outbox.requeue_outbox(item.id, payload_json=payload_json)
        refusal = tx.answers.get_ledger_answer(PAYMENT, payment_uuid)
        tx.answers.delete_ledger_answer(PAYMENT, payment_uuid)
        entry = append_audit(
            tx, at=now, terminal_id=terminal_id, user_id=user.user_id,
            action="sync.corrected", target=f"payment:{payment_uuid}",
            detail={"field": f"tenders.{tender_index}.reference",
                    "old": _shown_reference(old), "new": reference, "reason": reason,
                    "refused": (refusal.error_code if refusal else None) or item.last_error,
                    "payload_sha256": hashlib.sha256(payload_json.encode("utf-8")).hexdigest()})
    return Correction(payment_uuid, tender_index, _shown_reference(old), reference,
                      user.user_id, entry.seq)
