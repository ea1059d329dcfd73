"""The counter's side of phone hygiene (#14): the ledger's status and last-verified day kept
in the store, and a confirmed number sent to the ledger as a verification."""

from __future__ import annotations

import json
from datetime import date

from counter_app.services.audit_service import verify_audit
from counter_app.services.contacts import update_phone
from hall_domain.outbox_seal import wire_payload
from tests.helpers.services import NOW, TERMINAL, add_customer, count, table_rows


def ledger_customer(account_no="3101000001", **kw):
    return {"account_no": account_no, "name": "张伟", "address": "文三路1号",
            "phone": "13900139000", "user_type": "residential", "area": "A1", "credit_fen": 0,
            **kw}


def get(store, account_no="3101000001"):
    with store.read() as tx:
        return tx.customers.get_customer(account_no)


def apply(store, customers, *, fresh=False):
    with store.write() as tx:
        tx.reference.apply_reference(customers, [], now=NOW, fresh=fresh)


def test_reference_rows_carry_the_phone_status_and_day(store):
    apply(store, [ledger_customer(phone_status="unverified", phone_verified_on="2025-01-10"),
                  ledger_customer("3101000002", phone_status="vacant")], fresh=True)
    c = get(store)
    assert (c.phone_status, c.phone_verified_on) == ("unverified", date(2025, 1, 10))
    assert get(store, "3101000002").phone_status == "vacant"
    # a change from the ledger replaces both; an older ledger (no fields) leaves them unknown
    apply(store, [ledger_customer(phone_status="ok", phone_verified_on="2026-03-01"),
                  ledger_customer("3101000002")])
    assert (get(store).phone_status, get(store).phone_verified_on) == ("ok", date(2026, 3, 1))
    assert get(store, "3101000002").phone_status is None


def test_values_the_counter_cannot_read_are_stored_as_unknown(store):
    apply(store, [ledger_customer(phone_status="great", phone_verified_on="yesterday")],
          fresh=True)
    c = get(store)
    assert (c.phone_status, c.phone_verified_on) == (None, None)


def test_confirming_the_same_number_is_a_verification(store, cashier):
    apply(store, [ledger_customer(phone_status="unverified", phone_verified_on="2024-01-10")],
          fresh=True)

    c = update_phone(store, terminal_id=TERMINAL, user=cashier, account_no="3101000001",
                     phone="139 0013 9000", now=NOW, verify=True)

    assert (c.phone, c.phone_status, c.phone_verified_on) == ("13900139000", "ok", NOW.date())
    assert (get(store).phone_status, get(store).phone_verified_on) == ("ok", NOW.date())
    (item,) = table_rows(store, "outbox")["outbox"]
    assert item[1] == "contact_change"
    wire = json.loads(wire_payload("contact_change", item[4]))
    assert wire == {"account_no": "3101000001", "terminal_id": TERMINAL, "phone": "13900139000",
                    "changed_at": NOW.isoformat(), "changed_by": cashier.user_id}
    (audit,) = table_rows(store, "audit_log")["audit_log"]
    assert audit[4] == "contact.verify_phone" and verify_audit(store) is None


def test_without_verify_the_same_number_still_writes_nothing(store, cashier):
    apply(store, [ledger_customer(phone_status="unverified", phone_verified_on="2024-01-10")],
          fresh=True)
    update_phone(store, terminal_id=TERMINAL, user=cashier, account_no="3101000001",
                 phone="13900139000", now=NOW)
    assert count(store, "outbox") == 0 and get(store).phone_status == "unverified"


def test_a_new_number_is_verified_today_and_a_local_import_drops_the_ledgers_word(store,
                                                                                  cashier):
    apply(store, [ledger_customer(phone_status="vacant", phone_verified_on="2024-01-10")],
          fresh=True)
    c = update_phone(store, terminal_id=TERMINAL, user=cashier, account_no="3101000001",
                     phone="13700137000", now=NOW)
    assert (c.phone_status, c.phone_verified_on) == ("ok", NOW.date())
    (audit,) = table_rows(store, "audit_log")["audit_log"]
    assert audit[4] == "contact.update_phone"
    add_customer(store, "3101000001", "张伟", phone="13700137000")  # same number: kept
    assert get(store).phone_status == "ok"
    add_customer(store, "3101000001", "张伟", phone="13600136000")  # another number: unknown
    assert (get(store).phone_status, get(store).phone_verified_on) == (None, None)
