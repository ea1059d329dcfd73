"""Phone hygiene across the wire (#14): the counter gets each phone's status and last-verified
day with its reference data, asks about stale numbers by its own date, and a number confirmed
at the counter reaches the ledger as a verification (SQLite and PostgreSQL ledgers)."""

from __future__ import annotations

import time
from datetime import datetime

from counter_app.services import reference_sync, sync
from counter_app.services.contacts import update_phone
from hall_domain.phones import PhoneStatus, status_as_of
from hall_ledger.services import phones
from hall_ledger.store.db import reader
from tests.helpers.sync import client, policy


def local(counter, account_no):
    with counter.store.read() as tx:
        return tx.customers.get_customer(account_no)


def ledger_cols(engine, accounts, as_of):
    with reader(engine).connect() as conn:
        return phones.phone_columns(conn, "H001", accounts, as_of=as_of)


def test_status_reaches_the_counter_and_a_confirmation_comes_back(counter, ledger_server,
                                                                  ledger_engine, tokens):
    today = counter.clock().date()
    accounts = [a for a in counter.accounts() if local(counter, a).phone_valid]
    cols = ledger_cols(ledger_engine, accounts, today)
    stale = next(a for a in accounts if cols[a]["phone_status"] == "unverified")
    fresh = next(a for a in accounts if cols[a]["phone_status"] == "ok")
    vacant = next(a for a in accounts if a not in (stale, fresh))
    with ledger_engine.begin() as conn:
        assert phones.flag_vacant(conn, "H001", vacant, local(counter, vacant).phone,
                                  datetime(2026, 3, 1, 9, 0))
    ledger = client(ledger_server.url, tokens["T01"])
    try:
        reference_sync.pull_reference(counter.sync_store, ledger, now=counter.clock())
        seen = {a: local(counter, a) for a in (stale, fresh, vacant)}
        for a in (stale, fresh):
            assert seen[a].phone_verified_on.isoformat() == cols[a]["phone_verified_on"]
            assert status_as_of(seen[a].phone_status, seen[a].phone_verified_on, today) == (
                PhoneStatus(cols[a]["phone_status"]))
        assert seen[vacant].phone_status == "vacant"

        update_phone(counter.store, terminal_id="T01", user=counter.user(), account_no=stale,
                     phone=seen[stale].phone, now=counter.clock(), verify=True)
        report = sync.drain(counter.sync_store, ledger, clock=counter.clock, sleep=time.sleep,
                            policy=policy(), timeout=30)
        assert report.error is None
        reference_sync.pull_reference(counter.sync_store, ledger, now=counter.clock())
    finally:
        ledger.close()
    assert ledger_cols(ledger_engine, [stale], today)[stale] == {
        "phone_status": "ok", "phone_verified_on": today.isoformat(),
        "phone_source": cols[stale]["phone_source"]}
    after = local(counter, stale)
    assert (after.phone_verified_on, status_as_of(after.phone_status, after.phone_verified_on,
                                                  today)) == (today, PhoneStatus.OK)
