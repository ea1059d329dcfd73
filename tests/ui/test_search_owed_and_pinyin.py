"""Name search in the counter window (issue 13): each result shows what the customer owes
today, and names are found by their pinyin (initials or full)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.adapters.storage.pinyin import pinyin_keys
from counter_app.services.payments import quote_account
from hall_domain.money import format_fen
from tests.helpers.ui import sign_in_to_counter, type_into

pytestmark = pytest.mark.gui


def search(qtbot, window, query: str) -> list[str]:
    """Accounts on the result list (or the one customer opened) for what was typed."""
    page = window.counter
    type_into(qtbot, page.search.field, query, enter=True)
    qtbot.waitUntil(lambda: page.left.currentIndex() == 1 or page.quote is not None)
    if page.quote is not None:
        return [page.quote.customer.account_no]
    return [r.account_no for r in page.results.results.rows()]


def test_results_show_the_amount_owed(qtbot, window, ctx, demo_customers):
    sign_in_to_counter(qtbot, window)
    surname = demo_customers[0].name[0]
    accounts = search(qtbot, window, surname)
    assert len(accounts) > 1
    model = window.counter.results.results
    owed_column = next(c for c in range(model.columnCount())
                       if model.headerData(c, Qt.Orientation.Horizontal) in ("Owed", "欠费金额"))
    on = ctx.clock().date()
    shown = [model.index(r, owed_column).data() for r in range(model.rowCount())]
    expected = [format_fen(quote_account(ctx.store, a, on=on, rules=ctx.rules).total_due_fen)
                for a in accounts]
    assert shown == expected
    assert any(s != format_fen(0) for s in shown)  # late fees included: not just zeros


def test_names_are_found_by_pinyin(qtbot, window, demo_customers):
    sign_in_to_counter(qtbot, window)
    customer = next(c for c in demo_customers if len(c.name) == 3 and pinyin_keys(c.name))
    full, initials = pinyin_keys(customer.name)[:2]
    assert customer.account_no in search(qtbot, window, full)
    window.counter.clear_or_back()
    window.counter.clear_or_back()
    found = search(qtbot, window, initials.upper())
    assert customer.account_no in found
