"""`counter-ledger reconcile`: every rule and every exception type, on SQLite and PostgreSQL,
from a hand-made channel day (lines stored as `channel import` stores them) and the ledger's
own bookings; then each exception resolved through the worklist, every action recorded."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from hall_ledger.cli import main
from hall_ledger.services import recon_worklist as w
from hall_ledger.services.balances import verify
from hall_ledger.services.channels import ingest_channel_payments
from hall_ledger.services.gl_export import gl_rows, unbalanced_halls
from hall_ledger.services.ingest import ingest_payments
from hall_ledger.services.reconcile import reconcile
from hall_ledger.services.terminals import Principal
from hall_ledger.store.models import (
    BankStatementEntry,
    ChannelFile,
    ChannelLine,
    CollectionAction,
    Customer,
    JournalEntry,
    ReconException,
    ReconExceptionAction,
    ReconMatch,
    ReconPosting,
)
from tests.helpers.ledger import payment

D = date(2026, 3, 20)
NOW = datetime(2026, 3, 21, 9, 0)
U1 = "11111111-0000-4000-8000-000000000001"


def store_file(engine, channel: str, fmt: str, day: date, lines: list[dict]) -> list[int]:
    """Lines as `counter-ledger channel import` keeps them (one file, all lines)."""
    with engine.begin() as conn:
        file_id = conn.execute(insert(ChannelFile).values(
            sha256=hashlib.sha256(json.dumps(lines, default=str).encode()).hexdigest(),
            channel=channel, format=fmt, file_date=day, file_name=f"{channel}.txt",
            line_count=len(lines), total_fen=sum(x["amount_fen"] for x in lines),
            fee_fen=sum(x.get("fee_fen", 0) for x in lines), control_json="{}",
            imported_at=NOW, imported_by="f01").returning(ChannelFile.file_id)).scalar_one()
        ids = []
        for n, x in enumerate(lines, start=1):
            row = {"kind": "payment", "txn_date": day, "order_ref": None,
                   "original_txn_id": None, "account_no": None, "hall_id": None, "fee_fen": 0,
                   "txn_at": None, "branch": None, **x}
            ids.append(conn.execute(insert(ChannelLine).values(
                file_id=file_id, line_no=n, channel=channel, **row)
                .returning(ChannelLine.line_id)).scalar_one())
    return ids


def statement(engine, channel: str, day: date, amount_fen: int) -> None:
    with engine.begin() as conn:
        file_id = conn.execute(insert(ChannelFile).values(
            sha256=hashlib.sha256(f"stmt{channel}{day}".encode()).hexdigest(), channel="bank-stmt",
            format="camt053", file_date=day, file_name="stmt.xml", line_count=1,
            total_fen=amount_fen, fee_fen=0, control_json="{}", imported_at=NOW,
            imported_by="f01").returning(ChannelFile.file_id)).scalar_one()
        conn.execute(insert(BankStatementEntry).values(
            file_id=file_id, line_no=1, account_id="CN0012345678", booking_date=day + timedelta(1),
            value_date=None, amount_fen=amount_fen, currency="CNY", entry_ref="E1",
            reference=f"{channel.upper()}-{day:%Y%m%d}", channel=channel, batch_date=day))


def wechat(engine, hall: str, items: list[tuple]) -> None:
    """(uuid, account, fen, day, reference) booked as WeChat payments of the hall."""
    answers = ingest_channel_payments(engine, Principal(hall, "WECHAT", "online"), [
        {"payment_uuid": u, "account_no": a, "amount_fen": f, "paid_at": f"{d}T12:00:00",
         "reference": r} for u, a, f, d, r in items])
    assert all(x["status"] == 201 for x in answers), answers


def uid(n: int) -> str:
    return f"11111111-0000-4000-8000-{n:012d}"


@pytest.fixture
def day(engine, halls):
    """The ledger's and the channel's side of 2026-03-20; line ids by name."""
    # the counter took 3301000002's ¥80.00 first: WeChat's ¥80.00 for it becomes credit
    [c] = ingest_payments(engine, Principal("H001", "T01", "counter"),
                          [payment("3301000002", amount_fen=8000, business_date=D.isoformat())])
    assert c["status"] == 201
    wechat(engine, "H001", [
        (U1, "3301000002", 8000, D, "W1"),  # rule 1 (our reference) — and a duplicate
        (uid(2), "3301000003", 10000, D, "W2"),  # rule 2 (the channel's id)
        (uid(3), "3301000001", 5000, D - timedelta(1), "ELSE3"),  # rule 3, a day earlier
        (uid(5), "3301000004", 3000, D, "W5"),  # ledger_only
        (uid(7), "3301000003", 2000, D, "W7"),  # reinstated by a reversal of a reversal
        (uid(11), "3301000002", 700, D, "W11"),  # reversed by the channel, still booked
        (uid(13), "3301000003", 3333, D + timedelta(1), "ELSE13"),  # day boundary
    ])
    wechat(engine, "H002", [(uid(4), "4401000001", 6000, D, "W4")])  # amount differs
    names = ["L1", "L2", "L3", "L4", "L6", "L7", "L8", "L9", "L10", "L11", "L12", "L13", "L14"]
    ids = store_file(engine, "wechat", "wechat", D, [
        {"txn_id": "W1", "order_ref": U1, "account_no": "3301000002", "hall_id": "H001",
         "amount_fen": 8000, "fee_fen": 48},
        {"txn_id": "W2", "account_no": "3301000003", "hall_id": "H001", "amount_fen": 10000,
         "fee_fen": 60},
        {"txn_id": "W3", "account_no": "3301000001", "hall_id": "H001", "amount_fen": 5000},
        {"txn_id": "W4", "account_no": "4401000001", "hall_id": "H002", "amount_fen": 6500},
        {"txn_id": "W6", "account_no": "3301000004", "hall_id": "H001", "amount_fen": 1234},
        {"txn_id": "W7", "account_no": "3301000003", "hall_id": "H001", "amount_fen": 2000},
        {"txn_id": "W8", "kind": "reversal", "original_txn_id": "W7", "amount_fen": -2000,
         "account_no": "3301000003", "hall_id": "H001"},
        {"txn_id": "W9", "kind": "reversal", "original_txn_id": "W8", "amount_fen": 2000,
         "account_no": "3301000003", "hall_id": "H001"},
        {"txn_id": "W10", "kind": "reversal", "original_txn_id": "NOPE", "amount_fen": -500},
        {"txn_id": "W11", "account_no": "3301000002", "hall_id": "H001", "amount_fen": 700},
        {"txn_id": "W12", "kind": "refund", "original_txn_id": "W11", "amount_fen": -700,
         "account_no": "3301000002", "hall_id": "H001"},
        {"txn_id": "W13", "account_no": "3301000003", "hall_id": "H001", "amount_fen": 3333,
         "txn_at": datetime(2026, 3, 20, 23, 59, 59)},
        {"txn_id": "W14", "order_ref": U1, "account_no": "3301000002", "hall_id": "H001",
         "amount_fen": 8000},  # the same order id twice
    ])
    lines = dict(zip(names, ids, strict=True))
    net = 8000 + 10000 + 5000 + 6500 + 1234 + 2000 - 2000 + 2000 - 500 + 700 - 700 + 3333 + 8000
    statement(engine, "wechat", D, net - 108 - 100)  # fees apart, and ¥1.00 short
    return lines


def exceptions(engine) -> dict[str, list]:
    out: dict[str, list] = {}
    with engine.connect() as conn:
        for r in conn.execute(select(ReconException).order_by(ReconException.exc_id)):
            out.setdefault(r.kind, []).append(r)
    return out


def test_every_rule_and_every_exception_type(engine, day):
    result = reconcile(engine, D, "wechat", now=NOW)
    with engine.connect() as conn:
        rules = dict(conn.execute(select(ReconMatch.line_id, ReconMatch.rule)).all())
    assert rules == {day["L1"]: "reference", day["L2"]: "txn_id", day["L3"]: "account_amount",
                     day["L7"]: "txn_id", day["L13"]: "account_amount"}
    found = exceptions(engine)
    assert {k: sorted((r.line_id, r.payment_uuid, r.amount_fen) for r in v)
            for k, v in found.items()} == {
        "amount_differs": [(day["L4"], uid(4), 6500)],
        "channel_only": sorted([(day["L6"], None, 1234), (day["L14"], None, 8000)]),
        "ledger_only": [(None, uid(5), 3000)],
        "reversal_unmatched": sorted([(day["L10"], None, -500), (day["L11"], uid(11), 700)]),
        "duplicate_across_channels": [(None, U1, 8000)],
        "settlement_short": [(None, None, 100)],
    }
    assert found["amount_differs"][0].expected_fen == 6000
    assert found["amount_differs"][0].hall_id == "H002"
    assert found["reversal_unmatched"][0].hall_id in ("*", "H001")
    # the JSON: matched, and per exception type its count and sum
    assert result["matched"] == {"count": 5, "sum_fen": 8000 + 10000 + 5000 + 2000 + 3333}
    assert result["exceptions"]["channel_only"] == {"count": 2, "sum_fen": 9234, "open": 2}
    assert result["exceptions"]["settlement_short"]["sum_fen"] == 100
    [ch] = result["channels"]
    assert ch["channel_file"]["count"] == 13 and ch["fees_fen"] == 108
    assert ch["ledger"] == {"count": 6, "sum_fen": 8000 + 10000 + 3000 + 2000 + 700 + 6000}
    assert ch["bank"]["count"] == 1
    # money received that the ledger has not booked is held in suspense
    with engine.connect() as conn:
        suspense = conn.execute(select(func.sum(ReconPosting.amount_fen)).where(
            ReconPosting.credit == "suspense")).scalar()
    assert suspense == 9234


def test_reconciling_again_adds_nothing(engine, day):
    first = reconcile(engine, D, "wechat", now=NOW)
    with engine.connect() as conn:
        counts = [conn.execute(select(func.count()).select_from(t)).scalar()
                  for t in (ReconException, ReconMatch, ReconPosting, ReconExceptionAction)]
    again = reconcile(engine, D, None, now=NOW)
    with engine.connect() as conn:
        assert counts == [conn.execute(select(func.count()).select_from(t)).scalar()
                          for t in (ReconException, ReconMatch, ReconPosting,
                                    ReconExceptionAction)]
    assert again["matched"] == first["matched"] and again["exceptions"] == first["exceptions"]


def test_ledger_only_escalates_after_t_plus_2(engine, day):
    reconcile(engine, D, "wechat", now=NOW)
    reconcile(engine, D, "wechat", now=datetime(2026, 3, 22, 9, 0))  # T+2: not yet
    [lo] = exceptions(engine)["ledger_only"]
    assert lo.escalated_at is None
    reconcile(engine, D + timedelta(3), "wechat", now=datetime(2026, 3, 23, 9, 0))
    [lo] = exceptions(engine)["ledger_only"]
    assert lo.escalated_at == datetime(2026, 3, 23, 9, 0)
    [item] = [i for i in w.worklist(engine, now=datetime(2026, 3, 23, 9, 0))
              if i.kind == "ledger_only"]
    assert item.escalated and item.age_days == 3
    assert [a["action"] for a in w.actions_of(engine, lo.exc_id)] == ["found", "escalated"]


def test_each_exception_resolved_through_the_worklist(engine, day):
    reconcile(engine, D, "wechat", now=NOW)
    found = exceptions(engine)
    total = sum(len(v) for v in found.values())
    assert len(w.worklist(engine, now=NOW)) == total
    assert len(w.worklist(engine, now=NOW, hall_id="H002")) == 1
    # owner
    w.assign(engine, found["ledger_only"][0].exc_id, "f02", actor="f01", now=NOW)
    # channel_only ¥12.34: posted to 3301000004's account through the channel-payment path
    six = next(r for r in found["channel_only"] if r.amount_fen == 1234)
    posted = w.post_to_account(engine, six.exc_id, "3301000004", actor="f01", now=NOW)
    again = w.WorklistError
    with pytest.raises(again) as refused:
        w.post_to_account(engine, six.exc_id, "3301000004", actor="f01", now=NOW)
    assert refused.value.code == "recon.already_resolved"
    with engine.connect() as conn:
        booked = conn.execute(select(func.count()).select_from(JournalEntry).where(
            JournalEntry.kind == "payment", JournalEntry.ref == posted["payment_uuid"])).scalar()
    assert booked == 1
    # channel_only ¥80.00 (the order id seen twice) with the ledger_only ¥30.00: refused,
    # money is never matched fuzzily; a note cannot close money held in suspense
    fourteen = next(r for r in found["channel_only"] if r.amount_fen == 8000)
    lo = found["ledger_only"][0]
    with pytest.raises(again) as refused:
        w.match_by_hand(engine, fourteen.exc_id, lo.exc_id, actor="f01", now=NOW)
    assert refused.value.code == "recon.amount_differs"
    with pytest.raises(again) as refused:
        w.note(engine, fourteen.exc_id, "客户重复扫码", actor="f01", now=NOW, resolve_it=True)
    assert refused.value.code == "recon.needs_posting"
    w.post_to_account(engine, fourteen.exc_id, "3301000002", actor="f01", now=NOW)
    # a channel_only line and a ledger_only payment of the same amount: matched by hand
    [extra] = store_file(engine, "wechat", "wechat", D + timedelta(1), [
        {"txn_id": "W55", "account_no": "3301000001", "hall_id": "H001", "amount_fen": 3000}])
    reconcile(engine, D + timedelta(1), "wechat", now=NOW)
    [co] = [r for r in exceptions(engine)["channel_only"] if r.line_id == extra]
    w.match_by_hand(engine, co.exc_id, lo.exc_id, actor="f02", now=NOW)
    # duplicate: kept as credit until the customer asks; refund needs a second person
    dup = found["duplicate_across_channels"][0]
    w.request_refund(engine, dup.exc_id, actor="f01", now=NOW, reason="客户申请退款")
    with pytest.raises(again) as refused:
        w.approve_refund(engine, dup.exc_id, approver="f01", now=NOW)
    assert refused.value.code == "recon.same_person"
    with engine.connect() as conn:
        before = conn.execute(select(Customer.credit_fen).where(
            Customer.account_no == "3301000002")).scalar()
    w.approve_refund(engine, dup.exc_id, approver="f02", now=NOW)
    with engine.connect() as conn:
        after = conn.execute(select(Customer.credit_fen).where(
            Customer.account_no == "3301000002")).scalar()
    assert before - after == 8000
    # the rest with a note that closes them
    for kind in ("amount_differs", "reversal_unmatched", "settlement_short"):
        for r in found[kind]:
            w.note(engine, r.exc_id, "银行已确认", actor="f02", now=NOW, resolve_it=True)
    assert w.worklist(engine, now=NOW) == []
    # nothing deleted, every action recorded twice over (own list + collections record)
    everything = w.worklist(engine, now=NOW, include_resolved=True)
    assert len(everything) == total + 1 and all(i.status == "resolved" for i in everything)
    assert [a["action"] for a in w.actions_of(engine, dup.exc_id)] == [
        "found", "refund_requested", "refund_approved", "resolved"]
    with engine.connect() as conn:
        recorded = conn.execute(select(func.count()).select_from(CollectionAction).where(
            CollectionAction.action.like("recon.%"))).scalar()
        actions = conn.execute(select(func.count()).select_from(ReconExceptionAction)).scalar()
        suspense = conn.execute(select(ReconPosting.debit, ReconPosting.credit,
                                       ReconPosting.amount_fen)).all()
    assert recorded == actions
    held = sum(a for d, c, a in suspense if c == "suspense")
    released = sum(a for d, c, a in suspense if d == "suspense")
    assert held == released == 1234 + 8000 + 3000
    assert verify(engine) == []
    for d in (D, D + timedelta(1), NOW.date()):
        assert unbalanced_halls(gl_rows(engine, d)) == {}


def test_reconcile_command_json(engine, db_url, day, capsys):
    assert main(["reconcile", "--db", db_url, "--date", D.isoformat(), "--channel", "wechat",
                 "--json", "--now", NOW.isoformat()]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["matched"]["count"] == 5
    assert {k: v["count"] for k, v in out["exceptions"].items()} == {
        "channel_only": 2, "ledger_only": 1, "amount_differs": 1,
        "duplicate_across_channels": 1, "reversal_unmatched": 2, "settlement_short": 1}
    assert main(["exceptions", "list", "--db", db_url, "--now", NOW.isoformat()]) == 0
    assert "8 exception(s)" in capsys.readouterr().out
    exc_id = exceptions(engine)["ledger_only"][0].exc_id
    assert main(["exceptions", "note", str(exc_id), "--db", db_url, "--actor", "f01",
                 "--text", "待渠道补单"]) == 0
    assert main(["exceptions", "refund-approve", str(exc_id), "--db", db_url,
                 "--actor", "f01"]) == 1
    assert "recon.wrong_kind" in capsys.readouterr().err


def test_a_peak_day_of_exceptions_is_stored_in_bulk_the_same_way(engine, halls):
    ids = store_file(engine, "alipay", "alipay", D, [
        {"txn_id": f"Z{n}", "account_no": "3301000001", "hall_id": "H001", "amount_fen": 100 + n}
        for n in range(30)])
    result = reconcile(engine, D, "alipay", now=NOW)
    assert result["exceptions"]["channel_only"] == {
        "count": 30, "sum_fen": sum(100 + n for n in range(30)), "open": 30}
    again = reconcile(engine, D, "alipay", now=NOW)
    assert again["exceptions"] == result["exceptions"]
    with engine.connect() as conn:
        held = conn.execute(select(func.count(), func.sum(ReconPosting.amount_fen)).where(
            ReconPosting.credit == "suspense")).one()
        found = conn.execute(select(func.count()).select_from(ReconExceptionAction)).scalar()
        records = conn.execute(select(func.count()).select_from(CollectionAction).where(
            CollectionAction.action == "recon.found")).scalar()
    assert tuple(held) == (30, sum(100 + n for n in range(30)))
    assert found == records == 30
    [item] = [i for i in w.worklist(engine, now=NOW) if i.line_id == ids[0]]
    w.post_to_account(engine, item.exc_id, "3301000001", actor="f01", now=NOW)
    assert len(w.worklist(engine, now=NOW)) == 29
