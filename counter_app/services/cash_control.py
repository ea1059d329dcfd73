"""Cash control of a shift: cash in/out, X report, blind close, supervisor sign-off, Z close.

The close runs in four steps, each one write transaction:
begin_close → submit_blind_count (the expected figures are returned only now) →
supervisor_sign_off (own PIN; an override with a reason when payments are still queued for
the ledger) → close_shift (shift closed, `shift_report` item queued for the ledger).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime

from hall_domain.errors import PermissionDenied, ShiftError
from hall_domain.inputs import check_free_text
from hall_domain.money import format_fen
from hall_domain.receipts import Slip, SlipLine
from hall_domain.security import Action, User, can, require
from hall_domain.shift_totals import CashMovement, CloseFigures, MovementKind, close_figures
from hall_domain.shifts import DenominationCount, Shift, ShiftStatus

from . import approvals, auth
from .approvals import Approval
from .audit_service import append_audit
from .shift_reports import (
    SHIFT_REPORT,
    CashStore,
    CashTx,
    CloseRecord,
    CloseState,
    ShiftReport,
    ledger_payload,
    read_report,
)

MAX_REASON = 200
# item_key of a shift's report: the same UUID for the same hall, terminal and shift, every
# time. (Keys made before the hall was part of them, uuid5 of "T01/5", stay in the outbox
# and shift_closes as they are: the ledger scopes keys by the token's hall and terminal and
# answers them exactly once.)
_REPORT_NS = uuid.UUID("6f1c1d7e-5b0a-4c59-9a51-0c2f3e9a7b11")


def report_item_key(hall_id: str, terminal_id: str, shift_id: int) -> str:
    return str(uuid.uuid5(_REPORT_NS, f"{hall_id}/{terminal_id}/{shift_id}"))


@dataclass(frozen=True, slots=True)
class BlindCount:
    """What the count screen may show: who and which shift, never an expected amount."""

    shift_id: int
    terminal_id: str
    opened_by: str
    opened_at: datetime
    state: CloseState


def _reason(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ShiftError("Give a reason.", code="shift.reason_missing")
    if len(text) > MAX_REASON:
        raise ShiftError(f"The reason is longer than {MAX_REASON} characters.",
                         code="shift.reason_long")
    check_free_text(text, "reason")
    return text


def _amount(amount_fen: int) -> int:
    if type(amount_fen) is not int or amount_fen <= 0:
        raise ShiftError("The amount must be whole fen above zero.", code="shift.amount")
    return amount_fen


def _shift(tx: CashTx, shift_id: int) -> Shift:
    shift = tx.shifts.get_shift(shift_id)
    if shift is None:
        raise ShiftError(f"There is no shift {shift_id}.", code="shift.unknown", shift_id=shift_id)
    return shift


def _open_shift(tx: CashTx, terminal_id: str) -> Shift:
    shift = tx.shifts.open_shift_for(terminal_id)
    if shift is None:
        raise ShiftError("No shift is open on this counter.", code="shift.not_open")
    return shift


def _close(tx: CashTx, shift_id: int) -> CloseRecord | None:
    return tx.shifts.get_shift_close(shift_id)


def _approver(store: CashStore, *, user_id: str, pin: str, action: Action, initiator_id: str,
              now: datetime, terminal_id: str) -> User:
    """The supervisor who typed their own id and PIN (checked, counted and audited by login)."""
    if (user_id or "").strip() == initiator_id:
        raise PermissionDenied("The approver must be another person, not the one asking.",
                               code="permission.same_person")
    approver = auth.login(store, user_id=user_id, pin=pin, now=now, terminal_id=terminal_id)
    if not can(approver.role, action):
        raise PermissionDenied(f"{approver.name} may not approve this.",
                               code="permission.approver", action=action.value)
    return approver


def cash_out_target(shift_id: int) -> str:
    """What a cash-out approval is for (services/approvals): the drawer of one shift."""
    return f"drawer:shift:{shift_id}"


def close_target(shift_id: int) -> str:
    """What a close-with-queued-payments approval is for."""
    return f"close:shift:{shift_id}"


def _movement(store: CashStore, *, terminal_id: str, user: User, kind: MovementKind,
              amount_fen: int, reason: str, approval: Approval | None, now: datetime
              ) -> CashMovement:
    with store.write() as tx:
        shift = _open_shift(tx, terminal_id)
        if _close(tx, shift.shift_id) is not None:
            raise ShiftError("The shift is being closed; no more drawer movements.",
                             code="shift.closing")
        approved_by = None
        if kind == MovementKind.CASH_OUT:  # the approval is used in the movement's transaction
            approved_by = approvals.consume(
                tx, approval, action=Action.CASH_OUT, initiator=user,
                target=cash_out_target(shift.shift_id), now=now,
                message="A supervisor must approve taking cash out of the drawer.").approver_id
        m = tx.cash.add_cash_movement(
            shift_id=shift.shift_id, terminal_id=terminal_id, kind=kind, amount_fen=amount_fen,
            reason=reason, created_by=user.user_id, approved_by=approved_by, created_at=now,
        )
        append_audit(tx, at=now, terminal_id=terminal_id, user_id=user.user_id,
                     action=f"drawer.cash_{kind.value}", target=f"shift:{shift.shift_id}",
                     detail={"amount_fen": amount_fen, "reason": reason,
                             "approved_by": approved_by, "movement_id": m.movement_id,
                             "approval_id": approval.approval_id if approved_by else None})
    return m


def cash_in(store: CashStore, *, terminal_id: str, user: User, amount_fen: int, reason: str,
            now: datetime) -> CashMovement:
    """Add cash to the drawer (more change) with a reason; audited."""
    require(user, Action.CASH_IN)
    return _movement(store, terminal_id=terminal_id, user=user, kind=MovementKind.CASH_IN,
                     amount_fen=_amount(amount_fen), reason=_reason(reason), approval=None,
                     now=now)


def cash_out(store: CashStore, *, terminal_id: str, user: User, amount_fen: int, reason: str,
             now: datetime, approver_id: str = "", approver_pin: str = "",
             approval: Approval | None = None,
             policy: approvals.ApprovalPolicy = approvals.STRICT) -> CashMovement:
    """Take cash out of the drawer: a supervisor other than `user` approves (dual control).

    Either pass `approval` (from approvals.approve for `cash_out_target(shift_id)`), or the
    approver's id and PIN typed on the dialog, which are checked by approvals.approve here.
    Without either: ApprovalRequired. The approval is consumed in the movement's transaction.
    """
    require(user, Action.CASH_IN)
    amount_fen, reason = _amount(amount_fen), _reason(reason)
    if approval is None and (approver_id or approver_pin):
        with store.read() as tx:
            shift = _open_shift(tx, terminal_id)
        approval = approvals.approve(
            store, action=Action.CASH_OUT, initiator=user, approver_id=approver_id,
            approver_pin=approver_pin, target=cash_out_target(shift.shift_id), reason=reason,
            now=now, terminal_id=terminal_id, policy=policy)
    return _movement(store, terminal_id=terminal_id, user=user, kind=MovementKind.CASH_OUT,
                     amount_fen=amount_fen, reason=reason, approval=approval, now=now)


def x_report(store: CashStore, *, shift_id: int, user: User, now: datetime) -> ShiftReport:
    """Totals so far; refused while a blind count is due (it would show the expected cash)."""
    require(user, Action.X_REPORT)
    with store.write() as tx:
        shift = _shift(tx, shift_id)
        close = _close(tx, shift_id)
        if close is not None and close.state == CloseState.COUNTING:
            raise ShiftError("The blind count is in progress: no X report until it is entered.",
                             code="shift.blind_count_pending")
        report = read_report(tx, shift, kind="X", now=now)
        append_audit(tx, at=now, terminal_id=shift.terminal_id, user_id=user.user_id,
                     action="report.x", target=f"shift:{shift_id}",
                     detail={"payment_total_fen": report.totals.payment_total_fen})
    return report


def begin_close(store: CashStore, *, terminal_id: str, user: User, now: datetime) -> BlindCount:
    """Start closing the terminal's open shift; returns nothing the count could be matched to."""
    require(user, Action.COUNT_CASH)
    with store.write() as tx:
        shift = _open_shift(tx, terminal_id)
        close = _close(tx, shift.shift_id)
        if close is None:
            close = CloseRecord(shift_id=shift.shift_id, state=CloseState.COUNTING,
                                begun_by=user.user_id, begun_at=now)
            tx.shifts.save_shift_close(close)
            append_audit(tx, at=now, terminal_id=terminal_id, user_id=user.user_id,
                         action="shift.close_begin", target=f"shift:{shift.shift_id}")
    return BlindCount(shift.shift_id, shift.terminal_id, shift.opened_by, shift.opened_at,
                      close.state)


def submit_blind_count(store: CashStore, *, shift_id: int, user: User, counted: DenominationCount,
                       bank_settlement_fen: int, now: datetime) -> CloseFigures:
    """Record the count by denomination and the POS settlement; only now the figures come back."""
    require(user, Action.COUNT_CASH)
    with store.write() as tx:
        shift = _shift(tx, shift_id)
        close = _close(tx, shift_id)
        if close is None or not shift.is_open:
            raise ShiftError("Begin the close before counting.", code="shift.close_not_begun")
        if close.state != CloseState.COUNTING:
            raise ShiftError("The count was already entered.", code="shift.already_counted")
        report = read_report(tx, shift, kind="X", now=now)
        figures = close_figures(report.totals, counted=counted,
                                bank_settlement_fen=bank_settlement_fen)
        tx.shifts.save_shift_close(replace(
            close, state=CloseState.COUNTED, counted=counted,
            bank_settlement_fen=bank_settlement_fen,
            expected_cash_fen=figures.cash.expected_fen, card_total_fen=figures.card.expected_fen,
            payment_count=report.totals.payment_count, counted_by=user.user_id, counted_at=now,
        ))
        append_audit(tx, at=now, terminal_id=shift.terminal_id, user_id=user.user_id,
                     action="shift.count", target=f"shift:{shift_id}",
                     detail={"counted": counted.as_dict(), "counted_fen": counted.total_fen,
                             "bank_settlement_fen": bank_settlement_fen,
                             "over_short_cash_fen": figures.cash.over_short_fen,
                             "over_short_card_fen": figures.card.over_short_fen})
    return figures


def _check_unchanged(report: ShiftReport, close: CloseRecord) -> None:
    if (report.totals.payment_count, report.totals.expected_cash_fen,
            report.totals.card.amount_fen) != (close.payment_count, close.expected_cash_fen,
                                               close.card_total_fen):
        raise ShiftError("Payments or drawer movements changed after the count; count again.",
                         code="shift.changed_after_count")


def supervisor_sign_off(store: CashStore, *, shift_id: int, supervisor_id: str, pin: str,
                        now: datetime, override_reason: str | None = None) -> CloseRecord:
    """A supervisor (not the counter) accepts the figures with their own PIN.

    Payments of the shift still in the outbox block the close; the supervisor may let it
    close anyway by giving a reason: then the same id and PIN approve CLOSE_WITH_QUEUED
    through services/approvals (asked by the one who counted), and that approval is used in
    the sign-off's own transaction; reason and approver are stored and audited.
    """
    with store.read() as tx:
        close = _close(tx, shift_id)
        shift = _shift(tx, shift_id)
        unsent_now = tx.cash.unsent_payment_count(shift_id)
        counter = tx.users.get_user(close.counted_by) if close and close.counted_by else None
    if close is None or close.state != CloseState.COUNTED:
        raise ShiftError("The blind count has not been entered.", code="shift.not_counted")
    reason = _reason(override_reason) if override_reason else None
    approval: Approval | None = None
    if unsent_now and reason is not None and counter is not None:
        # One credential check: approve() logs the supervisor in and checks the override
        # right; sign-off also needs CLOSE_SHIFT, checked on the same user below.
        approval = approvals.approve(
            store, action=Action.CLOSE_WITH_QUEUED, initiator=counter, approver_id=supervisor_id,
            approver_pin=pin, target=close_target(shift_id), reason=reason, now=now,
            terminal_id=shift.terminal_id)
        with store.read() as tx:
            supervisor = tx.users.get_user(approval.approver_id)
        if supervisor is None or not can(supervisor.role, Action.CLOSE_SHIFT):
            raise PermissionDenied("This approver may not sign a shift off.",
                                   code="permission.approver", action=Action.CLOSE_SHIFT.value)
    else:
        supervisor = _approver(store, user_id=supervisor_id, pin=pin, action=Action.CLOSE_SHIFT,
                               initiator_id=close.counted_by or "", now=now,
                               terminal_id=shift.terminal_id)
    with store.write() as tx:
        close = _close(tx, shift_id)
        if close is None or close.state != CloseState.COUNTED:
            raise ShiftError("The blind count has not been entered.", code="shift.not_counted")
        report = read_report(tx, shift, kind="X", now=now)
        _check_unchanged(report, close)
        unsent = report.unsent_payments
        if unsent and (reason is None or approval is None or counter is None):
            raise ShiftError(
                f"{unsent} payment(s) of this shift are not yet at the ledger. Wait for the "
                "sync, or record an override with a reason.",
                code="shift.payments_unsent", count=unsent)
        override_by = None
        if unsent:
            override_by = approvals.consume(
                tx, approval, action=Action.CLOSE_WITH_QUEUED, initiator=counter,
                target=close_target(shift_id), now=now,
                message="A supervisor must approve closing with queued payments.").approver_id
        close = replace(close, state=CloseState.SIGNED_OFF, signed_off_by=supervisor.user_id,
                        signed_off_at=now, override_reason=reason if unsent else None,
                        override_by=override_by, unsent_at_sign_off=unsent)
        tx.shifts.save_shift_close(close)
        append_audit(tx, at=now, terminal_id=shift.terminal_id, user_id=supervisor.user_id,
                     action="shift.sign_off", target=f"shift:{shift_id}",
                     detail={"unsent_payments": unsent, "override_reason": close.override_reason,
                             "approval_id": approval.approval_id if override_by else None})
    return close


def sign_off_and_close(store: CashStore, *, shift_id: int, supervisor_id: str, pin: str,
                       now: datetime, closer: User, hall_id: str,
                       override_reason: str | None = None) -> ShiftReport:
    """`supervisor_sign_off`, then `close_shift` by the supervisor who signed (the record
    carries both names); `closer` (who counted) closes it if that supervisor is not found."""
    close = supervisor_sign_off(store, shift_id=shift_id, supervisor_id=supervisor_id, pin=pin,
                                now=now, override_reason=override_reason)
    with store.read() as tx:
        supervisor = tx.users.get_user(close.signed_off_by)
    return close_shift(store, shift_id=shift_id, user=supervisor or closer, now=now,
                       hall_id=hall_id)


def close_shift(store: CashStore, *, shift_id: int, user: User, now: datetime,
                hall_id: str) -> ShiftReport:
    """Close a signed-off shift: Z figures fixed, shift closed, report queued for the ledger
    (its key names this counter's hall, terminal and shift)."""
    require(user, Action.CLOSE_SHIFT)
    with store.write() as tx:
        shift = _shift(tx, shift_id)
        close = _close(tx, shift_id)
        if close is None or close.state != CloseState.SIGNED_OFF:
            raise ShiftError("A supervisor must sign the count off first.",
                             code="shift.not_signed_off")
        report = read_report(tx, shift, kind="Z", now=now)
        _check_unchanged(report, close)
        if report.unsent_payments > close.unsent_at_sign_off or (
                report.unsent_payments and not close.override_reason):
            raise ShiftError("Payments of this shift are still queued for the ledger.",
                             code="shift.payments_unsent", count=report.unsent_payments)
        key = report_item_key(hall_id, shift.terminal_id, shift_id)
        close = replace(close, state=CloseState.CLOSED, closed_by=user.user_id, closed_at=now,
                        report_item_key=key)
        tx.shifts.save_shift_close(close)
        tx.shifts.mark_shift_closed(shift_id, closed_at=now)
        shift = replace(shift, status=ShiftStatus.CLOSED, closed_at=now)
        report = replace(report, shift=shift, close=close)
        payload = ledger_payload(report)
        if not tx.outbox.outbox_holds(SHIFT_REPORT, key):
            tx.outbox.add_outbox(
                kind=SHIFT_REPORT, item_key=key, account_no=None,
                payload_json=json.dumps(payload, ensure_ascii=False, sort_keys=True),
                created_at=now)
        append_audit(tx, at=now, terminal_id=shift.terminal_id, user_id=user.user_id,
                     action="shift.close", target=f"shift:{shift_id}",
                     detail={"payment_total_fen": report.totals.payment_total_fen,
                             "over_short_fen": payload["over_short_fen"], "item_key": key})
    return report


def z_report(store: CashStore, *, shift_id: int, user: User, now: datetime) -> ShiftReport:
    """The Z report of a closed shift (for the PDF, the slip, a copy)."""
    require(user, Action.Z_REPORT)
    with store.read() as tx:
        shift = _shift(tx, shift_id)
        close = _close(tx, shift_id)
        if shift.is_open or close is None or close.state != CloseState.CLOSED:
            raise ShiftError(f"Shift {shift_id} is not closed; print an X report instead.",
                             code="shift.not_closed")
        return read_report(tx, shift, kind="Z", now=now)


def report_sent(store: CashStore, *, shift_id: int) -> bool | None:
    """True once the ledger acknowledged the shift report (the outbox let it go); None: not closed."""
    with store.read() as tx:
        close = _close(tx, shift_id)
        if close is None or close.report_item_key is None:
            return None
        return not tx.outbox.outbox_holds(SHIFT_REPORT, close.report_item_key)


def shift_report(store: CashStore, *, shift_id: int, now: datetime) -> ShiftReport:
    """For the command line and the reports folder: the Z report of a closed shift, else the
    X report (refused while its blind count is due)."""
    with store.read() as tx:
        shift = _shift(tx, shift_id)
        close = _close(tx, shift_id)
        if close is not None and close.state == CloseState.COUNTING:
            raise ShiftError("The blind count is in progress: no report until it is entered.",
                             code="shift.blind_count_pending")
        closed = close is not None and close.state == CloseState.CLOSED
        return read_report(tx, shift, kind="Z" if closed else "X", now=now)


def list_shifts(store: CashStore, *, terminal_id: str, day: date) -> list[tuple[Shift, CloseRecord | None]]:
    """The terminal's shifts opened on `day`, each with its close record (None: not closing)."""
    with store.read() as tx:
        return [(s, tx.shifts.get_shift_close(s.shift_id)) for s in tx.shifts.shifts_opened_on(day, terminal_id)]


def movement_slip(movement: CashMovement, *, terminal_id: str) -> Slip:
    """A drawer movement's slip (to sign and keep with the cash) for the receipt printer."""
    out = movement.kind == MovementKind.CASH_OUT
    lines = [
        SlipLine("终端 / 班次", f"{terminal_id} / {movement.shift_id}"),
        SlipLine("单号", str(movement.movement_id)),
        SlipLine("时间", f"{movement.created_at:%Y-%m-%d %H:%M}"),
        SlipLine("金额", format_fen(movement.amount_fen), bold=True),
        SlipLine("原因", movement.reason),
        SlipLine("经办", movement.created_by),
    ]
    if movement.approved_by:
        lines.append(SlipLine("审批", movement.approved_by))
    lines += [SlipLine(""), SlipLine("签字：")]
    return Slip("取出现金（中途解款）" if out else "存入现金（备用金补充）", tuple(lines))
