"""One store transaction as a unit of work: the repositories by aggregate, all over the same
open sqlite3 connection (services.ports.CounterTx). Each repository is made on first use."""

from __future__ import annotations

import sqlite3
from functools import cached_property

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


class SqliteTx:
    """The repositories of one open transaction; writes fail unless `writable`."""

    def __init__(self, raw: sqlite3.Connection, *, writable: bool) -> None:
        self._raw = raw
        self.writable = writable

    @property
    def raw(self) -> sqlite3.Connection:
        """The sqlite3 connection, for bulk loaders (e.g. with `rebuild_search_index`)."""
        return self._raw

    @cached_property
    def customers(self) -> SqliteCustomers:
        return SqliteCustomers(self._raw, writable=self.writable)

    @cached_property
    def bills(self) -> SqliteBills:
        return SqliteBills(self._raw, writable=self.writable)

    @cached_property
    def users(self) -> SqliteUsers:
        return SqliteUsers(self._raw, writable=self.writable)

    @cached_property
    def shifts(self) -> SqliteShifts:
        return SqliteShifts(self._raw, writable=self.writable)

    @cached_property
    def payments(self) -> SqlitePayments:
        return SqlitePayments(self._raw, writable=self.writable)

    @cached_property
    def outbox(self) -> SqliteOutbox:
        return SqliteOutbox(self._raw, writable=self.writable)

    @cached_property
    def audit(self) -> SqliteAudit:
        return SqliteAudit(self._raw, writable=self.writable)

    @cached_property
    def meta(self) -> SqliteMeta:
        return SqliteMeta(self._raw, writable=self.writable)

    @cached_property
    def approvals(self) -> SqliteApprovals:
        return SqliteApprovals(self._raw, writable=self.writable)

    @cached_property
    def print_jobs(self) -> SqlitePrintJobs:
        return SqlitePrintJobs(self._raw)

    @cached_property
    def cash(self) -> SqliteCash:
        return SqliteCash(self._raw, writable=self.writable)

    @cached_property
    def answers(self) -> SqliteLedgerAnswers:
        return SqliteLedgerAnswers(self._raw, writable=self.writable)

    @cached_property
    def reference(self) -> SqliteReference:
        return SqliteReference(self._raw, writable=self.writable)
