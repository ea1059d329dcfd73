"""Demo reference data for the ledger, from the same generator as the counter's demo store.

With the same count, seed and reference date as `counter-app --demo` the ledger holds the
same customers and bills as the demo counters. The bills' and credits' opening state is
journalled (kind `opening_balance`) so that balances still derive from the journal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import Engine, insert, select

from hall_domain.sample_population import DEFAULT_REFERENCE_DATE, generate_customers

from ..store.db import next_change_seqs, utcnow
from ..store.models import Customer, JournalEntry
from .imports import add_bills

DEMO_SEED = 20261127  # the counter's demo seed (counter_app.bootstrap.DEMO_SEED)
CHUNK = 5000


def load_demo_data(
    engine: Engine, *, customers: int, hall_id: str = "H001", seed: int = DEMO_SEED,
    reference_date: date | None = None, progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Add `customers` demo customers with their bills to a hall; returns (customers, bills).

    Accounts the ledger already holds are left as they are, so running it again adds nothing.
    """
    reference_date = reference_date or DEFAULT_REFERENCE_DATE
    added_customers = added_bills = 0
    batch = []
    for demo in generate_customers(customers, seed=seed, reference_date=reference_date):
        batch.append(demo)
        if len(batch) == CHUNK:
            c, b = _load(engine, batch, hall_id, reference_date)
            added_customers, added_bills = added_customers + c, added_bills + b
            batch = []
            if progress:
                progress(added_customers)
    if batch:
        c, b = _load(engine, batch, hall_id, reference_date)
        added_customers, added_bills = added_customers + c, added_bills + b
    return added_customers, added_bills


def _load(engine: Engine, batch: list, hall_id: str,
          reference_date: date) -> tuple[int, int]:
    now = utcnow()
    with engine.begin() as conn:
        known = set(conn.execute(select(Customer.account_no).where(
            Customer.account_no.in_([d.account_no for d in batch]))).scalars())
        fresh = [d for d in batch if d.account_no not in known]
        if not fresh:
            return 0, 0
        n_bills = sum(len(d.bills) for d in fresh)
        seq = next_change_seqs(conn, hall_id, len(fresh) + n_bills)
        customer_rows, bill_rows, opening = [], [], []
        for d in fresh:
            customer_rows.append({
                "account_no": d.account_no, "hall_id": hall_id, "name": d.name,
                "address": d.address, "phone": d.phone, "user_type": d.user_type.value,
                "area": d.area, "credit_fen": d.credit_fen, "change_seq": seq, "updated_at": now,
            })
            seq += 1
            if d.credit_fen:
                opening.append(_opening(now, hall_id, d.account_no, None, credit_fen=d.credit_fen))
            for b in d.bills:
                bill_rows.append({
                    "account_no": d.account_no, "hall_id": hall_id, "period": b.period,
                    "kwh": b.kwh, "amount_fen": b.amount_fen, "due_date": b.due_date,
                    "principal_paid_fen": b.paid_fen, "late_fee_assessed_fen": 0,
                    "late_fee_paid_fen": 0, "fee_accrued_through": None,
                    "late_fee_waived": False, "status": b.status.value,
                    "closed_by": "opening" if not b.is_open else None, "change_seq": seq,
                })
                seq += 1
        conn.execute(insert(Customer), customer_rows)
        _demo_phones(conn, fresh, hall_id, reference_date, now)
        ids = add_bills(conn, bill_rows, now)
        for row, bill_id in zip(bill_rows, ids, strict=True):
            if row["principal_paid_fen"]:
                opening.append(_opening(now, hall_id, row["account_no"], bill_id,
                                        principal_fen=row["principal_paid_fen"]))
        if opening:
            conn.execute(insert(JournalEntry), opening)
    return len(fresh), n_bills


def _demo_phones(conn, fresh: list, hall_id: str, reference_date: date, now) -> None:
    """Phone records (#14) for the demo: imported numbers last verified 0 to 599 days before the
    reference date (by the account number, so every run is the same), about 4 in 10 of them
    due for checking at the counter."""
    from datetime import timedelta

    from ..store.models import CustomerPhone
    from .phones import is_mobile

    rows = [{"account_no": d.account_no, "hall_id": hall_id, "phone": d.phone,
             "source": "import", "valid_mobile": is_mobile(d.phone), "vacant_at": None,
             "verified_on": reference_date - timedelta(days=int(d.account_no[-4:]) * 7 % 600),
             "updated_at": now} for d in fresh if d.phone]
    if rows:
        conn.execute(insert(CustomerPhone), rows)


def _opening(now, hall_id: str, account_no: str, bill_id: int | None, **amounts: int) -> dict:
    row = {"recorded_at": now, "hall_id": hall_id, "terminal_id": None, "kind": "opening_balance",
           "ref": "demo", "account_no": account_no, "bill_id": bill_id, "amount_fen": 0,
           "principal_fen": 0, "late_fee_fen": 0, "late_fee_assessed_fen": 0, "credit_fen": 0,
           "detail": ""}
    row.update(amounts)
    return row
