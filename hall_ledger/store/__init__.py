"""The ledger's database: engine and dialect helpers (db), tables (models), schema
migrations (migrate, migrations/)."""
