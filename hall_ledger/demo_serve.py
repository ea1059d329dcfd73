"""`counter-ledger demo-serve` (`python -m hall_ledger demo-serve`): the demo ledger as a
process of its own, for the counter's demo mode.

It makes (once) `DATA_DIR/ledger.db` with the same demo customers and bills as the demo
counter store (same generator, seed and reference date), registers the terminal with a fresh
token (the last run's is revoked), serves the API on 127.0.0.1 (port 0: one the kernel picks)
and, once it answers, writes one JSON line `{"url": ..., "token": ..., "db_path": ...}` to
stdout. It stops when stdin reaches its end (the parent closed it, or died) or on SIGTERM /
Ctrl+C. The counter side is counter_app/demo/ledger_process.py.
"""

from __future__ import annotations

import json
import signal
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, func, select

from .services.demo import DEMO_SEED, load_demo_data
from .services.terminals import add_terminal, revoke_terminal
from .store import migrate
from .store.db import make_engine
from .store.models import Customer, Terminal

LEDGER_FILE_NAME = "ledger.db"
DEMO_CUSTOMERS = 2000  # the counter's demo store size (counter_app.bootstrap.DEMO_CUSTOMERS)


@dataclass(frozen=True)
class DemoLedgerDb:
    engine: Engine
    token: str
    db_path: Path


def prepare_demo_ledger(data_dir: Path, *, terminal_id: str, hall_id: str, customers: int,
                        seed: int, reference_date: date) -> DemoLedgerDb:
    """The demo ledger's database, migrated and filled once, with `terminal_id` registered
    under a new token."""
    data_dir.mkdir(parents=True, exist_ok=True)
    db_path = data_dir / LEDGER_FILE_NAME
    engine = make_engine(f"sqlite:///{db_path}")
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            known = conn.execute(select(func.count()).select_from(Customer).where(
                Customer.hall_id == hall_id)).scalar_one()
        if not known:
            load_demo_data(engine, customers=customers, hall_id=hall_id, seed=seed,
                           reference_date=reference_date)
        # A new token each start (only its hash is stored); the last run's is revoked.
        with engine.connect() as conn:
            registered = conn.execute(select(func.count()).select_from(Terminal).where(
                Terminal.hall_id == hall_id, Terminal.terminal_id == terminal_id)).scalar_one()
        if registered:
            revoke_terminal(engine, terminal_id=terminal_id, hall_id=hall_id)
        token = add_terminal(engine, hall_id=hall_id, terminal_id=terminal_id)
    except BaseException:
        engine.dispose()
        raise
    return DemoLedgerDb(engine=engine, token=token, db_path=db_path)


def _stop_on_sigterm(_signum, _frame) -> None:
    raise KeyboardInterrupt


def demo_serve(data_dir: Path, *, terminal_id: str, hall_id: str, port: int = 0,
               customers: int = DEMO_CUSTOMERS, seed: int = DEMO_SEED,
               reference_date: date | None = None) -> int:
    """Serve the demo ledger until stdin ends (see the module docstring)."""
    from .app import create_app
    from .server import ThreadedServer

    db = prepare_demo_ledger(data_dir, terminal_id=terminal_id, hall_id=hall_id,
                             customers=customers, seed=seed,
                             reference_date=reference_date or date.today())
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    server = None
    try:
        server = ThreadedServer(create_app(db.engine), port=port, log_config=None).start()
        sys.stdout.write(json.dumps({"url": server.url, "token": db.token,
                                     "db_path": str(db.db_path)}) + "\n")
        sys.stdout.flush()
        # Until the parent closes our stdin or dies (its end of the pipe closes with it).
        while sys.stdin.buffer.read(4096):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.stop()
        db.engine.dispose()
    return 0
