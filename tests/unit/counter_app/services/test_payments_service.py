"""take_payment / quote_account / get_payment on a real store file, including injected failures."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date, timedelta

import pytest

from counter_app.services.audit_service import verify_audit
from counter_app.services.payments import get_payment, last_payment, quote_account, take_payment
from hall_domain.accounts import BillStatus, UserType
from hall_domain.errors import (
    AccountError,
    PaymentError,
    PermissionDenied,
    ShiftError,
    TenderError,
)
from hall_domain.tenders import CashTender, card_tender
from tests.helpers.services import (
    NOW,
    RULES,
    TERMINAL,
    add_bill,
    add_customer,
    count,
    open_test_shift,
    table_rows,
)

ACC = "3101000001"
FEE_FEB = 240  # ¥120.00 due 2026-03-15 paid 2026-04-04: 20 days at 1‰ (DESIGN worked example)
TOTAL = 12000 + FEE_FEB + 8000
PAYMENT_TABLES = (
    "payments", "payment_tenders", "payment_allocations", "bills", "customers", "outbox",
    "audit_log", "receipt_counters",
)


@pytest.fixture
def billed(store, cashier):
    """One residential customer with an overdue bill (fee ¥2.40 on NOW) and a bill not yet due."""
    add_customer(store, ACC, "张伟", "杭州市西湖区文三路100号")
    add_bill(store, ACC, "2026-02", 12000, date(2026, 3, 15))
    add_bill(store, ACC, "2026-03", 8000, date(2026, 4, 15))
    open_test_shift(store, cashier)
    return store


def pay(store, user, amount_fen, tenders, **kw):
    return take_payment(store, terminal_id=TERMINAL, user=user, account_no=ACC,
                        amount_fen=amount_fen, tenders=tenders, now=NOW, rules=RULES, **kw)


def card(amount_fen):
    return card_tender(amount_fen, "123456789012", "a1b2c3", "622848******1234")


def bills_by_period(store):
    with store.read() as tx:
        return {b.period: b for b in tx.bills.open_bills(ACC)}


def test_quote_account_shows_late_fee_and_unknown_account_is_refused(billed):
    q = quote_account(billed, ACC, on=NOW.date(), rules=RULES)
    assert [line.bill.period for line in q.lines] == ["2026-02", "2026-03"]
    assert [line.late_fee_fen for line in q.lines] == [FEE_FEB, 0]
    assert q.total_due_fen == TOTAL
    with pytest.raises(AccountError) as e:
        quote_account(billed, "3101999999", on=NOW.date(), rules=RULES)
    assert e.value.code == "account.not_found"


def test_cash_with_change_settles_both_bills(billed, cashier):
    p = pay(billed, cashier, TOTAL, [CashTender(TOTAL, 30000)])
    assert p.receipt_number == 1 and p.receipt_no == "T01-00000001"
    assert p.change_fen == 30000 - TOTAL and p.credit_fen == 0
    assert [(a.period, a.late_fee_fen, a.principal_fen, a.settles_bill) for a in p.allocations] == [
        ("2026-02", FEE_FEB, 12000, True), ("2026-03", 0, 8000, True)]
    assert bills_by_period(billed) == {}  # nothing open any more
    stored = table_rows(billed, "payments")["payments"]
    assert len(stored) == 1 and stored[0][7] == 30000 - TOTAL  # change_fen column
    assert get_payment(billed, p.payment_uuid) == p
    assert last_payment(billed, terminal_id=TERMINAL) == p
    assert verify_audit(billed) is None


def test_card_payment_keeps_only_the_masked_number(billed, cashier):
    p = pay(billed, cashier, TOTAL, [card(TOTAL)])
    assert p.change_fen == 0
    rows = table_rows(billed, "payment_tenders", "outbox")
    assert rows["payment_tenders"][0][2:] == ("card", TOTAL, None, 0, "123456789012", "A1B2C3",
                                              "622848******1234", 0)  # 0: change rounding
    payload = json.loads(rows["outbox"][0][4])
    assert payload["tenders"] == [{"kind": "card", "amount_fen": TOTAL, "reference": "123456789012",
                                   "auth_code": "A1B2C3", "masked_card": "622848******1234"}]


def test_a_full_card_number_is_refused_before_anything_is_written(billed, cashier):
    from hall_domain.tenders import CardTender

    full = CardTender(TOTAL, "123456789012", "A1B2C3", "6228480402564890018")
    with pytest.raises(TenderError) as e:
        pay(billed, cashier, TOTAL, [full])
    assert e.value.code == "tender.full_card_number"
    assert count(billed, "payments") == 0 and count(billed, "receipt_counters") == 0


@pytest.mark.parametrize("reference", ["1234567890123456", "12345678901234567890", "1234567890123"])
def test_a_reference_the_ledger_would_refuse_is_refused_before_anything_is_written(
        billed, cashier, reference):
    """13-20 digits in a row (Luhn-valid or not): refused at the counter with a clear message,
    no payment, no receipt number, no outbox item (the ledger refuses the same tenders)."""
    from hall_domain.tenders import CardTender

    audit_before = count(billed, "audit_log")
    with pytest.raises(TenderError) as e:
        pay(billed, cashier, TOTAL, [CardTender(TOTAL, reference, "A1B2C3", "622848******1234")])
    assert e.value.code == "tender.card_reference_digits"
    assert "13 or more digits" in e.value.message and reference not in e.value.message
    for table in ("payments", "receipt_counters", "outbox"):
        assert count(billed, table) == 0
    assert count(billed, "audit_log") == audit_before


def test_split_payment_cash_and_card(billed, cashier):
    p = pay(billed, cashier, TOTAL, [CashTender(10000, 10000), card(TOTAL - 10000)])
    assert [t.kind.value for t in p.tenders] == ["cash", "card"]
    assert get_payment(billed, p.payment_uuid).tenders == p.tenders
    assert count(billed, "payment_tenders") == 2


def test_partial_payment_pays_the_late_fee_first(billed, cashier):
    p = pay(billed, cashier, 5000, [CashTender(5000, 5000)])
    assert [(a.bill_id, a.late_fee_fen, a.principal_fen, a.settles_bill) for a in p.allocations] == [
        (1, FEE_FEB, 5000 - FEE_FEB, False)]
    feb = bills_by_period(billed)["2026-02"]
    assert feb.status == BillStatus.PARTIAL
    assert (feb.principal_paid_fen, feb.late_fee_assessed_fen, feb.late_fee_paid_fen) == (
        5000 - FEE_FEB, FEE_FEB, FEE_FEB)
    assert feb.fee_accrued_through == NOW.date()
    # A day later, only the new day's fee on what is still owed accrues.
    q = quote_account(billed, ACC, on=NOW.date() + timedelta(days=1), rules=RULES)
    assert q.lines[0].principal_fen == 12000 - (5000 - FEE_FEB)


def test_overpayment_becomes_prepaid_credit(billed, cashier):
    p = pay(billed, cashier, TOTAL + 5000, [CashTender(TOTAL + 5000, TOTAL + 5000)])
    assert p.credit_fen == 5000
    with billed.read() as tx:
        assert tx.customers.get_customer(ACC).credit_fen == 5000
    payload = json.loads(table_rows(billed, "outbox")["outbox"][0][4])
    assert payload["credit_fen"] == 5000 and payload["amount_fen"] == TOTAL + 5000


def test_prepayment_on_an_account_without_bills(store, cashier):
    add_customer(store, ACC, "李娜", user_type=UserType.OTHER)
    open_test_shift(store, cashier)
    p = pay(store, cashier, 10000, [CashTender(10000, 10000)])
    assert p.allocations == () and p.credit_fen == 10000
    with store.read() as tx:
        assert tx.customers.get_customer(ACC).credit_fen == 10000


def test_outbox_item_carries_everything_the_ledger_needs(billed, cashier):
    p = pay(billed, cashier, TOTAL, [CashTender(TOTAL, 30000)])
    (row,) = table_rows(billed, "outbox")["outbox"]
    _id, kind, item_key, account_no, payload_json, created_at, attempts, _next, state, _err, \
        _seal = row
    assert (kind, item_key, account_no, state, attempts) == ("payment", p.payment_uuid, ACC,
                                                             "pending", 0)
    payload = json.loads(payload_json)
    assert payload["payment_uuid"] == p.payment_uuid
    assert payload["terminal_id"] == TERMINAL and payload["cashier_id"] == cashier.user_id
    assert payload["shift_id"] == p.shift_id and payload["receipt_number"] == 1
    assert payload["taken_at"] == NOW.isoformat() and payload["amount_fen"] == TOTAL
    assert [a["principal_fen"] for a in payload["allocations"]] == [12000, 8000]
    assert payload["tenders"][0] == {"kind": "cash", "amount_fen": TOTAL, "tendered_fen": 30000,
                                     "change_fen": 30000 - TOTAL}


def test_receipt_numbers_are_per_terminal_and_gapless(billed, cashier, users):
    open_test_shift(billed, users["supervisor"], terminal_id="T02")
    numbers = []
    for terminal in ("T01", "T02", "T01", "T01", "T02"):
        p = take_payment(billed, terminal_id=terminal, user=cashier, account_no=ACC,
                         amount_fen=100, tenders=[CashTender(100, 100)], now=NOW, rules=RULES)
        numbers.append((terminal, p.receipt_number))
    assert numbers == [("T01", 1), ("T02", 1), ("T01", 2), ("T01", 3), ("T02", 2)]


def test_no_open_shift_is_refused(store, cashier):
    add_customer(store, ACC, "张伟")
    with pytest.raises(ShiftError) as e:
        pay(store, cashier, 100, [CashTender(100, 100)])
    assert e.value.code == "shift.not_open"
    assert count(store, "payments") == 0 and count(store, "receipt_counters") == 0


def test_technician_may_not_take_payments(billed, users):
    with pytest.raises(PermissionDenied) as e:
        pay(billed, users["technician"], 100, [CashTender(100, 100)])
    assert e.value.code == "permission.denied"
    assert count(billed, "payments") == 0


@pytest.mark.parametrize(
    ("amount", "tenders", "code"),
    [
        (0, [CashTender(1, 1)], "payment.not_positive"),
        (-5, [CashTender(1, 1)], "payment.not_positive"),
        (10_001, [CashTender(10_001, 10_001)], "payment.over_limit"),
        (100, [CashTender(50, 50)], "tender.sum_mismatch"),
        (100, [CashTender(100, 99)], "tender.cash_short"),
        (100, [], "tender.none"),
    ],
)
def test_bad_amounts_and_tenders_are_refused(billed, cashier, amount, tenders, code):
    with pytest.raises((PaymentError, TenderError)) as e:
        pay(billed, cashier, amount, tenders, max_fen=10_000)
    assert e.value.code == code
    assert count(billed, "payments") == 0


def test_unknown_account_is_refused_and_uses_no_receipt_number(billed, cashier):
    with pytest.raises(AccountError):
        take_payment(billed, terminal_id=TERMINAL, user=cashier, account_no="3101999999",
                     amount_fen=100, tenders=[CashTender(100, 100)], now=NOW, rules=RULES)
    assert pay(billed, cashier, 100, [CashTender(100, 100)]).receipt_number == 1


# -- failure injection ------------------------------------------------------------------------

class InjectedFailure(RuntimeError):
    pass


class _FailingRepo:
    """Forwards to a real repository; the store's `fail_at`-th method call raises."""

    def __init__(self, repo, store: FailingStore) -> None:
        self._repo, self._store = repo, store

    def __getattr__(self, name):
        attr = getattr(self._repo, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            s = self._store
            s.calls.append(name)
            hit = len(s.calls) == s.fail_at
            if hit and s.mode == "before":
                raise InjectedFailure(f"before call {s.fail_at} ({name})")
            result = attr(*args, **kwargs)
            if hit and s.mode == "after":
                raise InjectedFailure(f"after call {s.fail_at} ({name})")
            return result

        return call


class _FailingTx:
    """The real transaction with every repository wrapped in a _FailingRepo."""

    def __init__(self, tx, store: FailingStore) -> None:
        self._tx, self._store = tx, store

    def __getattr__(self, name):
        return _FailingRepo(getattr(self._tx, name), self._store)


class FailingStore:
    """A CounterStore around the real one: fails at the Nth repository call, or at COMMIT."""

    def __init__(self, store, *, fail_at: int | None = None, mode: str = "before") -> None:
        self._store, self.fail_at, self.mode = store, fail_at, mode
        self.calls: list[str] = []

    @contextmanager
    def write(self):
        with self._store.write() as tx:
            yield _FailingTx(tx, self)
            if self.mode == "commit":
                raise InjectedFailure("just before COMMIT")

    @contextmanager
    def read(self):
        with self._store.read() as tx:
            yield _FailingTx(tx, self)


def test_a_failure_at_any_step_leaves_nothing_written(billed, cashier):
    tenders = [CashTender(10000, 10000), card(TOTAL + 2000 - 10000)]  # split, with credit

    first = pay(billed, cashier, 1000, [CashTender(1000, 1000)])  # receipt 1, partial
    assert first.receipt_number == 1
    before = table_rows(billed, *PAYMENT_TABLES)

    # Learn the calls the payment makes by failing it only at COMMIT time.
    dry = FailingStore(billed, mode="commit")
    with pytest.raises(InjectedFailure):
        pay(dry, cashier, TOTAL + 2000, tenders)
    calls = list(dry.calls)
    assert table_rows(billed, *PAYMENT_TABLES) == before
    for expected in ("open_shift_for", "get_customer", "open_bills", "next_receipt_number",
                     "insert_payment", "insert_tenders", "insert_allocations", "update_bill",
                     "add_customer_credit", "add_outbox", "last_audit", "insert_audit"):
        assert expected in calls
    assert calls.count("update_bill") == 2

    for mode in ("before", "after"):
        for n in range(1, len(calls) + 1):
            failing = FailingStore(billed, fail_at=n, mode=mode)
            with pytest.raises(InjectedFailure):
                pay(failing, cashier, TOTAL + 2000, tenders)
            assert failing.calls[-1] == calls[n - 1]
            assert table_rows(billed, *PAYMENT_TABLES) == before, f"{mode} call {n} ({calls[n - 1]})"

    p = pay(billed, cashier, TOTAL + 2000, tenders)
    assert p.receipt_number == 2  # no number was used by the failed attempts
    assert verify_audit(billed) is None
    assert count(billed, "payments") == 2 and count(billed, "outbox") == 2
    assert p.credit_fen == 3000 and len(p.allocations) == 2
