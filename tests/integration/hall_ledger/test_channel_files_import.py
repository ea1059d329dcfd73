"""Channel file imports on SQLite and PostgreSQL: all or nothing, control totals first, the
same file twice a no-op, GBK / BOM / CRLF / backticks, bank profiles as data, camt.053."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench.channel_fixtures import Txn, alipay, bank_pipe, camt053, wechat
from hall_domain.channel_files import ChannelFileError
from hall_ledger.cli import main
from hall_ledger.services.channel_files import add_profile, import_channel_file
from hall_ledger.store.models import BankStatementEntry, ChannelFile, ChannelLine

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "channel_files"
T = datetime(2026, 12, 1, 10, 0, 0)


def lines(engine, file_id=None):
    q = select(ChannelLine).order_by(ChannelLine.line_id)
    if file_id is not None:
        q = q.where(ChannelLine.file_id == file_id)
    with engine.connect() as conn:
        return conn.execute(q).all()


def counts(engine):
    with engine.connect() as conn:
        return (conn.execute(select(func.count()).select_from(ChannelFile)).scalar_one(),
                conn.execute(select(func.count()).select_from(ChannelLine)).scalar_one())


def test_channel_files_bank_pipe_boundaries_reversal_of_reversal_day_boundary_crlf(engine,
                                                                                 halls):
    data = (FIXTURES / "bank_pipe_boundaries_crlf.txt").read_bytes()
    r = import_channel_file(engine, data, channel="ICBC", fmt="bank-pipe", file_name="a.txt")
    assert (r.status, r.channel, r.file_date, r.line_count) == ("imported", "icbc",
                                                                date(2026, 12, 1), 5)
    got = lines(engine, r.file_id)
    assert [(g.kind, g.txn_id, g.original_txn_id, g.amount_fen) for g in got] == [
        ("payment", "B0001", None, 10000), ("payment", "B0002", None, 8000),
        ("reversal", "B0003", "B0002", -8000), ("reversal", "B0004", "B0003", -8000),
        ("payment", "B0005", None, 8000)]
    assert got[4].txn_date == date(2026, 11, 30)  # the line on the day boundary keeps its date
    assert {g.hall_id for g in got} == {"H001"}
    assert r.total_fen == 10000 + 8000 - 8000 - 8000 + 8000


def test_channel_files_same_file_twice_is_a_no_op_and_a_resaved_copy_too(engine, halls):
    data = (FIXTURES / "bank_pipe_bom.txt").read_bytes()
    first = import_channel_file(engine, data, channel="icbc", fmt="bank-pipe", file_name="x")
    again = import_channel_file(engine, data, channel="icbc", fmt="bank-pipe", file_name="x")
    resaved = data[3:].replace(b"\n", b"\r\n")  # no BOM, CRLF: other bytes, the same lines
    third = import_channel_file(engine, resaved, channel="icbc", fmt="bank-pipe", file_name="y")
    assert first.status == "imported"
    assert (again.status, again.file_id) == ("already_imported", first.file_id)
    assert (third.status, third.file_id) == ("already_imported", first.file_id)
    assert counts(engine) == (1, 2)
    other = data.replace(b"B0202", b"B0999")
    with pytest.raises(ChannelFileError, match="already has a bank-pipe file for 2026-12-01"):
        import_channel_file(engine, other, channel="icbc", fmt="bank-pipe", file_name="z")
    assert counts(engine) == (1, 2)


def test_channel_files_totals_mismatch_refused_whole_with_the_figures(engine, halls, capsys,
                                                                      db_url):
    data = (FIXTURES / "bank_pipe_totals_wrong.txt").read_bytes()
    with pytest.raises(ChannelFileError) as info:
        import_channel_file(engine, data, channel="icbc", fmt="bank-pipe", file_name="w")
    assert info.value.figures == {"control count": 2, "lines": 2, "control total": "30.01",
                                  "sum of lines": "30.00"}
    assert counts(engine) == (0, 0)
    assert main(["channel", "import", "--db", db_url, "--channel", "icbc", "--format",
                 "bank-pipe", str(FIXTURES / "bank_pipe_totals_wrong.txt")]) == 1
    assert "control total 30.01" in capsys.readouterr().err
    # a bad line after good ones: nothing at all is kept
    bad = bank_pipe([Txn(T, "B1", "3301000001", 100), Txn(T, "B2", "3301000001", 100)])
    bad = bad.replace("20261201|B2", "2026120x|B2")
    with pytest.raises(ChannelFileError, match="line 3"):
        import_channel_file(engine, bad.encode(), channel="icbc", fmt="bank-pipe", file_name="b")
    assert counts(engine) == (0, 0)


def test_channel_files_gbk_bank_file_and_cli(engine, halls, db_url, capsys):
    path = FIXTURES / "bank_pipe_gbk.txt"
    with pytest.raises(ChannelFileError, match="not utf-8"):
        import_channel_file(engine, path.read_bytes(), channel="abc", fmt="bank-pipe",
                            file_name="g")
    assert main(["channel", "import", "--db", db_url, "--channel", "abc", "--format",
                 "bank-pipe", "--encoding", "gbk", str(path)]) == 0
    assert "imported" in capsys.readouterr().out
    [line] = lines(engine)
    assert (line.branch, line.account_no, line.amount_fen) == ("城东网点", "3301000004", 5000)


def test_channel_files_wechat_backticks_bom_refund_and_same_order_id_twice(engine, halls):
    txns = [Txn(T, "4200000001", "3301000001", 12000, order_ref="ORD1", fee_fen=72),
            Txn(T, "4200000002", "3301000002", 8000, order_ref="ORD1", fee_fen=48),
            Txn(datetime(2026, 12, 1, 23, 59, 59), "5030000001", "3301000002", 8000,
                kind="refund", order_ref="ORD1", original_txn_id="4200000002", fee_fen=-48)]
    r = import_channel_file(engine, wechat(txns, bom=True).encode(), channel="wechat",
                            fmt="wechat", file_name="wx.csv")
    got = lines(engine, r.file_id)
    assert [(g.kind, g.txn_id, g.order_ref, g.original_txn_id, g.amount_fen, g.fee_fen)
            for g in got] == [
        ("payment", "4200000001", "ORD1", None, 12000, 72),
        ("payment", "4200000002", "ORD1", None, 8000, 48),
        ("refund", "5030000001", "ORD1", "4200000002", -8000, -48)]
    assert got[2].txn_at == datetime(2026, 12, 1, 23, 59, 59)
    assert (r.total_fen, r.fee_fen) == (12000, 72)
    wrong = wechat(txns, summary={"settled": 20001}, newline="\n")
    with pytest.raises(ChannelFileError, match="control totals") as info:
        import_channel_file(engine, wrong.encode(), channel="wechat2", fmt="wechat",
                            file_name="w")
    assert info.value.figures["summary settled_fen"] == "200.01"


def test_channel_files_alipay_gbk_comments_refund_and_totals(engine, halls):
    txns = [Txn(T, "2026120122001", "3301000001", 5000, order_ref="ORD9", fee_fen=30),
            Txn(T, "RF0001", "3301000001", 5000, kind="refund", order_ref="ORD9",
                original_txn_id="2026120122001", fee_fen=30)]
    r = import_channel_file(engine, alipay(txns), channel="alipay", fmt="alipay", file_name="a")
    got = lines(engine, r.file_id)
    assert [(g.kind, g.txn_id, g.original_txn_id, g.account_no, g.amount_fen, g.fee_fen)
            for g in got] == [("payment", "2026120122001", None, "3301000001", 5000, 30),
                              ("refund", "RF0001", "2026120122001", "3301000001", -5000, -30)]
    with pytest.raises(ChannelFileError, match="control totals"):
        import_channel_file(engine, alipay(txns, totals={"交易": (2, 4970)}), channel="alipay",
                            fmt="alipay", file_name="a2", file_date=date(2026, 12, 2))


def test_channel_files_camt053_schema_checked_and_batches_named(engine, halls):
    data = camt053([(date(2026, 12, 2), 12000, "SETTLE/wechat/20261201"),
                    (date(2026, 12, 2), -72, "FEE wechat:20261201")], version="08")
    r = import_channel_file(engine, data, channel="bank-acct-1", fmt="camt053", file_name="s")
    with engine.connect() as conn:
        got = conn.execute(select(BankStatementEntry).order_by(BankStatementEntry.line_no)).all()
    assert [(g.amount_fen, g.channel, g.batch_date) for g in got] == [
        (12000, "wechat", date(2026, 12, 1)), (-72, "wechat", date(2026, 12, 1))]
    assert (r.file_date, r.total_fen) == (date(2026, 12, 2), 11928)
    broken = data.replace(b"<Ccy>CNY</Ccy>", b"<Ccy>yuan</Ccy>")
    with pytest.raises(ChannelFileError, match="schema"):
        import_channel_file(engine, broken, channel="bank-acct-2", fmt="camt053", file_name="b")
    lying = camt053([(date(2026, 12, 2), 100, "x")], stated_count=2)
    with pytest.raises(ChannelFileError, match="states 2 entries"):
        import_channel_file(engine, lying, channel="bank-acct-2", fmt="camt053", file_name="c")


def test_channel_files_a_bank_profile_added_as_data_fixed_widths(engine, halls, tmp_path,
                                                                 db_url):
    spec = {"id": "ccb-fixed", "encoding": "gbk", "widths": [8, 10, 10, 12, 2],
            "control": {"position": "last", "count": 0, "total": 1},
            "fields": {"date": 0, "txn_id": 1, "account_no": 2, "amount": 3, "type": 4},
            "types": {"10": "payment"}}
    path = tmp_path / "ccb.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    assert main(["channel", "profile", "add", "--db", db_url, str(path)]) == 0
    # the control line is split by the same widths: count in the first 8 bytes, total next 10
    body = ("20261201C0000000013301000001" + "12.34".ljust(12) + "10\n"
            "20261201C0000000023301000002" + "7.66".ljust(12) + "10\n"
            + "2".ljust(8) + "20.00".ljust(10) + "\n")
    r = import_channel_file(engine, body.encode("gbk"), channel="ccb", fmt="ccb-fixed",
                            file_name="ccb")
    assert [(g.txn_id, g.account_no, g.amount_fen) for g in lines(engine, r.file_id)] == [
        ("C000000001", "3301000001", 1234), ("C000000002", "3301000002", 766)]
    with pytest.raises(ChannelFileError, match="unknown keys"):
        add_profile(engine, {**spec, "id": "x", "script": "rm -rf"}, actor="1")
