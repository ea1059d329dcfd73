"""find_customers / lookup_with_quotes: account, phone, names of 1–3+ characters, address, ranking."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from counter_app.services.imports import import_customers
from counter_app.services.lookup import find_customers, lookup_with_quotes
from hall_domain.accounts import Customer, UserType
from tests.helpers.services import NOW, RULES, add_bill

# account, name, address, phone
PEOPLE = [
    ("3101000001", "张伟", "杭州市西湖区文三路100号翠苑小区1幢", "13800138000"),
    ("3101000002", "张伟", "杭州市拱墅区莫干山路8号", None),
    ("3101000003", "张伟明", "宁波市海曙区中山路5号", "13900139000"),
    ("3101000004", "李张伟", "南京市玄武区中山路77号", None),
    ("3101000005", "王芳", "杭州市西湖区张伟路3号", "13800138000"),  # address has 张伟
    ("3101000006", "吉𠮷", "成都市武侯区人民南路4段", None),
    ("3101000007", "王五", "绿城·桂花苑12幢", "0571-88886666"),
    ("3101000008", "赵六", "武汉市洪山区珞喻路1037号", "15012345678"),
]


@pytest.fixture
def people(store):
    with store.write() as tx:
        tx.customers.upsert_customers(
            [Customer(account_no=a, name=n, address=ad, phone=p, user_type=UserType.RESIDENTIAL,
                      area="A1") for a, n, ad, p in PEOPLE],
            now=NOW,
        )
    return store


def accounts(customers):
    return [c.account_no for c in customers]


def test_exact_account_number(people):
    assert accounts(find_customers(people, "3101000003")) == ["3101000003"]
    assert find_customers(people, "3101999999") == []
    assert accounts(find_customers(people, " 3101000008 ")) == ["3101000008"]


def test_account_length_is_configurable(people):
    # With 8-digit accounts a 10-digit query is not an account number: substring search.
    assert find_customers(people, "3101000003", account_length=8) == []


def test_mobile_number_in_any_common_format(people):
    assert accounts(find_customers(people, "13800138000")) == ["3101000001", "3101000005"]
    assert accounts(find_customers(people, "138 0013 8000")) == ["3101000001", "3101000005"]
    assert accounts(find_customers(people, "+86 138-0013-8000")) == ["3101000001", "3101000005"]
    assert find_customers(people, "13700000000") == []


def test_two_character_name_ranks_exact_then_prefix_then_contains_then_address(people):
    found = accounts(find_customers(people, "张伟"))
    assert found == ["3101000001", "3101000002", "3101000003", "3101000004", "3101000005"]


def test_three_character_name_and_given_name(people):
    assert accounts(find_customers(people, "张伟明")) == ["3101000003"]
    assert accounts(find_customers(people, "伟明")) == ["3101000003"]


def test_one_character_query(people):
    # 王五 sorts before 王芳 (by code point); both start with 王.
    assert accounts(find_customers(people, "王")) == ["3101000007", "3101000005"]
    found = accounts(find_customers(people, "伟"))
    assert found[:4] == ["3101000001", "3101000002", "3101000003", "3101000004"]
    assert "3101000005" in found  # 张伟路 in the address


def test_characters_outside_the_bmp(people):
    assert accounts(find_customers(people, "𠮷")) == ["3101000006"]
    assert accounts(find_customers(people, "吉𠮷")) == ["3101000006"]


def test_address_substring_ignores_punctuation_and_width(people):
    assert accounts(find_customers(people, "中山路")) == ["3101000003", "3101000004"]
    assert accounts(find_customers(people, "翠苑小区1幢")) == ["3101000001"]
    assert accounts(find_customers(people, "绿城桂花")) == ["3101000007"]  # "·" dropped
    assert accounts(find_customers(people, "１０３７")) == ["3101000008"]  # full-width digits
    assert accounts(find_customers(people, "珞喻路1037号")) == ["3101000008"]
    assert find_customers(people, "中山北路") == []


def test_limit_and_empty_queries(people):
    assert len(find_customers(people, "张伟", limit=2)) == 2
    assert accounts(find_customers(people, "张伟", limit=3)) == ["3101000001", "3101000002",
                                                                "3101000003"]
    assert find_customers(people, "") == [] and find_customers(people, "   ") == []
    assert find_customers(people, "·-") == []
    assert find_customers(people, "张伟", limit=0) == []


def test_limit_holds_with_many_matches(store):
    with store.write() as tx:
        tx.customers.upsert_customers(
            [Customer(account_no=f"31020{i:05d}", name=f"王{'芳' if i % 2 else '磊'}{i}",
                      address=f"幸福路{i}号", phone=None, user_type=UserType.OTHER, area="B")
             for i in range(300)],
            now=NOW,
        )
    assert len(find_customers(store, "王")) == 20
    assert len(find_customers(store, "幸福路", limit=50)) == 50
    assert len(find_customers(store, "芳1", limit=500)) == len([i for i in range(300)
                                                              if i % 2 and str(i).startswith("1")])


def test_index_follows_updates_from_an_import(people, tmp_path):
    csv = tmp_path / "c.csv"
    csv.write_text("account_no,name,address,phone,user_type,area\n"
                   "3101000002,张卫,杭州市上城区解放路9号,,residential,A1\n", encoding="utf-8")
    import_customers(people, csv, now=datetime(2026, 4, 5))
    assert "3101000002" not in accounts(find_customers(people, "张伟"))
    assert "3101000002" not in accounts(find_customers(people, "莫干山"))
    assert accounts(find_customers(people, "张卫")) == ["3101000002"]
    assert accounts(find_customers(people, "解放路")) == ["3101000002"]


def test_lookup_with_quotes(people):
    add_bill(people, "3101000001", "2026-02", 12000, date(2026, 3, 15))
    quotes = lookup_with_quotes(people, "张伟", on=NOW.date(), rules=RULES, limit=2)
    assert [q.customer.account_no for q in quotes] == ["3101000001", "3101000002"]
    assert quotes[0].total_due_fen == 12240 and quotes[1].lines == ()
