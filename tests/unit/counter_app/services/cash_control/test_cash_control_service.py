"""Cash in/out, X report and the blind close through the services, on a real store file."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

import pytest

from counter_app.services import cash_control as cc
from counter_app.services.shift_reports import CloseState
from counter_app.services.shifts import current_shift
from hall_domain.errors import AuthError, PermissionDenied, ShiftError
from hall_domain.shifts import DenominationCount
from tests.helpers.cash_fixtures import SUP_PIN, T0, TERMINAL, drop_outbox, pay, start_shift

AT = T0 + timedelta(hours=8)


def rows(c, sql, *params):
    con = sqlite3.connect(c.store.path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def audit_actions(c):
    return [r[0] for r in rows(c, "SELECT action FROM audit_log ORDER BY seq")]


def test_cash_in_and_out_recorded_and_audited(counter):
    c = counter
    shift = start_shift(c)
    m_in = cc.cash_in(c.cash, terminal_id=TERMINAL, user=c.cashier, amount_fen=5000,
                      reason="补零钱", now=AT)
    m_out = cc.cash_out(c.cash, terminal_id=TERMINAL, user=c.cashier, amount_fen=20000,
                        reason="中途解款", approver_id="2001", approver_pin=SUP_PIN, now=AT)
    assert m_out.approved_by == "2001" and m_in.approved_by is None
    stored = rows(c, "SELECT shift_id, kind, amount_fen, reason, created_by, approved_by "
                     "FROM cash_movements ORDER BY id")
    assert stored == [(shift.shift_id, "in", 5000, "补零钱", "1001", None),
                      (shift.shift_id, "out", 20000, "中途解款", "1001", "2001")]
    assert audit_actions(c)[-4:] == ["drawer.cash_in", "auth.login", "approval.grant",
                                     "drawer.cash_out"]
    x = cc.x_report(c.cash, shift_id=shift.shift_id, user=c.cashier, now=AT)
    assert x.totals.expected_cash_fen == 26000 + 5000 - 20000


@pytest.mark.parametrize("approver, pin, code", [
    ("1001", "2468", "approval.self"),           # the cashier approving themself
    ("1002", "2468", "approval.not_allowed"),    # another cashier
    ("2001", "0000", "auth.wrong_pin"),
    ("9999", "1357", "auth.unknown_user"),
])
def test_cash_out_needs_another_supervisor(counter, approver, pin, code):
    c = counter
    start_shift(c)
    with pytest.raises((PermissionDenied, AuthError)) as e:
        cc.cash_out(c.cash, terminal_id=TERMINAL, user=c.cashier, amount_fen=100, reason="x",
                    approver_id=approver, approver_pin=pin, now=AT)
    assert e.value.code == code
    assert rows(c, "SELECT count(*) FROM cash_movements") == [(0,)]


@pytest.mark.parametrize("amount, reason, code", [
    (0, "r", "shift.amount"), (-5, "r", "shift.amount"), (1.5, "r", "shift.amount"),
    (100, "  ", "shift.reason_missing"), (100, "x" * 201, "shift.reason_long"),
])
def test_cash_in_refuses_bad_input(counter, amount, reason, code):
    start_shift(counter)
    with pytest.raises(ShiftError) as e:
        cc.cash_in(counter.cash, terminal_id=TERMINAL, user=counter.cashier, amount_fen=amount,
                   reason=reason, now=AT)
    assert e.value.code == code
    assert rows(counter, "SELECT count(*) FROM cash_movements") == [(0,)]


def test_cash_in_needs_open_shift(counter):
    with pytest.raises(ShiftError) as e:
        cc.cash_in(counter.cash, terminal_id=TERMINAL, user=counter.cashier, amount_fen=100,
                   reason="r", now=AT)
    assert e.value.code == "shift.not_open"


def _day(c):
    shift = start_shift(c)
    pay(c, 1, cash=10100, tendered=20000)
    pay(c, 2, card=10200)
    pay(c, 3, cash=5000, card=5300, tendered=5000)
    cc.cash_in(c.cash, terminal_id=TERMINAL, user=c.cashier, amount_fen=1000, reason="零钱",
               now=AT)
    return shift


def test_x_report_totals(counter):
    shift = _day(counter)
    x = cc.x_report(counter.cash, shift_id=shift.shift_id, user=counter.cashier, now=AT)
    t = x.totals
    assert (t.payment_count, t.payment_total_fen) == (3, 30600)
    assert (t.cash.count, t.cash.amount_fen, t.card.count, t.card.amount_fen) == (2, 15100, 2, 15500)
    assert t.change_fen == 9900 and t.cash_tendered_fen == 25000
    assert t.expected_cash_fen == 26000 + 15100 + 1000
    assert x.unsent_payments == 3


def test_full_blind_close(counter):
    c = counter
    shift = _day(c)
    started = cc.begin_close(c.cash, terminal_id=TERMINAL, user=c.cashier, now=AT)
    # What the count screen gets carries no amount at all.
    assert not any(isinstance(v, int) and v > 1000 for v in vars_of(started))
    with pytest.raises(ShiftError) as e:
        cc.x_report(c.cash, shift_id=shift.shift_id, user=c.cashier, now=AT)
    assert e.value.code == "shift.blind_count_pending"
    with pytest.raises(ShiftError):  # no drawer movement once the close began
        cc.cash_in(c.cash, terminal_id=TERMINAL, user=c.cashier, amount_fen=1, reason="r", now=AT)
    counted = DenominationCount({10000: 4, 100: 20, 50: 1})  # ¥420.50: expected ¥421.00
    fig = cc.submit_blind_count(c.cash, shift_id=shift.shift_id, user=c.cashier, counted=counted,
                                bank_settlement_fen=15500, now=AT)
    assert (fig.cash.expected_fen, fig.cash.counted_fen, fig.cash.over_short_fen) == (42100, 42050, -50)
    assert fig.card.over_short_fen == 0
    with pytest.raises(ShiftError) as e:
        cc.submit_blind_count(c.cash, shift_id=shift.shift_id, user=c.cashier,
                              counted=DenominationCount({10000: 5}), bank_settlement_fen=0, now=AT)
    assert e.value.code == "shift.already_counted"
    # Payments are still in the outbox: no sign-off without an override.
    with pytest.raises(ShiftError) as e:
        cc.supervisor_sign_off(c.cash, shift_id=shift.shift_id, supervisor_id="2001", pin=SUP_PIN,
                               now=AT)
    assert e.value.code == "shift.payments_unsent" and e.value.params["count"] == 3
    drop_outbox(c)
    close = cc.supervisor_sign_off(c.cash, shift_id=shift.shift_id, supervisor_id="2001",
                                   pin=SUP_PIN, now=AT)
    assert close.state == CloseState.SIGNED_OFF and close.override_reason is None
    z = cc.close_shift(c.cash, shift_id=shift.shift_id, user=c.supervisor, now=AT, hall_id="H001")
    assert z.kind == "Z" and z.figures.cash.over_short_fen == -50
    assert current_shift(c.store, terminal_id=TERMINAL) is None
    stored = rows(c, "SELECT state, counted_cash_fen, expected_cash_fen, over_short_cash_fen, "
                     "bank_settlement_fen, over_short_card_fen, counted_by, signed_off_by, "
                     "closed_by FROM shift_closes")
    assert stored == [("closed", 42050, 42100, -50, 15500, 0, "1001", "2001", "2001")]
    [(kind, key, payload)] = rows(c, "SELECT kind, item_key, payload_json FROM outbox")
    assert kind == "shift_report" and key == cc.report_item_key("H001", TERMINAL, shift.shift_id)
    payload = json.loads(payload)
    assert payload["payment_count"] == 3 and payload["cash_fen"] == 15100
    assert payload["over_short_fen"] == -50 and payload["counted_cash_fen"] == 42050
    assert cc.report_sent(c.cash, shift_id=shift.shift_id) is False
    drop_outbox(c, "shift_report")
    assert cc.report_sent(c.cash, shift_id=shift.shift_id) is True
    again = cc.z_report(c.cash, shift_id=shift.shift_id, user=c.supervisor, now=AT)
    assert again.figures == z.figures
    assert audit_actions(c)[-5:] == ["shift.count", "auth.login", "auth.login", "shift.sign_off",
                                     "shift.close"]


def vars_of(obj):
    return [getattr(obj, f) for f in obj.__dataclass_fields__] if hasattr(obj, "__dataclass_fields__") \
        else list(obj.__slots__)


def test_override_with_reason_lets_unsent_shift_close(counter):
    c = counter
    shift = _day(c)
    cc.begin_close(c.cash, terminal_id=TERMINAL, user=c.cashier, now=AT)
    cc.submit_blind_count(c.cash, shift_id=shift.shift_id, user=c.cashier,
                          counted=DenominationCount({10000: 4, 100: 21}), bank_settlement_fen=15500,
                          now=AT)
    close = cc.supervisor_sign_off(c.cash, shift_id=shift.shift_id, supervisor_id="2001",
                                   pin=SUP_PIN, now=AT, override_reason="网络中断，次日补传")
    assert (close.override_reason, close.override_by, close.unsent_at_sign_off) == (
        "网络中断，次日补传", "2001", 3)
    z = cc.close_shift(c.cash, shift_id=shift.shift_id, user=c.supervisor, now=AT, hall_id="H001")
    assert z.figures.balanced
    assert rows(c, "SELECT override_reason FROM shift_closes") == [("网络中断，次日补传",)]


def test_sign_off_by_the_counter_is_refused(counter):
    c = counter
    shift = start_shift(c)
    cc.begin_close(c.cash, terminal_id=TERMINAL, user=c.supervisor, now=AT)
    cc.submit_blind_count(c.cash, shift_id=shift.shift_id, user=c.supervisor,
                          counted=DenominationCount({10000: 2, 1000: 5, 100: 10}),
                          bank_settlement_fen=0, now=AT)
    with pytest.raises(PermissionDenied) as e:
        cc.supervisor_sign_off(c.cash, shift_id=shift.shift_id, supervisor_id="2001",
                               pin=SUP_PIN, now=AT)
    assert e.value.code == "permission.same_person"
    with pytest.raises(PermissionDenied):
        cc.supervisor_sign_off(c.cash, shift_id=shift.shift_id, supervisor_id="1002",
                               pin="2468", now=AT)
    close = cc.supervisor_sign_off(c.cash, shift_id=shift.shift_id, supervisor_id="2002",
                                   pin=SUP_PIN, now=AT)
    assert close.signed_off_by == "2002"


def test_payment_after_count_is_refused_and_the_count_stands(counter):
    c = counter
    shift = start_shift(c)
    cc.begin_close(c.cash, terminal_id=TERMINAL, user=c.cashier, now=AT)
    cc.submit_blind_count(c.cash, shift_id=shift.shift_id, user=c.cashier,
                          counted=DenominationCount({10000: 2, 1000: 5, 100: 10}),
                          bank_settlement_fen=0, now=AT)
    with pytest.raises(ShiftError) as e:
        pay(c, 9, cash=10000)  # the drawer is being counted: no money in or out
    assert e.value.code == "shift.closing"
    drop_outbox(c)
    cc.supervisor_sign_off(c.cash, shift_id=shift.shift_id, supervisor_id="2001",
                           pin=SUP_PIN, now=AT)


def test_payment_slipped_in_after_count_forces_recount(counter, monkeypatch):
    c = counter
    shift = start_shift(c)
    cc.begin_close(c.cash, terminal_id=TERMINAL, user=c.cashier, now=AT)
    cc.submit_blind_count(c.cash, shift_id=shift.shift_id, user=c.cashier,
                          counted=DenominationCount({10000: 2, 1000: 5, 100: 10}),
                          bank_settlement_fen=0, now=AT)
    # A writer that does not check the close (an older program on the same store) slips a
    # payment in: the sign-off still notices and asks for a recount.
    from counter_app.adapters.storage.shifts_repo import SqliteShifts

    with monkeypatch.context() as m:
        m.setattr(SqliteShifts, "shift_close_state", lambda self, shift_id: None)
        pay(c, 9, cash=10000)
    drop_outbox(c)
    with pytest.raises(ShiftError) as e:
        cc.supervisor_sign_off(c.cash, shift_id=shift.shift_id, supervisor_id="2001",
                               pin=SUP_PIN, now=AT)
    assert e.value.code == "shift.changed_after_count"


def test_cashier_may_not_close_or_read_z(counter):
    c = counter
    shift = start_shift(c)
    from hall_domain.errors import PermissionDenied as PD

    with pytest.raises(PD):
        cc.close_shift(c.cash, shift_id=shift.shift_id, user=c.cashier, now=AT, hall_id="H001")
    with pytest.raises(PD):
        cc.z_report(c.cash, shift_id=shift.shift_id, user=c.cashier, now=AT)
    with pytest.raises(ShiftError) as e:
        cc.close_shift(c.cash, shift_id=shift.shift_id, user=c.supervisor, now=AT, hall_id="H001")
    assert e.value.code == "shift.not_signed_off"


def test_voided_payment_leaves_the_sums(counter):
    c = counter
    shift = start_shift(c)
    p = pay(c, 1, cash=10100)
    pay(c, 2, cash=10200)
    with c.store.write() as tx:
        tx.raw.execute("UPDATE payments SET status = 'void' WHERE payment_uuid = ?",
                       (p.payment_uuid,))
    x = cc.x_report(c.cash, shift_id=shift.shift_id, user=c.cashier, now=AT)
    assert (x.totals.payment_count, x.totals.void_count, x.totals.void_total_fen) == (1, 1, 10100)
    assert x.totals.expected_cash_fen == 26000 + 10200


def test_close_state_for_take_payment(counter):
    c = counter
    shift = start_shift(c)
    with c.store.read() as tx:
        assert tx.shifts.shift_close_state(shift.shift_id) is None
    cc.begin_close(c.cash, terminal_id=TERMINAL, user=c.cashier, now=AT)
    with c.store.read() as tx:  # the plain store transaction sees it (services.ports.CounterTx)
        assert tx.shifts.shift_close_state(shift.shift_id) == "counting"
