"""open_shift / current_shift and update_phone on a real store file."""

from __future__ import annotations

import json

import pytest

from counter_app.services.audit_service import verify_audit
from counter_app.services.contacts import update_phone
from counter_app.services.shifts import current_shift, open_shift
from hall_domain.errors import AccountError, PermissionDenied, ShiftError
from hall_domain.shifts import DenominationCount
from tests.helpers.services import NOW, TERMINAL, add_customer, count, table_rows

FLOAT = DenominationCount({10000: 3, 5000: 2, 100: 20, 10: 5})


def test_open_shift_records_the_float_and_is_audited(store, cashier):
    assert current_shift(store, terminal_id=TERMINAL) is None
    shift = open_shift(store, terminal_id=TERMINAL, user=cashier, opening_float=FLOAT, now=NOW)
    assert shift.is_open and shift.opened_by == cashier.user_id
    assert current_shift(store, terminal_id=TERMINAL) == shift
    assert current_shift(store, terminal_id="T02") is None
    (audit,) = table_rows(store, "audit_log")["audit_log"]
    assert audit[4] == "shift.open" and json.loads(audit[7])["float_fen"] == 42050


def test_second_shift_on_the_same_counter_is_refused(store, cashier, users):
    open_shift(store, terminal_id=TERMINAL, user=cashier, opening_float=FLOAT, now=NOW)
    with pytest.raises(ShiftError) as e:
        open_shift(store, terminal_id=TERMINAL, user=users["supervisor"], opening_float=FLOAT,
                   now=NOW)
    assert e.value.code == "shift.already_open"
    open_shift(store, terminal_id="T02", user=users["supervisor"], opening_float=FLOAT, now=NOW)
    assert count(store, "shifts") == 2 and count(store, "audit_log") == 2


def test_technician_may_not_open_a_shift(store, users):
    with pytest.raises(PermissionDenied):
        open_shift(store, terminal_id=TERMINAL, user=users["technician"], opening_float=FLOAT,
                   now=NOW)
    assert count(store, "shifts") == 0


def test_update_phone_normalises_audits_and_queues_the_change(store, cashier):
    add_customer(store, "3101000001", "张伟", phone="0571-88886666")
    c = update_phone(store, terminal_id=TERMINAL, user=cashier, account_no="3101000001",
                     phone="+86 139-0013-9000", now=NOW)
    assert c.phone == "13900139000" and c.phone_valid
    with store.read() as tx:
        assert tx.customers.get_customer("3101000001").phone == "13900139000"
    (item,) = table_rows(store, "outbox")["outbox"]
    payload = json.loads(item[4])
    assert item[1] == "contact_change" and item[3] == "3101000001"
    assert (payload["old"], payload["new"]) == ("0571-88886666", "13900139000")
    (audit,) = table_rows(store, "audit_log")["audit_log"]
    assert audit[4] == "contact.update_phone"
    assert json.loads(audit[7])["old"] == "0571-88886666"
    assert json.loads(audit[7])["new"] == "13900139000"
    # The same number again changes nothing.
    update_phone(store, terminal_id=TERMINAL, user=cashier, account_no="3101000001",
                 phone="13900139000", now=NOW)
    assert count(store, "outbox") == 1 and verify_audit(store) is None


@pytest.mark.parametrize("phone", ["12345678901", "1390013900", "0571-88886666", "", "abc"])
def test_update_phone_refuses_what_is_not_a_mobile(store, cashier, phone):
    add_customer(store, "3101000001", "张伟")
    with pytest.raises(AccountError) as e:
        update_phone(store, terminal_id=TERMINAL, user=cashier, account_no="3101000001",
                     phone=phone, now=NOW)
    assert e.value.code == "contact.invalid_phone"
    assert count(store, "outbox") == 0 and count(store, "audit_log") == 0


def test_update_phone_needs_permission_and_an_account(store, users, cashier):
    add_customer(store, "3101000001", "张伟")
    with pytest.raises(PermissionDenied):
        update_phone(store, terminal_id=TERMINAL, user=users["technician"],
                     account_no="3101000001", phone="13900139000", now=NOW)
    with pytest.raises(AccountError) as e:
        update_phone(store, terminal_id=TERMINAL, user=cashier, account_no="3101999999",
                     phone="13900139000", now=NOW)
    assert e.value.code == "account.not_found"
    assert count(store, "outbox") == 0
