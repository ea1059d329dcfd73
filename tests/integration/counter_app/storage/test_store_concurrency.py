"""Payments from several threads and processes on one store: gapless receipts, intact audit chain."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from datetime import date, datetime

from counter_app.adapters.storage import open_store
from counter_app.services.audit_service import verify_audit
from counter_app.services.payments import take_payment
from counter_app.services.ports import NewBill
from hall_domain.accounts import Customer, UserType
from hall_domain.late_fees import LateFeeRuleSet
from hall_domain.security import Role, User
from hall_domain.shifts import DenominationCount
from hall_domain.tenders import CashTender

NOW = datetime(2026, 4, 4, 9, 30)
CASHIER = User(user_id="c1", name="收费员", role=Role.CASHIER, pin_hash="scrypt$x")
ACCOUNTS = [f"31000000{i:02d}" for i in range(4)]


def seed(path):
    with open_store(path) as store, store.write() as tx:
        tx.users.insert_user(CASHIER)
        tx.customers.upsert_customers([Customer(a, f"户{a[-2:]}", "幸福路", None, UserType.RESIDENTIAL, "A")
                             for a in ACCOUNTS], now=NOW)
        tx.bills.insert_bills([NewBill(a, "2026-02", 100, 50_000, date(2026, 3, 15)) for a in ACCOUNTS])
        tx.shifts.insert_shift(terminal_id="T01", opened_by="c1", opened_at=NOW,
                               opening_float=DenominationCount({}))


def check(path, expected_payments):
    with open_store(path) as store:
        assert verify_audit(store) is None
        with store.read() as tx:
            numbers = sorted(r[0] for r in tx.raw.execute(
                "SELECT receipt_number FROM payments WHERE terminal_id = 'T01'"))
            paid = dict(tx.raw.execute(
                "SELECT account_no, principal_paid_fen FROM bills"))
            fees = tx.raw.execute("SELECT sum(late_fee_fen) FROM payment_allocations").fetchone()[0]
            assert tx.payments.last_receipt_numbers() == {"T01": expected_payments}
        assert numbers == list(range(1, expected_payments + 1))
        # Every payment was allocated against the bill as the previous one left it.
        assert sum(paid.values()) + fees == expected_payments * 500


def test_threads_get_distinct_gapless_receipt_numbers(tmp_path):
    path = tmp_path / "s.db"
    seed(path)
    rules = LateFeeRuleSet()
    errors: list[BaseException] = []
    with open_store(path) as store:
        start = threading.Barrier(4)

        def worker(k: int) -> None:
            try:
                start.wait()
                for i in range(12):
                    take_payment(store, terminal_id="T01", user=CASHIER,
                                 account_no=ACCOUNTS[(k + i) % 4], amount_fen=500,
                                 tenders=[CashTender(500, 500)], now=NOW, rules=rules)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert errors == []
    check(path, 48)


WORKER = textwrap.dedent("""
    import sys
    from datetime import datetime
    from pathlib import Path
    from counter_app.adapters.storage import open_store
    from hall_domain.late_fees import LateFeeRuleSet
    from hall_domain.tenders import CashTender
    from counter_app.services.payments import take_payment

    path, k = Path(sys.argv[1]), int(sys.argv[2])
    store = open_store(path, create=False)
    with store.read() as tx:
        user = tx.users.get_user("c1")
    print("ready", flush=True)
    sys.stdin.readline()  # the start barrier: blocks until the test says go
    for i in range(15):
        p = take_payment(store, terminal_id="T01", user=user,
                         account_no="31000000%02d" % ((k + i) % 4), amount_fen=500,
                         tenders=[CashTender(500, 500)], now=datetime(2026, 4, 4, 9, 30),
                         rules=LateFeeRuleSet())
        print(p.receipt_number)
    store.close()
""")


def test_processes_get_distinct_gapless_receipt_numbers(tmp_path):
    path = tmp_path / "s.db"
    seed(path)
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(path), str(k)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for k in range(3)]
    # Each says "ready" when its store is open (readline returns "" if one died: its
    # stderr is shown below).
    ready = [p.stdout.readline().strip() for p in procs]
    for p in procs:  # all three start paying at once
        p.stdin.write("go\n")
        p.stdin.flush()
    outputs = [p.communicate(timeout=120) for p in procs]
    assert ready == ["ready"] * 3, [err for _out, err in outputs]
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
    got = sorted(int(n) for out, _ in outputs for n in out.split())
    assert got == list(range(1, 46))
    check(path, 45)
