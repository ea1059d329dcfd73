"""Late-fee waiver (电费违约金减免): a supervisor approves it for one bill; audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from hall_domain.errors import AccountError
from hall_domain.inputs import check_free_text
from hall_domain.late_fees import LateFeeRuleSet
from hall_domain.security import Action, User, require

from .approvals import Approval, consume
from .audit_service import append_audit
from .payments import quote_account
from .ports import CounterStore


def waiver_target(account_no: str, bill_id: int) -> str:
    return f"bill:{account_no}:{bill_id}"


def waive_late_fee(store: CounterStore, *, terminal_id: str, user: User, account_no: str,
                   bill_id: int, reason: str, approval: Approval | None, now: datetime,
                   rules: LateFeeRuleSet) -> int:
    """Waive the late fee of one open bill (assessed-unpaid and still accruing); the fen waived."""
    require(user, Action.TAKE_PAYMENT)
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise AccountError("Give a reason (1–200 characters).", code="waiver.reason")
    check_free_text(reason, "reason")
    q = quote_account(store, account_no, on=now.date(), rules=rules)
    fee = {line.bill.bill_id: line.late_fee_fen for line in q.lines}.get(bill_id)
    target = waiver_target(account_no, bill_id)
    with store.write() as tx:
        bill = next((b for b in tx.bills.open_bills(account_no) if b.bill_id == bill_id), None)
        if bill is None or fee is None:
            raise AccountError(f"Account {account_no} has no open bill {bill_id}.",
                               code="waiver.no_bill")
        if bill.late_fee_waived and bill.late_fee_assessed_fen == bill.late_fee_paid_fen:
            raise AccountError("This bill's late fee is already waived.", code="waiver.already")
        ok = consume(tx, approval, action=Action.WAIVE_LATE_FEE, initiator=user, target=target,
                     now=now, message="A supervisor must approve waiving the late fee.")
        tx.bills.update_bill(replace(bill, late_fee_waived=True,
                                     late_fee_assessed_fen=bill.late_fee_paid_fen))
        append_audit(tx, at=now, terminal_id=terminal_id, user_id=user.user_id,
                     action="late_fee.waive", target=target,
                     detail={"period": bill.period, "waived_fen": fee,
                             "approved_by": ok.approver_id, "reason": reason})
    return fee
