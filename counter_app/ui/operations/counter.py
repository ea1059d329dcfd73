"""Look-up and payment operations of the counter page (see operations/__init__.py).

The work itself is the page's worker-side code (`counter_page.run_lookup`,
`counter_page.commit_payment`, imported when the operation runs: the page imports this
module), or a service call.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QObject

from counter_app.services import contacts, payments
from hall_domain.accounts import Customer
from hall_domain.allocation import Quote
from hall_domain.security import User

from ..worker import Op


def search(parent: QObject, ctx, query: str, *, on: date) -> Op:
    """Customers matching `query` with what each owes on `on` (a counter_page.LookupResult)."""
    from ..counter_page import run_lookup

    return Op(parent, lambda: run_lookup(ctx.store, query, on=on, rules=ctx.rules,
                                         account_length=ctx.account_length))


def open_account(parent: QObject, ctx, account_no: str, *, on: date) -> Op[Quote]:
    """The quote (bills, late fees, total due on `on`) of one account."""
    return Op(parent, lambda: payments.quote_account(ctx.store, account_no, on=on,
                                                     rules=ctx.rules))


def commit_payment(parent: QObject, ctx, *, user: User, account_no: str, draft, now: datetime,
                   offline_approval=None) -> Op[tuple]:
    """The payment and its receipt's print job: (payment, job id, receipt)."""
    from ..counter_page import commit_payment as work

    return Op(parent, lambda: work(ctx, user=user, account_no=account_no, draft=draft, now=now,
                                   offline_approval=offline_approval))


def save_phone(parent: QObject, ctx, *, user: User, account_no: str, phone: str,
               now: datetime) -> Op[Customer]:
    return Op(parent, lambda: contacts.update_phone(ctx.store, terminal_id=ctx.terminal_id,
                                                    user=user, account_no=account_no,
                                                    phone=phone, now=now))
