"""Local store on SQLite (SQLAlchemy engine, Alembic migrations, FTS5 customer search).

`open_store()` gives a SqliteStore; its `write()`/`read()` transactions are SqliteTx units of
work whose attributes are the repositories, one module each: customers_repo, bills_repo,
users_repo, shifts_repo (with the close record), payments_repo (with receipt numbers),
outbox_repo, audit_repo, meta_repo, approvals_repo (approvals, voids, refunds), print_jobs_repo,
cash_repo (drawer movements, the report lines), sync_repo (ledger answers, reference rows).
Each fits a narrow Protocol of services.ports; tests.helpers.fake_store fakes them in memory.
"""

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
