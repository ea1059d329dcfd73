"""Auto-debit round trip on SQLite and PostgreSQL: mandates kept, the request file (control
totals first, the same file when asked again), results booked once, failures kept."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from hall_domain.channel_files import ChannelFileError
from hall_ledger.cli import main
from hall_ledger.services.autodebit import (
    apply_results,
    export_requests,
    failed_debits,
    import_mandates,
    payment_uuid_for,
)
from hall_ledger.store.models import Payment
from tests.helpers.ledger import assert_balanced

MANDATES = ("户号,银行代码,银行账号,户名,签约日期,状态\n"
            "3301000001,ICBC,6222000000000001,张三,2026-01-05,有效\n"
            "3301000002,ICBC,6222000000000002,李四,2026-01-05,有效\n"
            "3301000003,ICBC,6222000000000003,王五商行,2026-01-05,解约\n").encode()
D = date(2026, 12, 1)


def test_channel_files_autodebit_round_trip_exactly_once(engine, halls, tmp_path, db_url,
                                                         capsys):
    assert import_mandates(engine, MANDATES) == {"added": 3, "updated": 0, "unchanged": 0}
    assert import_mandates(engine, MANDATES) == {"added": 0, "updated": 0, "unchanged": 3}
    out = tmp_path / "req.txt"
    assert main(["autodebit", "export", "--db", db_url, "--bank", "icbc", "--date",
                 "2026-12-01", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    rows = [r.split("|") for r in text.splitlines()]
    assert rows[0][0] == "2" and len(rows) == 3  # control totals first; the revoked one out
    assert [r[2] for r in rows[1:]] == ["3301000001", "3301000002"]
    total = sum(int(r[3].replace(".", "")) for r in rows[1:])
    assert rows[0][1] == f"{total // 100}.{total % 100:02d}"
    assert all(int(r[3].replace(".", "")) > 17000 for r in rows[1:2])  # bills + late fees
    again, _, _ = export_requests(engine, "ICBC", D)
    assert again == text.replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    ok, bad = rows[1], rows[2]
    both = int(ok[3].replace(".", "")) + int(bad[3].replace(".", ""))
    answer = (f"2|{both // 100}.{both % 100:02d}\n"
              f"20261202|{ok[1]}|{ok[2]}|{ok[3]}|0000|成功\n"
              f"20261202|{bad[1]}|{bad[2]}|{bad[3]}|3008|余额不足\n").encode()
    res = tmp_path / "res.txt"
    res.write_bytes(answer)
    with engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(Payment)).scalar_one()
    assert main(["autodebit", "results", "--db", db_url, str(res)]) == 0
    assert "1 debit(s) booked" in capsys.readouterr().out
    assert apply_results(engine, answer, file_name="res")["status"] == "already_imported"
    # the same answers in another file (re-sent by the bank): still booked once
    assert apply_results(engine, answer.replace(b"\n", b"\r\n"), file_name="r2")["succeeded"] == 1
    with engine.connect() as conn:
        paid = conn.execute(select(Payment).where(
            Payment.payment_uuid == payment_uuid_for(ok[1]))).one()
        after = conn.execute(select(func.count()).select_from(Payment)).scalar_one()
    assert after == before + 1
    assert (paid.account_no, paid.amount_fen, paid.channel) == (ok[2], int(ok[3].replace(
        ".", "")), "bank")
    [failure] = failed_debits(engine, hall_id="H001")
    assert (failure["account_no"], failure["reason_code"], failure["reason"]) == (
        "3301000002", "3008", "余额不足")
    assert_balanced(engine)


def test_channel_files_autodebit_results_refused_whole(engine, halls):
    import_mandates(engine, MANDATES)
    text, _, _ = export_requests(engine, "icbc", D)
    _, ok, bad = [r.split("|") for r in text.strip().split("\r\n")]
    wrong_total = (f"1|1.00\n20261202|{ok[1]}|{ok[2]}|{ok[3]}|0000|成功\n").encode()
    with pytest.raises(ChannelFileError, match="control totals"):
        apply_results(engine, wrong_total, file_name="x")
    wrong_amount = (f"1|1.00\n20261202|{ok[1]}|{ok[2]}|1.00|0000|成功\n").encode()
    with pytest.raises(ChannelFileError, match="was for"):
        apply_results(engine, wrong_amount, file_name="y")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Payment)).scalar_one() == 0
    assert failed_debits(engine) == []
    with pytest.raises(ChannelFileError, match="no customer"):
        import_mandates(engine, MANDATES + "9999999999,ICBC,1,x,2026-01-01,有效\n".encode())
