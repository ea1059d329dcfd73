"""Alembic scripts of the ledger database (run through hall_ledger.store.migrate)."""
