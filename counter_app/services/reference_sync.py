"""Reference data from the ledger into the local store: a snapshot once, then changes.

Lookups and late fees then work offline from the local copy (the quote code computes late
fees from the bills' fields as the ledger sent them). Each page is applied in its own write
transaction together with where to resume (the next snapshot page, or the change cursor), so
an interrupted pull resumes where it stopped and applying a page twice is harmless.

An account with a payment still in the outbox is left as the counter has it: the ledger has
not booked that payment yet, and its older figures would reopen bills the customer just
paid. Its rows are kept aside (the latest per customer and bill) and applied at the start
of the first pull after the account's queue is empty; changes pulled after them (the
ledger's booking of the payment) then land on top.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from .ports import CounterTx, ReferencePage
from .sync import META_LAST_SUCCESS

META_CURSOR = "reference.cursor"
META_SNAPSHOT_NEXT = "reference.snapshot_next"  # page token to fetch next ("" = first page)
META_SNAPSHOT_CURSOR = "reference.snapshot_cursor"
META_SNAPSHOT_FRESH = "reference.snapshot_fresh"  # "1": the store was empty at the start
META_LAST_PULL = "reference.last_pull"
_IN_PROGRESS = "\x00"  # snapshot_next when no page token is stored yet


Page = ReferencePage  # the shared type lives in services.ports


class ReferenceSource(Protocol):
    def snapshot_page(self, page: str | None, *, limit: int | None = None) -> Page: ...
    def changes(self, cursor: str, *, limit: int | None = None) -> Page: ...


class ReferenceTx(CounterTx, Protocol):
    def apply_reference(self, customers: Sequence[dict[str, Any]],
                        bills: Sequence[dict[str, Any]], *, now: datetime,
                        skip_accounts: set[str] | frozenset[str] = frozenset(),
                        close_missing_for: Sequence[str] = (),
                        fresh: bool = False) -> tuple[int, int]: ...
    def accounts_with_pending(self, account_nos: Sequence[str]) -> set[str]: ...
    def apply_deferred_reference(self, *, now: datetime) -> int: ...


class ReferenceStore(Protocol):
    def write(self) -> AbstractContextManager[ReferenceTx]: ...
    def read(self) -> AbstractContextManager[ReferenceTx]: ...


@dataclass
class PullReport:
    snapshot: bool = False
    pages: int = 0
    customers: int = 0
    bills: int = 0
    skipped_accounts: set[str] = field(default_factory=set)  # kept aside: payments queued
    deferred_applied: int = 0  # accounts kept aside earlier, brought up to date now
    cursor: str | None = None
    customers_total: int | None = None  # a snapshot's customers, when the ledger said


def pull_reference(store: ReferenceStore, source: ReferenceSource, *, now: datetime,
                   limit: int | None = None, max_pages: int = 100_000,
                   on_page: Callable[[PullReport], Any] | None = None) -> PullReport:
    """Snapshot (when the store has no cursor yet, or one was interrupted), then changes.
    `on_page` hears the report after each page is stored (a progress bar's source)."""
    report = PullReport()
    with store.write() as tx:
        report.deferred_applied = tx.reference.apply_deferred_reference(now=now)
        cursor = tx.meta.get_meta(META_CURSOR) or None
        resume = tx.meta.get_meta(META_SNAPSHOT_NEXT) or None
    if cursor is None or resume is not None:
        cursor = _snapshot(store, source, now=now, limit=limit, report=report,
                           max_pages=max_pages, on_page=on_page)
    while report.pages < max_pages:
        page = source.changes(cursor, limit=limit)
        _apply(store, page, now=now, report=report, meta={META_CURSOR: page.cursor},
               on_page=on_page)
        cursor = page.cursor
        if not page.has_more:
            break
    report.cursor = cursor
    with store.write() as tx:
        tx.meta.set_meta(META_LAST_PULL, now.isoformat())
        tx.meta.set_meta(META_LAST_SUCCESS, now.isoformat())  # the ledger answered
    return report


def _snapshot(store: ReferenceStore, source: ReferenceSource, *, now: datetime,
              limit: int | None, report: PullReport, max_pages: int,
              on_page: Callable[[PullReport], Any] | None) -> str:
    report.snapshot = True
    with store.write() as tx:
        token = tx.meta.get_meta(META_SNAPSHOT_NEXT) or None
        if token is None:  # a new snapshot
            tx.meta.set_meta(META_SNAPSHOT_NEXT, _IN_PROGRESS)
            tx.meta.set_meta(META_SNAPSHOT_FRESH, "1" if tx.customers.count_customers() == 0 else "0")
        fresh = tx.meta.get_meta(META_SNAPSHOT_FRESH) == "1"
    page_token = None if token in (None, _IN_PROGRESS) else token
    while report.pages < max_pages:
        page = source.snapshot_page(page_token, limit=limit)
        if page.customers_total is not None:
            report.customers_total = page.customers_total
        last = not page.next_page
        meta = ({META_CURSOR: page.cursor, META_SNAPSHOT_NEXT: "", META_SNAPSHOT_FRESH: ""}
                if last else {META_SNAPSHOT_NEXT: page.next_page,
                              META_SNAPSHOT_CURSOR: page.cursor})
        _apply(store, page, now=now, report=report, meta=meta, snapshot=True, fresh=fresh,
               on_page=on_page)
        if last:
            return page.cursor
        page_token = page.next_page
    raise RuntimeError("reference snapshot did not end within max_pages")


def _apply(store: ReferenceStore, page: Page, *, now: datetime, report: PullReport,
           meta: dict[str, str], snapshot: bool = False, fresh: bool = False,
           on_page: Callable[[PullReport], Any] | None = None) -> None:
    accounts = [c["account_no"] for c in page.customers]
    with store.write() as tx:
        skip = set() if fresh else tx.outbox.accounts_with_pending(
            accounts + [b["account_no"] for b in page.bills])
        customers, bills = tx.reference.apply_reference(
            page.customers, page.bills, now=now, skip_accounts=skip,
            close_missing_for=accounts if snapshot else (), fresh=fresh)
        for key, value in meta.items():
            tx.meta.set_meta(key, value)
    report.pages += 1
    report.customers += customers
    report.bills += bills
    report.skipped_accounts |= skip
    if on_page is not None:
        on_page(report)
