"""The central ledger service: FastAPI app, its own models and migrations, `counter-ledger`."""
