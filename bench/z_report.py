"""Z report PDF for a shift of 2,000 payments: read the shift (services) and build the PDF."""

from __future__ import annotations

import statistics
import time
import uuid
from datetime import date, datetime, timedelta

from counter_app.adapters.reports import z_report_pdf
from counter_app.adapters.reports.common import register_fonts
from counter_app.adapters.storage import open_store
from counter_app.adapters.storage.cash_repo import SqliteCashStore
from counter_app.services import cash_control as cc
from counter_app.services.shifts import open_shift
from hall_domain.accounts import Customer, UserType
from hall_domain.payments import Payment
from hall_domain.security import Role, User, hash_pin
from hall_domain.shifts import DenominationCount
from hall_domain.tenders import CardTender, CashTender

from ._common import BenchContext, remove_store

TERMINAL = "B01"
PAYMENTS = 2000
T0 = datetime(2026, 3, 20, 8, 0)


def targets(ctx: BenchContext) -> dict[str, tuple[str, float]]:
    return {"z_pdf_seconds_median": ("<", 2.0)}


def _shift_with_payments(path, n: int):
    remove_store(path)
    store = open_store(path)
    pin = hash_pin("1357")
    cashier = User("1001", "收费员甲", Role.CASHIER, pin)
    sup, sup2 = User("2001", "值班长王", Role.SUPERVISOR, pin), User("2002", "值班长李", Role.SUPERVISOR, pin)
    with store.write() as tx:
        for u in (cashier, sup, sup2):
            tx.users.insert_user(u)
        tx.customers.upsert_customers([Customer(account_no="3301000001", name="客户", address="城东区",
                                      phone=None, user_type=UserType.RESIDENTIAL, area="东1")], now=T0)
    shift = open_shift(store, terminal_id=TERMINAL, user=cashier,
                       opening_float=DenominationCount({10000: 2, 1000: 5}), now=T0)
    with store.write() as tx:  # one transaction: the benchmark is the report, not the payments
        for i in range(1, n + 1):
            amount = 5000 + (i * 37) % 20000
            tenders = ((CardTender(amount_fen=amount, reference=f"{i:012d}", auth_code="A1B2C3",
                                   masked_card="622848******1234"),) if i % 3 == 0
                       else (CashTender(amount, amount + (100 - amount % 100) % 100),))
            p = Payment(payment_uuid=str(uuid.uuid4()), terminal_id=TERMINAL, shift_id=shift.shift_id,
                        cashier_id="1001", account_no="3301000001", amount_fen=amount,
                        taken_at=T0 + timedelta(seconds=12 * i), business_date=date(2026, 3, 20),
                        receipt_number=tx.payments.next_receipt_number(TERMINAL), tenders=tenders,
                        allocations=(), credit_fen=amount)
            tx.payments.insert_payment(p)
            tx.payments.insert_tenders(p.payment_uuid, p.tenders)
    cash = SqliteCashStore(store)
    at = T0 + timedelta(hours=9)
    started = cc.begin_close(cash, terminal_id=TERMINAL, user=cashier, now=at)
    cc.submit_blind_count(cash, shift_id=started.shift_id, user=cashier,
                          counted=DenominationCount({10000: 200}), bank_settlement_fen=0, now=at)
    cc.supervisor_sign_off(cash, shift_id=started.shift_id, supervisor_id="2001", pin="1357",
                           now=at)
    cc.close_shift(cash, shift_id=started.shift_id, user=sup, now=at, hall_id="H001")
    return store, cash, sup, started.shift_id, at


def run(ctx: BenchContext) -> dict[str, float]:
    path = ctx.out_dir / "z-report-bench.db"
    store, cash, sup, shift_id, at = _shift_with_payments(path, PAYMENTS)
    out = ctx.out_dir / "z-report-bench.pdf"
    register_fonts()  # once per process, like the app
    read_s, pdf_s, sizes = [], [], []
    try:
        for _ in range(3 if ctx.quick else 5):
            t0 = time.perf_counter()
            report = cc.z_report(cash, shift_id=shift_id, user=sup, now=at)
            t1 = time.perf_counter()
            data = z_report_pdf(report, hall_name="城东供电营业厅", out=out)
            t2 = time.perf_counter()
            read_s.append(t1 - t0)
            pdf_s.append(t2 - t0)
            sizes.append(len(data))
        assert len(report.payments) == PAYMENTS
    finally:
        store.close()
        remove_store(path)
    return {
        "payments": PAYMENTS,
        "read_shift_seconds_median": round(statistics.median(read_s), 4),
        "z_pdf_seconds_median": round(statistics.median(pdf_s), 3),
        "z_pdf_seconds_max": round(max(pdf_s), 3),
        "pdf_kib": round(sizes[-1] / 1024, 1),
    }
