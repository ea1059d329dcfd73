"""Opening the cash drawer: for cash tenders only, every opening audited, no-sale needs a supervisor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from hall_domain.errors import PermissionDenied
from hall_domain.inputs import check_free_text
from hall_domain.payments import Payment
from hall_domain.security import Role, User
from hall_domain.tenders import TenderKind

from .audit_service import append_audit
from .ports import CounterStore


class Drawer(Protocol):
    """The printer the drawer hangs on (adapters.printer.Printer fits)."""

    def pulse_drawer(self, pin: int) -> object: ...


@dataclass(frozen=True, slots=True)
class DrawerOutcome:
    opened: bool
    reason: str = ""  # why not: "no cash tender", or the printer's error


def _pulse(store: CounterStore, drawer: Drawer, *, pin: int, terminal_id: str, user_id: str,
           action: str, target: str, now: datetime, detail: dict) -> DrawerOutcome:
    try:
        drawer.pulse_drawer(pin)
        outcome = DrawerOutcome(True)
    except Exception as exc:  # noqa: BLE001 - any printer failure: audit it, never raise into the sale
        outcome = DrawerOutcome(False, str(exc))
    with store.write() as tx:
        append_audit(
            tx, at=now, terminal_id=terminal_id, user_id=user_id, action=action, target=target,
            outcome="ok" if outcome.opened else "failed",
            detail={**detail, "pin": pin, **({"error": outcome.reason} if not outcome.opened else {})},
        )
    return outcome


def open_for_payment(store: CounterStore, drawer: Drawer, payment: Payment, *, pin: int,
                     now: datetime) -> DrawerOutcome:
    """Kick the drawer after a committed payment that has a cash part; card-only: no kick."""
    cash = [t for t in payment.tenders if t.kind == TenderKind.CASH]
    if not cash:
        return DrawerOutcome(False, "no cash tender")
    return _pulse(
        store, drawer, pin=pin, terminal_id=payment.terminal_id, user_id=payment.cashier_id,
        action="drawer.open", target=f"payment:{payment.payment_uuid}", now=now,
        detail={"receipt_no": payment.receipt_no, "cash_fen": sum(t.amount_fen for t in cash)},
    )


def open_without_sale(store: CounterStore, drawer: Drawer, *, pin: int, terminal_id: str,
                      cashier: User, supervisor: User | None, reason: str,
                      now: datetime) -> DrawerOutcome:
    """Open the drawer with no sale (change for a customer, a jammed note): a supervisor, whose
    PIN the caller has checked, approves it; the reason goes into the audit log."""
    if supervisor is None or not supervisor.active or supervisor.role != Role.SUPERVISOR:
        raise PermissionDenied(
            "Opening the cash drawer without a sale needs a supervisor's approval.",
            code="permission.drawer_no_sale",
        )
    reason = (reason or "").strip()
    if not reason:
        raise PermissionDenied("Give a reason for opening the drawer without a sale.",
                               code="permission.drawer_reason")
    check_free_text(reason, "reason")
    return _pulse(
        store, drawer, pin=pin, terminal_id=terminal_id, user_id=cashier.user_id,
        action="drawer.open_no_sale", target=f"terminal:{terminal_id}", now=now,
        detail={"approved_by": supervisor.user_id, "reason": reason},
    )
