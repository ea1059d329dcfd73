"""Voids (same shift: bills and credit restored, receipt number kept as void) and, after the
shift, refunds of prepaid credit as their own transaction with their own receipt number."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from hall_domain.errors import PaymentError
from hall_domain.inputs import check_free_text
from hall_domain.money import format_fen
from hall_domain.payments import Payment, format_receipt_no
from hall_domain.receipts import (
    Align,
    Field,
    Receipt,
    ReceiptContext,
    ReceiptKind,
    Rule,
    Size,
    Text,
    payment_receipt,
    settled_bills,
)
from hall_domain.security import Action, User, require
from hall_domain.shifts import ensure_open

from .approvals import Approval, consume
from .audit_service import append_audit
from .ports import CounterStore, CounterTx
from .print_jobs import JobKind, queue_receipt

VOID = "void"  # outbox item kind (POST /v1/items/void)
REFUND = "refund"  # outbox item kind (POST /v1/items/refund)


class VoidError(PaymentError):
    code = "void"


@dataclass(frozen=True, slots=True)
class VoidResult:
    void_id: str  # the outbox item key: every resend to the ledger uses it
    payment: Payment
    approved_by: str
    print_job_id: int


@dataclass(frozen=True, slots=True)
class RefundResult:
    refund_uuid: str
    payment_uuid: str
    account_no: str
    amount_fen: int
    receipt_number: int
    receipt_no: str
    approved_by: str
    print_job_id: int


def _reason(text: str) -> str:
    text = (text or "").strip()
    if not text or len(text) > 200:
        raise VoidError("Give a reason (1–200 characters).", code="void.reason")
    check_free_text(text, "reason")
    return text


def _payment(tx: CounterTx, payment_uuid: str) -> tuple[Payment, str, str]:
    status = tx.approvals.payment_status(payment_uuid)
    payment = tx.payments.get_payment(payment_uuid) if status else None
    if payment is None:
        raise VoidError(f"There is no payment {payment_uuid}.", code="void.unknown_payment")
    return payment, status[0], status[1]


def void_target(payment_uuid: str) -> str:
    return f"payment:{payment_uuid}"


def void_payment(store: CounterStore, *, terminal_id: str, user: User, payment_uuid: str,
                 reason: str, approval: Approval | None, now: datetime,
                 receipt_ctx: ReceiptContext, printer_uri: str) -> VoidResult:
    """Void a payment of the open shift on this counter, in ONE write transaction.

    Raises ApprovalRequired (approvals.py) when `approval` is missing; check everything else
    first so nobody is asked to approve a void that cannot happen.
    """
    require(user, Action.TAKE_PAYMENT)
    reason = _reason(reason)
    target = void_target(payment_uuid)
    with store.write() as tx:
        rec = tx.approvals
        payment, status, _ = _payment(tx, payment_uuid)
        if status == "void":
            raise VoidError(f"Receipt {payment.receipt_no} is already void.", code="void.already_void")
        shift = tx.shifts.open_shift_for(terminal_id)
        if payment.terminal_id != terminal_id or shift is None or shift.shift_id != payment.shift_id:
            raise VoidError(
                f"Receipt {payment.receipt_no} belongs to a closed shift or another counter; "
                "only its prepaid credit can be refunded now.", code="void.other_shift")
        later = rec.later_payments_on_bills(payment_uuid)
        if later:
            raise VoidError("A later payment went to the same bills; void that one first.",
                            code="void.later_payment", later=later)
        before = rec.before_images(payment_uuid)
        if any(a.bill_id not in before for a in payment.allocations):
            raise VoidError("This payment was taken before voids were possible here.",
                            code="void.no_before_image")
        customer = tx.customers.get_customer(payment.account_no)
        if payment.credit_fen and (customer is None or customer.credit_fen < payment.credit_fen):
            raise VoidError("The prepaid credit of this payment was already used.",
                            code="void.credit_spent")
        ok = consume(tx, approval, action=Action.VOID_PAYMENT, initiator=user, target=target,
                     now=now, message=f"A supervisor must approve voiding {payment.receipt_no}.")
        bills_now = rec.bills_by_id([a.bill_id for a in payment.allocations])
        for a in payment.allocations:
            tx.bills.update_bill(before[a.bill_id])
        if payment.credit_fen:
            tx.customers.add_customer_credit(payment.account_no, -payment.credit_fen, now=now)
        rec.set_payment_void(payment_uuid)
        void_id = str(uuid.uuid4())
        rec.insert_void(void_id=void_id, payment_uuid=payment_uuid, approval_id=ok.approval_id,
                        voided_by=user.user_id, approved_by=ok.approver_id, reason=reason,
                        voided_at=now)
        tx.outbox.add_outbox(kind=VOID, item_key=void_id, account_no=payment.account_no,
                             payload_json=json.dumps(void_payload(payment, user=user, approval=ok,
                                                                  reason=reason, now=now),
                                                     ensure_ascii=False, sort_keys=True),
                             created_at=now)
        receipt = payment_receipt(payment, customer, settled_bills(payment.allocations, bills_now),
                                  receipt_ctx, voided=True, void_reason=reason)
        job_id = queue_receipt(tx.print_jobs, receipt, printer_uri=printer_uri, now=now,
                               kind=JobKind.VOID)
        append_audit(tx, at=now, terminal_id=terminal_id, user_id=user.user_id,
                     action="payment.void", target=target,
                     detail={"receipt_no": payment.receipt_no, "amount_fen": payment.amount_fen,
                             "approved_by": ok.approver_id, "reason": reason, "void_id": void_id})
    return VoidResult(void_id, payment, ok.approver_id, job_id)


def void_payload(payment: Payment, *, user: User, approval: Approval, reason: str,
                 now: datetime) -> dict:
    """The ledger's `void` item (docs/ledger-api.md); no other fields, the ledger refuses them.

    It carries the supervisor's approval (the counter's approval record) so that the ledger
    can tell an approved void from a bare one: another terminal of the hall may void a
    payment only with it (docs/security.md, "Who may void what")."""
    return {"payment_uuid": payment.payment_uuid, "terminal_id": payment.terminal_id,
            "account_no": payment.account_no, "receipt_number": payment.receipt_number,
            "shift_id": payment.shift_id, "cashier_id": user.user_id,
            "approved_by": approval.approver_id, "reason": reason,
            "voided_at": now.isoformat(), "business_date": now.date().isoformat(),
            "approval": {"approval_id": approval.approval_id,
                         "approver_id": approval.approver_id,
                         "approved_at": approval.approved_at.isoformat()}}


def refundable_fen(store: CounterStore, payment_uuid: str) -> int:
    """What of a payment's prepaid credit can still be refunded (0 for a void payment)."""
    with store.read() as tx:
        payment, status, _ = _payment(tx, payment_uuid)
        return _refundable(tx, payment) if status == "ok" else 0


def _refundable(tx: CounterTx, payment: Payment) -> int:
    customer = tx.customers.get_customer(payment.account_no)
    left = payment.credit_fen - tx.approvals.refunded_fen(payment.payment_uuid)
    return max(0, min(left, customer.credit_fen if customer else 0))


def refund_credit(store: CounterStore, *, terminal_id: str, user: User, payment_uuid: str,
                  amount_fen: int, reason: str, approval: Approval | None, now: datetime,
                  receipt_ctx: ReceiptContext, printer_uri: str) -> RefundResult:
    """Pay back prepaid credit of a payment from a closed shift: its own receipt number."""
    require(user, Action.TAKE_PAYMENT)
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or amount_fen <= 0:
        raise VoidError("The refund must be more than zero.", code="refund.amount")
    reason = _reason(reason)
    target = f"refund:{payment_uuid}"
    with store.write() as tx:
        payment, status, shift_status = _payment(tx, payment_uuid)
        if status != "ok":
            raise VoidError(f"Receipt {payment.receipt_no} is void.", code="refund.void_payment")
        if shift_status == "open":
            raise VoidError("The payment's shift is still open: void the payment instead.",
                            code="refund.use_void")
        shift = ensure_open(tx.shifts.open_shift_for(terminal_id), terminal_id)
        left = _refundable(tx, payment)
        if amount_fen > left:
            raise VoidError(f"At most {format_fen(left)} of prepaid credit can be refunded.",
                            code="refund.over_credit", refundable_fen=left)
        ok = consume(tx, approval, action=Action.REFUND_CREDIT, initiator=user, target=target,
                     now=now, message="A supervisor must approve refunding prepaid credit.")
        number = tx.payments.next_receipt_number(terminal_id)
        tx.customers.add_customer_credit(payment.account_no, -amount_fen, now=now)
        refund_uuid = str(uuid.uuid4())
        rec = tx.approvals
        rec.insert_refund(refund_uuid=refund_uuid, payment_uuid=payment_uuid,
                          account_no=payment.account_no, amount_fen=amount_fen,
                          terminal_id=terminal_id, shift_id=shift.shift_id, receipt_number=number,
                          approval_id=ok.approval_id, refunded_by=user.user_id,
                          approved_by=ok.approver_id, reason=reason, refunded_at=now)
        tx.outbox.add_outbox(kind=REFUND, item_key=refund_uuid, account_no=payment.account_no,
                             payload_json=json.dumps(
                                 refund_payload(refund_uuid=refund_uuid, payment=payment,
                                                terminal_id=terminal_id, amount_fen=amount_fen,
                                                receipt_number=number, shift_id=shift.shift_id,
                                                user=user, approval=ok, reason=reason, now=now),
                                 ensure_ascii=False, sort_keys=True),
                             created_at=now)
        receipt_no = format_receipt_no(terminal_id, number)
        receipt = refund_receipt(receipt_no=receipt_no, payment=payment, amount_fen=amount_fen,
                                 reason=reason, approved_by=ok.approver_id, now=now, ctx=receipt_ctx)
        job_id = queue_receipt(tx.print_jobs, receipt, printer_uri=printer_uri, now=now,
                               kind=JobKind.RECEIPT)
        append_audit(tx, at=now, terminal_id=terminal_id, user_id=user.user_id,
                     action="credit.refund", target=target,
                     detail={"receipt_no": receipt_no, "amount_fen": amount_fen,
                             "account_no": payment.account_no, "approved_by": ok.approver_id,
                             "reason": reason, "refund_uuid": refund_uuid})
    return RefundResult(refund_uuid, payment_uuid, payment.account_no, amount_fen, number,
                        receipt_no, ok.approver_id, job_id)


def refund_payload(*, refund_uuid: str, payment: Payment, terminal_id: str, amount_fen: int,
                   receipt_number: int, shift_id: int, user: User, approval: Approval,
                   reason: str, now: datetime) -> dict:
    """The ledger's `refund` item (docs/ledger-api.md); no other fields, the ledger refuses them."""
    return {"refund_id": refund_uuid, "payment_uuid": payment.payment_uuid,
            "terminal_id": terminal_id, "account_no": payment.account_no,
            "amount_fen": amount_fen, "receipt_number": receipt_number, "shift_id": shift_id,
            "cashier_id": user.user_id, "approved_by": approval.approver_id, "reason": reason,
            "refunded_at": now.isoformat(), "business_date": now.date().isoformat()}


def refund_receipt(*, receipt_no: str, payment: Payment, amount_fen: int, reason: str,
                   approved_by: str, now: datetime, ctx: ReceiptContext) -> Receipt:
    blocks = (
        Text(ctx.hall_name, Align.CENTER, Size.TALL, bold=True),
        Text(ctx.hall_address, Align.CENTER),
        Text("预存电费退款凭证", Align.CENTER, Size.LARGE, bold=True),
        Text("REFUND", Align.CENTER, bold=True),
        Rule(),
        Field("收据号", receipt_no),
        Field("原收据号", payment.receipt_no),
        Field("户号", payment.account_no),
        Field("收费员", ctx.cashier_name),
        Field("审批人", approved_by),
        Field("退款时间", now.strftime("%Y-%m-%d %H:%M:%S")),
        Rule(),
        Field("退款金额", format_fen(amount_fen), bold=True),
        Text(f"退款原因：{reason}", indent=10),
        Rule(),
        Text("客户签字：", indent=10),
        Text(receipt_no, Align.CENTER),
    )
    return Receipt(kind=ReceiptKind.RECEIPT, blocks=blocks, receipt_no=receipt_no)
