"""A one-look summary of the store for the status bar and diagnostics."""

from __future__ import annotations

from .ports import CounterStore


def store_summary(store: CounterStore) -> dict:
    """customers, open_bills, queued (outbox pending), review (outbox review), last_receipt."""
    with store.read() as tx:
        outbox = tx.outbox.outbox_counts()
        return {
            "customers": tx.customers.count_customers(),
            "open_bills": tx.bills.count_open_bills(),
            "queued": outbox.get("pending", 0),
            "review": outbox.get("review", 0),
            "last_receipt": tx.payments.last_receipt_numbers(),
        }
