"""A payment is refused while the shift's drawer is being counted for the blind close."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counter_app.services import cash_control
from hall_domain.errors import ShiftError
from tests.helpers.cash_fixtures import T0, TERMINAL, pay, start_shift


def test_payment_refused_between_begin_close_and_close(counter):
    c = counter
    start_shift(c)
    first = pay(c, 1, cash=5000)
    cash_control.begin_close(c.cash, terminal_id=TERMINAL, user=c.cashier,
                             now=T0 + timedelta(minutes=5))
    with pytest.raises(ShiftError) as info:
        pay(c, 2, cash=3000, at=T0 + timedelta(minutes=6))
    assert info.value.code == "shift.closing"
    with c.store.read() as tx:
        assert tx.payments.last_payment(TERMINAL).payment_uuid == first.payment_uuid  # nothing written
