"""The counter's collections (催费) use cases: what the supervisor's 催费 workspace and the
cashier's dunning-state line call.

Everything goes through the ledger's API (`CollectionsAccess`, hall-scoped by the token). Reads
are kept in a cache in the data folder: when the ledger cannot be asked, the last answer comes
back marked `offline` with when it was synced. Every mutation sends the signed-in person's id
as `actor` and appends an entry to the counter's own audit chain (`collections.<what>`,
outcome ok / refused / unknown), so the action is attributed on both sides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from hall_domain.inputs import check_free_text
from hall_domain.security import Action, User, require

from .approvals import Approval, consume
from .audit_service import append_audit
from .collections_port import (
    ArrearsFilter,
    ArrearsPage,
    CollectionsAccess,
    CollectionsCache,
    CollectionsError,
    DunningState,
    Recovery,
    Synced,
)
from .ports import CounterStore, OutcomeUnknown

BASE = "/collections"

# The counter's audit action of each mutation (ui/audit_text.py has a sentence for each).
AUDIT_ACTIONS = (
    "collections.run_create", "collections.run_line", "collections.run_execute",
    "collections.run_reverse", "collections.notice_delivery", "collections.stop_approve",
    "collections.stop_cancel", "collections.reconnection_close", "collections.sms_template",
    "collections.sms_approve",
)


def _rows(body: Any, key: str) -> list[dict]:
    """A list answer, bare or wrapped as {key: [...]}."""
    if isinstance(body, list):
        return body
    if isinstance(body, Mapping):
        rows = body.get(key)
        if isinstance(rows, list):
            return rows
    return []


def _optional(fetch: Callable[[], Any], default: Any) -> Any:
    """`fetch()`, or `default` when the ledger has no such route (http.404: an older ledger)."""
    try:
        return fetch()
    except CollectionsError as exc:
        if exc.params.get("ledger_code") == "http.404":
            return default
        raise


def _seg(value: object) -> str:
    return quote(str(value), safe="")


@dataclass(frozen=True, slots=True)
class StateChange:
    """What a payment changed in an account's collections state (told to the cashier)."""

    cancelled_stop_supply: dict | None = None
    reconnection: dict | None = None
    level_before: int = 0
    level_after: int = 0
    promise_kept: bool = False

    @property
    def anything(self) -> bool:
        return bool(self.cancelled_stop_supply or self.reconnection or self.promise_kept
                    or self.level_after < self.level_before)


def state_change(before: DunningState | None, after: DunningState) -> StateChange:
    """Compare the state before a payment with the state after it reached the ledger."""
    if before is None:
        return StateChange(level_after=after.dunning_level, level_before=after.dunning_level)
    cancelled = None
    if (before.stop_supply is not None
            and before.stop_supply_status in ("requested", "approved", "regulator_notified")
            and (after.stop_supply is None or after.stop_supply_status == "cancelled")):
        cancelled = before.stop_supply
    reconnection = None
    if after.reconnection is not None and (
            before.reconnection is None
            or before.reconnection.get("id") != after.reconnection.get("id")):
        reconnection = after.reconnection
    promise_kept = bool(before.promise) and (
        after.promise is None or str(after.promise.get("status", "")) == "kept")
    return StateChange(cancelled_stop_supply=cancelled, reconnection=reconnection,
                       level_before=before.dunning_level, level_after=after.dunning_level,
                       promise_kept=promise_kept)


class Collections:
    """`Collections(access, cache, store, terminal_id=..., clock=...)`; access None: no ledger."""

    def __init__(self, access: CollectionsAccess | None, cache: CollectionsCache | None,
                 store: CounterStore, *, terminal_id: str, clock: Callable[[], datetime]) -> None:
        self._access, self._cache, self._store = access, cache, store
        self._terminal, self._clock = terminal_id, clock

    @property
    def connected(self) -> bool:
        return self._access is not None

    def _need_access(self) -> CollectionsAccess:
        if self._access is None:
            raise CollectionsError("No ledger is configured (ledger.url is empty).",
                                   code="collections.no_ledger")
        return self._access

    # --- reads (cached) ---------------------------------------------------------------------

    def _read(self, key: str, fetch: Callable[[CollectionsAccess], Any]) -> Synced[Any]:
        now = self._clock()
        try:
            body = fetch(self._need_access())
        except (OutcomeUnknown, CollectionsError) as exc:
            if isinstance(exc, CollectionsError) and exc.code != "collections.no_ledger":
                raise
            cached = self._cache.get(key) if self._cache is not None else None
            if cached is None:
                if isinstance(exc, CollectionsError):
                    raise
                raise CollectionsError(f"The ledger cannot be reached and nothing was synced "
                                       f"before: {exc}", code="collections.offline") from exc
            payload, at = cached
            return Synced(payload, at, offline=True)
        if self._cache is not None:
            self._cache.put(key, body, now)
        return Synced(body, now)

    def arrears(self, user: User, flt: ArrearsFilter, *,
                cursor: str | None = None) -> Synced[ArrearsPage]:
        require(user, Action.WORK_COLLECTIONS)
        params = flt.params() | ({"cursor": cursor} if cursor else {})
        got = self._read(flt.cache_key() + (f"&cursor={cursor}" if cursor else ""),
                         lambda a: a.get(f"{BASE}/arrears", params))
        return Synced(ArrearsPage.from_json(got.value), got.synced_at, got.offline)

    def arrears_all(self, user: User, flt: ArrearsFilter, *, max_pages: int = 1000,
                    progress: Callable[[int], None] | None = None) -> list:
        """Every line of the filter, page by page (for an export)."""
        page = self.arrears(user, flt).value
        lines = list(page.accounts)
        for _ in range(max_pages):
            if not page.next_cursor:
                break
            page = self.arrears(user, flt, cursor=page.next_cursor).value
            lines.extend(page.accounts)
            if progress is not None:
                progress(len(lines))
        return lines

    def recovery(self, user: User, *, start: str, end: str) -> Synced[Recovery]:
        require(user, Action.WORK_COLLECTIONS)
        got = self._read(f"recovery?{start}..{end}",
                         lambda a: a.get(f"{BASE}/recovery", {"from": start, "to": end}))
        return Synced(Recovery.from_json(got.value), got.synced_at, got.offline)

    def account_state(self, user: User, account_no: str, *, as_of: date) -> Synced[DunningState]:
        """The cashier's view of an account's dunning state (any user who may look it up).

        Level, lock, promise and the 屡欠户 flag from the dunning route
        (`/collections/accounts/N`); the pending notices, the latest stop-supply request and
        the open reconnection task from the notices routes. A route this ledger does not
        have (an older ledger) leaves its part empty rather than failing the whole line."""
        require(user, Action.LOOKUP_CUSTOMER)

        def fetch(a: CollectionsAccess) -> dict:
            body = _optional(lambda: dict(a.get(f"{BASE}/accounts/{_seg(account_no)}",
                                                {"as_of": as_of.isoformat()})), {})
            body["account_no"] = account_no
            body["notices"] = _rows(_optional(lambda: a.get(
                f"{BASE}/notices", {"account_no": account_no, "limit": 10}), []), "notices")
            stops = _rows(_optional(lambda: a.get(
                f"{BASE}/stop-supply", {"account_no": account_no, "limit": 1}), []), "requests")
            body["stop_supply"] = stops[0] if stops else body.get("stop_supply")
            tasks = _rows(_optional(lambda: a.get(
                f"{BASE}/reconnections", {"account_no": account_no, "open": True}), []), "tasks")
            body["reconnection"] = tasks[0] if tasks else None
            return body

        got = self._read(f"account/{account_no}", fetch)
        return Synced(DunningState.from_json(got.value), got.synced_at, got.offline)

    def list_of(self, user: User, what: str, key: str,
                params: Mapping[str, Any] | None = None) -> Synced[list[dict]]:
        """A list screen's rows: `what` the path under /v1/collections (e.g. dunning/runs,
        notices, stop-supply, reconnections, sms/templates, sms/messages), `key` the member
        the rows are in when the answer is an object."""
        require(user, Action.WORK_COLLECTIONS)
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        cache_key = what + "?" + "&".join(f"{k}={clean[k]}" for k in sorted(clean))
        got = self._read(cache_key, lambda a: a.get(f"{BASE}/{what}", clean))
        return Synced(_rows(got.value, key), got.synced_at, got.offline)

    def run(self, user: User, run_id: str) -> Synced[dict]:
        require(user, Action.WORK_COLLECTIONS)
        return self._read(f"run/{run_id}",
                          lambda a: a.get(f"{BASE}/dunning/runs/{_seg(run_id)}"))

    def notice(self, user: User, number: str) -> dict:
        """One notice as the ledger holds it, with `print_lines` for the receipt printer."""
        require(user, Action.LOOKUP_CUSTOMER)
        return self._need_access().get(f"{BASE}/notices/{_seg(number)}")

    def notice_pdf(self, user: User, number: str) -> bytes:
        require(user, Action.LOOKUP_CUSTOMER)
        return self._need_access().get_bytes(f"{BASE}/notices/{_seg(number)}/pdf")

    def notices_batch_pdf(self, user: User, *, kind: str, area: str) -> bytes:
        require(user, Action.WORK_COLLECTIONS)
        return self._need_access().post_bytes(f"{BASE}/notices/batch",
                                               {"kind": kind, "area": area})

    # --- mutations (audited on both sides) --------------------------------------------------

    def _mutate(self, user: User, action: str, target: str, detail: dict[str, Any],
                call: Callable[[CollectionsAccess, str], Any], *,
                permission: Action = Action.WORK_COLLECTIONS) -> Any:
        require(user, permission)
        access = self._need_access()
        outcome, result = "ok", None
        try:
            result = call(access, user.user_id)
        except CollectionsError as exc:
            outcome = "refused"
            detail = detail | {"code": exc.code}
            raise
        except OutcomeUnknown as exc:
            outcome = "unknown"  # the ledger may or may not have done it: look again
            raise CollectionsError(f"The ledger did not answer: {exc}",
                                   code="collections.no_answer") from exc
        finally:
            with self._store.write() as tx:
                append_audit(tx, at=self._clock(), terminal_id=self._terminal,
                             user_id=user.user_id, action=action, target=target,
                             outcome=outcome, detail=detail)
        return result

    def create_run(self, user: User, *, as_of: date, customer_class: str | None = None) -> dict:
        body: dict[str, Any] = {"as_of": as_of.isoformat()}
        if customer_class:
            body["customer_class"] = customer_class
        return self._mutate(user, "collections.run_create", f"run:{as_of.isoformat()}",
                            {"as_of": as_of.isoformat(), "customer_class": customer_class or ""},
                            lambda a, actor: a.post(f"{BASE}/dunning/runs", body | {"actor": actor}))

    def edit_line(self, user: User, run_id: str, account_no: str, *, level: int | None = None,
                  blocked: bool | None = None, note: str | None = None) -> dict:
        body: dict[str, Any] = {}
        if level is not None:
            body["level"] = int(level)
        if blocked is not None:
            body["blocked"] = bool(blocked)
        if note:
            body["note"] = check_free_text(note.strip()[:200], "note")
        return self._mutate(user, "collections.run_line", f"run:{run_id}",
                            {"run_id": run_id, "account_no": account_no} | body,
                            lambda a, actor: a.post(
                                f"{BASE}/dunning/runs/{_seg(run_id)}/lines/{_seg(account_no)}",
                                body | {"actor": actor}))

    def execute_run(self, user: User, run_id: str) -> dict:
        return self._mutate(user, "collections.run_execute", f"run:{run_id}", {"run_id": run_id},
                            lambda a, actor: a.post(f"{BASE}/dunning/runs/{_seg(run_id)}/execute",
                                                    {"actor": actor}))

    def reverse_run(self, user: User, run_id: str, *, reason: str) -> dict:
        reason = _reason(reason)
        return self._mutate(user, "collections.run_reverse", f"run:{run_id}",
                            {"run_id": run_id, "reason": reason},
                            lambda a, actor: a.post(f"{BASE}/dunning/runs/{_seg(run_id)}/reverse",
                                                    {"actor": actor, "reason": reason}))

    def record_delivery(self, user: User, number: str, *, method: str, signed_by: str,
                        delivered_at: datetime) -> dict:
        signed_by = check_free_text(signed_by.strip()[:60], "signed_by") or ""
        body = {"method": method, "signed_by": signed_by,
                "delivered_at": delivered_at.isoformat(timespec="minutes")}
        return self._mutate(user, "collections.notice_delivery", f"notice:{number}",
                            {"number": number} | body,
                            lambda a, actor: a.post(f"{BASE}/notices/{_seg(number)}/delivery",
                                                    body | {"actor": actor}),
                            permission=Action.LOOKUP_CUSTOMER)

    def approve_stop_supply(self, user: User, request_id: str | int, *,
                            approval: Approval | None = None) -> dict:
        """The second person's approval (four-eyes): without an `approval` raises
        ApprovalRequired (the UI asks a second supervisor for their own id and PIN,
        services.approvals); the approval is used once here and its approver is sent as the
        actor, the ledger checking them against the one who raised the request."""
        require(user, Action.WORK_COLLECTIONS)
        target = f"stop:{request_id}"
        with self._store.write() as tx:
            approval = consume(tx, approval, action=Action.APPROVE_STOP_SUPPLY, initiator=user,
                               target=target, now=self._clock(),
                               message="A second supervisor approves a stop-supply request.")
        approver = approval.approver_id
        return self._mutate(user, "collections.stop_approve", target,
                            {"request_id": request_id, "approver_id": approver,
                             "approval_id": approval.approval_id},
                            lambda a, _actor: a.post(
                                f"{BASE}/stop-supply/{_seg(request_id)}/approve",
                                {"actor": approver}))

    def cancel_stop_supply(self, user: User, request_id: str | int, *, reason: str) -> dict:
        reason = _reason(reason)
        return self._mutate(user, "collections.stop_cancel", f"stop:{request_id}",
                            {"request_id": request_id, "reason": reason},
                            lambda a, actor: a.post(f"{BASE}/stop-supply/{_seg(request_id)}/cancel",
                                                    {"actor": actor, "reason": reason}))

    def close_reconnection(self, user: User, task_id: str | int) -> dict:
        return self._mutate(user, "collections.reconnection_close", f"reconnection:{task_id}",
                            {"task_id": task_id},
                            lambda a, actor: a.post(
                                f"{BASE}/reconnections/{_seg(task_id)}/close", {"actor": actor}))

    def draft_template(self, user: User, *, name: str, text: str) -> dict:
        name = check_free_text(name.strip()[:60], "name") or ""
        text = check_free_text(text.strip()[:500], "text") or ""
        return self._mutate(user, "collections.sms_template", f"template:{name}",
                            {"name": name},
                            lambda a, actor: a.post(f"{BASE}/sms/templates",
                                                    {"actor": actor, "name": name, "text": text}))

    def approve_template(self, user: User, template_id: str | int) -> dict:
        return self._mutate(user, "collections.sms_approve", f"template:{template_id}",
                            {"template_id": template_id},
                            lambda a, actor: a.post(
                                f"{BASE}/sms/templates/{_seg(template_id)}/approve",
                                {"actor": actor}))


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise CollectionsError("Give a reason.", code="collections.reason")
    return check_free_text(reason[:200], "reason") or ""


def payment_at_ledger(store: CounterStore, payment_uuid: str) -> bool:
    """True once the ledger acknowledged the payment (it left the outbox)."""
    with store.read() as tx:
        return not tx.outbox.outbox_holds("payment", payment_uuid)
