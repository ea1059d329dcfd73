"""What happens outside the SMS area when a receipt says a number is vacant (空号).

The phones area provides `flag_vacant(conn, hall_id, account_no, phone, at)`; until it is wired
here (one line: ON_VACANT = phones.flag_vacant), the default only records the event."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy import Connection

from ..collections_audit import SYSTEM, record_action


class OnVacant(Protocol):
    def __call__(self, conn: Connection, hall_id: str, account_no: str, phone: str,
                 at: datetime) -> None: ...


def record_vacant(conn: Connection, hall_id: str, account_no: str, phone: str,
                  at: datetime) -> None:
    """The default: a collections action `sms.phone.vacant` on the account (same transaction)."""
    record_action(conn, hall_id=hall_id, terminal_id=None, actor=SYSTEM,
                  action="sms.phone.vacant", subject=account_no, detail={"phone": phone}, at=at)


ON_VACANT: OnVacant = record_vacant
