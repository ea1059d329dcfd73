"""Alembic scripts of the ledger database (run through counter_app.ledger.migrate)."""
