"""Dual control: an approver types their own id and PIN; never the initiator; both audited.

A service that needs approval takes `approval: Approval | None`; without a valid one it
raises ApprovalRequired (the UI catches it, shows the approval dialog, calls `approve`
and retries with the returned Approval). An approval is for one action and one target,
by one initiator, and is used once (`consume`, inside the service's own transaction).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hall_domain.errors import PermissionDenied
from hall_domain.inputs import check_free_text
from hall_domain.security import Action, Role, User, can, require

from . import auth
from .audit_service import append_audit
from .ports import CounterStore, CounterTx

# What the approver must hold -> what the initiator must hold to ask for it.
APPROVALS: dict[Action, Action] = {
    Action.VOID_PAYMENT: Action.TAKE_PAYMENT,
    Action.REFUND_CREDIT: Action.TAKE_PAYMENT,
    Action.WAIVE_LATE_FEE: Action.TAKE_PAYMENT,
    Action.CASH_OUT: Action.CASH_IN,
    Action.OPEN_DRAWER_NO_SALE: Action.TAKE_PAYMENT,
    Action.REPRINT_BEYOND_LIMIT: Action.REPRINT_RECEIPT,
    Action.CLOSE_WITH_QUEUED: Action.COUNT_CASH,
    Action.EXCEED_OFFLINE_LIMIT: Action.TAKE_PAYMENT,
    Action.APPROVE_STOP_SUPPLY: Action.WORK_COLLECTIONS,
}


@dataclass(frozen=True, slots=True)
class ApprovalPolicy:
    """The hall's rule for who may approve besides a supervisor (one supervisor on duty).

    `second_approver_id`: a named person (cashier or supervisor) who may approve any action
    that takes an approval; `admin_override`: an administrator may approve. Both are audited
    as `approval.override` with the basis; the approver is never the one asking.
    """

    second_approver_id: str = ""
    admin_override: bool = False


STRICT = ApprovalPolicy()


def _override_basis(approver: User, policy: ApprovalPolicy) -> str | None:
    if (policy.second_approver_id and approver.user_id == policy.second_approver_id.strip()
            and can(approver.role, Action.TAKE_PAYMENT)):
        return "second_approver"
    if policy.admin_override and approver.role == Role.ADMIN:
        return "admin_override"
    return None


class ApprovalRequired(PermissionDenied):
    """Raised by a service when another person must approve first (UI: show ApprovalDialog)."""

    code = "approval.required"


@dataclass(frozen=True, slots=True)
class Approval:
    approval_id: int
    action: Action
    initiator_id: str
    approver_id: str
    target: str
    reason: str
    approved_at: datetime


def approve(store: CounterStore, *, action: Action, initiator: User, approver_id: str,
            approver_pin: str, target: str, reason: str = "", now: datetime,
            terminal_id: str, policy: ApprovalPolicy = STRICT) -> Approval:
    """Check the approver's own credential and right, record the approval, audit it.

    A wrong PIN counts toward the approver's lockout (auth.login); refusals are audited too.
    """
    action = Action(action)
    if action not in APPROVALS:
        raise ValueError(f"{action.value} is not an action that takes an approval")
    require(initiator, APPROVALS[action])
    check_free_text((reason or "").strip()[:200], "reason")  # before the PIN is tried
    approver_id = (approver_id or "").strip()

    def refuse(outcome: str, error: PermissionDenied) -> PermissionDenied:
        with store.write() as tx:
            append_audit(tx, at=now, terminal_id=terminal_id, user_id=initiator.user_id,
                         action="approval.refused", target=target, outcome=outcome,
                         detail={"action": action.value, "approver_id": approver_id[:64]})
        return error

    if approver_id == initiator.user_id:
        raise refuse("self", PermissionDenied(
            "The approver must be another person, not the one asking.", code="approval.self"))
    approver = auth.login(store, user_id=approver_id, pin=approver_pin, now=now,
                          terminal_id=terminal_id)
    basis = None if can(approver.role, action) else _override_basis(approver, policy)
    if not can(approver.role, action) and basis is None:
        raise refuse("not_allowed", PermissionDenied(
            f"{approver.name} ({approver.role.value}) may not approve "
            f"{action.value.replace('_', ' ')}.",
            code="approval.not_allowed", action=action.value, role=approver.role.value))
    reason = (reason or "").strip()[:200]
    with store.write() as tx:
        approval_id = tx.approvals.insert_approval(
            action=action.value, terminal_id=terminal_id, initiator_id=initiator.user_id,
            approver_id=approver.user_id, target=target, reason=reason, approved_at=now)
        detail = {"action": action.value, "approver_id": approver.user_id,
                  "approval_id": approval_id, "reason": reason}
        if basis is not None:  # not a supervisor: the hall's policy let this person approve
            detail |= {"basis": basis, "approver_role": approver.role.value}
        append_audit(tx, at=now, terminal_id=terminal_id, user_id=initiator.user_id,
                     action="approval.override" if basis else "approval.grant", target=target,
                     detail=detail)
    return Approval(approval_id, action, initiator.user_id, approver.user_id, target, reason, now)


def consume(tx: CounterTx, approval: Approval | None, *, action: Action, initiator: User,
            target: str, now: datetime, message: str) -> Approval:
    """Inside the service's write transaction: the stored approval fits and is used once."""
    if approval is None:
        raise ApprovalRequired(message, action=Action(action).value, target=target)
    stored = tx.approvals.get_approval(approval.approval_id)
    if (stored is None or stored["action"] != Action(action).value
            or stored["initiator_id"] != initiator.user_id or stored["target"] != target
            or stored["approver_id"] == initiator.user_id):
        raise ApprovalRequired("The approval is for another action, person or item.",
                               code="approval.mismatch", action=Action(action).value,
                               target=target)
    if not tx.approvals.use_approval(approval.approval_id, at=now):
        raise ApprovalRequired("That approval was already used; approve again.",
                               code="approval.used", action=Action(action).value, target=target)
    return approval
