"""Change to the fen, or rounded by the hall's rule: a perfect count balances to the fen either way.

The issue's example: a ¥91.07 payment paid with ¥100 leaves ¥8.93 change. Without rounding the
drawer needs the 分 coins to balance; rounded to 角 the cashier hands back ¥8.90 and the 3 fen
the drawer keeps are stored with the payment, printed, and summed on the X/Z reports.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from counter_app.adapters.printer import render
from counter_app.adapters.reports.z_report import z_report_story
from counter_app.services import cash_control as cc
from counter_app.services.payments import ReceiptJobSpec, get_payment, take_payment_with_receipt
from counter_app.services.shift_reports import report_slip
from counter_app.services.sync import wire_payload
from hall_domain.errors import TenderError
from hall_domain.receipts import ReceiptContext, slip_receipt
from hall_domain.shifts import DENOMINATIONS_FEN, DenominationCount
from hall_domain.tenders import CardTender, CashTender, ChangeRounding
from hall_ledger.wire import PaymentIn, TenderIn, content_hash
from tests.helpers.cash_fixtures import (
    FLOAT,
    RULES,
    SUP_PIN,
    T0,
    TERMINAL,
    drop_outbox,
    start_shift,
)
from tests.helpers.escpos_decoder import decode

CTX = ReceiptContext(hall_name="城东供电营业厅", hall_address="人民路88号", cashier_name="收费员甲")


def count_exactly(fen: int) -> DenominationCount:
    """The notes and coins of `fen`, largest first (what a careful cashier counts)."""
    counts = {}
    for d in DENOMINATIONS_FEN:
        n, fen = divmod(fen, d)
        if n:
            counts[d] = n
    assert fen == 0
    return DenominationCount(counts)


@pytest.mark.parametrize("due, none, five, jiao", [
    (893, 893, 895, 890), (895, 895, 895, 900), (894, 894, 895, 890), (892, 892, 890, 890),
    (3, 3, 5, 0), (5, 5, 5, 10), (0, 0, 0, 0), (1000, 1000, 1000, 1000),
])
def test_round_half_up_to_the_unit(due, none, five, jiao):
    assert ChangeRounding.NONE.round_change(due) == none
    assert ChangeRounding.FIVE_FEN.round_change(due) == five
    assert ChangeRounding.JIAO.round_change(due) == jiao


def test_apply_records_the_difference_on_the_tender():
    t = ChangeRounding.JIAO.apply(CashTender(9107, 10000))
    assert (t.change_due_fen, t.change_fen, t.rounding_fen) == (893, 890, 3)
    t.validate()
    up = ChangeRounding.JIAO.apply(CashTender(9105, 10000))
    assert (up.change_fen, up.rounding_fen) == (900, -5)  # half up: the drawer gives 5 fen
    card = CardTender(100, "612345678901", "A1B2C3", "622848******1234")
    assert ChangeRounding.JIAO.apply(card) is card
    assert ChangeRounding.NONE.apply(CashTender(9107, 10000)).rounding_fen == 0
    assert ChangeRounding.from_setting("5fen") is ChangeRounding.FIVE_FEN


@pytest.mark.parametrize("tender", [
    CashTender(9107, 10000, rounding_fen=6),   # more than half of the largest unit
    CashTender(9107, 9107, rounding_fen=-5),   # no change due: nothing to round
    CashTender(9107, 9110, rounding_fen=4),    # more than the change due
])
def test_a_rounding_that_cannot_be_is_refused(tender):
    with pytest.raises(TenderError) as e:
        tender.validate()
    assert e.value.code == "tender.rounding"


def test_a_rounding_against_the_rule_is_refused():
    with pytest.raises(TenderError) as e:
        ChangeRounding.JIAO.apply(CashTender(9107, 10000, rounding_fen=-2))
    assert e.value.code == "tender.rounding"


@pytest.mark.parametrize("rule, given, rounding", [
    (ChangeRounding.NONE, 893, 0),
    (ChangeRounding.JIAO, 890, 3),
    (ChangeRounding.FIVE_FEN, 895, -2),
])
def test_the_893_change_example_balances_to_the_fen(counter, rule, given, rounding):
    c = counter
    shift = start_shift(c)
    payment, job_id = take_payment_with_receipt(
        c.store, receipt_job=ReceiptJobSpec(CTX), terminal_id=TERMINAL, user=c.cashier,
        account_no="3301000001", amount_fen=9107, tenders=[CashTender(9107, 10000)],
        now=T0 + timedelta(minutes=5), rules=RULES, change_rounding=rule)
    assert (payment.change_fen, payment.change_rounding_fen) == (given, rounding)
    # Stored with the payment and read back as it was taken.
    assert get_payment(c.store, payment.payment_uuid).tenders == payment.tenders

    # The receipt, decoded from the printer's bytes, says what was due, rounded and given.
    with c.store.read() as tx:
        receipt = tx.print_jobs.get_print_job(job_id).receipt
    paper = decode(render(receipt, width_mm=80, encoding="gb18030").data, encoding="gb18030",
                   columns=48)
    assert not paper.errors
    lines = [" ".join(t.split()) for t in paper.texts]
    assert f"找零 ￥{given // 100}.{given % 100:02d}" in lines
    if rounding:
        assert "应找 ￥8.93" in lines
        assert f"找零舍入 {'+' if rounding < 0 else '-'}￥0.0{abs(rounding)}" in lines
    else:
        assert not any("舍入" in t for t in lines)

    # The ledger takes it: the tender's rounding travels only when there is one.
    with c.store.read() as tx:
        [payload] = [json.loads(r[0]) for r in tx.raw.execute(
            "SELECT payload_json FROM outbox WHERE kind = 'payment'")]
    wire = PaymentIn.model_validate_json(wire_payload("payment", json.dumps(payload)))
    assert wire.tenders[0].change_fen == given
    assert wire.tenders[0].change_rounding_fen == rounding
    assert ("change_rounding_fen" in wire.tenders[0].model_dump()) == bool(rounding)

    # A perfect count of the drawer (float + what the sale left in it) balances exactly.
    in_drawer = FLOAT.total_fen + 10000 - given
    assert in_drawer == FLOAT.total_fen + 9107 + rounding
    cc.begin_close(c.cash, terminal_id=TERMINAL, user=c.cashier, now=T0 + timedelta(hours=1))
    fig = cc.submit_blind_count(c.cash, shift_id=shift.shift_id, user=c.cashier,
                                counted=count_exactly(in_drawer), bank_settlement_fen=0,
                                now=T0 + timedelta(hours=1))
    assert fig.cash.expected_fen == in_drawer and fig.cash.over_short_fen == 0 and fig.balanced
    drop_outbox(c)
    cc.supervisor_sign_off(c.cash, shift_id=shift.shift_id, supervisor_id="2001", pin=SUP_PIN,
                           now=T0 + timedelta(hours=1))
    z = cc.close_shift(c.cash, shift_id=shift.shift_id, user=c.supervisor,
                       now=T0 + timedelta(hours=1), hall_id="H001")
    assert z.totals.change_rounding_fen == rounding
    assert z.figures.cash.over_short_fen == 0
    slip = {line.label: line.value for line in report_slip(z).lines}
    assert slip["找零"] == "¥8.93"  # change due; the rounding beside it
    assert slip["现金长短款"] == "平 ¥0.00"
    if rounding:
        assert slip["找零舍入（留存）"] == {3: "+¥0.03", -2: "-¥0.02"}[rounding]
    else:
        assert "找零舍入（留存）" not in slip
    # The Z report's cash section adds up: float + tendered − change due + rounding = expected.
    t = z.totals
    assert (t.opening_float_fen + t.cash_tendered_fen - (t.change_fen + t.change_rounding_fen)
            + t.change_rounding_fen == t.expected_cash_fen == in_drawer)
    pdf_cells = [cell for flow in z_report_story(z, hall_name="厅") for cell in _cells(flow)]
    assert "找零舍入留存（应找减实找）" in pdf_cells
    assert slip_receipt(report_slip(z), CTX).texts()  # prints


def _cells(flowable) -> list[str]:
    rows = getattr(flowable, "_cellvalues", None) or []
    return [str(v) for row in rows for v in row]


def test_an_unrounded_tender_hashes_as_before():
    """Payments taken before rounding existed keep their content hash at the ledger."""
    t = TenderIn(kind="cash", amount_fen=9107, tendered_fen=10000, change_fen=893)
    assert "change_rounding_fen" not in t.model_dump()
    before = {"kind": "cash", "amount_fen": 9107, "tendered_fen": 10000, "change_fen": 893,
              "reference": None, "auth_code": None, "masked_card": None}
    assert t.model_dump(mode="json") == before
    rounded = TenderIn(kind="cash", amount_fen=9107, tendered_fen=10000, change_fen=890,
                       change_rounding_fen=3)
    assert content_hash(rounded) != content_hash(
        TenderIn(kind="cash", amount_fen=9107, tendered_fen=10000, change_fen=893))
    with pytest.raises(ValueError):  # the rounding must explain the change exactly
        TenderIn(kind="cash", amount_fen=9107, tendered_fen=10000, change_fen=890)
