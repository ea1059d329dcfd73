"""An account's collections state: the dunning columns of the arrears list (dunning_columns,
the arrears report's `extra_columns` hook) and the whole state of one account for the
counter (account_state, GET /v1/collections/accounts/{account_no}).

The notices, stop-supply, reconnection and phone parts come from the other collections areas
through `StateProviders` (wired at the ledger's start); until then they are [] / None."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from hall_domain.collections import CustomerClass, customer_class
from hall_domain.dunning import RepeatRule

from ..store.models import Customer
from .dunning import procedure
from .dunning_accounts import (
    active_locks,
    chunks,
    current_levels,
    customer_row,
    promise_summary,
    promises,
    repeat_scores,
)

# (conn, hall_id, account_no) -> what that area knows of the account
Provider = Callable[[Connection, str, str], Any]


@dataclass(frozen=True, slots=True)
class StateProviders:
    notices: Provider | None = None  # -> list of notices
    stop_supply: Provider | None = None  # -> dict | None
    reconnection: Provider | None = None  # -> dict | None
    phone: Provider | None = None  # -> dict | None


def _classes(conn: Connection, hall_id: str | None,
             accounts: Sequence[str]) -> dict[str, tuple[str, CustomerClass]]:
    out: dict[str, tuple[str, CustomerClass]] = {}
    for chunk in chunks(accounts):
        q = select(Customer.account_no, Customer.hall_id, Customer.user_type,
                   Customer.customer_class).where(Customer.account_no.in_(chunk))
        if hall_id is not None:
            q = q.where(Customer.hall_id == hall_id)
        for a, h, user_type, stored in conn.execute(q):
            out[a] = (h, customer_class(user_type, stored))
    return out


def dunning_columns(conn: Connection, hall_id: str | None, account_nos: list[str],
                    as_of: date) -> dict[str, dict[str, Any]]:
    """{account_no: {dunning_level, level_name, lock, promise, repeat_defaulter,
    repeat_score}} for the accounts (of the hall, or of any hall when hall_id is None)."""
    classes = _classes(conn, hall_id, account_nos)
    accounts = sorted(classes)
    if not accounts:
        return {}
    procs: dict[tuple[str, CustomerClass], Any] = {}

    def proc(a: str):
        key = classes[a]
        if key not in procs:
            procs[key] = procedure(conn, key[0], key[1])
        return procs[key]

    levels = current_levels(conn, hall_id, accounts, as_of)
    locks = active_locks(conn, hall_id, accounts, as_of)
    views = promises(conn, hall_id, accounts, as_of)
    summaries = {a: promise_summary(views.get(a, ())) for a in accounts}
    rules: dict[str, RepeatRule] = {a: proc(a).repeat for a in accounts}
    scores = repeat_scores(conn, hall_id, accounts, as_of, rules,
                           {a: s[2] for a, s in summaries.items()})
    out: dict[str, dict[str, Any]] = {}
    for a in accounts:
        reached = levels.get(a)
        level = reached.level if reached else 0
        lv = proc(a).level(level)
        out[a] = {
            "dunning_level": level,
            "level_name": lv.name if lv else "",
            "level_reached_on": reached.reached_on.isoformat() if reached else None,
            "lock": locks.get(a),
            "promise": summaries[a][0],
            "repeat_defaulter": scores[a].repeat_defaulter,
            "repeat_score": scores[a].score,
        }
    return out


def account_state(conn: Connection, hall_id: str, account_no: str, as_of: date,
                  providers: StateProviders | None = None) -> dict[str, Any]:
    """The contract of GET /v1/collections/accounts/{account_no}; 404 for another hall's."""
    row = customer_row(conn, hall_id, account_no)
    cols = dunning_columns(conn, hall_id, [account_no], as_of).get(account_no, {})
    providers = providers or StateProviders()

    def ask(provider: Provider | None, empty: Any) -> Any:
        return empty if provider is None else provider(conn, hall_id, account_no)

    return {
        "account_no": account_no, "name": row.name,
        "customer_class": customer_class(row.user_type, row.customer_class).value,
        "dunning_level": cols.get("dunning_level", 0), "level_name": cols.get("level_name", ""),
        "level_reached_on": cols.get("level_reached_on"),
        "lock": cols.get("lock"), "promise": cols.get("promise"),
        "repeat_defaulter": cols.get("repeat_defaulter", False), "repeat_score": cols.get("repeat_score", 0),
        "notices": ask(providers.notices, []),
        "stop_supply": ask(providers.stop_supply, None),
        "reconnection": ask(providers.reconnection, None),
        "phone": ask(providers.phone, None),
        "as_of": as_of.isoformat(),
    }
