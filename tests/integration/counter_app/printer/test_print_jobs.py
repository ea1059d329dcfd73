"""Durable print jobs on a real store: printer failures never lose or duplicate a payment and never
give a second receipt that is not marked 重打 / REPRINT."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app.adapters.printer import DeliveryFailed, Printer, PrinterNotReady, render
from counter_app.adapters.printer.samples import SAMPLE_CONTEXT
from counter_app.adapters.storage import open_store
from counter_app.adapters.storage.print_jobs_repo import SqlitePrintJobStore
from counter_app.services.payments import take_payment
from counter_app.services.ports import NewBill
from counter_app.services.print_jobs import JobKind, JobState, PrintService, queue_receipt
from hall_domain.accounts import Customer, UserType
from hall_domain.errors import PermissionDenied
from hall_domain.late_fees import LateFeeRuleSet
from hall_domain.receipts import SettledBill, payment_receipt
from hall_domain.security import Role, User
from hall_domain.shifts import DenominationCount
from hall_domain.tenders import CashTender
from tests.helpers.escpos_decoder import decode
from tests.helpers.fake_printer import FakePrinter

NOW = datetime(2026, 4, 4, 10, 0)
ACCOUNT = "3201058812"
CASHIER = User("u1", "王晓燕", Role.CASHIER, "x")
SUPERVISOR = User("s1", "李主管", Role.SUPERVISOR, "x")


def make_store(path: Path):
    store = open_store(path)
    with store.write() as tx:
        tx.users.insert_user(CASHIER)
        tx.customers.upsert_customers([Customer(ACCOUNT, "龚䶮", "城东区人民路1号", None, UserType.RESIDENTIAL, "A")], now=NOW)
        tx.bills.insert_bills([NewBill(ACCOUNT, "2026-03", 120, 12000, date(2026, 4, 15))])
        tx.shifts.insert_shift(terminal_id="T01", opened_by="u1", opened_at=NOW, opening_float=DenominationCount({}))
    return store


def pay_and_queue(store, uri: str, amount: int = 5000) -> tuple[str, int]:
    """What take_payment plus the receipt job look like once wired (job in its own tx here)."""
    p = take_payment(store, terminal_id="T01", user=CASHIER, account_no=ACCOUNT, amount_fen=amount,
                     tenders=[CashTender(amount, amount)], now=NOW, rules=LateFeeRuleSet())
    bills = [SettledBill(a.period, 120, 12000, a.principal_fen, a.late_fee_fen, a.settles_bill) for a in p.allocations]
    with store.read() as tx:
        customer = tx.customers.get_customer(ACCOUNT)
    receipt = payment_receipt(p, customer, bills, SAMPLE_CONTEXT)
    with store.write() as tx:
        job_id = queue_receipt(tx.print_jobs, receipt, printer_uri=uri, now=NOW)
    return p.payment_uuid, job_id


def render58(receipt) -> bytes:
    return render(receipt, width_mm=58, encoding="gb18030").data


@pytest.fixture
def store(tmp_path):
    s = make_store(tmp_path / "counter.db")
    yield s
    s.close()


def service(store, printer_for=None) -> PrintService:
    return PrintService(SqlitePrintJobStore(store),
                        printer_for=printer_for or (lambda uri: Printer(uri, status_timeout=0.3, confirm_timeout=0.6)),
                        render=render58, clock=lambda: NOW)


def payments(store) -> int:
    return store_count(store, "payments")


def store_count(store, table: str) -> int:
    with store.read() as tx:
        return tx.raw.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def jobs_for(store, uuid: str):
    with SqlitePrintJobStore(store).read() as jobs:
        return jobs.print_jobs_for(uuid)


def reprint_marks(data: bytes) -> list[str]:
    return [t for t in decode(data, encoding="gb18030").texts if "重打" in t]


def test_job_rolls_back_with_the_payment(store) -> None:
    with pytest.raises(RuntimeError), store.write() as tx:
        job_id = tx.print_jobs.add_print_job(payment_uuid=None, kind="test", printer_uri="file:///x",
                                             payload=b"{}", created_at=NOW)
        assert job_id > 0
        raise RuntimeError("the payment failed")
    assert store_count(store, "print_jobs") == 0


def test_online_printer_prints_the_original(store) -> None:
    with FakePrinter("online") as fp:
        uuid, job_id = pay_and_queue(store, fp.uri)
        out = service(store).print_job(job_id)
        data = fp.received
    assert out.printed and out.reprint_count == 0
    assert reprint_marks(data) == [] and "合计" in "".join(decode(data, encoding="gb18030").texts)
    [job] = jobs_for(store, uuid)
    assert job.state == JobState.PRINTED and job.attempts == 1 and job.partial_prints == 0


def test_paper_out_keeps_the_job_and_another_printer_prints_the_original(store) -> None:
    svc = service(store)
    with FakePrinter("paper_out") as out_of_paper:
        uuid, job_id = pay_and_queue(store, out_of_paper.uri)
        first = svc.print_job(job_id)
    assert not first.printed and "paper out" in first.error and not first.output_possible
    [pending] = svc.unprinted()
    assert pending.id == job_id and pending.state == JobState.FAILED and pending.attempts == 1
    assert payments(store) == 1  # the payment is untouched
    with FakePrinter("online") as other:
        second = svc.print_job(job_id, printer_uri=other.uri)
        data = other.received
    assert second.printed and second.reprint_count == 0  # nothing reached paper before
    assert reprint_marks(data) == [] and svc.unprinted() == []


def test_reset_mid_job_then_retry_is_marked_as_a_reprint(store) -> None:
    svc = service(store)
    with FakePrinter("reset", reset_after=300) as broken:
        _, job_id = pay_and_queue(store, broken.uri)
        first = svc.print_job(job_id)
    assert not first.printed and first.output_possible
    with FakePrinter("online") as fp:
        second = svc.print_job(job_id, printer_uri=fp.uri)
        marks = reprint_marks(fp.received)
    assert second.printed and second.reprint_count == 1
    assert marks == ["** 重打 REPRINT 第1次 **"]
    assert "打印故障后补打" in "".join(decode(fp.received, encoding="gb18030").texts).replace(" ", "")
    assert payments(store) == 1


def test_printed_job_is_not_printed_again(store) -> None:
    with FakePrinter("online") as fp:
        _, job_id = pay_and_queue(store, fp.uri)
        svc = service(store)
        svc.print_job(job_id)
        before = len(fp.received)
        again = svc.print_job(job_id)
        assert again.already_printed and len(fp.received) == before


def test_crash_during_an_attempt_makes_the_next_print_a_reprint(store) -> None:
    with FakePrinter("online") as fp:
        _, job_id = pay_and_queue(store, fp.uri)
        with SqlitePrintJobStore(store).write() as jobs:  # as if the app died while sending
            jobs.start_print_attempt(job_id, printer_uri=fp.uri)
        out = service(store).print_job(job_id)
        assert out.reprint_count == 1 and reprint_marks(fp.received) == ["** 重打 REPRINT 第1次 **"]


def test_reprints_are_counted_and_limited(store) -> None:
    svc = service(store)
    with FakePrinter("online") as fp:
        uuid, job_id = pay_and_queue(store, fp.uri)
        svc.print_job(job_id)
        r1 = svc.request_reprint(uuid, user=CASHIER, supervisor=None, reprint_limit=1, printer_uri=fp.uri, now=NOW)
        assert svc.print_job(r1).reprint_count == 1
        with pytest.raises(PermissionDenied, match="supervisor"):
            svc.request_reprint(uuid, user=CASHIER, supervisor=None, reprint_limit=1, printer_uri=fp.uri, now=NOW)
        r2 = svc.request_reprint(uuid, user=CASHIER, supervisor=SUPERVISOR, reprint_limit=1, printer_uri=fp.uri, now=NOW)
        assert svc.print_job(r2).reprint_count == 2
        marks = reprint_marks(fp.received)
    assert marks == ["** 重打 REPRINT 第1次 **", "** 重打 REPRINT 第2次 **"]
    kinds = [j.kind for j in jobs_for(store, uuid)]
    assert kinds == [JobKind.RECEIPT, JobKind.REPRINT, JobKind.REPRINT]


class ScriptedPrinter:
    """In-process printer for the property test: each delivery follows the next outcome."""

    def __init__(self, outcomes: list[str]) -> None:
        self.outcomes = list(outcomes)
        self.printed: list[bytes] = []

    def deliver(self, data: bytes) -> None:
        outcome = self.outcomes.pop(0) if self.outcomes else "ok"
        if outcome == "refused":
            raise PrinterNotReady("paper out")
        if outcome == "partial":
            self.printed.append(data[: len(data) // 2])  # half a receipt came out
            raise DeliveryFailed("reset", bytes_sent=len(data) // 2)
        self.printed.append(data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["ok", "refused", "partial"]), min_size=1, max_size=6), st.integers(0, 2))
def test_never_two_unmarked_copies(store, outcomes: list[str], reprints: int) -> None:
    printer = ScriptedPrinter(outcomes)
    svc = service(store, printer_for=lambda uri: printer)
    before = payments(store)
    uuid, job_id = pay_and_queue(store, "tcp://printer:9100", amount=100)
    jobs = [job_id]
    for _ in range(len(outcomes) + 1):  # retry until printed (bounded)
        if svc.print_job(job_id).printed:
            break
    for _ in range(reprints):
        r = svc.request_reprint(uuid, user=CASHIER, supervisor=SUPERVISOR, reprint_limit=0,
                                printer_uri="tcp://printer:9100", now=NOW)
        jobs.append(r)
        for _ in range(len(printer.outcomes) + 1):
            if svc.print_job(r).printed:
                break
    # every piece of paper beyond the first carries a distinct reprint mark
    unmarked = [p for p in printer.printed if b"REPRINT" not in p]
    assert len(unmarked) <= 1
    marks = [m for p in printer.printed for m in reprint_marks(p + b"\n") if "REPRINT" in m]
    assert len(marks) == len(set(marks)) == len(printer.printed) - len(unmarked)
    assert payments(store) == before + 1  # one payment, whatever the printer did
    assert all(j.state == JobState.PRINTED for j in jobs_for(store, uuid))
