"""Keeping customers' mobile numbers fresh: validated, audited, queued for the ledger."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import datetime

from hall_domain.accounts import Customer, is_valid_mobile, normalize_phone
from hall_domain.errors import AccountError
from hall_domain.security import Action, User, require

from .audit_service import append_audit
from .ports import CounterStore

CONTACT_CHANGE = "contact_change"


def update_phone(
    store: CounterStore,
    *,
    terminal_id: str,
    user: User,
    account_no: str,
    phone: str,
    now: datetime,
    verify: bool = False,
) -> Customer:
    """Set the customer's mobile number; an unchanged number writes nothing, unless `verify`:
    the cashier checked the number with the customer (the counter asked, #14), and the same
    number confirmed is sent to the ledger as a contact change all the same (a verification).
    A number taken or confirmed here is verified today."""
    require(user, Action.UPDATE_CONTACT)
    if not is_valid_mobile(phone):
        raise AccountError(
            f"Not a mainland mobile number (11 digits starting 13–19): {phone!r}.",
            code="contact.invalid_phone",
            phone=phone,
        )
    new = normalize_phone(phone)
    account_no = (account_no or "").strip()
    with store.write() as tx:
        customer = tx.customers.get_customer(account_no)
        if customer is None:
            raise AccountError(
                f"No customer with account number {account_no}.",
                code="account.not_found",
                account_no=account_no,
            )
        if customer.phone == new and not verify:
            return customer
        tx.customers.set_customer_phone(account_no, new, now=now, verified_on=now.date())
        change_id = str(uuid.uuid4())
        payload = {
            "change_id": change_id,
            "account_no": account_no,
            "field": "phone",
            "old": customer.phone,
            "new": new,
            "changed_at": now.isoformat(),
            "terminal_id": terminal_id,
            "user_id": user.user_id,
        }
        tx.outbox.add_outbox(
            kind=CONTACT_CHANGE, item_key=change_id, account_no=account_no,
            payload_json=json.dumps(payload, ensure_ascii=False, sort_keys=True), created_at=now,
        )
        append_audit(
            tx, at=now, terminal_id=terminal_id, user_id=user.user_id,
            action="contact.update_phone" if customer.phone != new else "contact.verify_phone",
            target=f"account:{account_no}",
            detail={"old": customer.phone, "new": new, "change_id": change_id},
        )
    return replace(customer, phone=new, phone_verified_on=now.date(), phone_status="ok")
