"""The on-screen receipt: laid out in 48 (80 mm) or 32 (58 mm) columns, CJK counted double."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from counter_app.domain.accounts import Customer, UserType
from counter_app.domain.allocation import Allocation
from counter_app.domain.payments import Payment
from counter_app.domain.tenders import CardTender, CashTender
from counter_app.ui import i18n
from counter_app.ui.receipt_text import ReceiptHeader, render_receipt, text_width

CUSTOMER = Customer("3101000001", "欧阳建国", "浙江省杭州市西湖区文三路一百二十八号华星时代广场A座十二层1203室",
                    "13812345678", UserType.RESIDENTIAL, "文三路台区")
HEADER = ReceiptHeader(hall_name="城东供电营业厅", hall_address="城东区人民路88号",
                       footer="请妥善保管收据 · 服务热线 95598", cashier_name="张收费")


def payment(**changes) -> Payment:
    values = dict(
        payment_uuid="4f9c3c2e-8d1b-4a57-9a39-2b1d6f0e7a10", terminal_id="T01", shift_id=3,
        cashier_id="1001", account_no=CUSTOMER.account_no, amount_fen=2_000_00,
        taken_at=datetime(2026, 3, 20, 10, 5, 9), business_date=date(2026, 3, 20),
        receipt_number=42,
        tenders=(CashTender(amount_fen=50_00, tendered_fen=100_00),
                 CardTender(amount_fen=1_950_00, reference="123456789012", auth_code="A1B2C3",
                            masked_card="622848******1234")),
        allocations=(Allocation(1, "2025-12", 3_96, 120_00, 3_96, True),
                     Allocation(2, "2026-01", 1_00, 95_10, 1_00, True)),
        credit_fen=2_000_00 - 3_96 - 120_00 - 1_00 - 95_10,
    )
    values.update(changes)
    return Payment(**values)


@pytest.mark.parametrize(("width_mm", "columns"), [(80, 48), (58, 32)])
@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_line_fits_the_paper(qapp, width_mm, columns, language):
    i18n.install_language(language)
    try:
        text = render_receipt(payment(), CUSTOMER, HEADER, width_mm=width_mm)
    finally:
        i18n.install_language("zh_CN")
    lines = text.splitlines()
    too_wide = [line for line in lines if text_width(line) > columns]
    assert not too_wide
    assert any(text_width(line) == columns for line in lines)  # the rules span the paper
    joined = "".join(line.strip() for line in lines)
    assert "T01-00000042" in joined and "622848******1234" in joined
    assert "文三路一百二十八号" in joined  # the long address is wrapped, not cut


def test_chinese_receipt_content(qapp):
    i18n.install_language("zh_CN")
    text = render_receipt(payment(), CUSTOMER, HEADER)
    for expected in ("电费收据", "收据号", "1001 张收费", "欧阳建国", "¥123.96", "¥96.10",
                     "预存", "¥1,779.94", "实收合计", "¥2,000.00", "找零", "¥50.00",
                     "参考号", "123456789012", "授权码", "A1B2C3", "请妥善保管收据"):
        assert expected in text, expected
    assert "重打" not in text


def test_reprint_is_marked_in_both_languages(qapp):
    i18n.install_language("zh_CN")
    text = render_receipt(payment(), CUSTOMER, HEADER, reprint=True)
    assert "** 重打 REPRINT **" in text


def test_text_width_counts_wide_characters_twice():
    assert text_width("户号") == 4 and text_width("A1") == 2 and text_width("¥") == 1
