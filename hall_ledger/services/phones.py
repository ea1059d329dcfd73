"""Phone hygiene on the ledger (#14): each customer's number keeps its source, the day it was
last verified, a vacant flag (from an SMS delivery receipt) and whether `phonenumbers` takes it
for a mainland mobile number (customer_phones); numbers from a property company's list that
differ from the one on file wait in a review queue (phone_reviews), never written over it.

Fed by the customer import (services/imports.py: a new or changed number, source "import"),
the counters' contact changes (services/items.py: source "counter", verified that day; the
same number confirmed again counts as a verification), `import_phones` (a property company's
list) and `flag_vacant` (the SMS side). Every change that a counter should see bumps the
customer's change number, so the counters' reference data carries the status
(services/reference.py). The status rules are hall_domain/phones.py.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import phonenumbers
from sqlalchemy import Connection, Engine, insert, select, update

from hall_domain.accounts import DEFAULT_ACCOUNT_LENGTH, normalize_phone, validate_account_no
from hall_domain.errors import DomainError
from hall_domain.inputs import check_free_text
from hall_domain.phones import PhoneSource, PhoneStatus, phone_status, reverify_due

from ..store.db import among, lock_accounts, next_change_seqs, utcnow
from ..store.models import Customer, CustomerPhone, PhoneReview
from .collections_audit import SYSTEM, record_action

__all__ = ["ImportPhonesResult", "PhoneReviewError", "accept_review", "flag_vacant",
           "import_phones", "is_mobile", "list_reviews", "phone_columns", "phone_state",
           "record_imported", "record_verified", "reject_review"]

REVIEW_STATUSES = ("pending", "accepted", "rejected")
MAX_NAME = 200
_CHUNK = 500
_READ_CHUNK = 5000  # SQLite takes up to 32766 parameters; PostgreSQL gets one array


class PhoneReviewError(Exception):
    """A review that cannot be decided (unknown in this hall, or decided already)."""

    def __init__(self, code: str, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@functools.lru_cache(maxsize=65536)
def _is_mobile(phone: str) -> bool:
    try:
        parsed = phonenumbers.parse(phone, "CN")
    except phonenumbers.NumberParseException:
        return False
    return (parsed.country_code == 86 and phonenumbers.is_valid_number(parsed)
            and phonenumbers.number_type(parsed) in _MOBILE_TYPES)


_MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE,
                 phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def is_mobile(phone: str | None) -> bool:
    """True when Google's libphonenumber (`phonenumbers`) takes the number for a valid mainland
    China mobile number: a landline, a short number or an unassigned prefix (12x) is not."""
    if not phone:
        return False
    return _is_mobile(normalize_phone(phone))


# --- writing ------------------------------------------------------------------------------


def _existing(conn: Connection, accounts: Sequence[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for start in range(0, len(accounts), _CHUNK):
        for r in conn.execute(select(CustomerPhone).where(
                CustomerPhone.account_no.in_(accounts[start:start + _CHUNK]))):
            found[r.account_no] = r
    return found


def _put(conn: Connection, rows: list[dict[str, Any]], existing: dict[str, Any]) -> None:
    new = [r for r in rows if r["account_no"] not in existing]
    old = [r for r in rows if r["account_no"] in existing]
    for start in range(0, len(new), 5000):
        conn.execute(insert(CustomerPhone), new[start:start + 5000])
    for r in old:
        conn.execute(update(CustomerPhone).where(CustomerPhone.account_no == r["account_no"])
                     .values(**{k: v for k, v in r.items() if k != "account_no"}))


def _row(account_no: str, hall_id: str, phone: str, source: str, verified_on: date | None,
         now: datetime) -> dict[str, Any]:
    return {"account_no": account_no, "hall_id": hall_id, "phone": phone, "source": source,
            "verified_on": verified_on, "valid_mobile": is_mobile(phone), "vacant_at": None,
            "updated_at": now}


def record_imported(conn: Connection, hall_id: str, phones: dict[str, str | None], *,
                    on: date, now: datetime) -> int:
    """The customer import wrote these numbers (account -> phone, None: no number). A number
    new to the record is noted with source "import" and verified `on` (the billing system's
    word that day); a number the record already holds keeps its history. Returns rows written."""
    accounts = list(phones)
    existing = _existing(conn, accounts)
    rows = []
    for account_no, phone in phones.items():
        old = existing.get(account_no)
        if not phone or (old is not None and old.phone == phone):
            continue
        rows.append(_row(account_no, hall_id, phone, PhoneSource.IMPORT, on, now))
    _put(conn, rows, existing)
    return len(rows)


def record_verified(conn: Connection, hall_id: str, account_no: str, phone: str, *,
                    source: str, on: date, now: datetime) -> None:
    """The number was taken or confirmed with the customer (a counter's contact change): it is
    verified `on`, any vacant flag is cleared. A confirmation of the number on file keeps the
    number's source; a new number takes `source`."""
    existing = _existing(conn, [account_no])
    old = existing.get(account_no)
    keep = old is not None and old.phone == phone
    _put(conn, [_row(account_no, hall_id, phone, old.source if keep else source, on, now)],
         existing)


def _bump(conn: Connection, hall_id: str, accounts: Sequence[str], now: datetime) -> None:
    """Give the customers new change numbers so the counters' reference pulls carry the status."""
    if not accounts:
        return
    seq = next_change_seqs(conn, hall_id, len(accounts))
    for i, account_no in enumerate(accounts):
        conn.execute(update(Customer).where(Customer.account_no == account_no)
                     .values(change_seq=seq + i, updated_at=now))


def flag_vacant(conn: Connection, hall_id: str, account_no: str, phone: str,
                at: datetime) -> bool:
    """A delivery receipt said `phone` is a vacant number (空号): flag it when it is still the
    customer's number in this hall (True); an older number or another hall's account is left
    alone (False). The counters see the flag after their next reference pull."""
    phone = normalize_phone(phone)
    customer = conn.execute(select(Customer.hall_id, Customer.phone)
                            .where(Customer.account_no == account_no)).first()
    if customer is None or customer.hall_id != hall_id or customer.phone != phone:
        return False
    existing = _existing(conn, [account_no])
    old = existing.get(account_no)
    if old is not None and old.phone == phone:
        if old.vacant_at is not None:
            return True  # flagged already: the first receipt's time stands
        row = {"account_no": account_no, "vacant_at": at, "updated_at": utcnow()}
    else:  # a number the ledger has no history for (from before phone records)
        row = {**_row(account_no, hall_id, phone, PhoneSource.IMPORT, None, utcnow()),
               "vacant_at": at}
    _put(conn, [row], existing)
    _bump(conn, hall_id, [account_no], utcnow())
    record_action(conn, hall_id=hall_id, terminal_id=None, actor=SYSTEM,
                  action="phones.vacant_flagged", subject=account_no,
                  detail={"phone": phone, "at": at.isoformat()})
    return True


# --- reading ------------------------------------------------------------------------------


def phone_columns(conn: Connection, hall_id: str | None, account_nos: Iterable[str],
                  as_of: date | None = None) -> dict[str, dict[str, Any]]:
    """For the arrears report and the account's state: {account_no: {"phone_status",
    "phone_verified_on" (YYYY-MM-DD or None), "phone_source" (or None)}} for the accounts of
    the hall among `account_nos` (others are left out; hall_id None: any hall, for a report
    across halls). `as_of`: the day "12 months" counts to (default today, local time). The
    arguments fit the arrears report's `extra_columns` as they are."""
    as_of = as_of or date.today()
    accounts = list(dict.fromkeys(account_nos))
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(accounts), _READ_CHUNK):
        rows = conn.execute(
            select(Customer.account_no, Customer.phone, CustomerPhone.phone.label("rec_phone"),
                   CustomerPhone.source, CustomerPhone.verified_on, CustomerPhone.valid_mobile,
                   CustomerPhone.vacant_at)
            .outerjoin(CustomerPhone, CustomerPhone.account_no == Customer.account_no)
            .where(among(conn, Customer.account_no, accounts[start:start + _READ_CHUNK]),
                   *([Customer.hall_id == hall_id] if hall_id is not None else [])))
        for r in rows:
            out[r.account_no] = _columns(r, as_of)
    return out


def _columns(r, as_of: date) -> dict[str, Any]:
    current = r.rec_phone is not None and r.rec_phone == r.phone
    verified = r.verified_on if current else None
    status = phone_status(r.phone, valid=bool(r.valid_mobile) if current else is_mobile(r.phone),
                          vacant=current and r.vacant_at is not None, verified_on=verified,
                          as_of=as_of)
    return {"phone_status": status.value,
            "phone_verified_on": verified.isoformat() if verified else None,
            "phone_source": r.source if current else None}


def phone_state(conn: Connection, hall_id: str, account_no: str, *,
                as_of: date) -> dict[str, Any] | None:
    """The account's phone for its collections state: number, status, source, last verified,
    when it is due for checking again, the vacant flag and the reviews still open; None for an
    account not in the hall."""
    r = conn.execute(
        select(Customer.account_no, Customer.phone, CustomerPhone.phone.label("rec_phone"),
               CustomerPhone.source, CustomerPhone.verified_on, CustomerPhone.valid_mobile,
               CustomerPhone.vacant_at)
        .outerjoin(CustomerPhone, CustomerPhone.account_no == Customer.account_no)
        .where(Customer.hall_id == hall_id, Customer.account_no == account_no)).first()
    if r is None:
        return None
    cols = _columns(r, as_of)
    current = r.rec_phone is not None and r.rec_phone == r.phone
    verified = r.verified_on if current else None
    pending = conn.execute(select(PhoneReview.review_id).where(
        PhoneReview.hall_id == hall_id, PhoneReview.account_no == account_no,
        PhoneReview.status == "pending")).scalars().all()
    return {"phone": r.phone, "status": cols["phone_status"], "source": cols["phone_source"],
            "verified_on": cols["phone_verified_on"],
            "reverify_due": reverify_due(verified).isoformat() if verified else None,
            "vacant_at": (r.vacant_at.isoformat() if current and r.vacant_at else None),
            "pending_reviews": [int(i) for i in pending]}


# --- a property company's list --------------------------------------------------------------


@dataclass
class ImportPhonesResult:
    added: int = 0  # customers without a number got the listed one
    verified: int = 0  # the listed number is the one on file: verified that day
    queued: int = 0  # differs from the number on file (or the name differs): sent for review
    already_queued: int = 0  # the same proposal is pending already (the list came again)
    not_mobile: list[tuple[int, str]] = field(default_factory=list)  # skipped, with the line
    errors: list[tuple[int, str]] = field(default_factory=list)  # the file was refused

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_list(text: str, account_length: int, result: ImportPhonesResult):
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        result.errors.append((1, "header: the file is empty; expected account_no,phone[,name]"))
        return []
    names = [h.strip().lower() for h in rows[0]]
    allowed = {"account_no", "phone", "name"}
    missing = [c for c in ("account_no", "phone") if c not in names]
    unknown = [h for h in names if h not in allowed]
    if missing or unknown or len(set(names)) != len(names):
        result.errors.append((1, "header: expected account_no,phone[,name]; got "
                              + ",".join(rows[0])))
        return []
    parsed, first = [], {}
    for line, raw in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(names):
            result.errors.append((line, f"row: {len(raw)} fields, the header has {len(names)}"))
            continue
        row = {k: v.strip() for k, v in zip(names, raw, strict=True)}
        try:
            account_no = validate_account_no(row["account_no"], length=account_length)
            name = row.get("name") or None
            if name is not None:
                if len(name) > MAX_NAME:
                    raise ValueError(f"name: longer than {MAX_NAME} characters")
                check_free_text(name, "name")
        except (DomainError, ValueError) as exc:
            result.errors.append((line, getattr(exc, "message", None) or str(exc)))
            continue
        if account_no in first:
            result.errors.append((line, f"account_no: {account_no} appears twice "
                                        f"(first on line {first[account_no]})"))
            continue
        first[account_no] = line
        phone = normalize_phone(row["phone"])
        if not is_mobile(phone):
            result.not_mobile.append((line, row["phone"]))
            continue
        parsed.append((line, account_no, phone, name))
    return parsed


def import_phones(engine: Engine, text: str, *, hall_id: str, on: date,
                  source: str = PhoneSource.PROPERTY, batch: str = "",
                  actor: str = SYSTEM, account_length: int = DEFAULT_ACCOUNT_LENGTH,
                  now: datetime | None = None) -> ImportPhonesResult:
    """A list of (account_no, phone, name?) from a property company: a customer without a
    number gets the listed one; the listed number equal to the one on file is verified `on`;
    a different number (or a different name) goes to the review queue and the number on file
    stays. Rows whose number is not a mobile number are skipped and listed. A malformed file,
    an unknown account or another hall's account refuses the whole file."""
    result = ImportPhonesResult()
    source = PhoneSource(source).value
    parsed = _parse_list(text, account_length, result)
    if result.errors:
        return result
    now = now or utcnow()
    with engine.begin() as conn:
        accounts = [a for _, a, _, _ in parsed]
        lock_accounts(conn, accounts)
        customers: dict[str, Any] = {}
        for start in range(0, len(accounts), _CHUNK):
            for r in conn.execute(select(Customer.account_no, Customer.hall_id, Customer.phone,
                                         Customer.name)
                                  .where(Customer.account_no.in_(accounts[start:start + _CHUNK]))):
                customers[r.account_no] = r
        for line, account_no, _, _ in parsed:
            c = customers.get(account_no)
            if c is None:
                result.errors.append((line, f"no customer {account_no}"))
            elif c.hall_id != hall_id:
                result.errors.append((line, f"account {account_no} belongs to hall {c.hall_id}"))
        if result.errors:
            return result
        pending = {(r.account_no, r.proposed_phone) for r in conn.execute(
            select(PhoneReview.account_no, PhoneReview.proposed_phone).where(
                PhoneReview.hall_id == hall_id, PhoneReview.status == "pending"))
            if r.account_no in customers}
        existing = _existing(conn, accounts)
        set_rows, verified_rows, set_accounts, reviews = [], [], [], []
        for _, account_no, phone, name in parsed:
            c = customers[account_no]
            name_differs = name is not None and name != c.name
            if c.phone == phone and not name_differs:
                old = existing.get(account_no)
                keep = old is not None and old.phone == phone
                verified_rows.append(_row(account_no, hall_id, phone,
                                          old.source if keep else source, on, now))
            elif not c.phone and not name_differs:
                set_rows.append(_row(account_no, hall_id, phone, source, on, now))
                set_accounts.append(account_no)
            elif (account_no, phone) in pending:
                result.already_queued += 1
            else:
                reviews.append({
                    "hall_id": hall_id, "account_no": account_no, "current_phone": c.phone,
                    "proposed_phone": phone, "source": source, "listed_name": name,
                    "reason": "phone_differs" if c.phone and c.phone != phone else "name_differs",
                    "batch": batch[:200], "status": "pending", "created_at": now})
        _put(conn, verified_rows + set_rows, existing)
        if set_accounts:
            seq = next_change_seqs(conn, hall_id, len(set_accounts))
            for i, r in enumerate(set_rows):
                conn.execute(update(Customer).where(Customer.account_no == r["account_no"])
                             .values(phone=r["phone"], change_seq=seq + i, updated_at=now))
        _bump(conn, hall_id, [r["account_no"] for r in verified_rows], now)
        for review in reviews:
            review_id = conn.execute(insert(PhoneReview).values(**review)
                                     .returning(PhoneReview.review_id)).scalar_one()
            record_action(conn, hall_id=hall_id, terminal_id=None, actor=actor,
                          action="phones.review.queued", subject=review["account_no"],
                          detail={"review_id": int(review_id), "proposed": review["proposed_phone"],
                                  "current": review["current_phone"], "reason": review["reason"],
                                  "batch": review["batch"]}, at=now)
        for r in set_rows:
            record_action(conn, hall_id=hall_id, terminal_id=None, actor=actor,
                          action="phones.set_from_list", subject=r["account_no"],
                          detail={"phone": r["phone"], "source": source, "batch": batch}, at=now)
        result.added, result.verified, result.queued = (len(set_rows), len(verified_rows),
                                                       len(reviews))
        record_action(conn, hall_id=hall_id, terminal_id=None, actor=actor,
                      action="phones.import", subject=(batch or "phones")[:64],
                      detail={"source": source, "added": result.added,
                              "verified": result.verified, "queued": result.queued,
                              "already_queued": result.already_queued,
                              "not_mobile": len(result.not_mobile)}, at=now)
    return result


# --- the review queue ----------------------------------------------------------------------


def _review_out(r) -> dict[str, Any]:
    return {"review_id": int(r.review_id), "account_no": r.account_no,
            "current_phone": r.current_phone, "proposed_phone": r.proposed_phone,
            "source": r.source, "listed_name": r.listed_name, "reason": r.reason,
            "batch": r.batch, "status": r.status,
            "created_at": r.created_at.isoformat(timespec="seconds"),
            "decided_at": r.decided_at.isoformat(timespec="seconds") if r.decided_at else None,
            "decided_by": r.decided_by, "note": r.note}


def list_reviews(conn: Connection, hall_id: str, *, status: str | None = "pending",
                 limit: int = 500) -> list[dict[str, Any]]:
    """The hall's reviews (oldest first), of one status or all (status=None)."""
    q = select(PhoneReview).where(PhoneReview.hall_id == hall_id)
    if status is not None:
        q = q.where(PhoneReview.status == status)
    q = q.order_by(PhoneReview.review_id).limit(limit)
    return [_review_out(r) for r in conn.execute(q)]


def _pending(conn: Connection, hall_id: str, review_id: int):
    r = conn.execute(select(PhoneReview).where(PhoneReview.review_id == review_id,
                                               PhoneReview.hall_id == hall_id)).first()
    if r is None:
        raise PhoneReviewError("collections.phones.unknown_review",
                               f"no phone review {review_id} in this hall", status=404)
    if r.status != "pending":
        raise PhoneReviewError("collections.phones.review_decided",
                               f"phone review {review_id} was {r.status} already")
    return r


def accept_review(conn: Connection, hall_id: str, review_id: int, *, actor: str, on: date,
                  terminal_id: str | None = None, note: str | None = None,
                  now: datetime | None = None) -> dict[str, Any]:
    """A person checked the listed number and takes it: it becomes the customer's number
    (source: the list's), verified `on`; the counters get it with their next pull."""
    now = now or utcnow()
    r = _pending(conn, hall_id, review_id)
    lock_accounts(conn, [r.account_no])
    existing = _existing(conn, [r.account_no])
    _put(conn, [_row(r.account_no, hall_id, r.proposed_phone, r.source, on, now)], existing)
    seq = next_change_seqs(conn, hall_id, 1)
    conn.execute(update(Customer).where(Customer.account_no == r.account_no)
                 .values(phone=r.proposed_phone, change_seq=seq, updated_at=now))
    conn.execute(update(PhoneReview).where(PhoneReview.review_id == review_id)
                 .values(status="accepted", decided_at=now, decided_by=actor, note=note))
    record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                  action="phones.review.accepted", subject=r.account_no,
                  detail={"review_id": review_id, "old": r.current_phone,
                          "new": r.proposed_phone, "note": note}, at=now)
    return _review_out(conn.execute(select(PhoneReview)
                                    .where(PhoneReview.review_id == review_id)).one())


def reject_review(conn: Connection, hall_id: str, review_id: int, *, actor: str,
                  terminal_id: str | None = None, note: str | None = None,
                  now: datetime | None = None) -> dict[str, Any]:
    """The listed number is not taken; the number on file stays as it is."""
    now = now or utcnow()
    r = _pending(conn, hall_id, review_id)
    conn.execute(update(PhoneReview).where(PhoneReview.review_id == review_id)
                 .values(status="rejected", decided_at=now, decided_by=actor, note=note))
    record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                  action="phones.review.rejected", subject=r.account_no,
                  detail={"review_id": review_id, "proposed": r.proposed_phone, "note": note},
                  at=now)
    return _review_out(conn.execute(select(PhoneReview)
                                    .where(PhoneReview.review_id == review_id)).one())


def status_counts(conn: Connection, hall_id: str, *, as_of: date) -> dict[str, int]:
    """How many of the hall's customers have each phone status (for the docs and the CLI)."""
    counts = {s.value: 0 for s in PhoneStatus}
    accounts = conn.execute(select(Customer.account_no)
                            .where(Customer.hall_id == hall_id)).scalars().all()
    for cols in phone_columns(conn, hall_id, accounts, as_of=as_of).values():
        counts[cols["phone_status"]] += 1
    return counts
