"""Finding customers by account number, mobile number, name or address, ranked; with quotes."""

from __future__ import annotations

from datetime import date

from hall_domain.accounts import (
    DEFAULT_ACCOUNT_LENGTH,
    Customer,
    is_valid_mobile,
    normalize_phone,
)
from hall_domain.allocation import Quote, quote
from hall_domain.late_fees import LateFeeRuleSet

from .ports import CounterStore, CounterTx

MAX_QUERY_CHARS = 100


def _ranked(tx: CounterTx, q: str, limit: int) -> list[Customer]:
    """Exact name, then name prefix, then the name read in pinyin (`zs` or `zhangsan` for
    张三: the whole name, then names it begins), then name contains, then address contains.
    The pinyin tiers answer only letters (the store decides what is pinyin-like).

    Each tier is exhausted before the next is asked, so asking the next tier for
    `still_needed + len(seen)` rows and dropping the ones already seen is exact.
    """
    tiers = (
        tx.customers.customers_named,
        tx.customers.customers_name_starting,
        tx.customers.customers_pinyin,
        tx.customers.customers_pinyin_starting,
        tx.customers.customers_name_containing,
        tx.customers.customers_address_containing,
    )
    out: list[Customer] = []
    seen: set[str] = set()
    for tier in tiers:
        need = limit - len(out)
        for c in tier(q, limit=need + len(seen)):
            if c.account_no not in seen:
                seen.add(c.account_no)
                out.append(c)
                if len(out) == limit:
                    return out
    return out


def _normalized(query: str) -> str:
    return " ".join((query or "").split())[:MAX_QUERY_CHARS]


def _find(tx: CounterTx, q: str, limit: int, account_length: int) -> list[Customer]:
    if not q or limit <= 0:
        return []
    if q.isascii() and q.isdigit() and len(q) == account_length:
        customer = tx.customers.get_customer(q)
        return [] if customer is None else [customer]
    if is_valid_mobile(q):
        return tx.customers.customers_by_phone(normalize_phone(q), limit=limit)
    return _ranked(tx, q, limit)


def find_customers(
    store: CounterStore,
    query: str,
    *,
    limit: int = 20,
    account_length: int = DEFAULT_ACCOUNT_LENGTH,
) -> list[Customer]:
    """Customers matching what the cashier typed (or the card reader sent), best first.

    All digits of the account length: that account. A mainland mobile number: customers
    with that phone. Anything else: substring of name or address, or the name read in
    pinyin (`zs` or `zhangsan` for 张三), ranked.
    """
    with store.read() as tx:
        return _find(tx, _normalized(query), limit, account_length)


def lookup_with_quotes(
    store: CounterStore,
    query: str,
    *,
    on: date,
    rules: LateFeeRuleSet,
    limit: int = 20,
    account_length: int = DEFAULT_ACCOUNT_LENGTH,
) -> list[Quote]:
    """`find_customers`, each with its open bills and late fees as if paid on `on`."""
    with store.read() as tx:
        customers = _find(tx, _normalized(query), limit, account_length)
        bills = tx.bills.open_bills_for([c.account_no for c in customers]) if customers else {}
    return [quote(c, bills[c.account_no], on, rules) for c in customers]
