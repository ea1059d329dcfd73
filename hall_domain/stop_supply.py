"""The legal gates of a stop-supply request for arrears (中止供电), as pure rules.

The program never switches anything: it manages the request, and a request may be raised
only when every gate of its phase holds. Each gate is answered with whether it holds, what
was found, and its legal basis (text from data, never from here: the 2024 revision of
供电营业规则 renumbered the articles, so the caller passes the basis strings in).

Phases:
- ``request``: more than 30 days overdue; a reminder delivered (经催交); a written stop-supply
  notice (停电通知书) delivered within the notice window before the planned date.
- ``approve``: the same, and a second person approves (approver ≠ requester).
- ``stop``: all of the above, the regulator notified for important users, the customer told
  again at least 30 minutes before the planned time, and the planned time reached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from .collections import CustomerClass

OVERDUE_MIN_DAYS = 30  # "more than 30 days": 31 days overdue is the first that passes
GATES = ("overdue", "reminder_delivered", "notice_window", "four_eyes", "regulator_notified",
         "renotice")
PHASE_GATES = {
    "request": ("overdue", "reminder_delivered", "notice_window"),
    "approve": ("overdue", "reminder_delivered", "notice_window", "four_eyes"),
    "stop": GATES,
}


@dataclass(frozen=True, slots=True)
class NoticeWindow:
    """The stop-supply notice reaches the customer min..max days before the planned date."""

    min_days: int = 3
    max_days: int = 7

    def __post_init__(self) -> None:
        if not (0 <= self.min_days <= self.max_days <= 60):
            raise ValueError(f"notice window {self.min_days}-{self.max_days} days is not valid")

    def holds(self, delivered_on: date, planned_on: date) -> bool:
        return self.min_days <= (planned_on - delivered_on).days <= self.max_days


@dataclass(frozen=True, slots=True)
class StopFacts:
    """What the ledger found about one request (or a would-be request)."""

    customer_class: CustomerClass
    overdue_days: int | None  # of the oldest unpaid bill; None: nothing unpaid
    planned_at: datetime
    reminder: str | None = None  # how the reminder was delivered ("notice H1-CF-…", "sms"), None
    notice_no: str | None = None  # the best stop-warning notice found
    notice_delivered_on: date | None = None
    requested_by: str | None = None
    approved_by: str | None = None
    regulator_notified_at: datetime | None = None
    renotified_at: datetime | None = None
    now: datetime | None = None


@dataclass(frozen=True, slots=True)
class Gate:
    gate: str
    ok: bool
    detail: str
    basis: str

    def as_dict(self) -> dict:
        return asdict(self)


def evaluate(facts: StopFacts, window: NoticeWindow, basis: Mapping[str, str],
             *, renotice_minutes: int = 30) -> list[Gate]:
    """Every gate with its answer (in GATES order)."""
    b = {g: basis.get(g, "") for g in GATES}
    out: list[Gate] = []
    if facts.overdue_days is None:
        out.append(Gate("overdue", False, "no unpaid bill", b["overdue"]))
    else:
        out.append(Gate("overdue", facts.overdue_days > OVERDUE_MIN_DAYS,
                        f"{facts.overdue_days} days overdue (more than {OVERDUE_MIN_DAYS} "
                        "needed)", b["overdue"]))
    out.append(Gate("reminder_delivered", facts.reminder is not None,
                    f"reminder delivered: {facts.reminder}" if facts.reminder else
                    "no reminder delivered since the oldest unpaid bill fell due",
                    b["reminder_delivered"]))
    planned_on = facts.planned_at.date()
    if facts.notice_delivered_on is None:
        out.append(Gate("notice_window", False,
                        "no stop-supply notice delivered", b["notice_window"]))
    else:
        days = (planned_on - facts.notice_delivered_on).days
        out.append(Gate(
            "notice_window", window.holds(facts.notice_delivered_on, planned_on),
            f"notice {facts.notice_no} delivered {facts.notice_delivered_on.isoformat()}, "
            f"{days} days before {planned_on.isoformat()} (window {window.min_days}-"
            f"{window.max_days} days)", b["notice_window"]))
    if facts.approved_by is None:
        out.append(Gate("four_eyes", False, "not approved yet", b["four_eyes"]))
    elif facts.approved_by == facts.requested_by:
        out.append(Gate("four_eyes", False, "approver is the requester", b["four_eyes"]))
    else:
        out.append(Gate("four_eyes", True, f"requested by {facts.requested_by}, approved by "
                        f"{facts.approved_by}", b["four_eyes"]))
    if facts.customer_class != CustomerClass.IMPORTANT:
        out.append(Gate("regulator_notified", True, "not an important user",
                        b["regulator_notified"]))
    else:
        at = facts.regulator_notified_at
        out.append(Gate("regulator_notified", at is not None,
                        f"regulator notified {at.isoformat(timespec='minutes')}" if at else
                        "important user: the regulator has not been notified",
                        b["regulator_notified"]))
    latest = facts.planned_at - timedelta(minutes=renotice_minutes)
    r = facts.renotified_at
    if r is None:
        detail, ok = f"customer to be told again by {latest.isoformat(timespec='minutes')}", False
    else:
        ok = r <= latest
        detail = (f"customer told again {r.isoformat(timespec='minutes')}"
                  + ("" if ok else f", later than {latest.isoformat(timespec='minutes')}"))
    if ok and facts.now is not None and facts.now < facts.planned_at:
        planned = facts.planned_at.isoformat(timespec="minutes")
        ok, detail = False, detail + f"; planned time {planned} not reached"
    out.append(Gate("renotice", ok, detail, b["renotice"]))
    return out


def failing(gates: list[Gate], phase: str) -> list[Gate]:
    """The gates of `phase` that do not hold (empty: the phase may proceed)."""
    wanted = PHASE_GATES[phase]
    return [g for g in gates if g.gate in wanted and not g.ok]
