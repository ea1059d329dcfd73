"""An embedded ledger for demo mode: SQLite next to the demo store, uvicorn on 127.0.0.1.

`start_embedded_ledger(data_dir, ...)` makes (once) `DATA_DIR/ledger.db` with the same demo
customers and bills as the demo counter store (same generator, seed and reference date),
registers this terminal with a fresh token, serves the API on a free loopback port in a
background thread and returns its URL and token with `stop()`. The relay then syncs against
it exactly as against a real ledger. Loading the demo data takes a few seconds the first time;
call it from a worker thread if the GUI is up.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from hall_ledger import migrate
from hall_ledger.app import create_app
from hall_ledger.db import make_engine
from hall_ledger.demo import load_demo_data
from hall_ledger.models import Customer, Terminal
from hall_ledger.server import ThreadedServer
from hall_ledger.terminals import add_terminal, revoke_terminal

from .bootstrap import DEMO_CUSTOMERS, DEMO_SEED, STORE_FILE_NAME, local_now

LEDGER_FILE_NAME = "ledger.db"


@dataclass
class EmbeddedLedger:
    url: str
    token: str
    db_path: Path
    _server: ThreadedServer
    _engine: object

    def stop(self) -> None:
        """Stop serving (in-flight requests get up to 2 s) and close the database."""
        self._server.stop()
        self._engine.dispose()

    def __enter__(self) -> EmbeddedLedger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def demo_reference_date(store_path: Path) -> date | None:
    """The reference date a demo store was built with, as far as the bills tell: the first of
    the month after its last billing period (the generator's bills depend only on the month)."""
    if not store_path.exists():
        return None
    con = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT max(period) FROM bills").fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    if not row or not row[0]:
        return None
    year, month = map(int, row[0].split("-"))
    return date(year + month // 12, month % 12 + 1, 1)


def start_embedded_ledger(
    data_dir: Path, *, terminal_id: str = "T01", hall_id: str = "H001",
    customers: int = DEMO_CUSTOMERS, seed: int = DEMO_SEED,
    reference_date: date | None = None,
) -> EmbeddedLedger:
    """Serve the demo ledger for this counter. Its bills follow `reference_date`, by default
    the one the demo store in `data_dir` was built with (else today)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    reference_date = reference_date or demo_reference_date(data_dir / STORE_FILE_NAME)
    db_path = data_dir / LEDGER_FILE_NAME
    engine = make_engine(f"sqlite:///{db_path}")
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            known = conn.execute(select(func.count()).select_from(Customer).where(
                Customer.hall_id == hall_id)).scalar_one()
        if not known:
            load_demo_data(engine, customers=customers, hall_id=hall_id, seed=seed,
                           reference_date=reference_date or local_now().date())
        # A new token each start (only its hash is stored); the last run's is revoked.
        with engine.connect() as conn:
            registered = conn.execute(select(func.count()).select_from(Terminal).where(
                Terminal.hall_id == hall_id, Terminal.terminal_id == terminal_id)).scalar_one()
        if registered:
            revoke_terminal(engine, terminal_id=terminal_id, hall_id=hall_id)
        token = add_terminal(engine, hall_id=hall_id, terminal_id=terminal_id)
        server = ThreadedServer(create_app(engine), log_config=None).start()
    except BaseException:
        engine.dispose()
        raise
    return EmbeddedLedger(url=server.url, token=token, db_path=db_path, _server=server,
                          _engine=engine)
