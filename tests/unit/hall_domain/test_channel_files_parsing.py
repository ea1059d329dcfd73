"""Channel file parsing as pure text: generated files read back exactly (hypothesis), every
refusal names its line or its figures, profiles are checked before use."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.channel_fixtures import Txn, bank_pipe, wechat
from hall_domain.channel_files import (
    BANK_PIPE,
    ChannelFileError,
    check_profile,
    decode,
    parse_profile_text,
    parse_wechat,
    text_digest,
    yuan_to_fen,
)

T0 = datetime(2026, 12, 1, 0, 0, 0)

txns = st.lists(st.tuples(st.integers(1, 10**9), st.integers(0, 86_399 * 2),
                          st.sampled_from(["payment", "reversal"])), min_size=0, max_size=30)


@settings(max_examples=60, deadline=None)
@given(txns, st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_channel_files_bank_pipe_round_trip(rows, newline, bom):
    made = [Txn(T0 + timedelta(seconds=s), f"B{i}", "3301000001", fen, kind=kind,
                original_txn_id="B0" if kind == "reversal" else "")
            for i, (fen, s, kind) in enumerate(rows)]
    raw = (("\ufeff" if bom else "") + bank_pipe(made, newline=newline)).encode()
    text = decode(raw, "utf-8")
    parsed = parse_profile_text(text, BANK_PIPE)
    assert [(ln.txn_id, ln.kind, ln.amount_fen, ln.txn_date) for ln in parsed.lines] == [
        (t.txn_id, t.kind, t.amount_fen if t.kind == "payment" else -t.amount_fen, t.when.date())
        for t in made]
    assert [ln.line_no for ln in parsed.lines] == list(range(2, len(made) + 2))
    assert text_digest(text) == text_digest(decode(bank_pipe(made).encode("gbk"), "gbk"))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 10**8), min_size=1, max_size=10), st.integers(1, 10**6))
def test_channel_files_any_total_off_by_any_fen_is_refused(amounts, off):
    made = [Txn(T0, f"B{i}", "3301000001", fen) for i, fen in enumerate(amounts)]
    right = (len(made), sum(amounts))
    for control in ((right[0], right[1] + off), (right[0] + 1, right[1])):
        with pytest.raises(ChannelFileError) as info:
            parse_profile_text(bank_pipe(made, control=control), BANK_PIPE)
        assert info.value.figures["lines"] == len(made)


@pytest.mark.parametrize("text, why", [
    ("12.3", "two decimals"), ("-1.00", "two decimals"), ("1e3", "two decimals"),
    ("１２.００", "two decimals"), ("NaN", "two decimals"), ("", "two decimals")])
def test_channel_files_amounts_are_strict(text, why):
    with pytest.raises(ChannelFileError, match=why):
        yuan_to_fen(text, line=2, what="amount", two_decimals=True)
    assert yuan_to_fen("0012.30", line=2, what="amount", two_decimals=True) == 1230


def test_channel_files_bad_lines_name_their_line():
    good = bank_pipe([Txn(T0, "B1", "3301000001", 100), Txn(T0, "B2", "3301000001", 100,
                                                           kind="reversal")])
    with pytest.raises(ChannelFileError, match="line 3: a reversal names no original"):
        parse_profile_text(good, BANK_PIPE)
    with pytest.raises(ChannelFileError, match="line 2: type '09'"):
        parse_profile_text("1|1.00\n20261201|B1|3301000001|1.00|01|09\n", BANK_PIPE)
    with pytest.raises(ChannelFileError, match="line 2: 3 fields"):
        parse_profile_text("1|1.00\n20261201|B1|1.00\n", BANK_PIPE)
    with pytest.raises(ChannelFileError, match="not gbk"):
        decode(b"1|1.00\n\xff\xff", "gbk")


def test_channel_files_wechat_needs_its_header_and_summary():
    text = wechat([Txn(T0, "42", "3301000001", 100, order_ref="O1")])
    assert parse_wechat(decode(text.encode(), "utf-8")).lines[0].order_ref == "O1"
    with pytest.raises(ChannelFileError, match="summary"):
        parse_wechat(decode(text.encode(), "utf-8").rsplit("\n", 3)[0])
    with pytest.raises(ChannelFileError, match="27 column names"):
        parse_wechat("交易时间,x\n")


def test_channel_files_profiles_are_checked():
    assert check_profile(BANK_PIPE) is BANK_PIPE
    for broken, why in (({**BANK_PIPE, "widths": [1]}, "either separator or widths"),
                        ({**BANK_PIPE, "id": "Bad Id"}, "id:"),
                        ({**BANK_PIPE, "types": {"01": "gift"}}, "types"),
                        ({**BANK_PIPE, "fields": {"date": 0}}, "fields"),
                        ({**BANK_PIPE, "control": {"position": "middle"}}, "control.position")):
        with pytest.raises(ChannelFileError, match=why):
            check_profile(broken)
