"""The receipt's print job is stored in the payment's own transaction: both or neither."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest

from counter_app.services.payments import (
    ReceiptJobSpec,
    last_payment,
    take_payment,
    take_payment_with_receipt,
)
from counter_app.services.print_jobs import JobKind, JobState
from hall_domain.receipts import ReceiptContext
from hall_domain.tenders import CashTender
from tests.helpers.services import (
    NOW,
    RULES,
    TERMINAL,
    add_bill,
    add_customer,
    count,
    open_test_shift,
)

ACC = "3101000001"
SPEC = ReceiptJobSpec(ReceiptContext(hall_name="城东供电营业厅", hall_address="人民路88号",
                                     cashier_name="张收费", footer="服务热线 95598"),
                      printer_uri="tcp://127.0.0.1:9100")


@pytest.fixture
def billed(store, cashier):
    add_customer(store, ACC, "张伟", "杭州市西湖区文三路100号")
    add_bill(store, ACC, "2026-02", 12000, date(2026, 3, 15), kwh=226)
    open_test_shift(store, cashier)
    return store


def kwargs(cashier, amount_fen=12240):
    return dict(terminal_id=TERMINAL, user=cashier, account_no=ACC, amount_fen=amount_fen,
                tenders=[CashTender(amount_fen, 20000)], now=NOW, rules=RULES)


def test_the_job_is_stored_with_the_payment(billed, cashier):
    payment, job_id = take_payment_with_receipt(billed, receipt_job=SPEC, **kwargs(cashier))
    with billed.read() as tx:
        job = tx.print_jobs.get_print_job(job_id)
    assert job.payment_uuid == payment.payment_uuid and job.kind == JobKind.RECEIPT
    assert job.state == JobState.PENDING and job.printer_uri == SPEC.printer_uri
    texts = job.receipt.texts()
    assert payment.receipt_no in texts and ACC in texts and "张收费" in texts
    assert any("226 kWh" in t for t in texts) and "服务热线 95598" in texts
    assert "¥122.40" in texts  # the total


def test_take_payment_queues_when_asked_and_not_otherwise(billed, cashier):
    take_payment(billed, **kwargs(cashier, 5000))
    assert count(billed, "print_jobs") == 0
    payment = take_payment(billed, receipt_job=SPEC, **kwargs(cashier, 5000))
    assert payment == last_payment(billed, terminal_id=TERMINAL)
    assert count(billed, "print_jobs") == 1


class _NoJobs:
    def add_print_job(self, **_kw):
        raise OSError("disk full while storing the print job")


class _Tx:
    def __init__(self, tx) -> None:
        self._tx = tx

    def __getattr__(self, name):
        return getattr(self._tx, name)

    @property
    def print_jobs(self):
        return _NoJobs()


class JobFailingStore:
    def __init__(self, store) -> None:
        self._store = store

    @contextmanager
    def write(self):
        with self._store.write() as tx:
            yield _Tx(tx)

    @contextmanager
    def read(self):
        with self._store.read() as tx:
            yield tx


def test_a_job_that_cannot_be_stored_takes_the_payment_with_it(billed, cashier):
    with pytest.raises(OSError):
        take_payment_with_receipt(JobFailingStore(billed), receipt_job=SPEC, **kwargs(cashier))
    assert count(billed, "payments") == 0 and count(billed, "outbox") == 0
    assert last_payment(billed, terminal_id=TERMINAL) is None
    payment, _ = take_payment_with_receipt(billed, receipt_job=SPEC, **kwargs(cashier))
    assert payment.receipt_number == 1  # the number was rolled back too: no gap


def _field(receipt, label):
    from hall_domain.receipts import Field

    return [b.value for b in receipt.blocks if isinstance(b, Field) and b.label == label]


def test_a_partial_payment_receipt_shows_what_is_still_owed(billed, cashier):
    # Due ¥122.40 (¥120.00 + ¥2.40 late fee); ¥50.00 paid leaves ¥72.40 owed.
    _, job_id = take_payment_with_receipt(billed, receipt_job=SPEC, **kwargs(cashier, 5000))
    with billed.read() as tx:
        receipt = tx.print_jobs.get_print_job(job_id).receipt
    assert _field(receipt, "仍欠电费") == ["¥72.40"]
    assert _field(receipt, "预存余额") == []
    _, job_id = take_payment_with_receipt(billed, receipt_job=SPEC, **kwargs(cashier, 7240))
    with billed.read() as tx:
        settled = tx.print_jobs.get_print_job(job_id).receipt
    assert _field(settled, "仍欠电费") == []  # settled: nothing owed, nothing shown


def test_a_prepayment_receipt_shows_the_new_credit_balance(billed, cashier):
    _, job_id = take_payment_with_receipt(billed, receipt_job=SPEC, **kwargs(cashier, 15000))
    with billed.read() as tx:
        first = tx.print_jobs.get_print_job(job_id).receipt
    assert _field(first, "预存电费") == ["¥27.60"] and _field(first, "预存余额") == ["¥27.60"]
    _, job_id = take_payment_with_receipt(billed, receipt_job=SPEC, **kwargs(cashier, 1000))
    with billed.read() as tx:
        second = tx.print_jobs.get_print_job(job_id).receipt
    assert _field(second, "预存余额") == ["¥37.60"]  # the earlier credit and this one
    assert _field(second, "仍欠电费") == []
