"""Ledger schema revisions."""
