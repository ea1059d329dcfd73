"""The journal is append-only; balances derived from it agree with the stored ones."""

from __future__ import annotations

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import DBAPIError

from hall_ledger.services.balances import verify
from hall_ledger.services.ingest import ingest_payments
from hall_ledger.services.terminals import Principal
from hall_ledger.store.models import Customer
from tests.helpers.ledger import assert_balanced, payment


@pytest.mark.parametrize("statement", ["UPDATE journal SET amount_fen = amount_fen + 1",
                                       "DELETE FROM journal"])
def test_the_database_refuses_to_change_the_journal(engine, halls, statement):
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM journal")).scalar_one() == 6  # bills


def test_stored_balances_that_drift_from_the_journal_are_found(engine, halls):
    principal = Principal("H001", "T01", "counter")
    results = ingest_payments(engine, principal, [
        payment("3301000001", amount_fen=20000, allocations=[
            {"period": "2026-01", "late_fee_fen": 0, "principal_fen": 12000,
             "late_fee_assessed_fen": 0}], credit_fen=8000)])
    assert results[0]["status"] == 201
    assert_balanced(engine)

    with engine.begin() as conn:
        conn.execute(update(Customer).where(Customer.account_no == "3301000001")
                     .values(credit_fen=1))

    assert verify(engine) == ["customer 3301000001: credit 1, journal says 8000"]
