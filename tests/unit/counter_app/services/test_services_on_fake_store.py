"""Services against the in-memory repositories (tests.helpers.fake_store): no SQLite, fast.

The same services run against the real store in the other test modules here; these show that
the services need nothing but the ports, and pin down their rules on their own.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from counter_app.adapters.storage.errors import StoreError
from counter_app.services import auth, contacts, lookup, payments, shifts
from counter_app.services.audit_service import append_audit, verify_audit
from counter_app.services.ports import CounterStore
from hall_domain.accounts import BillStatus, Customer, UserType
from hall_domain.errors import AccountError, AuthError, ShiftError
from hall_domain.security import LOCKOUT, MAX_FAILED_PINS, Role, User
from hall_domain.shifts import DenominationCount
from hall_domain.tenders import CashTender
from tests.helpers.fake_store import FakeStore
from tests.helpers.services import NOW, PIN, RULES, TERMINAL

ACC = "3101000001"


def customer(account_no: str, name: str, address: str = "杭州市西湖区文三路1号", *,
             phone: str | None = None) -> Customer:
    return Customer(account_no=account_no, name=name, address=address, phone=phone,
                    user_type=UserType.RESIDENTIAL, area="A1")


@pytest.fixture
def fake(pin_hash) -> FakeStore:
    store = FakeStore()
    for role in Role:
        store.add_user(User(user_id=f"u_{role.value}", name=f"{role.value} one", role=role,
                            pin_hash=pin_hash))
    return store


@pytest.fixture
def cashier(fake) -> User:
    return fake.data.users["u_cashier"]


def test_the_fake_is_a_counter_store(fake):
    store: CounterStore = fake  # what the services take
    with store.read() as tx:
        assert tx.users.count_users() == len(Role)


def test_a_write_in_a_read_transaction_fails_and_an_error_rolls_back(fake):
    with fake.read() as tx, pytest.raises(StoreError) as err:
        tx.meta.set_meta("k", "v")
    assert err.value.code == "store.read_only_tx"
    with pytest.raises(RuntimeError), fake.write() as tx:
        tx.meta.set_meta("k", "v")
        raise RuntimeError("boom")
    with fake.read() as tx:
        assert tx.meta.get_meta("k") is None


# -- lookup ----------------------------------------------------------------------------------

def test_lookup_ranks_exact_name_then_prefix_then_pinyin_then_contains(fake):
    fake.add_customer(customer("3101000003", "王张三丰"))  # name contains
    fake.add_customer(customer("3101000002", "张三丰"))  # name prefix
    fake.add_customer(customer("3101000001", "张三"))  # exact
    fake.add_customer(customer("3101000004", "李四", "张三路8号"))  # address contains
    found = lookup.find_customers(fake, " 张三 ")
    assert [c.account_no for c in found] == ["3101000001", "3101000002", "3101000003",
                                             "3101000004"]
    assert [c.account_no for c in lookup.find_customers(fake, "张三", limit=2)] == [
        "3101000001", "3101000002"]


def test_lookup_by_account_number_phone_and_pinyin(fake):
    fake.add_customer(customer(ACC, "张三", phone="13800138000"), pinyin={"zhangsan", "zs"})
    fake.add_customer(customer("3101000002", "赵四"), pinyin={"zhaosi", "zs"})
    assert [c.name for c in lookup.find_customers(fake, ACC)] == ["张三"]
    assert lookup.find_customers(fake, "3101000009") == []
    assert [c.name for c in lookup.find_customers(fake, "138 0013 8000")] == ["张三"]
    assert [c.name for c in lookup.find_customers(fake, "zs")] == ["张三", "赵四"]
    assert [c.name for c in lookup.find_customers(fake, "zhang")] == ["张三"]


def test_lookup_with_quotes_adds_open_bills_and_late_fees(fake):
    fake.add_customer(customer(ACC, "张伟"))
    fake.add_bill(ACC, "2026-02", 12000, date(2026, 3, 15))
    fake.add_bill(ACC, "2026-01", 5000, date(2026, 2, 15), status=BillStatus.PAID,
                  principal_paid_fen=5000)
    [q] = lookup.lookup_with_quotes(fake, ACC, on=NOW.date(), rules=RULES)
    assert [line.bill.period for line in q.lines] == ["2026-02"]  # the paid bill is not owed
    assert q.lines[0].late_fee_fen == 240  # 20 days at 1‰ (DESIGN worked example)
    assert q.total_due_fen == 12000 + 240


# -- contacts --------------------------------------------------------------------------------

def test_update_phone_writes_customer_outbox_and_one_audit_entry_sealing_it(fake, cashier):
    fake.add_customer(customer(ACC, "张伟", phone="13800138000"))
    updated = contacts.update_phone(fake, terminal_id=TERMINAL, user=cashier, account_no=ACC,
                                    phone="139-0013-9000", now=NOW)
    assert updated.phone == fake.data.customers[ACC].phone == "13900139000"
    [change] = fake.outbox_payloads(contacts.CONTACT_CHANGE)
    assert (change["old"], change["new"]) == ("13800138000", "13900139000")
    [entry] = fake.data.audit
    [item] = fake.data.outbox.values()
    assert entry.action == "contact.update_phone" and item.audit_seq == entry.seq
    assert json.loads(entry.detail)["outbox"][0]["item"] == f"contact_change:{item.item_key}"
    assert verify_audit(fake) is None

    again = fake.transactions
    contacts.update_phone(fake, terminal_id=TERMINAL, user=cashier, account_no=ACC,
                          phone="13900139000", now=NOW)
    assert len(fake.data.outbox) == 1 and len(fake.data.audit) == 1  # unchanged: nothing
    assert fake.transactions == again + 1


def test_update_phone_of_an_unknown_account_writes_nothing(fake, cashier):
    with pytest.raises(AccountError) as err:
        contacts.update_phone(fake, terminal_id=TERMINAL, user=cashier, account_no=ACC,
                              phone="13900139000", now=NOW)
    assert err.value.code == "account.not_found"
    assert fake.data.outbox == {} and fake.data.audit == []


# -- payments --------------------------------------------------------------------------------

@pytest.fixture
def billed(fake, cashier) -> FakeStore:
    fake.add_customer(customer(ACC, "张伟"))
    fake.add_bill(ACC, "2026-03", 8000, date(2026, 4, 15))  # not yet due
    fake.add_bill(ACC, "2026-02", 12000, date(2026, 3, 15))  # overdue: fee ¥2.40 on NOW
    shifts.open_shift(fake, terminal_id=TERMINAL, user=cashier,
                      opening_float=DenominationCount({10000: 2}), now=NOW)
    return fake


def pay(store, user, amount_fen: int):
    return payments.take_payment(store, terminal_id=TERMINAL, user=user, account_no=ACC,
                                 amount_fen=amount_fen, tenders=[CashTender(amount_fen, amount_fen)],
                                 now=NOW, rules=RULES)


def test_a_payment_settles_oldest_bill_fee_first_and_keeps_the_rest_as_credit(billed, cashier):
    p = pay(billed, cashier, 12240 + 8000 + 500)
    assert [(a.period, a.late_fee_fen, a.principal_fen) for a in p.allocations] == [
        ("2026-02", 240, 12000), ("2026-03", 0, 8000)]
    assert p.credit_fen == 500 and p.receipt_number == 1
    assert {b.period: b.status for b in billed.data.bills.values()} == {
        "2026-02": BillStatus.PAID, "2026-03": BillStatus.PAID}
    assert billed.data.customers[ACC].credit_fen == 500
    assert payments.get_payment(billed, p.payment_uuid) == p
    [item] = billed.data.outbox.values()
    assert item.kind == "payment" and item.item_key == p.payment_uuid
    assert billed.data.audit[-1].seq == item.audit_seq
    assert verify_audit(billed) is None


def test_a_partial_payment_covers_the_fee_before_the_principal(billed, cashier):
    p = pay(billed, cashier, 1000)
    [a] = p.allocations
    assert (a.period, a.late_fee_fen, a.principal_fen, a.settles_bill) == ("2026-02", 240, 760,
                                                                          False)
    feb = next(b for b in billed.data.bills.values() if b.period == "2026-02")
    assert feb.status == BillStatus.PARTIAL and feb.principal_paid_fen == 760
    assert pay(billed, cashier, 100).receipt_number == 2


def test_no_payment_without_an_open_shift_and_nothing_is_written(fake, cashier):
    fake.add_customer(customer(ACC, "张伟"))
    with pytest.raises(ShiftError):
        pay(fake, cashier, 1000)
    assert fake.data.payments == {} and fake.data.outbox == {} and fake.data.audit == []


# -- users and log-in ------------------------------------------------------------------------

def test_wrong_pins_lock_the_user_and_every_attempt_is_audited(fake):
    for i in range(MAX_FAILED_PINS - 1):
        with pytest.raises(AuthError) as err:
            auth.login(fake, user_id="u_cashier", pin="0000", now=NOW, terminal_id=TERMINAL)
        assert err.value.code == "auth.wrong_pin"
        assert fake.data.users["u_cashier"].failed_pins == i + 1
    with pytest.raises(AuthError) as err:
        auth.login(fake, user_id="u_cashier", pin="0000", now=NOW, terminal_id=TERMINAL)
    assert err.value.code == "auth.locked"
    assert fake.data.users["u_cashier"].locked_until == NOW + LOCKOUT
    with pytest.raises(AuthError) as err:  # even the right PIN, while locked
        auth.login(fake, user_id="u_cashier", pin=PIN, now=NOW + timedelta(minutes=1),
                   terminal_id=TERMINAL)
    assert err.value.code == "auth.locked"
    user = auth.login(fake, user_id="u_cashier", pin=PIN, now=NOW + LOCKOUT,
                      terminal_id=TERMINAL)
    assert (user.failed_pins, user.locked_until) == (0, None)
    outcomes = [e.outcome for e in fake.data.audit if e.action == "auth.login"]
    assert outcomes == ["wrong_pin"] * (MAX_FAILED_PINS - 1) + ["locked_now", "locked", "ok"]
    assert all(PIN not in e.detail for e in fake.data.audit)
    assert verify_audit(fake) is None


def test_an_unknown_user_is_audited_without_a_user_id(fake):
    with pytest.raises(AuthError) as err:
        auth.login(fake, user_id="nobody", pin=PIN, now=NOW, terminal_id=TERMINAL)
    assert err.value.code == "auth.unknown_user"
    [entry] = fake.data.audit
    assert entry.user_id is None and entry.outcome == "unknown_user"


def test_creating_users_needs_an_administrator(fake, cashier):
    admin = next(u for u in fake.data.users.values() if u.role == Role.ADMIN)
    made = auth.create_user(fake, actor=admin, user_id="2001", name="新人", role=Role.CASHIER,
                            pin="1357", now=NOW, terminal_id=TERMINAL)
    assert fake.data.users["2001"] == made
    with pytest.raises(Exception) as err:
        auth.create_user(fake, actor=cashier, user_id="2002", name="x", role=Role.CASHIER,
                         pin="1357", now=NOW, terminal_id=TERMINAL)
    assert getattr(err.value, "code", None) == "permission.denied"
    assert "2002" not in fake.data.users


def test_the_audit_chain_check_finds_a_changed_entry(fake):
    with fake.write() as tx:
        for i in range(3):
            append_audit(tx, at=NOW, terminal_id=TERMINAL, user_id=None, action="test",
                         target=f"t:{i}")
    assert verify_audit(fake, batch=2) is None
    from dataclasses import replace

    fake.data.audit[1] = replace(fake.data.audit[1], target="t:changed")
    assert verify_audit(fake, batch=2) == 2
