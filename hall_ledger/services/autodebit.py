"""Auto-debit (代扣): mandates, the debit request file for a bank and a date, and the bank's
answer. A success books a payment through the channel-payment path exactly once (its UUID is
derived from the request line's reference); a failure keeps the bank's reason for dunning."""

from __future__ import annotations

import csv
import hashlib
import io
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update

from hall_domain.allocation import quote
from hall_domain.channel_files import ChannelFileError, decode, yuan_to_fen
from hall_domain.late_fees import LateFeeRuleSet
from hall_domain.money import fen_to_plain

from ..store.db import utcnow
from ..store.models import (
    AutodebitBatch,
    AutodebitMandate,
    AutodebitRequest,
    ChannelFile,
    Customer,
)
from .booking import load_state
from .channels import ingest_channel_payments
from .posting import customer_from_row
from .terminals import Principal

MANDATE_COLUMNS = ("户号", "银行代码", "银行账号", "户名", "签约日期", "状态")
MANDATE_STATUSES = {"有效": "active", "active": "active", "暂停": "suspended",
                    "suspended": "suspended", "解约": "revoked", "revoked": "revoked"}
SUCCESS_CODE = "0000"
PAYMENT_NAMESPACE = uuid.UUID("6f1c2d0e-7a51-5b1e-9d0c-15a0c0de0015")


def payment_uuid_for(request_ref: str) -> str:
    return str(uuid.uuid5(PAYMENT_NAMESPACE, f"autodebit:{request_ref}"))


def import_mandates(engine: Engine, data: bytes, *, encoding: str = "utf-8",
                    now: datetime | None = None) -> dict[str, int]:
    """CSV 户号,银行代码,银行账号,户名,签约日期(YYYY-MM-DD),状态(有效|暂停|解约); all rows or
    none; a mandate already kept is updated (status, bank account), never deleted."""
    rows = list(csv.reader(io.StringIO(decode(data, encoding))))
    if not rows or tuple(c.strip() for c in rows[0]) != MANDATE_COLUMNS:
        raise ChannelFileError(f"the first row must be {','.join(MANDATE_COLUMNS)}", line=1)
    parsed = []
    for n, r in enumerate(rows[1:], start=2):
        if not r:
            continue
        if len(r) != len(MANDATE_COLUMNS):
            raise ChannelFileError(f"{len(r)} fields, expected {len(MANDATE_COLUMNS)}", line=n)
        acct, bank, bank_acct, holder, signed, status = (v.strip() for v in r)
        if not (acct.isdigit() and bank and bank_acct.isdigit()):
            raise ChannelFileError("户号 and 银行账号 are digits, 银行代码 is given", line=n)
        try:
            signed_on = date.fromisoformat(signed)
        except ValueError:
            raise ChannelFileError(f"签约日期 {signed!r} is not YYYY-MM-DD", line=n) from None
        if status not in MANDATE_STATUSES:
            raise ChannelFileError(f"状态 {status!r}: one of {sorted(MANDATE_STATUSES)}", line=n)
        parsed.append((n, acct, bank.lower(), bank_acct, holder, signed_on,
                       MANDATE_STATUSES[status]))
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    now = now or utcnow()
    with engine.begin() as conn:
        halls = dict(conn.execute(select(Customer.account_no, Customer.hall_id).where(
            Customer.account_no.in_(sorted({p[1] for p in parsed})))).all()) if parsed else {}
        for n, acct, *_ in parsed:
            if acct not in halls:
                raise ChannelFileError(f"no customer with account number {acct}", line=n)
        for _, acct, bank, bank_acct, holder, signed_on, status in parsed:
            old = conn.execute(select(AutodebitMandate).where(
                AutodebitMandate.account_no == acct, AutodebitMandate.bank_id == bank)).first()
            values = dict(hall_id=halls[acct], bank_account=bank_acct, holder_name=holder,
                          signed_on=signed_on, status=status)
            if old is None:
                conn.execute(insert(AutodebitMandate).values(
                    account_no=acct, bank_id=bank, updated_at=now, **values))
                counts["added"] += 1
            elif any(getattr(old, k) != v for k, v in values.items()):
                conn.execute(update(AutodebitMandate).where(
                    AutodebitMandate.account_no == acct, AutodebitMandate.bank_id == bank)
                    .values(updated_at=now, **values))
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    return counts


def _request_text(on: date, rows) -> str:
    """bank-pipe layout: 笔数|总金额, then 日期|请求流水号|户号|金额|银行账号|户名."""
    lines = [f"{len(rows)}|{fen_to_plain(sum(r.amount_fen for r in rows))}"]
    d = on.strftime("%Y%m%d")
    for r in rows:
        lines.append(f"{d}|{r.request_ref}|{r.account_no}|{fen_to_plain(r.amount_fen)}|"
                     f"{r.bank_account}|{r.holder_name}")
    return "\r\n".join(lines) + "\r\n"


@dataclass(frozen=True, slots=True)
class _Req:
    request_ref: str
    account_no: str
    amount_fen: int
    bank_account: str
    holder_name: str


def export_requests(engine: Engine, bank_id: str, on: date, *, actor: str = "cli",
                    rules: LateFeeRuleSet | None = None,
                    now: datetime | None = None) -> tuple[str, int, int]:
    """The request file for `bank_id` on `on`: every active mandate whose account owes money
    that day (bills and late fees, less prepaid credit). Asked again, the same file."""
    bank_id = bank_id.lower()
    rules = rules or LateFeeRuleSet()
    with engine.begin() as conn:
        batch = conn.execute(select(AutodebitBatch).where(
            AutodebitBatch.bank_id == bank_id, AutodebitBatch.request_date == on)).first()
        if batch is None:
            mandates = conn.execute(select(AutodebitMandate).where(
                AutodebitMandate.bank_id == bank_id, AutodebitMandate.status == "active",
                AutodebitMandate.signed_on <= on).order_by(AutodebitMandate.account_no)).all()
            customers, bills = load_state(conn, [m.account_no for m in mandates])
            wanted = []
            for m in mandates:
                c = customers[m.account_no]
                due = quote(customer_from_row(c), list(bills[m.account_no].values()), on,
                            rules).total_due_fen - max(c.credit_fen, 0)
                if due > 0:
                    wanted.append((m, c.hall_id, due))
            batch_id = conn.execute(insert(AutodebitBatch).values(
                bank_id=bank_id, request_date=on, line_count=len(wanted),
                total_fen=sum(d for *_, d in wanted), created_at=now or utcnow(),
                created_by=actor).returning(AutodebitBatch.batch_id)).scalar_one()
            for i, (m, hall, due) in enumerate(wanted, start=1):
                conn.execute(insert(AutodebitRequest).values(
                    request_ref=f"AD{batch_id:06d}{on:%Y%m%d}{i:06d}", batch_id=batch_id,
                    line_no=i, account_no=m.account_no, hall_id=hall,
                    bank_account=m.bank_account, amount_fen=due, status="requested"))
        else:
            batch_id = batch.batch_id
        rows = conn.execute(
            select(AutodebitRequest.request_ref, AutodebitRequest.account_no,
                   AutodebitRequest.amount_fen, AutodebitRequest.bank_account,
                   AutodebitMandate.holder_name)
            .join(AutodebitMandate, (AutodebitMandate.account_no == AutodebitRequest.account_no)
                  & (AutodebitMandate.bank_id == bank_id))
            .where(AutodebitRequest.batch_id == batch_id)
            .order_by(AutodebitRequest.line_no)).all()
    reqs = [_Req(*r) for r in rows]
    return _request_text(on, reqs), len(reqs), sum(r.amount_fen for r in reqs)


def apply_results(engine: Engine, data: bytes, *, file_name: str, encoding: str = "utf-8",
                  actor: str = "cli", now: datetime | None = None) -> dict[str, Any]:
    """The bank's answer, bank-pipe layout: 笔数|总金额 (all lines), then
    日期(YYYYMMDD)|请求流水号|户号|金额|结果码|原因 with 结果码 0000 for a success. The whole
    file is checked first (totals, every line against its request); then successes are
    booked (once: the payment UUID is the request's) and failures kept with the reason."""
    sha = hashlib.sha256(data).hexdigest()
    with engine.connect() as conn:
        if conn.execute(select(ChannelFile.file_id).where(ChannelFile.sha256 == sha)).first():
            return {"status": "already_imported", "succeeded": 0, "failed": 0}
    rows = [r for r in decode(data, encoding).split("\n")]
    while rows and not rows[-1].strip():
        rows.pop()
    if not rows:
        raise ChannelFileError("empty file")
    head = rows[0].split("|")
    if len(head) != 2 or not head[0].strip().isdigit():
        raise ChannelFileError("the first line must be the control totals 笔数|总金额", line=1)
    count = int(head[0])
    total = yuan_to_fen(head[1].strip(), line=1, what="总金额", two_decimals=True)
    body = []
    for n, raw in enumerate(rows[1:], start=2):
        parts = [p.strip() for p in raw.split("|")]
        if len(parts) != 6:
            raise ChannelFileError(f"{len(parts)} fields, expected 6", line=n)
        body.append((n, parts))
    written = sum(yuan_to_fen(p[3], line=n, what="金额", two_decimals=True) for n, p in body)
    if count != len(body) or total != written:
        raise ChannelFileError(
            f"control totals do not match: control count {count}, lines {len(body)}, control "
            f"total {fen_to_plain(total)}, sum of lines {fen_to_plain(written)}; nothing applied",
            figures={"count": count, "lines": len(body), "total_fen": total,
                     "sum_fen": written})
    with engine.connect() as conn:
        requests = {r.request_ref: r for r in conn.execute(select(AutodebitRequest).where(
            AutodebitRequest.request_ref.in_([p[1] for _, p in body])))}
        banks = dict(conn.execute(select(AutodebitBatch.batch_id, AutodebitBatch.bank_id)).all())
    seen: set[str] = set()
    answers = []
    for n, (d, ref, acct, amount, code, reason) in body:
        req = requests.get(ref)
        if req is None:
            raise ChannelFileError(f"no debit request {ref}", line=n)
        if ref in seen:
            raise ChannelFileError(f"request {ref} answered twice in the file", line=n)
        seen.add(ref)
        if req.account_no != acct or req.amount_fen != yuan_to_fen(amount, line=n, what="金额",
                                                                   two_decimals=True):
            raise ChannelFileError(f"request {ref} was for {req.account_no} "
                                   f"{fen_to_plain(req.amount_fen)}, not {acct} {amount}", line=n)
        try:
            on = datetime.strptime(d, "%Y%m%d").date()
        except ValueError:
            raise ChannelFileError(f"date {d!r} is not YYYYMMDD", line=n) from None
        ok = code == SUCCESS_CODE
        if req.status != "requested" and req.status != ("succeeded" if ok else "failed"):
            raise ChannelFileError(f"request {ref} was already answered {req.status}", line=n)
        answers.append((req, on, ok, code, reason))
    succeeded = failed = 0
    for req, on, ok, code, reason in answers:
        if ok:
            principal = Principal(hall_id=req.hall_id,
                                  terminal_id=f"AD-{banks[req.batch_id]}".upper()[:32],
                                  channel="bank")
            puid = payment_uuid_for(req.request_ref)
            [answer] = ingest_channel_payments(engine, principal, [{
                "payment_uuid": puid, "account_no": req.account_no,
                "amount_fen": req.amount_fen,
                "paid_at": datetime(on.year, on.month, on.day, 12, 0).isoformat(),
                "reference": req.request_ref}])
            if answer["status"] not in (200, 201):
                raise RuntimeError(f"debit {req.request_ref} could not be booked: {answer}")
            values = dict(status="succeeded", payment_uuid=puid, reason_code=code,
                          reason_text=None, answered_on=on)
            succeeded += 1
        else:
            values = dict(status="failed", reason_code=code[:16], reason_text=reason[:200],
                          answered_on=on)
            failed += 1
        with engine.begin() as conn:
            conn.execute(update(AutodebitRequest)
                         .where(AutodebitRequest.request_ref == req.request_ref).values(**values))
    with engine.begin() as conn:
        bank = banks[answers[0][0].batch_id] if answers else "unknown"
        on = max((a[1] for a in answers), default=date.today())
        channel = f"autodebit-{bank}"[:32]
        # a second answer file of the bank for the same day is applied (each line once) but
        # only the first is recorded as the day's file
        if conn.execute(select(ChannelFile.file_id).where(
                ChannelFile.channel == channel, ChannelFile.format == "autodebit-results",
                ChannelFile.file_date == on)).first() is not None:
            return {"status": "applied", "succeeded": succeeded, "failed": failed}
        conn.execute(insert(ChannelFile).values(
            sha256=sha, channel=channel, format="autodebit-results", file_date=on,
            file_name=file_name[:255], line_count=len(body), total_fen=written, fee_fen=0,
            control_json=f'{{"succeeded": {succeeded}, "failed": {failed}}}',
            imported_at=now or utcnow(), imported_by=actor))
    return {"status": "applied", "succeeded": succeeded, "failed": failed}


def failed_debits(engine: Engine, hall_id: str | None = None,
                  account_no: str | None = None) -> list[dict[str, Any]]:
    """Failed debits with the bank's reason, newest first: dunning's next reminder says the
    debit failed."""
    r_ = AutodebitRequest
    q = (select(r_.request_ref, r_.account_no, r_.hall_id, AutodebitBatch.bank_id,
                r_.amount_fen, r_.reason_code, r_.reason_text, r_.answered_on)
         .join(AutodebitBatch, AutodebitBatch.batch_id == r_.batch_id)
         .where(r_.status == "failed")
         .order_by(r_.answered_on.desc(), r_.request_ref))
    if hall_id:
        q = q.where(r_.hall_id == hall_id)
    if account_no:
        q = q.where(r_.account_no == account_no)
    with engine.connect() as conn:
        return [{"request_ref": r.request_ref, "account_no": r.account_no,
                 "hall_id": r.hall_id, "bank_id": r.bank_id, "amount_fen": r.amount_fen,
                 "reason_code": r.reason_code, "reason": r.reason_text,
                 "answered_on": r.answered_on.isoformat()}
                for r in conn.execute(q)]
