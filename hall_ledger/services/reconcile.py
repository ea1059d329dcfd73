"""Three-way reconciliation of a day: channel file ↔ ledger ↔ bank statement.

`reconcile(engine, day, channel=None, now=...)` matches the channel's imported lines of the day
(channel_lines, from `counter-ledger channel import`) with the ledger's payments of that channel
(payments of a bank/online terminal whose id is the channel id in capitals, e.g. WECHAT; the
tender reference is the channel's transaction id), by the rules of hall_domain.recon_matching,
and compares the channel's net amount minus fees with the bank statement's credits
(bank_statement_entries naming the channel and day). Matches and exceptions are stored once
(keyed), so running it again adds only what is new; money received that the ledger has not
booked (channel_only) is held in suspense (a recon posting), released when it is resolved.
The day's channel fees are posted too. Open ledger_only exceptions older than T+2 escalate.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    case,
    func,
    insert,
    select,
    update,
)

from hall_domain.recon_matching import (
    EXCEPTION_KINDS,
    ChannelTxn,
    Found,
    LedgerTxn,
    duplicates_across_channels,
    effect_fen,
    match_day,
    settlement_expected,
)

from ..store.db import is_sqlite
from ..store.models import (
    BankStatementEntry,
    ChannelLine,
    CollectionAction,
    Payment,
    PaymentTender,
    ReconException,
    ReconExceptionAction,
    ReconMatch,
    ReconPosting,
)
from .booking import upsert_ignore
from .collections_audit import SYSTEM, record_action

ESCALATE_AFTER_DAYS = 2  # ledger_only: booked but not in the channel file after T+2
NO_HALL = "*"  # an exception of no one hall (unknown 户号, the bank's settlement)
CHANNEL_KINDS = ("bank", "online")
AUTODEBIT_PREFIX = "ad-"
_MATCH_COLUMNS = "hall_id, channel, recon_date, line_id, payment_uuid, rule, matched_at, matched_by"
PG_INSERT_MATCHES = (
    f"INSERT INTO recon_matches ({_MATCH_COLUMNS}) SELECT {_MATCH_COLUMNS}"
    " FROM json_populate_recordset(NULL::recon_matches, %s::json) ON CONFLICT DO NOTHING")


def bank_account(channel: str) -> str:
    return f"bank:{channel.lower()}"


def channels_of_day(conn: Connection, day: date) -> list[str]:
    found = set(conn.execute(select(ChannelLine.channel).where(ChannelLine.txn_date == day)
                             .distinct()).scalars())
    found |= {t.lower() for t in conn.execute(
        select(Payment.terminal_id).where(Payment.business_date == day,
                                          Payment.channel.in_(CHANNEL_KINDS)).distinct()
    ).scalars()}
    found |= set(conn.execute(select(BankStatementEntry.channel).where(
        BankStatementEntry.batch_date == day, BankStatementEntry.channel.is_not(None)).distinct()
    ).scalars())
    # auto-debit payments (terminal AD-<bank>) are booked from the bank's own answer file,
    # one per request line: nothing to match them with
    return sorted(c for c in found if c and not c.startswith(AUTODEBIT_PREFIX))


def _line(row) -> ChannelTxn:
    return ChannelTxn(line_id=row.line_id, kind=row.kind, txn_date=row.txn_date,
                      txn_id=row.txn_id, amount_fen=row.amount_fen, order_ref=row.order_ref,
                      original_txn_id=row.original_txn_id, account_no=row.account_no,
                      fee_fen=row.fee_fen or 0, hall_id=row.hall_id)


def _originals(conn: Connection, channel: str, rows) -> dict[str, ChannelTxn]:
    """The lines the rows' reversals name (any day), and theirs (a reversal of a reversal)."""
    wanted = {r.original_txn_id for r in rows if r.original_txn_id}
    known: dict[str, ChannelTxn] = {}
    while wanted:
        found = [_line(r) for r in conn.execute(select(ChannelLine).where(
            ChannelLine.channel == channel, ChannelLine.txn_id.in_(sorted(wanted))))]
        wanted = set()
        for t in found:
            if t.txn_id not in known:
                known[t.txn_id] = t
                if t.original_txn_id and t.original_txn_id not in known:
                    wanted.add(t.original_txn_id)
    return known


def _ledger_payments(conn: Connection, channel: str, first: date, last: date,
                     *, unmatched_only: bool) -> list[LedgerTxn]:
    p, t = Payment, PaymentTender
    q = (select(p.payment_uuid, p.account_no, p.amount_fen, p.business_date, p.hall_id,
                p.terminal_id, p.credit_fen, t.reference)
         .outerjoin(t, and_(t.payment_uuid == p.payment_uuid, t.position == 0))
         .where(p.business_date >= first, p.business_date <= last,
                p.channel.in_(CHANNEL_KINDS), p.terminal_id == channel.upper(),
                p.voided.is_(False)))
    if unmatched_only:  # NOT EXISTS: an anti join (NOT IN cannot be one, NULLs)
        q = q.where(~select(ReconMatch.payment_uuid).where(
            ReconMatch.payment_uuid == p.payment_uuid).exists())
    return [LedgerTxn(payment_uuid=r.payment_uuid, account_no=r.account_no,
                      amount_fen=r.amount_fen, business_date=r.business_date,
                      reference=r.reference, hall_id=r.hall_id, terminal_id=r.terminal_id,
                      credit_fen=r.credit_fen)
            for r in conn.execute(q)]


def exception_key(channel: str, f: Found, day: date) -> str:
    if f.line_id is not None:
        return f"{f.kind}:line:{f.line_id}"
    if f.payment_uuid is not None:
        return f"{f.kind}:payment:{f.payment_uuid}"
    return f"{f.kind}:{channel}:{day.isoformat()}"


def add_action(conn: Connection, exc_id: int, hall_id: str, actor: str, action: str,
               at: datetime, detail: dict[str, Any] | None = None) -> None:
    """One action on an exception: in its own list and in the ledger's collections record."""
    conn.execute(insert(ReconExceptionAction).values(
        exc_id=exc_id, at=at, actor=actor, action=action,
        detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)))
    record_action(conn, hall_id=hall_id, terminal_id=None, actor=actor,
                  action=f"recon.{action}", subject=f"recon-exception:{exc_id}",
                  detail=detail, at=at)


def post(conn: Connection, *, key: str, day: date, hall_id: str, debit: str, credit: str,
         amount_fen: int, memo: str, now: datetime, exc_id: int | None = None) -> bool:
    """One accounting entry made once per key (a negative amount swaps the sides)."""
    if amount_fen == 0:
        return False
    if amount_fen < 0:
        debit, credit, amount_fen = credit, debit, -amount_fen
    stmt = upsert_ignore(conn, ReconPosting).values(
        posting_date=day, hall_id=hall_id, exc_id=exc_id, posting_key=key, debit=debit,
        credit=credit, amount_fen=amount_fen, memo=memo[:200], recorded_at=now
    ).returning(ReconPosting.seq)
    return conn.execute(stmt).first() is not None  # None: made before


def _store_exception(conn: Connection, channel: str, day: date, f: Found, now: datetime) -> int | None:
    key = exception_key(channel, f, day)
    hall = f.hall_id or NO_HALL
    stmt = upsert_ignore(conn, ReconException).values(
        exc_key=key, hall_id=hall, channel=channel, recon_date=day, kind=f.kind, status="open",
        line_id=f.line_id, payment_uuid=f.payment_uuid, account_no=f.account_no,
        amount_fen=f.amount_fen, expected_fen=f.expected_fen, owner=None, created_at=now,
        detail=json.dumps({"note": f.note}, ensure_ascii=False)).returning(ReconException.exc_id)
    exc_id = conn.execute(stmt).scalar()
    if exc_id is None:  # found before
        return None
    add_action(conn, exc_id, hall, SYSTEM, "found", now, {"kind": f.kind, "note": f.note})
    if f.kind == "channel_only":
        post(conn, key=f"suspense:in:{exc_id}", day=day, hall_id=hall,
             debit=bank_account(channel), credit="suspense", amount_fen=f.amount_fen,
             memo=f"channel_only line {f.line_id} held in suspense", now=now, exc_id=exc_id)
    return exc_id


def _store_exceptions(conn: Connection, channel: str, day: date, found: list[Found],
                      now: datetime) -> None:
    """Many exceptions at once (a peak day has thousands): the new ones inserted with their
    'found' actions, collections records and suspense postings in a few statements each."""
    keyed = {exception_key(channel, f, day): f for f in found}
    if len(keyed) < 20:
        for f in keyed.values():
            _store_exception(conn, channel, day, f, now)
        return
    keys = sorted(keyed)
    known: set[str] = set()
    for start in range(0, len(keys), 5000):
        known |= set(conn.execute(select(ReconException.exc_key).where(
            ReconException.exc_key.in_(keys[start:start + 5000]))).scalars())
    new = [k for k in keys if k not in known]
    if not new:
        return
    conn.execute(insert(ReconException), [
        {"exc_key": k, "hall_id": keyed[k].hall_id or NO_HALL, "channel": channel,
         "recon_date": day, "kind": keyed[k].kind, "status": "open", "line_id": keyed[k].line_id,
         "payment_uuid": keyed[k].payment_uuid, "account_no": keyed[k].account_no,
         "amount_fen": keyed[k].amount_fen, "expected_fen": keyed[k].expected_fen,
         "owner": None, "created_at": now,
         "detail": json.dumps({"note": keyed[k].note}, ensure_ascii=False)} for k in new])
    ids: dict[str, int] = {}
    for start in range(0, len(new), 5000):
        ids.update(conn.execute(select(ReconException.exc_key, ReconException.exc_id).where(
            ReconException.exc_key.in_(new[start:start + 5000]))).all())
    actions, records, postings = [], [], []
    for k in new:
        f, exc_id = keyed[k], ids[k]
        hall = f.hall_id or NO_HALL
        detail = json.dumps({"kind": f.kind, "note": f.note}, ensure_ascii=False,
                            sort_keys=True)
        actions.append({"exc_id": exc_id, "at": now, "actor": SYSTEM, "action": "found",
                        "detail": detail})
        records.append({"recorded_at": now, "hall_id": hall, "terminal_id": None,
                        "actor": SYSTEM, "action": "recon.found",
                        "subject": f"recon-exception:{exc_id}", "detail": detail})
        if f.kind == "channel_only" and f.amount_fen:
            debit, credit, amount = bank_account(channel), "suspense", f.amount_fen
            if amount < 0:
                debit, credit, amount = credit, debit, -amount
            postings.append({"posting_date": day, "hall_id": hall, "exc_id": exc_id,
                             "posting_key": f"suspense:in:{exc_id}", "debit": debit,
                             "credit": credit, "amount_fen": amount,
                             "memo": f"channel_only line {f.line_id} held in suspense",
                             "recorded_at": now})
    conn.execute(insert(ReconExceptionAction), actions)
    conn.execute(insert(CollectionAction), records)
    if postings:
        conn.execute(insert(ReconPosting), postings)


def release_suspense(conn: Connection, exc, day: date, now: datetime) -> None:
    """A channel_only line resolved: the money leaves suspense (its booking, if any, debits the
    channel's bank account itself)."""
    post(conn, key=f"suspense:out:{exc.exc_id}", day=day, hall_id=exc.hall_id, debit="suspense",
         credit=bank_account(exc.channel), amount_fen=exc.amount_fen,
         memo=f"exception {exc.exc_id} resolved", now=now, exc_id=exc.exc_id)


def resolve(conn: Connection, exc, actor: str, how: str, now: datetime,
            detail: dict[str, Any] | None = None) -> None:
    conn.execute(update(ReconException).where(ReconException.exc_id == exc.exc_id)
                 .values(status="resolved", resolved_at=now, resolution=how))
    if exc.kind == "channel_only":
        release_suspense(conn, exc, now.date(), now)
    add_action(conn, exc.exc_id, exc.hall_id, actor, "resolved", now,
               {"resolution": how, **(detail or {})})


def _reconcile_channel(conn: Connection, day: date, channel: str, now: datetime) -> int:
    """Match one channel's day; returns the settlement expected (net − fees)."""
    cl = ChannelLine
    rows = list(conn.execute(select(cl).where(
        cl.channel == channel, cl.txn_date == day,
        ~select(ReconMatch.line_id).where(ReconMatch.line_id == cl.line_id).exists())))
    reversals = list(conn.execute(select(cl).where(cl.channel == channel, cl.txn_date == day,
                                                   cl.kind.in_(("reversal", "refund")))))
    lines = [_line(r) for r in rows]
    known = _originals(conn, channel, [*rows, *reversals])  # matched lines count too
    ledger = _ledger_payments(conn, channel, day - timedelta(days=1), day + timedelta(days=1),
                              unmatched_only=True)
    result = match_day(day, lines, known, ledger)
    halls = {t.line_id: t.hall_id for t in lines}
    pay_halls = {p.payment_uuid: p.hall_id for p in ledger}
    rows_m = [{"hall_id": pay_halls.get(payment_uuid) or halls.get(line_id) or NO_HALL,
               "channel": channel, "recon_date": day, "line_id": line_id,
               "payment_uuid": payment_uuid, "rule": rule, "matched_at": now,
               "matched_by": SYSTEM} for line_id, payment_uuid, rule in result.matches]
    for start in range(0, len(rows_m), 50_000):  # a few statements for a million matches
        chunk = rows_m[start:start + 50_000]
        if is_sqlite(conn):
            conn.execute(upsert_ignore(conn, ReconMatch), chunk)
        else:  # one statement per chunk, the rows as one JSON parameter (as booking does)
            conn.exec_driver_sql(PG_INSERT_MATCHES, (json.dumps(chunk, default=str),))
    _store_exceptions(conn, channel, day, result.exceptions, now)
    # exceptions whose line or payment has since matched (a late file, a booking by hand)
    pending = conn.execute(select(ReconException).where(
        ReconException.channel == channel, ReconException.status == "open",
        ReconException.kind.in_(("channel_only", "ledger_only")))).all()
    lines_m = set(conn.execute(select(ReconMatch.line_id).where(ReconMatch.line_id.in_(
        [e.line_id for e in pending if e.line_id is not None]))).scalars()) if pending else set()
    pays_m = set(conn.execute(select(ReconMatch.payment_uuid).where(ReconMatch.payment_uuid.in_(
        [e.payment_uuid for e in pending if e.payment_uuid]))).scalars()) if pending else set()
    for exc in pending:
        if (exc.kind == "channel_only" and exc.line_id in lines_m) or \
                (exc.kind == "ledger_only" and exc.payment_uuid in pays_m):
            resolve(conn, exc, SYSTEM, "matched_later", now)
    # duplicates: matched payments of the day that became prepaid credit
    mine = [LedgerTxn(payment_uuid=r.payment_uuid, account_no=r.account_no,
                      amount_fen=r.amount_fen, business_date=r.business_date, hall_id=r.hall_id,
                      terminal_id=r.terminal_id, credit_fen=r.credit_fen)
            for r in conn.execute(select(Payment).join(
                ReconMatch, ReconMatch.payment_uuid == Payment.payment_uuid).where(
                ReconMatch.channel == channel, ReconMatch.recon_date == day,
                Payment.credit_fen > 0))]
    if mine:
        accounts = sorted({p.account_no for p in mine})
        others = [LedgerTxn(payment_uuid=r.payment_uuid, account_no=r.account_no,
                            amount_fen=r.amount_fen, business_date=r.business_date,
                            hall_id=r.hall_id, terminal_id=r.terminal_id, credit_fen=r.credit_fen)
                  for r in conn.execute(select(Payment).where(
                      Payment.account_no.in_(accounts), Payment.voided.is_(False),
                      Payment.business_date >= day - timedelta(days=1),
                      Payment.business_date <= day + timedelta(days=1)))]
        for f in duplicates_across_channels(mine, others):
            _store_exception(conn, channel, day, f, now)
    # settlement and fees: sums in the database, reversals' effects from their chains
    plain, fee_total = conn.execute(select(
        func.coalesce(func.sum(case((cl.kind.in_(("reversal", "refund")), 0),
                                    else_=cl.amount_fen)), 0),
        func.coalesce(func.sum(cl.fee_fen), 0)).where(cl.channel == channel,
                                                       cl.txn_date == day)).one()
    every = dict(known)
    every.update({r.txn_id: _line(r) for r in reversals})
    net = int(plain) + sum(effect_fen(_line(r), every) for r in reversals)
    fee_total = int(fee_total)
    credited = conn.execute(select(func.count(), func.coalesce(func.sum(
        BankStatementEntry.amount_fen), 0)).where(BankStatementEntry.channel == channel,
                                                  BankStatementEntry.batch_date == day)).one()
    if credited[0] and int(credited[1]) != net - fee_total:
        _store_exception(conn, channel, day, Found(
            "settlement_short", net - fee_total - int(credited[1]), expected_fen=net - fee_total,
            note=f"statement credited {int(credited[1])}, expected {net - fee_total}"), now)
    for hall, fee in conn.execute(select(cl.hall_id, func.sum(cl.fee_fen)).where(
            cl.channel == channel, cl.txn_date == day).group_by(cl.hall_id)
            .order_by(cl.hall_id)).all():
        hall = hall or NO_HALL
        post(conn, key=f"fees:{channel}:{day.isoformat()}:{hall}", day=day, hall_id=hall,
             debit="fees", credit=bank_account(channel), amount_fen=int(fee or 0),
             memo=f"{channel} fees of {day.isoformat()}", now=now)
    return net - fee_total


def escalate(conn: Connection, now: datetime) -> int:
    """Open ledger_only exceptions older than T+2 escalate (once each)."""
    limit = now.date() - timedelta(days=ESCALATE_AFTER_DAYS)
    rows = conn.execute(select(ReconException).where(
        ReconException.kind == "ledger_only", ReconException.status == "open",
        ReconException.escalated_at.is_(None), ReconException.recon_date < limit)).all()
    for exc in rows:
        conn.execute(update(ReconException).where(ReconException.exc_id == exc.exc_id)
                     .values(escalated_at=now))
        add_action(conn, exc.exc_id, exc.hall_id, SYSTEM, "escalated", now,
                   {"after_days": ESCALATE_AFTER_DAYS})
    return len(rows)


def reconcile(engine: Engine, day: date, channel: str | None = None, *,
              now: datetime) -> dict[str, Any]:
    """Reconcile the day (one channel, or every channel seen that day); the summary."""
    with engine.begin() as conn:
        channels = [channel.lower()] if channel else channels_of_day(conn, day)
        expected = {c: _reconcile_channel(conn, day, c, now) for c in channels}
        escalate(conn, now)
    with engine.connect() as conn:
        return summary(conn, day, channels, now, expected=expected)


def _sum(conn: Connection, q) -> dict[str, int]:
    n, s = conn.execute(q).one()
    return {"count": int(n), "sum_fen": int(s or 0)}


def channel_figures(conn: Connection, day: date, channel: str, hall_id: str | None = None,
                    expected: int | None = None) -> dict[str, Any]:
    """Channel vs ledger vs bank counts and sums, matched, fees and exceptions of a day."""
    cl = ChannelLine
    line_q = select(func.count(), func.coalesce(func.sum(cl.amount_fen), 0)).where(
        cl.channel == channel, cl.txn_date == day)
    fee_q = select(func.coalesce(func.sum(cl.fee_fen), 0)).where(cl.channel == channel,
                                                                  cl.txn_date == day)
    p = Payment
    pay_q = select(func.count(), func.coalesce(func.sum(p.amount_fen), 0)).where(
        p.business_date == day, p.channel.in_(CHANNEL_KINDS),
        p.terminal_id == channel.upper(), p.voided.is_(False))
    m = ReconMatch
    match_q = select(func.count(), func.coalesce(func.sum(p.amount_fen), 0)).select_from(m).join(
        p, p.payment_uuid == m.payment_uuid).where(m.channel == channel, m.recon_date == day)
    e = ReconException
    exc_q = select(e.kind, e.status, func.count(), func.coalesce(func.sum(e.amount_fen), 0)
                   ).where(e.channel == channel, e.recon_date == day)
    if hall_id is not None:
        line_q = line_q.where(cl.hall_id == hall_id)
        fee_q = fee_q.where(cl.hall_id == hall_id)
        pay_q = pay_q.where(p.hall_id == hall_id)
        match_q = match_q.where(m.hall_id == hall_id)
        exc_q = exc_q.where(e.hall_id.in_((hall_id, NO_HALL)))  # and the company-wide ones
    bank = conn.execute(select(func.count(), func.coalesce(func.sum(
        BankStatementEntry.amount_fen), 0)).where(BankStatementEntry.channel == channel,
                                                  BankStatementEntry.batch_date == day)).one()
    exceptions = {k: {"count": 0, "sum_fen": 0, "open": 0} for k in EXCEPTION_KINDS}
    for kind, status, n, s in conn.execute(exc_q.group_by(e.kind, e.status)):
        x = exceptions.setdefault(kind, {"count": 0, "sum_fen": 0, "open": 0})
        x["count"] += int(n)
        x["sum_fen"] += int(s)
        if status != "resolved":
            x["open"] += int(n)
    if expected is None:
        rows = list(conn.execute(select(ChannelLine).where(ChannelLine.channel == channel,
                                                           ChannelLine.txn_date == day)))
        net, fees = settlement_expected([_line(r) for r in rows], _originals(conn, channel, rows))
        expected = net - fees
    return {
        "channel": channel,
        "channel_file": _sum(conn, line_q),
        "ledger": _sum(conn, pay_q),
        "bank": {"count": int(bank[0]), "sum_fen": int(bank[1])} if bank[0] else None,
        "settlement_expected_fen": expected,
        "matched": _sum(conn, match_q),
        "fees_fen": int(conn.execute(fee_q).scalar() or 0),
        "exceptions": exceptions,
    }


def summary(conn: Connection, day: date, channels: list[str], now: datetime,
            hall_id: str | None = None, expected: dict[str, int] | None = None
            ) -> dict[str, Any]:
    per = [channel_figures(conn, day, c, hall_id, (expected or {}).get(c)) for c in channels]
    exceptions = {k: {"count": sum(c["exceptions"][k]["count"] for c in per),
                      "sum_fen": sum(c["exceptions"][k]["sum_fen"] for c in per),
                      "open": sum(c["exceptions"][k]["open"] for c in per)}
                  for k in EXCEPTION_KINDS}
    return {"date": day.isoformat(), "hall_id": hall_id,
            "matched": {"count": sum(c["matched"]["count"] for c in per),
                        "sum_fen": sum(c["matched"]["sum_fen"] for c in per)},
            "exceptions": exceptions, "channels": per}
