"""One store transaction as a unit of work: the repositories by aggregate, all over the same
open sqlite3 connection (services.ports.CounterTx). Each repository is made on first use."""

from __future__ import annotations

import sqlite3
from typing import Any, Generic, TypeVar

from .approvals_repo import SqliteApprovals
from .audit_repo import SqliteAudit
from .bills_repo import SqliteBills
from .cash_repo import SqliteCash
from .customers_repo import SqliteCustomers
from .meta_repo import SqliteMeta
from .outbox_repo import SqliteOutbox
from .payments_repo import SqlitePayments
from .print_jobs_repo import SqlitePrintJobs
from .shifts_repo import SqliteShifts
from .sync_repo import SqliteLedgerAnswers, SqliteReference
from .users_repo import SqliteUsers

R = TypeVar("R")


class _Repo(Generic[R]):
    """A repository attribute of SqliteTx: made on first use, then kept in the instance (a
    plain descriptor: functools.cached_property takes a lock per first use on Python 3.11)."""

    def __init__(self, cls: type[R]) -> None:
        self._cls = cls

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, tx: Any, owner: type | None = None) -> R:
        if tx is None:
            return self  # type: ignore[return-value]
        repo = tx.__dict__[self._name] = self._cls(tx._raw, tx.writable)
        return repo


class SqliteTx:
    """The repositories of one open transaction; writes fail unless `writable`."""

    def __init__(self, raw: sqlite3.Connection, *, writable: bool) -> None:
        self._raw = raw
        self.writable = writable

    @property
    def raw(self) -> sqlite3.Connection:
        """The sqlite3 connection, for bulk loaders (e.g. with `rebuild_search_index`)."""
        return self._raw

    customers = _Repo(SqliteCustomers)
    bills = _Repo(SqliteBills)
    users = _Repo(SqliteUsers)
    shifts = _Repo(SqliteShifts)
    payments = _Repo(SqlitePayments)
    outbox = _Repo(SqliteOutbox)
    audit = _Repo(SqliteAudit)
    meta = _Repo(SqliteMeta)
    approvals = _Repo(SqliteApprovals)
    print_jobs = _Repo(SqlitePrintJobs)
    cash = _Repo(SqliteCash)
    answers = _Repo(SqliteLedgerAnswers)
    reference = _Repo(SqliteReference)
