"""The counter's payment as the window takes it: offline limits for cards, the payment and its
receipt's print job, and a supervisor's offline approval used up in the SAME transaction.

Past the offline limits (`limits`, None when no ledger is connected) a card payment needs a
supervisor's approval for Action.EXCEED_OFFLINE_LIMIT on `offline_target(terminal_id)`;
`take_counter_payment(..., offline_approval=...)` uses it up inside the payment's own write
transaction, so a payment that fails leaves the approval unused for the next try.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from hall_domain.late_fees import LateFeeRuleSet
from hall_domain.money import DEFAULT_MAX_FEN
from hall_domain.payments import Payment
from hall_domain.receipts import Receipt, ReceiptContext
from hall_domain.security import Action, User
from hall_domain.tenders import ChangeRounding, Tender, TenderKind

from . import payments
from .approvals import Approval
from .offline_limits import check_offline_limits
from .ports import CounterStore, OfflineLimits
from .sync import SyncStore

OFFLINE_APPROVAL_NEEDED = ("A supervisor must approve card payments while the ledger has "
                           "been offline too long.")


def offline_target(terminal_id: str) -> str:
    """What an offline-card approval is for: this terminal's card payments."""
    return f"offline_card:{terminal_id}"


@dataclass(frozen=True, slots=True)
class CounterPayment:
    payment: Payment
    job_id: int  # the receipt's print job, stored with the payment
    receipt: Receipt  # as stored in the job


def take_counter_payment(
    store: CounterStore,
    *,
    sync_store: SyncStore,
    limits: OfflineLimits | None,
    terminal_id: str,
    user: User,
    account_no: str,
    amount_fen: int,
    tenders: Sequence[Tender],
    now: datetime,
    rules: LateFeeRuleSet,
    receipt_context: ReceiptContext,
    printer_uri: str = "",
    max_fen: int = DEFAULT_MAX_FEN,
    change_rounding: ChangeRounding = ChangeRounding.NONE,
    offline_approval: Approval | None = None,
) -> CounterPayment:
    """The payment with its receipt's print job; call it off the GUI thread.

    A card tender past the offline limits raises PaymentError('payment.offline_card_refused')
    unless `offline_approval` is given, which is then consumed in the payment's transaction.
    """
    approval_for = None
    if limits is not None and any(t.kind == TenderKind.CARD for t in tenders):
        if offline_approval is None:  # offline too long: cards stop
            check_offline_limits(sync_store, now=now, max_hours=limits.max_hours,
                                 max_queued=limits.max_queued, card=True,
                                 terminal_id=terminal_id, user_id=user.user_id)
        else:
            approval_for = (Action.EXCEED_OFFLINE_LIMIT, offline_target(terminal_id),
                            OFFLINE_APPROVAL_NEEDED)
    spec = payments.ReceiptJobSpec(receipt_context, printer_uri=printer_uri)
    payment, job_id = payments.take_payment_with_receipt(
        store, receipt_job=spec, terminal_id=terminal_id, user=user, account_no=account_no,
        amount_fen=amount_fen, tenders=list(tenders), now=now, rules=rules, max_fen=max_fen,
        change_rounding=change_rounding, approval=offline_approval, approval_for=approval_for)
    with store.read() as tx:
        receipt = tx.print_jobs.get_print_job(job_id).receipt
    return CounterPayment(payment, job_id, receipt)
