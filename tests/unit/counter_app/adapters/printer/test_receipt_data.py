"""Receipts as data (domain): what a payment receipt holds, reprint/void marks, storage form."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.adapters.printer.samples import SAMPLE_CONTEXT, sample_payment, sample_receipt
from hall_domain.accounts import Bill
from hall_domain.allocation import Allocation
from hall_domain.receipts import (
    Align,
    Feed,
    Field,
    QRCode,
    Receipt,
    ReceiptKind,
    Rule,
    Size,
    Slip,
    SlipLine,
    Text,
    mark_reprint,
    payment_receipt,
    receipt_from_json,
    receipt_to_json,
    settled_bills,
    slip_receipt,
)


def test_payment_receipt_holds_every_part() -> None:
    r = sample_receipt()
    texts = r.texts()
    assert r.kind == ReceiptKind.RECEIPT and r.receipt_no == "T01-00000042"
    for needed in ("城东供电营业厅", "T01", "王晓燕", "3201058812", "2026-01", "2026-02", "合计",
                   "¥250.00", "大写：贰佰伍拾元整", "¥200.00", "¥50.00", "622848******1234",
                   "612345678901", "预存电费", "¥40.05"):
        assert any(needed in t for t in texts), needed
    assert sum(isinstance(b, QRCode) for b in r.blocks) == 1


def test_cashier_id_when_no_name() -> None:
    payment, customer, bills = sample_payment()
    r = payment_receipt(payment, customer, bills, replace(SAMPLE_CONTEXT, cashier_name=""))
    assert Field("收费员", "c001") in r.blocks


def test_card_only_payment_has_no_change_lines() -> None:
    payment, customer, bills = sample_payment()
    payment = replace(payment, tenders=payment.tenders[1:], amount_fen=10000, credit_fen=0)
    texts = payment_receipt(payment, customer, bills, SAMPLE_CONTEXT).texts()
    assert "  找零" not in texts and "  参考号" in texts


def test_settled_bills_joins_kwh_from_bills() -> None:
    bills = {7: Bill(7, "3201058812", "2026-01", 321, 15000, date(2026, 2, 15))}
    allocs = [Allocation(7, "2026-01", 150, 10000, 150, False)]
    [sb] = settled_bills(allocs, bills)
    assert (sb.kwh, sb.bill_amount_fen, sb.principal_paid_fen, sb.late_fee_paid_fen, sb.settled) == (
        321, 15000, 10000, 150, False)


def test_reprint_and_void_kinds() -> None:
    assert sample_receipt(reprint_count=1).kind == ReceiptKind.REPRINT
    assert sample_receipt(voided=True).kind == ReceiptKind.VOID
    with pytest.raises(ValueError):
        sample_receipt(reprint_count=-1)


def test_mark_reprint_replaces_an_earlier_mark() -> None:
    r = mark_reprint(mark_reprint(sample_receipt(), 1), 3, note="打印故障补打")
    marks = [b for b in r.blocks if isinstance(b, Text) and "重打" in b.text]
    assert [m.text for m in marks] == ["** 重打 REPRINT 第3次 **"]
    assert r.kind == ReceiptKind.REPRINT and r.reprint_count == 3
    title = next(i for i, b in enumerate(r.blocks) if isinstance(b, Text) and b.text == "电费缴费收据")
    assert r.blocks[title + 1] == marks[0]
    with pytest.raises(ValueError):
        mark_reprint(r, 0)


def test_slip_uses_the_same_blocks() -> None:
    r = slip_receipt(Slip("X 报表", (SlipLine("现金", "¥10.00"), SlipLine("小计", bold=True))), SAMPLE_CONTEXT)
    assert r.kind == ReceiptKind.SLIP and Field("现金", "¥10.00") in r.blocks


BLOCKS = st.one_of(
    st.builds(Text, st.text(max_size=30), st.sampled_from(Align), st.sampled_from(Size), st.booleans(),
              st.integers(0, 8)),
    st.builds(Field, st.text(max_size=10), st.text(max_size=20), st.booleans()),
    st.builds(Rule, st.sampled_from("-=*")),
    st.builds(QRCode, st.text(alphabet="ABC123:-", max_size=40)),
    st.builds(Feed, st.integers(1, 5)),
)


@given(st.lists(BLOCKS, max_size=20), st.sampled_from(ReceiptKind), st.integers(0, 5), st.booleans())
def test_json_round_trip(blocks, kind, reprints, voided) -> None:
    r = Receipt(kind=kind, blocks=tuple(blocks), receipt_no="T01-00000001",
                payment_uuid="u-1", reprint_count=reprints, voided=voided)
    assert receipt_from_json(receipt_to_json(r)) == r


def test_json_refuses_unknown_blocks() -> None:
    with pytest.raises(ValueError, match="unknown receipt block"):
        receipt_from_json('{"kind":"receipt","blocks":[{"type":"Image","path":"x"}]}')
