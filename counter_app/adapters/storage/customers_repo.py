"""Customers on SQLite (services.ports.Customers): look-ups, search, import, contacts, credit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from hall_domain.accounts import Customer

from .errors import StoreError
from .pinyin import PINYIN_TABLE, normalize_pinyin_query
from .rows import CUSTOMER_COLS, SqliteRepo, chunks, customer_of
from .search import ADDR_FTS, NAME_FTS, fts_query, index_rows, unindex_rows

# Above every real character in UTF-8 byte order: prefix < s < prefix + MAX_CHAR for s
# starting with prefix (SQLite compares TEXT with memcmp under the default BINARY collation).
MAX_CHAR = "\U0010ffff"


class SqliteCustomers(SqliteRepo):
    """The customers table and its search indexes, in one open transaction."""

    __slots__ = ()

    def _customers_by_ids(self, ids: Sequence[int]) -> list[Customer]:
        """Customers for the given ids, in the order given."""
        found: dict[int, Customer] = {}
        for part in chunks(list(ids)):
            marks = ",".join("?" * len(part))
            for row in self._q(
                f"SELECT id, {CUSTOMER_COLS} FROM customers WHERE id IN ({marks})", part
            ):
                found[row[0]] = customer_of(row[1:])
        return [found[i] for i in ids if i in found]

    def _fts_ids(self, table: str, text: str, limit: int) -> list[int]:
        match = fts_query(text)
        if match is None or limit <= 0:
            return []
        rows = self._q(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid LIMIT ?",
            (match, limit),
        )
        return [r[0] for r in rows]

    def get_customer(self, account_no: str) -> Customer | None:
        row = self._one(f"SELECT {CUSTOMER_COLS} FROM customers WHERE account_no = ?", (account_no,))
        return None if row is None else customer_of(row)

    def customers_by_phone(self, phone: str, *, limit: int) -> list[Customer]:
        rows = self._q(
            f"SELECT {CUSTOMER_COLS} FROM customers WHERE phone = ? ORDER BY id LIMIT ?",
            (phone, limit),
        )
        return [customer_of(r) for r in rows]

    def customers_named(self, name: str, *, limit: int) -> list[Customer]:
        rows = self._q(
            f"SELECT {CUSTOMER_COLS} FROM customers WHERE name = ? ORDER BY id LIMIT ?",
            (name, limit),
        )
        return [customer_of(r) for r in rows]

    def customers_name_starting(self, prefix: str, *, limit: int) -> list[Customer]:
        """Names that start with `prefix` and are longer than it, by name then id."""
        if not prefix:
            return []
        rows = self._q(
            f"SELECT {CUSTOMER_COLS} FROM customers WHERE name > ? AND name < ? "
            "ORDER BY name, id LIMIT ?",
            (prefix, prefix + MAX_CHAR, limit),
        )
        return [customer_of(r) for r in rows]

    def customers_name_containing(self, text: str, *, limit: int) -> list[Customer]:
        return self._customers_by_ids(self._fts_ids(NAME_FTS, text, limit))

    def customers_address_containing(self, text: str, *, limit: int) -> list[Customer]:
        return self._customers_by_ids(self._fts_ids(ADDR_FTS, text, limit))

    def customers_pinyin(self, text: str, *, limit: int) -> list[Customer]:
        """Names read as `text` in pinyin (whole name: `zhangsan` or `zs`), by id."""
        key = normalize_pinyin_query(text)
        if key is None or limit <= 0:
            return []
        rows = self._q(f"SELECT customer_id FROM {PINYIN_TABLE} WHERE key = ? "
                       "ORDER BY customer_id LIMIT ?", (key, limit))
        return self._customers_by_ids([r[0] for r in rows])

    def customers_pinyin_starting(self, text: str, *, limit: int) -> list[Customer]:
        """Names whose pinyin (full or initials) starts with `text` and is longer, by key.

        One customer can have several matching keys (readings): rows are read in pages
        until `limit` distinct customers are found or the range is done.
        """
        key = normalize_pinyin_query(text)
        if key is None or limit <= 0:
            return []
        ids: dict[int, None] = {}
        after = (key, -1)
        while len(ids) < limit:
            rows = self._q(
                f"SELECT key, customer_id FROM {PINYIN_TABLE} "
                "WHERE key > ? AND key < ? AND (key, customer_id) > (?, ?) "
                "ORDER BY key, customer_id LIMIT ?",
                (key, key + "{", *after, 2 * limit))  # "{" sorts right after "z"
            for _, cid in rows:
                ids.setdefault(cid, None)
            if len(rows) < 2 * limit:
                break
            after = rows[-1]
        return self._customers_by_ids(list(ids)[:limit])

    def existing_accounts(self, account_nos: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(account_nos))
        out: set[str] = set()
        for part in chunks(wanted):
            marks = ",".join("?" * len(part))
            out.update(
                r[0]
                for r in self._q(
                    f"SELECT account_no FROM customers WHERE account_no IN ({marks})", part
                )
            )
        return out

    def upsert_customers(self, customers: Sequence[Customer], *, now: datetime) -> tuple[int, int]:
        """Insert new accounts, update existing ones (credit is kept); keep the index in step.

        Returns (inserted, updated).
        """
        self._check_writable()
        latest = {c.account_no: c for c in customers}  # the last row for an account wins
        accounts = list(latest)
        existing: dict[str, tuple[int, str, str]] = {}
        for part in chunks(accounts):
            marks = ",".join("?" * len(part))
            for cid, acc, name, address in self._q(
                f"SELECT id, account_no, name, address FROM customers WHERE account_no IN ({marks})",
                part,
            ):
                existing[acc] = (cid, name, address)
        max_before = self._one("SELECT coalesce(max(id), 0) FROM customers")[0]
        changed_old = [
            existing[c.account_no]
            for c in latest.values()
            if c.account_no in existing
            and (existing[c.account_no][1], existing[c.account_no][2]) != (c.name, c.address)
        ]
        unindex_rows(self._raw, changed_old)
        stamp = now.isoformat()
        self._raw.executemany(
            "INSERT INTO customers (account_no, name, address, phone, user_type, area, "
            "credit_fen, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(account_no) DO UPDATE SET name = excluded.name, "
            "address = excluded.address, phone = excluded.phone, user_type = excluded.user_type, "
            "area = excluded.area, updated_at = excluded.updated_at, "
            # a number changed here is no longer the one the ledger's status is about
            "phone_status = CASE WHEN customers.phone IS excluded.phone "
            "THEN customers.phone_status END, "
            "phone_verified_on = CASE WHEN customers.phone IS excluded.phone "
            "THEN customers.phone_verified_on END",
            [
                (c.account_no, c.name, c.address, c.phone, c.user_type.value, c.area,
                 c.credit_fen, stamp)
                for c in latest.values()
            ],
        )
        new_rows = self._q(
            "SELECT id, name, address FROM customers WHERE id > ? ORDER BY id", (max_before,)
        )
        changed_new = [
            (cid, latest[acc].name, latest[acc].address)
            for acc, (cid, _, _) in existing.items()
            if (existing[acc][1], existing[acc][2]) != (latest[acc].name, latest[acc].address)
        ]
        index_rows(self._raw, [*new_rows, *changed_new])
        return len(new_rows), len(existing)

    def set_customer_phone(self, account_no: str, phone: str | None, *, now: datetime,
                           verified_on: date | None = None) -> None:
        """`verified_on`: the number was checked with the customer that day (status ok until
        the ledger says otherwise); without it the ledger's status is dropped (a new number)."""
        cur = self._w(
            "UPDATE customers SET phone = ?, updated_at = ?, phone_verified_on = ?, "
            "phone_status = ? WHERE account_no = ?",
            (phone, now.isoformat(), verified_on.isoformat() if verified_on else None,
             "ok" if verified_on else None, account_no),
        )
        if cur.rowcount != 1:
            raise StoreError(f"No customer {account_no} to update.", code="store.no_row")

    def add_customer_credit(self, account_no: str, delta_fen: int, *, now: datetime) -> None:
        cur = self._w(
            "UPDATE customers SET credit_fen = credit_fen + ?, updated_at = ? WHERE account_no = ?",
            (int(delta_fen), now.isoformat(), account_no),
        )
        if cur.rowcount != 1:
            raise StoreError(f"No customer {account_no} to credit.", code="store.no_row")

    def count_customers(self) -> int:
        return self._one("SELECT count(*) FROM customers")[0]
