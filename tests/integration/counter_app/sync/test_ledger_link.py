"""The GUI's ledger link: demo mode starts an embedded ledger inside the relay thread and a
payment taken at the counter reaches it; with no ledger configured nothing is started."""

from __future__ import annotations

import sqlite3

from counter_app.adapters.storage.sync_repo import SqliteSyncStore
from counter_app.bootstrap import bootstrap
from counter_app.config import Config
from counter_app.ledger_link import start_ledger_link
from counter_app.services import auth, lookup, payments, shifts, sync
from hall_domain.shifts import DenominationCount
from hall_domain.tenders import CashTender
from tests.helpers.sync import wait_for


def test_demo_link_relays_a_payment_to_the_embedded_ledger(tmp_path):
    ctx = bootstrap(config=Config(), data_dir=tmp_path / "demo", demo=True)
    link = start_ledger_link(ctx, idle_seconds=0.2)
    try:
        assert link.configured and link.relay is not None
        user = auth.login(ctx.store, user_id="1001", pin="1111", now=ctx.clock(),
                          terminal_id=ctx.terminal_id)
        shifts.open_shift(ctx.store, terminal_id=ctx.terminal_id, user=user,
                          opening_float=DenominationCount({10000: 2}), now=ctx.clock())
        con = sqlite3.connect(ctx.store_path)
        account = con.execute(
            "SELECT account_no FROM bills WHERE status='open' LIMIT 1").fetchone()[0]
        con.close()
        [q] = lookup.lookup_with_quotes(ctx.store, account, on=ctx.clock().date(), rules=ctx.rules)
        paid = payments.take_payment(
            ctx.store, terminal_id=ctx.terminal_id, user=user, account_no=account,
            amount_fen=q.total_due_fen, tenders=[CashTender(q.total_due_fen, q.total_due_fen)],
            now=ctx.clock(), rules=ctx.rules)
        link.poke()
        assert wait_for(lambda: link.status.ledger_status().queued == 0, 60)
        status = link.status.ledger_status()
        assert status.configured and status.online and status.last_sync is not None
        answer = sync.ledger_answer(SqliteSyncStore(ctx.store), paid.payment_uuid)
        assert answer is not None and answer.outcome == "recorded"
        assert (tmp_path / "demo" / "ledger.db").exists()
    finally:
        link.stop()
        ctx.close()
    assert link.relay is not None and not link.relay.alive


def test_without_a_ledger_nothing_is_started(tmp_path):
    ctx = bootstrap(config=Config(), data_dir=tmp_path / "plain")
    try:
        link = start_ledger_link(ctx)
        assert not link.configured and link.relay is None
        status = link.status.ledger_status()
        assert not status.configured and not status.online
        link.stop()
    finally:
        ctx.close()
