"""Where the collections areas of #14 meet. Each area offers hooks with a harmless default
(dunning records what is due, notices and SMS answer for themselves); this module connects them
once, for the API (`install(app)`) and for the command line (the same objects):

- a dunning run's actions: notices issue 催费通知单 / 停电通知书, SMS queues reminders, a proposed
  stop-supply request is recorded for a person to raise through the gates;
- the arrears list's extra columns: dunning level, lock, promise, repeat defaulter, phone status;
- an account's collections state: its notices, stop-supply request, reconnection task, phone;
- the 经催交 gate's SMS side: a delivered reminder;
- a vacant-number receipt flags the customer's phone.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection

from .services import notices, phones, stop_supply
from .services.arrears import ExtraColumns, combine_extra_columns
from .services.dunning_state import StateProviders, dunning_columns
from .services.notices import NoticeSink
from .services.sms import hooks as sms_hooks
from .services.sms import messages as sms_messages

__all__ = ["arrears_extra_columns", "dunning_sink", "install", "on_vacant", "reminder_delivered",
           "state_providers"]


class _SmsSink:
    """The SMS part of a run's actions: a reminder whose source names the run and level."""

    def sms(self, conn: Connection, hall_id: str, account_no: str, run_id: object, level: int,
            as_of: date):
        return sms_messages.dunning_sms(conn, hall_id, account_no, run_id, level, as_of)


def dunning_sink() -> NoticeSink:
    return NoticeSink(sms_sink=_SmsSink())


def _phone_columns(conn: Connection, hall_id: str | None, account_nos: list[str],
                   as_of: date) -> dict[str, dict]:
    return phones.phone_columns(conn, hall_id, account_nos, as_of)


def arrears_extra_columns() -> ExtraColumns:
    return combine_extra_columns(dunning_columns, _phone_columns)


def _today() -> date:
    return stop_supply.local_now().date()


def state_providers() -> StateProviders:
    def account_notices(conn, hall_id, account_no):
        return notices.list_notices(conn, hall_id, account_no=account_no, limit=20)

    def supply(conn, hall_id, account_no):
        return stop_supply.account_state(conn, hall_id, account_no, stop_supply.local_now())

    return StateProviders(
        notices=account_notices,
        stop_supply=lambda c, h, a: supply(c, h, a)["stop_supply"],
        reconnection=lambda c, h, a: supply(c, h, a)["reconnection"],
        phone=lambda c, h, a: phones.phone_state(c, h, a, as_of=_today()))


def reminder_delivered(conn: Connection, hall_id: str, account_no: str, since: date) -> bool:
    """The SMS side of 经催交 (the notices side is the stop-supply gate's own)."""
    return sms_messages.sms_delivered(conn, hall_id, account_no, since)


def on_vacant(conn: Connection, hall_id: str, account_no: str, phone: str, at: datetime):
    """The SMS log's own record of the vacant number, and the customer's phone flagged."""
    sms_hooks.record_vacant(conn, hall_id, account_no, phone, at)
    return phones.flag_vacant(conn, hall_id, account_no, phone, at)


def install(app) -> None:
    """Every hook on the API's app.state (tests may replace any of them afterwards)."""
    app.state.arrears_extra_columns = arrears_extra_columns()
    app.state.dunning_sink = dunning_sink()
    app.state.collections_state_providers = state_providers()
    app.state.reminder_delivered = reminder_delivered
    app.state.sms_on_vacant = on_vacant
