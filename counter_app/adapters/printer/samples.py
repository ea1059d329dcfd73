"""The technician's test page and a demo receipt (rare-character name, long address)."""

from __future__ import annotations

from datetime import date, datetime

from hall_domain.accounts import Customer, UserType
from hall_domain.allocation import Allocation
from hall_domain.payments import Payment
from hall_domain.receipts import (
    Align,
    Field,
    QRCode,
    Receipt,
    ReceiptContext,
    ReceiptKind,
    Rule,
    SettledBill,
    Size,
    Text,
    payment_receipt,
)
from hall_domain.tenders import CardTender, CashTender

from .render import columns_for
from .text import coverage

# Characters whose printing tells an encoding apart: CJK Extension A (䶮, 㐀), Extension B
# (𠮷, in names), and the euro sign (GB18030 two-byte A2E3, not in GBK).
PROBE_CHARS = (("䶮", "扩展A"), ("㐀", "扩展A"), ("𠮷", "扩展B"), ("€", "欧元"))


def encoding_lines(encoding: str) -> list[str]:
    """What the printer's encoding carries, said correctly for each probe character."""
    name = encoding.upper()
    out = [f"{name} 编码所含生僻字（Rare）："]
    for ch, kind in PROBE_CHARS:
        c = coverage(ch, encoding)
        cp = f"U+{ord(ch):04X}"
        if c.printed:
            out.append(f"{ch} {cp} {kind}：{name} 有此字，应印出左侧字形")
        elif c.in_encoding:
            out.append(f"{ch} {cp} {kind}：{name} 有此字（{len(c.code or b'')} 字节码 "
                       f"{(c.code or b'').hex(' ').upper()}），但常见打印机字库没有，收据印作〓")
        else:
            out.append(f"{ch} {cp} {kind}：{name} 无此字，收据印作〓")
    return out

SAMPLE_UUID = "6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f"


def column_ruler(columns: int) -> list[str]:
    """Two lines: tens digits, then units digits, exactly `columns` wide."""
    tens = "".join(str((i // 10) % 10) if i % 10 == 0 else " " for i in range(1, columns + 1))
    units = "".join(str(i % 10) for i in range(1, columns + 1))
    return [tens, units]


def build_test_page(*, width_mm: int, encoding: str, uri: str = "", profile: str = "default") -> Receipt:
    cols = columns_for(width_mm)
    ruler = column_ruler(cols)
    blocks = [
        Text("打印测试 PRINTER TEST", Align.CENTER, Size.LARGE, bold=True),
        Rule("="),
        Text(f"纸宽 Width: {width_mm} mm / {cols} 列 columns"),
        Text(f"编码 Encoding: {encoding.upper()}"),
        Text(f"型号 Profile: {profile}"),
        Text(f"接口 Printer: {uri}" if uri else "接口 Printer: -", indent=2),
        Rule(),
        Text("列尺 Column ruler:"),
        Text(ruler[0]),
        Text(ruler[1]),
        Text("中" * (cols // 2)),
        Rule(),
        Text("中文：供电营业厅电费收费，谢谢！"),
        Text("English: The quick brown fox jumps over the lazy dog."),
        Text("全角标点：，。、；：？！“”（）《》【】"),
        Text("全角数字：０１２３４５６７８９"),
        Field("人民币符号 Yuan", "¥1,234.56"),
        *(Text(line, indent=2) for line in encoding_lines(encoding)),
        Text("粗体 Bold", bold=True),
        Text("倍高 Tall", size=Size.TALL),
        Text("居中 Centre", Align.CENTER),
        Text("右对齐 Right", Align.RIGHT),
        Rule(),
        QRCode("HCR:TEST:printer-test-page"),
        Text("若能扫描上方二维码，QR 正常", Align.CENTER),
        Text("End of test page 测试结束", Align.CENTER),
    ]
    return Receipt(kind=ReceiptKind.TEST, blocks=tuple(blocks))


def sample_payment() -> tuple[Payment, Customer, list[SettledBill]]:
    """A cash-and-card payment for a customer whose name the GBK code page cannot carry."""
    customer = Customer(
        account_no="3201058812",
        name="龚䶮𠮷（测试户）",
        address="江苏省南京市秦淮区中山南路一二三号金陵花园小区十七栋二单元一千四百零二室（东门进）",
        phone="13912345678",
        user_type=UserType.RESIDENTIAL,
        area="秦淮-017",
    )
    allocations = (
        Allocation(1, "2026-01", 240, 12000, 240, True),
        Allocation(2, "2026-02", 100, 8655, 100, True),
    )
    bills = [
        SettledBill("2026-01", 226, 12000, 12000, 240, True),
        SettledBill("2026-02", 163, 8655, 8655, 100, True),
    ]
    payment = Payment(
        payment_uuid=SAMPLE_UUID,
        terminal_id="T01",
        shift_id=7,
        cashier_id="c001",
        account_no=customer.account_no,
        amount_fen=25000,
        taken_at=datetime(2026, 4, 4, 10, 31, 5),
        business_date=date(2026, 4, 4),
        receipt_number=42,
        tenders=(
            CashTender(amount_fen=15000, tendered_fen=20000),
            CardTender(amount_fen=10000, reference="612345678901", auth_code="A1B2C3", masked_card="622848******1234"),
        ),
        allocations=allocations,
        credit_fen=25000 - 12240 - 8755,
    )
    return payment, customer, bills


SAMPLE_CONTEXT = ReceiptContext(
    hall_name="城东供电营业厅",
    hall_address="城东区人民路88号",
    cashier_name="王晓燕",
    footer="请妥善保管收据 · 服务热线 95598",
)


def sample_receipt(ctx: ReceiptContext = SAMPLE_CONTEXT, *, reprint_count: int = 0, voided: bool = False) -> Receipt:
    payment, customer, bills = sample_payment()
    return payment_receipt(
        payment, customer, bills, ctx, reprint_count=reprint_count, voided=voided,
        void_reason="收费员录入金额错误" if voided else "",
        printed_at=datetime(2026, 4, 5, 9, 0, 0) if reprint_count else None,
    )
