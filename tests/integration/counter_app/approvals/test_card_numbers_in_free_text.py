"""A card number typed into free text is refused at the domain boundary, on both sides, with a
clear message that does not repeat it, and nothing is written: cash in/out reasons, void,
refund and waiver reasons, approval reasons, the no-sale reason, user names, imported names,
addresses, areas and phones; at the ledger the wire's reasons and phone and its own imports."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from luhn_scan import card_like_runs
from pydantic import ValidationError

from counter_app.services import auth, cash_control, cash_drawer, voids, waivers
from counter_app.services.imports import ImportRefused, import_customers
from hall_domain.errors import DomainError
from hall_domain.inputs import check_free_text, check_phone_text, has_card_number
from hall_domain.security import Action, Role
from hall_ledger.services.imports import import_customers as ledger_import_customers
from hall_ledger.wire import ContactChangeIn, RefundIn, VoidIn
from tests.helpers.approvals import CTX, LATE, PRINTER, approve, later
from tests.helpers.cash_fixtures import SUP_PIN, TERMINAL, pay, start_shift

PAN = "6222021234567890128"  # 19 digits, Luhn-valid
SHAPES = [PAN, "6222 0212 3456 7890 128", "4111-1111-1111-1111", "4111 1111 1111 1111",
          "４１１１１１１１１１１１１１１１", "4111111111111111"]
REASONS = [f"客户卡号{s}退款" for s in SHAPES] + [f"card {s}" for s in SHAPES]


def table_counts(store) -> dict[str, int]:
    con = sqlite3.connect(store.path)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def refused(fn, store=None) -> DomainError:
    before = table_counts(store) if store is not None else None
    with pytest.raises(DomainError) as e:
        fn()
    assert e.value.code == "text.card_number", e.value.code
    assert "card number" in e.value.message
    assert not card_like_runs(e.value.message.encode()) and PAN not in e.value.message
    if store is not None:
        assert table_counts(store) == before, "something was written"
    return e.value


# --- the rule -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", REASONS)
def test_the_rule_finds_card_numbers(text):
    assert has_card_number(text)


@pytest.mark.parametrize("text", [
    "收错户号", "户号 3301000001 缴费 120.50 元", "RRN 000000000001", "2026-04-04 10:15",
    "622848******1234", "1234567890123456789012345",  # a long run is not a card number
    "13800000000", "+86 138 0000 0000", "0571-88888888", "T01-00000057", "",
])
def test_the_rule_lets_ordinary_text_through(text):
    check_free_text(text, "reason")
    check_phone_text(text)


def _luhn_complete(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


@settings(max_examples=300, deadline=None)
@given(body=st.text("0123456789", min_size=12, max_size=18),
       sep=st.sampled_from(["", " ", "-"]), group=st.sampled_from([4, 5, 6]),
       before=st.text("付款原因卡号 abc", max_size=8), after=st.text("付款原因 xyz", max_size=8))
def test_any_card_number_in_any_grouping_is_found(body, sep, group, before, after):
    number = _luhn_complete(body)
    shown = sep.join(number[i:i + group] for i in range(0, len(number), group))
    assert has_card_number(f"{before}{shown}{after}")


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("0123456789 -abc卡号\n"), max_size=60))
def test_whatever_the_store_scan_would_flag_the_rule_refuses(text):
    if card_like_runs(text.encode()):
        assert has_card_number(text)


# --- the counter ----------------------------------------------------------------------------


@pytest.mark.parametrize("reason", REASONS[:3])
def test_cash_in_and_cash_out_reasons(counter, reason):
    c = counter
    start_shift(c, at=LATE)
    refused(lambda: cash_control.cash_in(c.cash, terminal_id=TERMINAL, user=c.cashier,
                                         amount_fen=1000, reason=reason, now=later(1)), c.store)
    refused(lambda: cash_control.cash_out(c.cash, terminal_id=TERMINAL, user=c.cashier,
                                          amount_fen=1000, reason=reason, now=later(1),
                                          approver_id="2001", approver_pin=SUP_PIN), c.store)
    cash_control.cash_in(c.cash, terminal_id=TERMINAL, user=c.cashier, amount_fen=1000,
                         reason="找零备用", now=later(2))


def test_void_refund_waiver_approval_and_no_sale_reasons(counter):
    c = counter
    start_shift(c, at=LATE)
    p = pay(c, 1, cash=20000, at=later(1))
    ok = approve(c, Action.VOID_PAYMENT, voids.void_target(p.payment_uuid), at=later(2))
    refused(lambda: voids.void_payment(
        c.store, terminal_id=TERMINAL, user=c.cashier, payment_uuid=p.payment_uuid,
        reason=REASONS[0], approval=ok, now=later(3), receipt_ctx=CTX, printer_uri=PRINTER),
        c.store)
    refused(lambda: voids.refund_credit(
        c.store, terminal_id=TERMINAL, user=c.cashier, payment_uuid=p.payment_uuid,
        amount_fen=100, reason=REASONS[1], approval=None, now=later(3), receipt_ctx=CTX,
        printer_uri=PRINTER), c.store)
    with c.store.read() as tx:
        bill_id = tx.bills.open_bills("3301000003")[0].bill_id
    target = waivers.waiver_target("3301000003", bill_id)
    ok = approve(c, Action.WAIVE_LATE_FEE, target, at=later(4))
    refused(lambda: waivers.waive_late_fee(
        c.store, terminal_id=TERMINAL, user=c.cashier, account_no="3301000003", bill_id=bill_id,
        reason=REASONS[2], approval=ok, now=later(5), rules=waivers.LateFeeRuleSet()), c.store)
    from counter_app.services import approvals
    refused(lambda: approvals.approve(
        c.store, action=Action.VOID_PAYMENT, initiator=c.cashier, approver_id="2001",
        approver_pin=SUP_PIN, target="payment:x", reason=REASONS[3], now=later(6),
        terminal_id=TERMINAL), c.store)
    refused(lambda: cash_drawer.open_without_sale(
        c.store, None, pin=2, terminal_id=TERMINAL, cashier=c.cashier, supervisor=c.supervisor,
        reason=REASONS[4], now=later(7)), c.store)
    refused(lambda: auth.create_user(
        c.store, actor=c.admin, user_id="1009", name=f"张{PAN}", role=Role.CASHIER, pin="2468",
        now=later(8), terminal_id=TERMINAL), c.store)
    # the same void with a plain reason goes through
    ok = approve(c, Action.VOID_PAYMENT, voids.void_target(p.payment_uuid), at=later(9))
    voids.void_payment(c.store, terminal_id=TERMINAL, user=c.cashier,
                       payment_uuid=p.payment_uuid, reason="收错户号", approval=ok,
                       now=later(10), receipt_ctx=CTX, printer_uri=PRINTER)


@pytest.mark.parametrize(("column", "row"), [
    ("name", f"3301000099,张{PAN},人民路1号,,residential,东1"),
    ("address", "3301000099,张三,人民路 6222 0212 3456 7890 128 号,,residential,东1"),
    ("area", "3301000099,张三,人民路1号,,residential,东4111-1111-1111-1111"),
    ("phone", "3301000099,张三,人民路1号,4111111111111111,residential,东1"),
])
def test_imported_names_addresses_areas_and_phones(counter, tmp_path, column, row):
    f = tmp_path / "customers.csv"
    f.write_text("account_no,name,address,phone,user_type,area\n" + row + "\n", encoding="utf-8")
    before = table_counts(counter.store)
    with pytest.raises(ImportRefused) as e:
        import_customers(counter.store, f, now=LATE)
    [err] = e.value.errors
    assert err.reason.startswith(f"{column}: ") and "card number" in err.reason
    assert not card_like_runs(str(e.value).encode())
    assert table_counts(counter.store) == before


# --- the ledger -----------------------------------------------------------------------------

VOID = {"payment_uuid": "0c7d4cbb-52a6-4f11-9d39-1f0c5c5a8e51", "terminal_id": "T01",
        "account_no": "3301000001", "receipt_number": 5, "shift_id": 1, "cashier_id": "1001",
        "approved_by": "2001", "reason": "收错户号", "voided_at": "2026-04-04T10:00:00",
        "business_date": "2026-04-04"}


@pytest.mark.parametrize("reason", REASONS)
def test_the_wire_refuses_card_numbers_in_reasons_and_phones(reason):
    assert VoidIn.model_validate(VOID)
    with pytest.raises(ValidationError, match="card number"):
        VoidIn.model_validate({**VOID, "reason": reason})
    refund = {k: v for k, v in VOID.items() if k != "voided_at"} | {
        "refund_id": "1c7d4cbb-52a6-4f11-9d39-1f0c5c5a8e51", "amount_fen": 100,
        "refunded_at": "2026-04-04T10:00:00", "reason": reason}
    with pytest.raises(ValidationError, match="card number"):
        RefundIn.model_validate(refund)


def test_the_wire_refuses_a_card_number_as_a_phone():
    change = {"account_no": "3301000001", "terminal_id": "T01", "phone": "13800000000",
              "changed_at": "2026-04-04T10:00:00", "changed_by": "1001"}
    assert ContactChangeIn.model_validate(change)
    with pytest.raises(ValidationError, match="card number"):
        ContactChangeIn.model_validate({**change, "phone": "4111111111111111"})


def test_ledger_imports_refuse_card_numbers(tmp_path):
    from sqlalchemy import func, select

    from hall_ledger.store import migrate
    from hall_ledger.store.db import make_engine
    from hall_ledger.store.models import Customer

    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    migrate.upgrade(engine)
    text = ("account_no,name,address,phone,user_type,area\n"
            "3301000001,张三,人民路1号,,residential,东1\n"
            f"3301000002,李四,人民路{PAN}号,,residential,东1\n"
            "3301000003,王五,人民路3号,4111 1111 1111 1111,residential,东1\n")
    result = ledger_import_customers(engine, text, hall_id="H001")
    assert len(result.errors) == 2
    shown = str(result.errors)
    assert "card number" in shown and PAN not in shown and not card_like_runs(shown.encode())
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Customer)).scalar() == 0
    engine.dispose()


# --- one rule on both sides -------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.one_of(
    st.text(st.sampled_from("0123456789 -退款卡号ab\n\t\u202e\x00"), max_size=40),
    st.sampled_from(REASONS + ["收错户号", " 收错户号 ", "", "x" * 200, "x" * 201]),
))
def test_a_void_reason_gets_the_same_verdict_at_the_counter_and_at_the_ledger(reason):
    try:
        voids._reason(reason)
        counter_ok = True
    except DomainError:
        counter_ok = False
    try:
        # The counter trims what the cashier typed before it checks and stores the reason, so
        # the ledger sees the trimmed text (the wire itself refuses a trailing newline).
        VoidIn.model_validate({**VOID, "reason": reason.strip()})
        ledger_ok = True
    except ValidationError:
        ledger_ok = False
    assert counter_ok == ledger_ok


@pytest.mark.parametrize("text", ["第一行\n第二行", "a\tb", "a\x00b", "\u202e收错户号"])
def test_free_text_is_one_line_of_plain_text(text):
    with pytest.raises(DomainError) as e:
        check_free_text(text, "reason")
    assert e.value.code == "text.control_character"
