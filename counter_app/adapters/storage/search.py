"""Customer name/address substring index: FTS5 over character bigrams and unigrams (and,
kept in step with it, the pinyin keys of names: see `pinyin.py`).

Design (see docs in the report of the storage work):

* `customer_name_fts` and `customer_addr_fts` are contentless FTS5 tables (unicode61
  tokenizer) whose rowid is `customers.id`. Each indexes one "gram document" per customer:
  the text's character bigrams in order (``张伟 伟明``) followed by its distinct single
  characters (``张 伟 明``). Texts are normalised first (NFKC, lower case, letters and digits
  only), the same way for documents and queries.
* A 1-character query is one unigram term; a 2-character query is one bigram term; a longer
  query is the phrase of its bigrams (consecutive positions), which matches exactly the
  documents containing the normalised query as a substring. Bigrams and unigrams never
  collide (different lengths), and a phrase of bigrams cannot straddle into the unigrams.
* Term doclists are read in rowid order, so `ORDER BY rowid LIMIT n` stops early: cost
  grows with n, not with the number of matches.

Contentless tables need the old document to delete a row; `search_grams` is deterministic
and `SEARCH_GRAMS_VERSION` is stored in `meta` so a change of the gram rules triggers a
rebuild when the store is opened.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterable
from typing import Any

from .pinyin import index_pinyin, rebuild_pinyin, unindex_pinyin

SEARCH_GRAMS_VERSION = "1"
META_KEY = "search_grams_version"
NAME_FTS = "customer_name_fts"
ADDR_FTS = "customer_addr_fts"
FTS_TABLES = (NAME_FTS, ADDR_FTS)
GRAMS_FUNCTION = "hc_search_grams"
AUTOMERGE = 4  # FTS5's default


def normalize_search_text(text: str | None) -> str:
    """NFKC, lower case, only letters and digits (what unicode61 keeps as token characters).

    `str.isalnum()` is exactly "Unicode category L* or N*" (checked over every code point).
    """
    s = unicodedata.normalize("NFKC", text or "").lower()
    return s if s.isalnum() else "".join(filter(str.isalnum, s))


def search_grams(text: str | None) -> str:
    """The gram document for one name or address: bigrams in order, then distinct unigrams."""
    s = normalize_search_text(text)
    return " ".join([*map(str.__add__, s, s[1:]), *dict.fromkeys(s)])


def fts_query(text: str) -> str | None:
    """FTS5 MATCH expression for a substring query, or None when nothing searchable is left."""
    s = normalize_search_text(text)
    if not s:
        return None
    if len(s) == 1:
        return f'"{s}"'
    return '"' + " ".join(s[i : i + 2] for i in range(len(s) - 1)) + '"'


def _dbapi(conn: Any) -> sqlite3.Connection:
    """The sqlite3 connection behind a SQLAlchemy Connection (or the sqlite3 connection itself)."""
    if isinstance(conn, sqlite3.Connection):
        return conn
    proxied = getattr(conn, "connection", None)  # sqlalchemy.engine.Connection
    driver = getattr(proxied, "driver_connection", None)
    if isinstance(driver, sqlite3.Connection):
        return driver
    raise TypeError(f"need a sqlite3 or SQLAlchemy connection, not {type(conn).__name__}")


def register_functions(dbapi_conn: sqlite3.Connection) -> None:
    dbapi_conn.create_function(GRAMS_FUNCTION, 1, search_grams, deterministic=True)


def index_rows(raw: sqlite3.Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Add (id, name, address) rows to both FTS tables (rows must not be indexed yet)."""
    rows = list(rows)
    raw.executemany(
        f"INSERT INTO {NAME_FTS}(rowid, grams) VALUES (?, ?)",
        [(cid, search_grams(name)) for cid, name, _ in rows],
    )
    raw.executemany(
        f"INSERT INTO {ADDR_FTS}(rowid, grams) VALUES (?, ?)",
        [(cid, search_grams(address)) for cid, _, address in rows],
    )
    index_pinyin(raw, [(cid, name) for cid, name, _ in rows])


def unindex_rows(raw: sqlite3.Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Remove (id, old name, old address) rows from both FTS tables."""
    rows = list(rows)
    raw.executemany(
        f"INSERT INTO {NAME_FTS}({NAME_FTS}, rowid, grams) VALUES ('delete', ?, ?)",
        [(cid, search_grams(name)) for cid, name, _ in rows],
    )
    raw.executemany(
        f"INSERT INTO {ADDR_FTS}({ADDR_FTS}, rowid, grams) VALUES ('delete', ?, ?)",
        [(cid, search_grams(address)) for cid, _, address in rows],
    )
    unindex_pinyin(raw, [(cid, name) for cid, name, _ in rows])


def rebuild_search_index(conn: Any, *, optimize: bool = True) -> int:
    """Rebuild both FTS tables and the pinyin keys from `customers`; return the number of
    customers indexed.

    For bulk loaders that INSERT into `customers` directly. `conn` is a SQLAlchemy
    Connection or a sqlite3 connection on the store file; call it inside the loader's
    write transaction (or right after its commit). Measured: 1,000,000 demo customers in
    49 s on a shared 2-core VM (about 27 s of CPU).
    """
    raw = _dbapi(conn)
    register_functions(raw)
    for table in FTS_TABLES:
        raw.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
        # No incremental merging while loading: one 'optimize' at the end is cheaper.
        raw.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 0)")
    raw.execute(
        f"INSERT INTO {NAME_FTS}(rowid, grams) SELECT id, {GRAMS_FUNCTION}(name) FROM customers"
    )
    raw.execute(
        f"INSERT INTO {ADDR_FTS}(rowid, grams) SELECT id, {GRAMS_FUNCTION}(address) FROM customers"
    )
    for table in FTS_TABLES:
        if optimize:
            raw.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        raw.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', {AUTOMERGE})")
    raw.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (META_KEY, SEARCH_GRAMS_VERSION),
    )
    rebuild_pinyin(raw)
    return raw.execute("SELECT count(*) FROM customers").fetchone()[0]
