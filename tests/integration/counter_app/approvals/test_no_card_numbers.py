"""No full card number anywhere: card payments, receipts, a void, logs; then scan the store
file, the log output and the printed bytes for Luhn-valid runs of 13–19 digits."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from luhn_scan import card_like_runs, luhn

from counter_app.adapters.printer.render import render
from counter_app.adapters.storage.print_jobs_repo import SqlitePrintJobStore
from counter_app.services.payments import take_payment
from counter_app.services.print_jobs import PrintService, queue_receipt
from hall_domain.errors import TenderError
from hall_domain.receipts import payment_receipt, settled_bills
from hall_domain.tenders import CardTender
from tests.helpers.approvals import CTX, LATE, PRINTER, do_void, later
from tests.helpers.cash_fixtures import RULES, TERMINAL, pay, start_shift

PAN = "6222021234567890128"  # 19 digits, Luhn-valid: what must never be stored or printed


def stored_values(path: Path) -> bytes:
    """Every value of every table, one per line.

    SQLite packs a row's values next to each other with no separator, so a raw scan of
    the file can join, say, a trailing "585" of one column with an account number in the
    next into a Luhn-valid run that no one ever stored. Scanning value by value finds any
    card number held in one field; the raw file is searched for the test's real number.
    """
    con = sqlite3.connect(path)
    try:
        out: list[bytes] = []
        # Virtual (FTS5) tables are read through their shadow tables, which are plain tables.
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")]
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, str):
                        out.append(value.encode("utf-8"))
                    elif isinstance(value, bytes):
                        out.append(value)
                    elif value is not None:
                        out.append(str(value).encode())
        return b"\n".join(out)
    finally:
        con.close()


class FilePrinter:
    def __init__(self, sink: list[bytes]) -> None:
        self.sink = sink

    def deliver(self, data: bytes) -> None:
        self.sink.append(data)


def test_scanner_finds_a_planted_number_and_ignores_hashes():
    assert luhn(PAN) and not luhn(PAN[:-1] + "9")
    assert PAN in card_like_runs(b'{"masked_card": "' + PAN.encode() + b'"}')
    assert card_like_runs(b"\x1b!\x00card 6222 0212 3456 7890 128\n") == [PAN]
    assert card_like_runs(b"ref 4111-1111-1111-1111 ok") == ["4111111111111111"]
    assert card_like_runs(b"622202******0128 RRN 000000000001 T01-00000057") == []
    hexes = b"scrypt$16384$8$1$" + b"1234567890123456789012345678901a" * 2
    assert card_like_runs(hexes) == []


def test_no_full_card_number_in_store_logs_or_receipts(counter, tmp_path, caplog):
    c = counter
    caplog.set_level(logging.DEBUG)
    log_file = tmp_path / "counter.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    printed: list[bytes] = []
    try:
        start_shift(c, at=LATE)
        payments = [pay(c, i, card=9000 + i * 100, cash=3000 if i % 2 else 0, at=later(i))
                    for i in range(1, 6)]
        # A cashier typing the full number is refused before anything is written.
        with pytest.raises(TenderError):
            take_payment(c.store, terminal_id=TERMINAL, user=c.cashier, account_no="3301000001",
                         amount_fen=100, tenders=[CardTender(100, "000000000009", "A1", PAN)],
                         now=later(9), rules=RULES)
        with pytest.raises(TenderError):
            take_payment(c.store, terminal_id=TERMINAL, user=c.cashier, account_no="3301000001",
                         amount_fen=100, tenders=[CardTender(100, PAN, "A1", "622202******0128")],
                         now=later(9), rules=RULES)
        with c.store.write() as tx:
            for p in payments:
                customer = tx.customers.get_customer(p.account_no)
                bills = tx.approvals.bills_by_id([a.bill_id for a in p.allocations])
                queue_receipt(tx.print_jobs, payment_receipt(
                    p, customer, settled_bills(p.allocations, bills), CTX),
                    printer_uri=PRINTER, now=later(10))
        do_void(c, payments[-1], at=later(11))
        service = PrintService(SqlitePrintJobStore(c.store),
                               printer_for=lambda uri: FilePrinter(printed),
                               render=lambda r: render(r, width_mm=80, encoding="gb18030").data,
                               clock=lambda: later(12))
        for job in service.unprinted():
            assert service.print_job(job.id).printed
        for p in payments:
            logging.getLogger("counter_app.test").info("payment taken %r", p)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    c.store.close()  # checkpoint the WAL into the file

    assert len(printed) == len(payments) + 1
    files = [c.store.path] + [p for p in c.store.path.parent.glob("counter.db-*")]
    raw_bytes = b"".join(f.read_bytes() for f in files)
    assert PAN.encode() not in raw_bytes
    store_bytes = stored_values(c.store.path)
    assert b"622848******1234" in store_bytes  # the masked number is there: the scan sees it
    log_bytes = log_file.read_bytes() + caplog.text.encode("utf-8")
    assert b"622848******1234" in log_bytes
    for name, data in (("store", store_bytes), ("log", log_bytes),
                       ("printed", b"".join(printed))):
        assert card_like_runs(data) == [], f"card-number-like digits in the {name}"


def test_scanner_finds_a_number_planted_in_the_store_file(counter):
    c = counter
    with c.store.write() as tx:
        tx.meta.set_meta("planted", f"card {PAN} oops")
    c.store.close()
    data = b"".join(f.read_bytes() for f in [c.store.path, *c.store.path.parent.glob("counter.db-*")])
    assert PAN in card_like_runs(data)
    assert PAN in card_like_runs(stored_values(c.store.path))
