"""Importing the channels' daily files (bank agency files by profile, WeChat Pay, Alipay,
camt.053 statements): all lines of a file or none; the same file twice is a no-op.

The same bytes (SHA-256) are recognised at once. A file of a channel, format and date already
imported whose lines are the same (re-saved with CRLF, a BOM...) is a no-op too; one whose
lines differ is refused (a corrected file needs the old one withdrawn first, by IT).
Nothing is booked here: matching compares these lines with the ledger.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from hall_domain.channel_files import (
    BANK_PIPE,
    ChannelFileError,
    ParsedFile,
    check_profile,
    decode,
    parse_alipay,
    parse_profile_text,
    parse_wechat,
    text_digest,
)

from ..store.db import is_sqlite, utcnow
from ..store.models import (
    BankStatementEntry,
    ChannelFile,
    ChannelProfile,
    Customer,
)

BUILT_IN_FORMATS = ("wechat", "alipay", "camt053")
BUILT_IN_PROFILES = {"bank-pipe": BANK_PIPE}
LINE_COLUMNS = ("file_id", "line_no", "channel", "kind", "txn_date", "txn_at", "txn_id",
                "order_ref", "original_txn_id", "account_no", "hall_id", "amount_fen",
                "fee_fen", "branch")


@dataclass(frozen=True, slots=True)
class ImportResult:
    status: str  # imported | already_imported
    file_id: int
    channel: str
    format: str
    file_date: date
    line_count: int
    total_fen: int
    fee_fen: int


# ---------------------------------------------------------------- profiles


def profile(conn: Connection, profile_id: str) -> dict[str, Any] | None:
    if profile_id in BUILT_IN_PROFILES:
        return BUILT_IN_PROFILES[profile_id]
    row = conn.execute(select(ChannelProfile.spec_json)
                       .where(ChannelProfile.profile_id == profile_id)).scalar()
    return json.loads(row) if row else None


def add_profile(engine: Engine, spec: dict[str, Any], *, actor: str,
                now: datetime | None = None) -> str:
    """Store a bank's layout (checked first); a built-in or existing id is refused."""
    check_profile(spec)
    pid = spec["id"]
    if pid in BUILT_IN_PROFILES or pid in BUILT_IN_FORMATS:
        raise ChannelFileError(f"profile id {pid!r} is built in")
    with engine.begin() as conn:
        if profile(conn, pid) is not None:
            raise ChannelFileError(f"profile {pid!r} already exists")
        conn.execute(insert(ChannelProfile).values(
            profile_id=pid, spec_json=json.dumps(spec, ensure_ascii=False, sort_keys=True),
            created_at=now or utcnow(), created_by=actor))
    return pid


def list_profiles(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(ChannelProfile.spec_json)
                            .order_by(ChannelProfile.profile_id)).scalars().all()
    return [*BUILT_IN_PROFILES.values(), *(json.loads(r) for r in rows)]


# ---------------------------------------------------------------- import


def _parse(conn: Connection, fmt: str, data: bytes, encoding: str | None):
    """(parsed, content digest): the digest of the decoded, normalised text (or, for XML,
    of the entries read from it)."""
    if fmt == "camt053":
        from .camt053 import parse_camt053

        parsed = parse_camt053(data)
        return parsed, hashlib.sha256(repr(parsed[0]).encode()).hexdigest()
    if fmt == "wechat":
        text = decode(data, encoding or "utf-8")
        return parse_wechat(text), text_digest(text)
    if fmt == "alipay":
        text = decode(data, encoding or "gbk")
        return parse_alipay(text), text_digest(text)
    spec = profile(conn, fmt)
    if spec is None:
        raise ChannelFileError(f"unknown format {fmt!r}: one of {', '.join(BUILT_IN_FORMATS)}, "
                               "or a bank profile (counter-ledger channel profile list)")
    enc = encoding or spec.get("encoding", "utf-8")
    text = decode(data, enc)
    return parse_profile_text(text, spec, encoding=enc), text_digest(text)


def import_channel_file(engine: Engine, data: bytes, *, channel: str, fmt: str,
                        file_name: str, file_date: date | None = None,
                        encoding: str | None = None, actor: str = "cli",
                        now: datetime | None = None) -> ImportResult:
    """Import one file in one transaction; raises ChannelFileError (nothing written)."""
    channel = channel.strip().lower()
    if not channel or len(channel) > 32:
        raise ChannelFileError("a channel id has 1 to 32 characters")
    sha = hashlib.sha256(data).hexdigest()
    with engine.begin() as conn:
        known = conn.execute(select(ChannelFile).where(ChannelFile.sha256 == sha)).first()
        if known is not None:
            return _result("already_imported", known)
        parsed, digest = _parse(conn, fmt, data, encoding)
        if fmt == "camt053":
            entries, control = parsed
            on = file_date or (max(e.booking_date for e in entries) if entries else None)
            count, total, fee = len(entries), sum(e.amount_fen for e in entries), 0
        else:
            assert isinstance(parsed, ParsedFile)
            control = parsed.control
            on = file_date or parsed.usual_date()
            count, total, fee = parsed.count, parsed.total_fen, parsed.fee_fen
        if on is None:
            raise ChannelFileError("the file holds no line: give its --date")
        same_day = conn.execute(select(ChannelFile).where(
            ChannelFile.channel == channel, ChannelFile.format == fmt,
            ChannelFile.file_date == on)).first()
        if same_day is not None:
            if json.loads(same_day.control_json).get("content_sha256") == digest:
                return _result("already_imported", same_day)
            raise ChannelFileError(
                f"channel {channel} already has a {fmt} file for {on} (file #{same_day.file_id}, "
                f"{same_day.line_count} lines) with other lines; nothing imported")
        control = {**control, "content_sha256": digest}
        file_id = conn.execute(insert(ChannelFile).values(
            sha256=sha, channel=channel, format=fmt, file_date=on, file_name=file_name[:255],
            line_count=count, total_fen=total, fee_fen=fee,
            control_json=json.dumps(control, ensure_ascii=False, sort_keys=True),
            imported_at=now or utcnow(), imported_by=actor,
        ).returning(ChannelFile.file_id)).scalar_one()
        if fmt == "camt053":
            _insert_entries(conn, file_id, entries)
        else:
            _insert_lines(conn, file_id, channel, parsed)
        row = conn.execute(select(ChannelFile).where(ChannelFile.file_id == file_id)).one()
        return _result("imported", row)


def _result(status: str, row) -> ImportResult:
    return ImportResult(status, row.file_id, row.channel, row.format, row.file_date,
                        row.line_count, row.total_fen, row.fee_fen)


def halls_of(conn: Connection, accounts: set[str]) -> dict[str, str]:
    """account_no -> hall_id for the accounts (one scan when there are many)."""
    if not accounts:
        return {}
    q = select(Customer.account_no, Customer.hall_id)
    if len(accounts) > 5000:
        return {a: h for a, h in conn.execute(q) if a in accounts}
    out: dict[str, str] = {}
    items = sorted(accounts)
    for start in range(0, len(items), 500):
        out.update(dict(conn.execute(q.where(Customer.account_no.in_(items[start:start + 500])))
                        .all()))
    return out


def _insert_lines(conn: Connection, file_id: int, channel: str, parsed: ParsedFile) -> None:
    halls = halls_of(conn, {ln.account_no for ln in parsed.lines if ln.account_no})
    get_hall = halls.get
    if is_sqlite(conn):  # the text SQLAlchemy itself stores for Date and DateTime
        days: dict[date, str] = {}

        def day(d: date) -> str:
            text = days.get(d)
            if text is None:
                text = days[d] = d.isoformat()
            return text

        def moment(t: datetime | None) -> str | None:
            return None if t is None else t.isoformat(sep=" ", timespec="microseconds")
    else:
        def day(d: date) -> date:
            return d

        def moment(t: datetime | None) -> datetime | None:
            return t
    rows = [(file_id, ln.line_no, channel, ln.kind, day(ln.txn_date), moment(ln.txn_at),
             ln.txn_id, ln.order_ref, ln.original_txn_id, ln.account_no, get_hall(ln.account_no),
             ln.amount_fen, ln.fee_fen, ln.branch) for ln in parsed.lines]
    _bulk(conn, "channel_lines", LINE_COLUMNS, rows)


def _bulk(conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Many rows fast: executemany on SQLite (values already as SQLAlchemy stores them there),
    COPY on PostgreSQL."""
    if not rows:
        return
    dbapi = conn.connection.dbapi_connection
    if is_sqlite(conn):
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        cur = dbapi.cursor()
        try:
            cur.executemany(sql, rows)
        finally:
            cur.close()
        return
    with dbapi.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
        for r in rows:
            cp.write_row(r)


def _insert_entries(conn: Connection, file_id: int, entries) -> None:
    if entries:
        conn.execute(insert(BankStatementEntry), [
            {"file_id": file_id, "line_no": e.line_no, "account_id": e.account_id,
             "booking_date": e.booking_date, "value_date": e.value_date,
             "amount_fen": e.amount_fen, "currency": e.currency, "entry_ref": e.entry_ref,
             "reference": e.reference, "channel": e.channel, "batch_date": e.batch_date}
            for e in entries])


def channel_files(engine: Engine, *, channel: str | None = None,
                  on: date | None = None) -> list[dict[str, Any]]:
    q = select(ChannelFile).order_by(ChannelFile.file_date, ChannelFile.file_id)
    if channel:
        q = q.where(ChannelFile.channel == channel.lower())
    if on:
        q = q.where(ChannelFile.file_date == on)
    with engine.connect() as conn:
        return [{"file_id": r.file_id, "channel": r.channel, "format": r.format,
                 "file_date": r.file_date.isoformat(), "file_name": r.file_name,
                 "line_count": r.line_count, "total_fen": r.total_fen, "fee_fen": r.fee_fen,
                 "sha256": r.sha256} for r in conn.execute(q)]
