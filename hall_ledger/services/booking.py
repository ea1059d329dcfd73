"""Writing booked payments: batched inserts, bill and credit updates, change numbers."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from hall_domain.accounts import Bill as DomainBill

from ..store.db import among, is_sqlite, next_change_seqs, pg_pipeline
from ..store.models import Bill, Customer, JournalEntry, Payment, PaymentTender
from .posting import Posting, bill_from_row, bill_values
from .terminals import Principal

MAX_ATTEMPTS = 5
# PostgreSQL: deadlock detected, serialization failure, unique violation (a racing insert).
_RETRYABLE_SQLSTATES = {"40P01", "40001", "23505"}


class LostRace(Exception):
    """Another transaction recorded one of our keys first: roll back and answer again."""


def retryable(exc: DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES


log = logging.getLogger(__name__)
T = TypeVar("T")


def in_transaction_retrying(engine: Engine, work: Callable[[Connection], T], *, what: str) -> T:
    """`work(conn)` in one transaction, run again from the start (rolled back first) when it
    lost a race to a concurrent request (LostRace, a deadlock, a serialization failure, a
    racing insert), up to MAX_ATTEMPTS times. Any other error goes to the caller at once."""
    attempt = 0
    while True:
        attempt += 1
        try:
            with engine.begin() as conn:
                return work(conn)
        except LostRace as exc:
            if attempt >= MAX_ATTEMPTS:
                raise RuntimeError(f"{what} kept racing concurrent requests") from exc
            log.info("%s raced a concurrent request; answering again (attempt %d)", what,
                     attempt)
        except DBAPIError as exc:
            if not retryable(exc) or attempt >= MAX_ATTEMPTS:
                raise
            log.info("%s retried after %s (attempt %d)", what,
                     getattr(exc.orig, "sqlstate", "?"), attempt)


def iso_utc(moment) -> str:
    return moment.isoformat(timespec="milliseconds") + "Z"


def upsert_ignore(conn: Connection, model):
    """INSERT ... ON CONFLICT DO NOTHING for the connection's dialect."""
    dialect = sqlite if is_sqlite(conn) else postgresql
    return dialect.insert(model).on_conflict_do_nothing()


def load_state(
    conn: Connection, accounts: list[str]
) -> tuple[dict[str, Any], dict[str, dict[str, DomainBill]]]:
    """Customers (rows) and their bills (by period) for the accounts, read under lock."""
    customers: dict[str, Any] = {}
    bills: dict[str, dict[str, DomainBill]] = defaultdict(dict)
    for start in range(0, len(accounts), 500):
        chunk = accounts[start:start + 500]
        for row in conn.execute(select(Customer).where(among(conn, Customer.account_no, chunk))):
            customers[row.account_no] = row
        for row in conn.execute(select(Bill).where(among(conn, Bill.account_no, chunk))):
            bills[row.account_no][row.period] = bill_from_row(row)
    return customers, bills


def allocations_out(posting: Posting) -> list[dict[str, Any]]:
    return [
        {"bill_id": a.bill_id, "period": a.period, "late_fee_fen": a.late_fee_fen,
         "principal_fen": a.principal_fen, "late_fee_assessed_fen": a.late_fee_assessed_fen,
         "settles_bill": a.settles_bill}
        for a in posting.allocations
    ]


class Booking:
    """Rows of one transaction's new payments, written with a handful of statements."""

    def __init__(self, principal: Principal, now) -> None:
        self.principal = principal
        self.now = now
        self.payments: list[dict[str, Any]] = []
        self.tenders: list[dict[str, Any]] = []
        self.journal: list[dict[str, Any]] = []
        self.bills: dict[int, DomainBill] = {}
        self.credit: dict[str, int] = defaultdict(int)

    def add(
        self, *, payment_uuid: str, content_hash: str, account_no: str, amount_fen: int,
        posting: Posting, changed: list[DomainBill], known_account: bool, shift_id: int | None,
        cashier_id: str | None, taken_at: str, business_date: date, receipt_number: int | None,
        tenders: list[dict[str, Any]], result_json: str,
    ) -> None:
        p = self.principal
        self.payments.append({
            "payment_uuid": payment_uuid, "content_hash": content_hash, "hall_id": p.hall_id,
            "terminal_id": p.terminal_id, "channel": p.channel, "shift_id": shift_id,
            "cashier_id": cashier_id, "account_no": account_no, "amount_fen": amount_fen,
            "credit_fen": posting.credit_fen, "taken_at": taken_at,
            "business_date": business_date, "receipt_number": receipt_number,
            "review": bool(posting.review_reasons),
            "review_reasons": ",".join(posting.review_reasons), "voided": False,
            "recorded_at": self.now, "result_json": result_json,
        })
        for position, tender in enumerate(tenders):
            self.tenders.append({"payment_uuid": payment_uuid, "position": position, **tender})
        self.journal.append(self._entry(
            "payment", payment_uuid, account_no, amount_fen=amount_fen,
            credit_fen=posting.credit_fen,
        ))
        for a in posting.allocations:
            self.journal.append(self._entry(
                "bill_payment", payment_uuid, account_no, bill_id=a.bill_id,
                amount_fen=a.total_fen, principal_fen=a.principal_fen, late_fee_fen=a.late_fee_fen,
                late_fee_assessed_fen=a.late_fee_assessed_fen,
            ))
        for bill in changed:
            self.bills[bill.bill_id] = bill
        if known_account and posting.credit_fen:
            self.credit[account_no] += posting.credit_fen

    def _entry(self, kind: str, ref: str, account_no: str, **amounts: int) -> dict[str, Any]:
        row = {
            "recorded_at": self.now, "hall_id": self.principal.hall_id,
            "terminal_id": self.principal.terminal_id, "kind": kind, "ref": ref,
            "account_no": account_no, "bill_id": None, "amount_fen": 0, "principal_fen": 0,
            "late_fee_fen": 0, "late_fee_assessed_fen": 0, "credit_fen": 0, "detail": "",
        }
        row.update(amounts)
        return row

    def flush(self, conn: Connection) -> None:
        """Write everything; raise LostRace when a payment UUID was taken meanwhile."""
        if not self.payments:
            return
        if not is_sqlite(conn):
            self._flush_pg(conn)
            return
        stmt = upsert_ignore(conn, Payment).returning(Payment.payment_uuid)
        inserted = conn.execute(stmt, self.payments).scalars().all()
        if len(inserted) != len(self.payments):
            raise LostRace()
        if self.tenders:
            conn.execute(insert(PaymentTender), self.tenders)
        conn.execute(insert(JournalEntry), self.journal)
        changes = len(self.bills) + len(self.credit)
        if not changes:
            return
        seq = next_change_seqs(conn, self.principal.hall_id, changes)
        if self.bills:
            rows = []
            for bill in self.bills.values():
                rows.append({**bill_values(bill), "v_seq": seq})
                seq += 1
            conn.execute(update_bills_stmt(), rows)
        if self.credit:
            rows = []
            for account_no, delta in sorted(self.credit.items()):
                rows.append({"a": account_no, "d": delta, "s": seq, "u": self.now})
                seq += 1
            conn.execute(update_credit_stmt(), rows)

    def _flush_pg(self, conn: Connection) -> None:
        """PostgreSQL: every row in one pipelined round trip of four statements.

        Each table gets ONE statement whose rows arrive as one JSON parameter (a list of
        rows keyed by column name, `json_populate_recordset`), so the SQL text is the same
        for any batch size (psycopg prepares it once per connection) and encoding the rows
        costs one `json.dumps` instead of adapting every value in Python. The hall's change
        numbers are reserved by the last statement, which also stamps them on the changed
        bills and customers, so the hall cursor's row lock is held only until the commit.
        """
        with pg_pipeline(conn) as pg:
            returned = pg.execute(PG_INSERT_PAYMENTS, (_json(self.payments),))
            if self.tenders:
                pg.execute(PG_INSERT_TENDERS, (_json(self.tenders),))
            pg.execute(PG_INSERT_JOURNAL, (_json(self.journal),))
            if self.bills or self.credit:
                bills = [{**bill_values(b), "n": n}
                         for n, b in enumerate(self.bills.values(), start=1)]
                credit = [{"account_no": a, "delta": d, "n": n}
                          for n, (a, d) in enumerate(sorted(self.credit.items()), start=1)]
                changes = len(bills) + len(credit)
                pg.execute(PG_STAMP_CHANGES, (
                    self.principal.hall_id, changes, changes, _json(bills), len(bills),
                    self.now, _json(credit),
                ))
        if len(returned.fetchall()) != len(self.payments):
            raise LostRace()


def _json_value(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, default=_json_value, separators=(",", ":"))


_PAYMENT_COLUMNS = (
    "payment_uuid, content_hash, hall_id, terminal_id, channel, shift_id, cashier_id, account_no,"
    " amount_fen, credit_fen, taken_at, business_date, receipt_number, review, review_reasons,"
    " voided, recorded_at, result_json"
)
PG_INSERT_PAYMENTS = (
    f"INSERT INTO payments ({_PAYMENT_COLUMNS})"
    f" SELECT {_PAYMENT_COLUMNS} FROM json_populate_recordset(NULL::payments, %s::json)"
    " ON CONFLICT (payment_uuid) DO NOTHING RETURNING payment_uuid"
)
_TENDER_COLUMNS = (
    "payment_uuid, position, kind, amount_fen, tendered_fen, change_fen, reference, auth_code,"
    " masked_card"
)
PG_INSERT_TENDERS = (
    f"INSERT INTO payment_tenders ({_TENDER_COLUMNS})"
    f" SELECT {_TENDER_COLUMNS} FROM json_populate_recordset(NULL::payment_tenders, %s::json)"
)
_JOURNAL_COLUMNS = (
    "recorded_at, hall_id, terminal_id, kind, ref, account_no, bill_id, amount_fen,"
    " principal_fen, late_fee_fen, late_fee_assessed_fen, credit_fen, detail"
)
# Journal rows keep their batch order (the seq default is drawn row by row in that order).
PG_INSERT_JOURNAL = (
    f"INSERT INTO journal ({_JOURNAL_COLUMNS})"
    f" SELECT {_JOURNAL_COLUMNS} FROM json_populate_recordset(NULL::journal, %s::json)"
    " WITH ORDINALITY ORDER BY ordinality"
)
# Reserve the hall's next change numbers (its cursor row stays locked until commit) and stamp
# them, in order, on the changed bills and then on the customers whose credit changed: the
# same numbering as next_change_seqs() followed by update_bills_stmt() and update_credit_stmt().
PG_STAMP_CHANGES = (
    "WITH c AS ("
    " INSERT INTO hall_cursors (hall_id, seq) VALUES (%s, %s)"
    " ON CONFLICT (hall_id) DO UPDATE SET seq = hall_cursors.seq + excluded.seq"
    " RETURNING seq - %s AS base),"
    " b AS ("
    " UPDATE bills SET principal_paid_fen = v.v_principal_paid,"
    " late_fee_assessed_fen = v.v_fee_assessed, late_fee_paid_fen = v.v_fee_paid,"
    " fee_accrued_through = v.v_accrued_through, status = v.v_status,"
    " closed_by = v.v_closed_by, change_seq = c.base + v.n"
    " FROM c, json_to_recordset(%s::json) AS v(b_id bigint,"
    " v_principal_paid bigint, v_fee_assessed bigint, v_fee_paid bigint, v_accrued_through date,"
    " v_status text, v_closed_by text, n bigint)"
    " WHERE bills.bill_id = v.b_id RETURNING 1)"
    " UPDATE customers SET credit_fen = customers.credit_fen + v.delta,"
    " change_seq = c.base + %s + v.n, updated_at = %s::timestamp"
    " FROM c, json_to_recordset(%s::json) AS v(account_no text, delta bigint,"
    " n bigint)"
    " WHERE customers.account_no = v.account_no"
)


def update_bills_stmt():
    return (
        update(Bill)
        .where(Bill.bill_id == bindparam("b_id"))
        .values(
            principal_paid_fen=bindparam("v_principal_paid"),
            late_fee_assessed_fen=bindparam("v_fee_assessed"),
            late_fee_paid_fen=bindparam("v_fee_paid"),
            fee_accrued_through=bindparam("v_accrued_through"),
            status=bindparam("v_status"),
            closed_by=bindparam("v_closed_by"),
            change_seq=bindparam("v_seq"),
        )
    )


def update_credit_stmt():
    return (
        update(Customer)
        .where(Customer.account_no == bindparam("a"))
        .values(credit_fen=Customer.credit_fen + bindparam("d"), change_seq=bindparam("s"),
                updated_at=bindparam("u"))
    )
