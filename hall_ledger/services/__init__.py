"""What the ledger does: booking payments and items, reference data, reconciliation,
reversals and refunds, imports, demo data, reports. Used by the API (hall_ledger/api) and
the CLI; reads and writes through hall_ledger/store."""
