"""Pinyin search (issue 13): keys from pypinyin stored with the customer, kept in step by
imports and reference snapshots, backfilled by the migration, rebuilt for a new pypinyin."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime

from counter_app.adapters.storage import open_store
from counter_app.adapters.storage.migrate import head_revisions
from counter_app.adapters.storage.pinyin import (
    PINYIN_META_KEY,
    normalize_pinyin_query,
    pinyin_keys,
)
from counter_app.adapters.storage.sync_repo import SqliteSyncStore
from counter_app.services.lookup import find_customers
from hall_domain.accounts import Customer, UserType

NOW = datetime(2026, 4, 4, 9, 30)


def customer(account: str, name: str, address: str = "人民路1号") -> Customer:
    return Customer(account, name, address, None, UserType.RESIDENTIAL, "A")


def names(found) -> list[str]:
    return [c.name for c in found]


def test_keys_full_pinyin_and_initials_with_heteronyms():
    assert pinyin_keys("张三") == ("zhangsan", "zs")
    assert pinyin_keys("吕布") == ("lvbu", "lb")  # ü typed as v, as on a pinyin keyboard
    # Surnames read otherwise than the everyday word: every reading is a key.
    assert {"zengguofan", "zgf", "cengguofan", "cgf"} <= set(pinyin_keys("曾国藩"))
    assert {"shanxiongxin", "sxx", "danxiongxin"} <= set(pinyin_keys("单雄信"))
    assert {"xiejin", "xj", "jiejin"} <= set(pinyin_keys("解缙"))
    # In context first: a phrase's reading comes from pypinyin's phrase dictionary.
    assert pinyin_keys("重庆电力公司")[:2] == ("chongqingdianligongsi", "cqdlgs")
    assert pinyin_keys("A区张三")[:2] == ("aquzhangsan", "aqzs")
    assert pinyin_keys("John Smith") == () and pinyin_keys("") == () and pinyin_keys(None) == ()
    assert len(pinyin_keys("单雄信")) <= 16  # linear in the readings, not a product


def test_queries_that_are_pinyin():
    assert normalize_pinyin_query("Zhang San") == "zhangsan"
    assert normalize_pinyin_query("xi'an") == "xian"
    assert normalize_pinyin_query("ＺＳ") == "zs"  # full-width letters from an input method
    for not_pinyin in ("z", "张三", "zs1", "3201000001", "", None):
        assert normalize_pinyin_query(not_pinyin) is None


def test_lookup_by_initials_full_pinyin_and_prefix(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        with store.write() as tx:
            tx.customers.upsert_customers([
                customer("3100000001", "张三"), customer("3100000002", "赵四"),
                customer("3100000003", "张珊珊"), customer("3100000004", "曾国藩"),
                customer("3100000005", "ZS电器行"), customer("3100000006", "周顺"),
            ], now=NOW)
        find = lambda q: names(find_customers(store, q))  # noqa: E731
        assert find("zhangsan") == ["张三"]
        assert find("Zhang San") == ["张三"]
        # Whole-name matches first (by id), then names the letters begin (by key).
        assert find("zs") == ["张三", "赵四", "周顺", "ZS电器行", "张珊珊"]
        assert find("zhangs") == ["张三", "张珊珊"]
        assert find("zgf") == find("cgf") == find("zengguofan") == ["曾国藩"]
        assert find("lisi") == []
        assert find("张三") == ["张三"]  # characters still go to the name index


def test_renamed_customers_are_found_by_their_new_name_only(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        a = customer("3100000001", "张三")
        with store.write() as tx:
            tx.customers.upsert_customers([a], now=NOW)
        with store.write() as tx:
            tx.customers.upsert_customers([replace(a, name="李四")], now=NOW)
        assert names(find_customers(store, "zs")) == []
        assert names(find_customers(store, "lisi")) == ["李四"]
        con = sqlite3.connect(store.path)
        assert con.execute("SELECT key FROM customer_pinyin ORDER BY key").fetchall() == [
            ("lisi",), ("ls",)]
        con.close()


def test_reference_snapshot_and_changes_keep_the_keys(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        sync = SqliteSyncStore(store)
        row = {"account_no": "3100000001", "name": "王小明", "address": "人民路1号",
               "phone": None, "user_type": "residential", "area": "A", "credit_fen": 0}
        with sync.write() as tx:
            tx.reference.apply_reference([row], [], now=NOW, fresh=True)
        assert names(find_customers(store, "wxm")) == ["王小明"]
        with sync.write() as tx:
            tx.reference.apply_reference([{**row, "name": "王晓敏"}], [], now=NOW)
        assert names(find_customers(store, "wangxiaomin")) == ["王晓敏"]
        assert names(find_customers(store, "wangxiaoming")) == []


PINYIN_REVISION = "0007_pinyin_search"


def _back_to_0006(path) -> None:
    """The store as it was before migration 0007_pinyin_search: no pinyin table, no version in
    meta, and at Alembic every other branch applied (the merge revision after them not yet)."""
    from alembic.script import ScriptDirectory

    from counter_app.adapters.storage.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    merge = next(r for r in script.walk_revisions()
                 if isinstance(r.down_revision, tuple) and PINYIN_REVISION in r.down_revision)
    before = [r for r in merge.down_revision if r != PINYIN_REVISION]
    con = sqlite3.connect(path)
    con.execute("DROP TABLE customer_pinyin")
    con.execute("DELETE FROM meta WHERE key = ?", (PINYIN_META_KEY,))
    con.execute("DELETE FROM alembic_version")
    con.executemany("INSERT INTO alembic_version (version_num) VALUES (?)",
                    [(r,) for r in before])
    con.commit()
    con.close()


def test_the_migration_backfills_existing_customers(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path) as store, store.write() as tx:
        tx.customers.upsert_customers([customer(f"31{i:08d}", n) for i, n in
                             enumerate(["张三", "曾国藩", "Smith"])], now=NOW)
    _back_to_0006(path)
    with open_store(path) as store:
        assert names(find_customers(store, "zs")) == ["张三"]
        assert names(find_customers(store, "zgf")) == ["曾国藩"]
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM customer_pinyin").fetchone()[0] == 2 + 4
    assert {r[0] for r in con.execute("SELECT version_num FROM alembic_version")} \
        == head_revisions()
    con.close()


def test_another_pypinyin_rebuilds_the_keys_on_open(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path) as store, store.write() as tx:
        tx.customers.upsert_customers([customer("3100000001", "张三")], now=NOW)
    con = sqlite3.connect(path)
    con.execute("DELETE FROM customer_pinyin")
    con.execute("UPDATE meta SET value = 'older' WHERE key = ?", (PINYIN_META_KEY,))
    con.commit()
    con.close()
    with open_store(path) as store:
        assert names(find_customers(store, "zhangsan")) == ["张三"]
