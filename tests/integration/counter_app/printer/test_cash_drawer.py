"""Cash drawer through the printer: cash tenders only, audited, no-sale needs a supervisor."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

import pytest

from counter_app.adapters.printer import Printer
from counter_app.adapters.printer.samples import sample_payment
from counter_app.adapters.storage import open_store
from counter_app.services.cash_drawer import open_for_payment, open_without_sale
from hall_domain.errors import PermissionDenied
from hall_domain.security import Role, User
from tests.helpers.escpos_decoder import decode
from tests.helpers.fake_printer import FakePrinter, refused_port

NOW = datetime(2026, 4, 4, 10, 31, 6)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "counter.db")
    yield s
    s.close()


def user(role: Role) -> User:
    return User(user_id=f"u_{role.value}", name=role.value, role=role, pin_hash="x")


def audit(store) -> list:
    with store.read() as tx:
        return tx.audit.audit_entries()


def test_cash_payment_kicks_the_drawer_once_and_audits(store) -> None:
    payment, _, _ = sample_payment()
    with FakePrinter("online") as fp:
        out = open_for_payment(store, Printer(fp.uri, status_timeout=0.3), payment, pin=5, now=NOW)
        doc = decode(fp.received, encoding="gbk")
    assert out.opened
    assert [p.pin for p in doc.pulses] == [5]
    [entry] = audit(store)
    assert (entry.action, entry.outcome, entry.target) == ("drawer.open", "ok", f"payment:{payment.payment_uuid}")
    assert json.loads(entry.detail)["cash_fen"] == 15000


def test_card_only_payment_does_not_open_the_drawer(store) -> None:
    payment, _, _ = sample_payment()
    card_only = replace(payment, tenders=payment.tenders[1:])
    with FakePrinter("online") as fp:
        out = open_for_payment(store, Printer(fp.uri), card_only, pin=2, now=NOW)
        assert fp.received == b""
    assert not out.opened and audit(store) == []


def test_drawer_failure_is_audited_and_does_not_raise(store) -> None:
    payment, _, _ = sample_payment()
    out = open_for_payment(store, Printer(f"tcp://127.0.0.1:{refused_port()}"), payment, pin=2, now=NOW)
    assert not out.opened and "refused" in out.reason
    [entry] = audit(store)
    assert entry.outcome == "failed" and "refused" in json.loads(entry.detail)["error"]


@pytest.mark.parametrize("approver", [None, user(Role.CASHIER), user(Role.TECHNICIAN)])
def test_no_sale_without_a_supervisor_is_refused(store, approver) -> None:
    with FakePrinter("online") as fp:
        with pytest.raises(PermissionDenied, match="supervisor"):
            open_without_sale(store, Printer(fp.uri), pin=2, terminal_id="T01",
                              cashier=user(Role.CASHIER), supervisor=approver, reason="换零钱", now=NOW)
        assert fp.received == b""
    assert audit(store) == []


def test_no_sale_with_supervisor_opens_and_names_the_approver(store) -> None:
    with FakePrinter("online") as fp:
        out = open_without_sale(store, Printer(fp.uri, status_timeout=0.3), pin=2, terminal_id="T01",
                                cashier=user(Role.CASHIER), supervisor=user(Role.SUPERVISOR),
                                reason="换零钱", now=NOW)
        assert [p.pin for p in decode(fp.received, encoding="gbk").pulses] == [2]
    assert out.opened
    [entry] = audit(store)
    assert entry.action == "drawer.open_no_sale" and entry.user_id == "u_cashier"
    assert json.loads(entry.detail) == {"approved_by": "u_supervisor", "reason": "换零钱", "pin": 2}


def test_no_sale_needs_a_reason(store) -> None:
    with pytest.raises(PermissionDenied, match="reason"):
        open_without_sale(store, Printer("file:///dev/null"), pin=2, terminal_id="T01",
                          cashier=user(Role.CASHIER), supervisor=user(Role.SUPERVISOR), reason=" ", now=NOW)
