"""Shared ledger test data: two halls, their terminals and customers, and payment builders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from hall_ledger.services.balances import verify
from hall_ledger.services.imports import import_bills, import_customers
from hall_ledger.services.terminals import add_terminal
from hall_ledger.store.models import Customer, JournalEntry, Payment

CUSTOMERS_H1 = """account_no,name,address,phone,user_type,area
3301000001,张三,城东区人民路1号,13800000001,residential,东1
3301000002,李四,城东区人民路2号,13800000002,residential,东1
3301000003,王五商行,城东区解放路9号,057188880000,other,东2
3301000004,赵𠮷,城东区人民路4号,,residential,东1
"""
BILLS_H1 = """account_no,period,kwh,amount,due_date
3301000001,2026-01,200,120.00,2026-02-15
3301000001,2026-02,100,50.00,2026-03-15
3301000002,2026-02,150,80.00,2026-03-15
3301000003,2026-02,900,1000.00,2026-03-15
3301000004,2026-02,80,30.00,2026-03-15
"""
CUSTOMERS_H2 = """account_no,name,address,phone,user_type,area
4401000001,陈六,城西区中山路1号,13900000001,residential,西1
"""
BILLS_H2 = """account_no,period,kwh,amount,due_date
4401000001,2026-02,100,60.00,2026-03-15
"""


@dataclass
class Hall:
    hall_id: str
    tokens: dict[str, str] = field(default_factory=dict)  # terminal id -> token


def seed_halls(engine) -> dict[str, Hall]:
    """H001 (terminals T01, T02, gateway BANK) and H002 (its own T01), with customers, bills."""
    h1, h2 = Hall("H001"), Hall("H002")
    for hall, terminal in ((h1, "T01"), (h1, "T02"), (h2, "T01")):
        hall.tokens[terminal] = add_terminal(engine, hall_id=hall.hall_id, terminal_id=terminal)
    h1.tokens["BANK"] = add_terminal(engine, hall_id="H001", terminal_id="BANK", channel="bank")
    for hall, customers, bills in ((h1, CUSTOMERS_H1, BILLS_H1), (h2, CUSTOMERS_H2, BILLS_H2)):
        assert import_customers(engine, customers, hall_id=hall.hall_id).ok
        assert import_bills(engine, bills, hall_id=hall.hall_id).ok
    return {"H001": h1, "H002": h2}


def payment(
    account_no: str = "3301000002", *, terminal_id: str = "T01", amount_fen: int = 8000,
    allocations: list[dict[str, Any]] | None = None, credit_fen: int | None = None,
    receipt_number: int = 1, shift_id: int = 1, business_date: str = "2026-03-20",
    tenders: list[dict[str, Any]] | None = None, payment_uuid: str | None = None,
) -> dict[str, Any]:
    """A counter payment payload, by default ¥80.00 cash settling 3301000002's 2026-02 bill."""
    if allocations is None:
        allocations = [{"bill_id": 1, "period": "2026-02", "late_fee_fen": 0,
                        "principal_fen": amount_fen, "late_fee_assessed_fen": 0}]
    allocated = sum(a["late_fee_fen"] + a["principal_fen"] for a in allocations)
    if tenders is None:
        tenders = [{"kind": "cash", "amount_fen": amount_fen, "tendered_fen": amount_fen,
                    "change_fen": 0, "reference": None, "auth_code": None, "masked_card": None}]
    return {
        "payment_uuid": payment_uuid or str(uuid.uuid4()),
        "terminal_id": terminal_id, "shift_id": shift_id, "cashier_id": "1001",
        "account_no": account_no, "amount_fen": amount_fen,
        "credit_fen": amount_fen - allocated if credit_fen is None else credit_fen,
        "taken_at": f"{business_date}T10:15:00", "business_date": business_date,
        "receipt_number": receipt_number, "tenders": tenders, "allocations": allocations,
    }


def card(amount_fen: int) -> dict[str, Any]:
    return {"kind": "card", "amount_fen": amount_fen, "tendered_fen": None, "change_fen": 0,
            "reference": "123456789012", "auth_code": "A1B2C3", "masked_card": "622848******1234"}


def ledger_state(engine) -> dict[str, Any]:
    """Counts and sums that must not move when the ledger refuses something."""
    with engine.connect() as conn:
        payments = conn.execute(select(func.count(), func.coalesce(func.sum(Payment.amount_fen), 0))
                                ).one()
        journal = conn.execute(select(func.count()).select_from(JournalEntry)).scalar_one()
        credit = conn.execute(select(func.coalesce(func.sum(Customer.credit_fen), 0))).scalar_one()
    return {"payments": tuple(payments), "journal": journal, "credit": credit}


def assert_balanced(engine) -> None:
    assert verify(engine) == []
