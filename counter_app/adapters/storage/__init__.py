"""Local store on SQLite (SQLAlchemy engine, Alembic migrations, FTS5 customer search)."""

from .errors import StoreError
from .search import rebuild_search_index, search_grams
from .store import SqliteStore, open_store
from .tx import SqliteTx

__all__ = [
    "SqliteStore",
    "SqliteTx",
    "StoreError",
    "open_store",
    "rebuild_search_index",
    "search_grams",
]
