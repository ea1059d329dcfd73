"""Shared set-up for approval, void and refund tests: the cash fixtures plus admin and technician."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from counter_app.adapters.printer.render import render
from counter_app.services import approvals, voids
from hall_domain.receipts import ReceiptContext
from hall_domain.security import Action, Role, User
from tests.helpers.cash_fixtures import PIN, SUP_PIN, TERMINAL, _hash

CTX = ReceiptContext(hall_name="城东供电营业厅", hall_address="城东区人民路100号",
                     cashier_name="收费员甲")
PRINTER = "file:///dev/null"
LATE = datetime(2026, 5, 10, 9, 0)  # the 2026-03 bills (due 2026-04-15) are 25 days late


def add_staff(c) -> tuple[User, User]:
    admin = User("9001", "管理员", Role.ADMIN, _hash(PIN))
    tech = User("8001", "运维", Role.TECHNICIAN, _hash(PIN))
    with c.store.write() as tx:
        tx.users.insert_user(admin)
        tx.users.insert_user(tech)
    return admin, tech


def approve(c, action: Action, target: str, *, initiator=None, approver_id: str = "2001",
            pin: str = SUP_PIN, at: datetime | None = None):
    return approvals.approve(c.store, action=action, initiator=initiator or c.cashier,
                             approver_id=approver_id, approver_pin=pin, target=target,
                             reason="test", now=at or LATE, terminal_id=TERMINAL)


def snapshot(store, account_no: str) -> tuple[list[tuple], int]:
    """All bill rows and the credit of an account, read through a separate connection."""
    con = sqlite3.connect(store.path)
    try:
        bills = con.execute("SELECT * FROM bills WHERE account_no = ? ORDER BY id",
                            (account_no,)).fetchall()
        credit = con.execute("SELECT credit_fen FROM customers WHERE account_no = ?",
                             (account_no,)).fetchone()[0]
        return bills, credit
    finally:
        con.close()


def job_bytes(c, job_id: int) -> bytes:
    with c.store.read() as tx:
        job = tx.print_jobs.get_print_job(job_id)
    return render(job.receipt, width_mm=80, encoding="gb18030").data


def close_shift_raw(c, shift_id: int, at: datetime) -> None:
    """End a shift the short way (the cash-control close is tested elsewhere)."""
    with c.store.write() as tx:
        tx.raw.execute("UPDATE shifts SET status = 'closed', closed_at = ? WHERE id = ?",
                       (at.isoformat(), shift_id))


def later(minutes: int) -> datetime:
    return LATE + timedelta(minutes=minutes)


def do_void(c, payment, *, at=None, user=None, reason="收错户号"):
    user = user or c.cashier
    ok = approve(c, Action.VOID_PAYMENT, voids.void_target(payment.payment_uuid), initiator=user,
                 at=at)
    return voids.void_payment(c.store, terminal_id=TERMINAL, user=user,
                              payment_uuid=payment.payment_uuid, reason=reason, approval=ok,
                              now=at or later(5), receipt_ctx=CTX, printer_uri=PRINTER)


__all__ = ["CTX", "LATE", "PIN", "PRINTER", "SUP_PIN", "TERMINAL"]
