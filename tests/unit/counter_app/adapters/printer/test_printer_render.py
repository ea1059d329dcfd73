"""Receipts rendered to ESC/POS and read back: content, order, width, encoding, QR, cut."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app.adapters.printer.profiles import features_for
from counter_app.adapters.printer.render import COLUMNS, render
from counter_app.adapters.printer.samples import (
    SAMPLE_CONTEXT,
    SAMPLE_UUID,
    build_test_page,
    column_ruler,
    sample_payment,
    sample_receipt,
)
from hall_domain.receipts import payment_receipt
from tests.helpers.escpos_decoder import decode

WIDTHS = [58, 80]
ENCODINGS = ["gb18030", "gbk"]


def decoded(receipt, width: int, enc: str, **kw):
    job = render(receipt, width_mm=width, encoding=enc, **kw)
    d = decode(job.data, encoding=enc, columns=COLUMNS[width])
    assert d.errors == [], d.errors
    return job, d


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("enc", ENCODINGS)
def test_sample_receipt_content_order_and_width(width: int, enc: str) -> None:
    job, d = decoded(sample_receipt(), width, enc)
    cols = COLUMNS[width]
    for line in d.lines:
        assert line.columns <= cols, line
        assert line.eaw_columns <= cols, line
    text = "\n".join(d.texts)
    # In the order a customer reads it.
    order = [
        "城东供电营业厅", "城东区人民路88号", "电费缴费收据", "T01-00000042", "王晓燕",
        "2026-04-04 10:31:05", "3201058812", "户名：龚", "地址：江苏省", "2026-01", "￥120.00",
        "￥2.40", "2026-02", "￥86.55", "预存电费", "合计", "大写：贰佰伍拾元整",
        "实收", "￥200.00", "找零", "￥50.00", "622848******1234", "612345678901", "A1B2C3",
        "95598",
    ]
    positions = [d.index_of(fragment) for fragment in order]
    assert positions == sorted(positions), list(zip(order, positions, strict=True))
    assert "东门进" in "".join(d.texts).replace(" ", "")  # the long address wrapped, nothing lost
    assert d.lines[d.index_of("大写")].text.endswith("整")
    # QR after the totals, cut last, Chinese mode left at the very end
    assert [q.payload for q in d.qr_codes] == [f"HCR:T01-00000042:{SAMPLE_UUID}"]
    assert d.kinds()[-1] == "cut" and d.cuts == ["partial"]
    assert job.data.startswith(b"\x1b@\x1bR\x00\x1c&") and job.data.endswith(b"\x1c.")
    assert "¥" not in text  # half-width yen is not in GBK: printed as ￥


def test_rare_characters_per_encoding() -> None:
    job18, d18 = decoded(sample_receipt(), 58, "gb18030")
    jobk, dk = decoded(sample_receipt(), 58, "gbk")
    name18 = d18.texts[d18.index_of("户名")]
    namek = dk.texts[dk.index_of("户名")]
    assert name18.startswith("户名：龚䶮〓")  # 䶮 has a GB18030 code; 𠮷 (plane 2) never prints
    assert namek.startswith("户名：龚〓〓")
    assert job18.replaced == ("𠮷",) and jobk.replaced == ("䶮", "𠮷")


@pytest.mark.parametrize("width", WIDTHS)
def test_long_address_wraps_with_indent(width: int) -> None:
    _, d = decoded(sample_receipt(), width, "gbk")
    start = d.index_of("地址")
    cont = d.texts[start + 1]
    assert cont.startswith("      ") and len(cont.strip()) > 0


@pytest.mark.parametrize("width", WIDTHS)
def test_reprint_is_marked_with_its_count(width: int) -> None:
    _, d = decoded(sample_receipt(reprint_count=2), width, "gb18030")
    marks = [t for t in d.texts if "重打" in t]
    assert marks and "REPRINT" in marks[0] and "第2次" in marks[0]
    assert d.index_of("重打") < d.index_of("收据号")
    assert d.index_of("重打时间") > d.index_of("合计")


@pytest.mark.parametrize("width", WIDTHS)
def test_void_receipt_is_marked_top_and_bottom(width: int) -> None:
    _, d = decoded(sample_receipt(voided=True), width, "gbk")
    voids = [i for i, t in enumerate(d.texts) if "作废" in t and "VOID" in t]
    assert len(voids) == 2 and voids[0] < d.index_of("收据号") < voids[1]
    assert "收费员录入金额错误" in "".join(d.texts).replace(" ", "")
    top = d.lines[voids[0]]
    assert top.width_mul == 2 and top.columns <= COLUMNS[width]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("enc", ENCODINGS)
def test_test_page(width: int, enc: str) -> None:
    _, d = decoded(build_test_page(width_mm=width, encoding=enc, uri="tcp://10.0.0.9:9100"), width, enc)
    tens, units = column_ruler(COLUMNS[width])
    assert units in d.texts and tens.rstrip() in d.texts
    assert d.lines[d.texts.index(units)].columns == COLUMNS[width]
    assert "中" * (COLUMNS[width] // 2) in d.texts  # a full line of wide characters
    text = "\n".join(d.texts)
    for fragment in ("中文", "English", "０１２３４５６７８９", "￥1,234.56", "，。", "Rare"):
        assert fragment in text
    assert len(d.qr_codes) == 1 and d.cuts == ["partial"]


def test_profile_without_qr_or_cutter_prints_payload_as_text() -> None:
    feats = features_for("POS-5890")
    assert not feats.qr_code and not feats.cutter
    _, d = decoded(sample_receipt(), 58, "gbk", features=feats)
    assert d.qr_codes == [] and d.cuts == []
    assert any(t.startswith("HCR:T01-00000042") for t in d.texts)


def test_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="TM-T88III"):
        features_for("no-such-printer")


def test_bad_width_and_encoding() -> None:
    with pytest.raises(ValueError, match="58 or 80"):
        render(sample_receipt(), width_mm=76, encoding="gbk")
    with pytest.raises(ValueError, match="gb18030 or gbk"):
        render(sample_receipt(), width_mm=58, encoding="utf-8")


NAMES = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list("龚䶮𠮷㐀堃（）·¥ \n\t")),
    ),
    min_size=0,
    max_size=60,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NAMES, NAMES, st.sampled_from(WIDTHS), st.sampled_from(ENCODINGS))
def test_any_name_and_address_render_within_the_paper(name: str, address: str, width: int, enc: str) -> None:
    from dataclasses import replace

    payment, customer, bills = sample_payment()
    customer = replace(customer, name=name, address=address)
    receipt = payment_receipt(payment, customer, bills, SAMPLE_CONTEXT)
    job = render(receipt, width_mm=width, encoding=enc)
    d = decode(job.data, encoding=enc, columns=COLUMNS[width])
    assert d.errors == []
    assert all(line.eaw_columns <= COLUMNS[width] for line in d.lines)
    # The total's own line (a name may itself contain 合计).
    total = next(i for i, t in enumerate(d.texts) if t.startswith("合计") and "￥" in t)
    assert d.index_of("户名") < total


@pytest.mark.parametrize("width", WIDTHS)
def test_test_page_says_which_characters_each_encoding_carries(width: int) -> None:
    """GB18030 carries 𠮷 (a four-byte code) and 䶮; GBK carries neither — the page says so."""
    _, g18 = decoded(build_test_page(width_mm=width, encoding="gb18030"), width, "gb18030")
    _, gbk = decoded(build_test_page(width_mm=width, encoding="gbk"), width, "gbk")
    page18, pagek = "".join(g18.texts).replace(" ", ""), "".join(gbk.texts).replace(" ", "")
    assert "U+20BB7扩展B：GB18030有此字（4字节码9534B235）" in page18
    assert "䶮U+4DAE扩展A：GB18030有此字" in page18  # printed as itself
    assert "U+20BB7扩展B：GBK无此字" in pagek and "U+4DAE扩展A：GBK无此字" in pagek
    assert "always" not in page18 + pagek  # the old page said 𠮷 never prints on any encoding
    assert not g18.errors and not gbk.errors
