"""The test decoder itself must catch what a printer would misprint, or its passes mean nothing."""

from __future__ import annotations

from tests.helpers.escpos_decoder import decode

ON, OFF = b"\x1c&", b"\x1c."


def test_plain_lines_cut_qr_and_pulse() -> None:
    data = (
        b"\x1b@" + ON + "中文 ok\n".encode("gbk") + b"\x1ba\x01centre\n"
        + b"\x1d(k\x04\x001A2\x00" + b"\x1d(k\x07\x001P0ABCD" + b"\x1d(k\x03\x001Q0"
        + b"\x1bp\x00\x19\xfa" + b"\x1dV\x01" + OFF
    )
    d = decode(data, encoding="gbk", columns=32)
    assert d.errors == []
    assert d.texts == ["中文 ok", "centre"]
    assert d.lines[0].columns == 7 and d.lines[1].align == "center"
    assert [q.payload for q in d.qr_codes] == ["ABCD"]
    assert d.cuts == ["partial"]
    assert d.pulses[0].pin == 2 and d.pulses[0].on_ms == 50
    assert d.kinds() == ["line", "line", "qr", "pulse", "cut"]


def test_high_bytes_outside_chinese_mode_are_an_error() -> None:
    d = decode(b"\x1b@" + "中".encode("gbk") + b"\n", encoding="gbk")
    assert any("outside Chinese mode" in e for e in d.errors)


def test_four_byte_code_on_a_gbk_printer_is_an_error() -> None:
    d = decode(ON + "䶮".encode("gb18030") + b"\n", encoding="gbk")
    assert d.errors
    assert decode(ON + "䶮".encode("gb18030") + b"\n", encoding="gb18030").texts == ["䶮"]


def test_overlong_line_control_byte_and_missing_lf() -> None:
    d = decode(ON + "中" .encode("gbk") * 17 + b"\n" + b"a\x07b\n" + b"tail", encoding="gbk", columns=32)
    joined = " | ".join(d.errors)
    assert "exceeds 32" in joined and "control byte" in joined and "without a line feed" in joined


def test_double_width_counts_twice_and_needs_both_size_commands() -> None:
    d = decode(ON + b"\x1d!\x11" + "中".encode("gbk") * 9 + b"\n", encoding="gbk", columns=32)
    assert d.lines[0].columns == 36
    assert any("exceeds" in e for e in d.errors)
    assert any("sizes differ" in e for e in d.errors)


def test_international_charset_other_than_usa_is_flagged() -> None:
    d = decode(b"\x1bR\x0f$5\n", encoding="gbk")
    assert any("international character set 15" in e for e in d.errors)
